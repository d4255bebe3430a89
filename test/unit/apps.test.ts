// AppService on a MemoryStore: app creation and names, destroy removing every key it owns, and API events.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppService } from '../../controller/apps/app-service.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { encodeJson } from '../../controller/store/store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { ShoalError } from '../../proto/errors.ts'

const SLUG = { sha256: 'a'.repeat(64), size: 1234, processTypes: { web: 'npm start' } }

function setup(options: { randomBelow?: (n: number) => number; ownedPrefixes?: string[] } = {}) {
  const store = new MemoryStore()
  const clock = new ManualClock(Date.parse('2026-11-26T15:00:00Z'))
  const events: string[] = []
  const destroyed: string[] = []
  const apps = new AppService({
    store,
    clock,
    onEvent: (app, line) => events.push(`${app}: ${line}`),
    onDestroy: (app) => destroyed.push(app),
    ...options,
  })
  return { store, clock, apps, events, destroyed }
}

const code = (c: string) => (err: unknown) => err instanceof ShoalError && err.code === c

async function keys(store: MemoryStore): Promise<string[]> {
  return (await store.list('')).map((e) => e.key)
}

describe('apps', () => {
  it('creates an app with its v1 "Initial release" (no slug, empty config) in one step', async () => {
    const { apps, store, events } = setup()
    const { app, release } = await apps.createApp({ name: 'my-app' })
    assert.equal(app.name, 'my-app')
    assert.match(app.id, /^[0-9a-f-]{36}$/)
    assert.equal(app.createdAt, '2026-11-26T15:00:00.000Z')
    assert.deepEqual(app.buildpacks, [])
    assert.equal(app.current, 1)
    assert.deepEqual(
      { ...release },
      {
        version: 1,
        description: 'Initial release',
        slug: null,
        config: {},
        status: 'succeeded',
        createdAt: '2026-11-26T15:00:00.000Z',
        createdBy: 'admin',
      },
    )
    assert.deepEqual(await keys(store), ['apps/my-app', 'releases/my-app/0000000001'])
    assert.deepEqual(
      (await apps.listApps()).map((a) => a.name),
      ['my-app'],
    )
    assert.deepEqual(events, ['my-app: Initial release by user admin', 'my-app: Release v1 created by user admin'])
  })

  it('refuses invalid names with INVALID_NAME and writes nothing', async () => {
    const { apps, store, events } = setup()
    for (const name of ['ab', 'My-App', '1app', 'app-', 'a'.repeat(31), 'my_app', 'app\u0000x', '', 'apps/x']) {
      await assert.rejects(apps.createApp({ name }), code('INVALID_NAME'), name)
    }
    await assert.rejects(apps.createApp({ name: 42 as unknown as string }), code('INVALID_NAME'))
    await assert.rejects(apps.createApp({ name: 'fine-name', buildpacks: ['has space'] }), code('INVALID_INPUT'))
    assert.deepEqual(await keys(store), [])
    assert.deepEqual(events, [])
    const t = await store.txn({ compare: [], success: [] })
    assert.equal(t.revision, 0, 'the store revision never moved')
  })

  it('refuses a taken name with CONFLICT and leaves the first app untouched', async () => {
    const { apps, store } = setup()
    await apps.createApp({ name: 'taken' })
    await apps.setConfig('taken', { FOO: 'bar' })
    const before = await store.list('')
    await assert.rejects(apps.createApp({ name: 'taken' }), (err: unknown) => {
      assert.ok(err instanceof ShoalError)
      assert.equal(err.code, 'CONFLICT')
      assert.equal(err.message, 'Cannot create app: name "taken" is already taken')
      return true
    })
    assert.deepEqual(await store.list(''), before)
  })

  it('creates only one of several concurrent creates of one name', async () => {
    const { apps } = setup()
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => apps.createApp({ name: 'race' })))
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
    assert.ok(results.every((r) => r.status === 'fulfilled' || code('CONFLICT')(r.reason)))
  })

  it('generates a Heroku-like name when none is given, skipping taken ones', async () => {
    let calls = 0
    // The first name drawn is always adjective[0]-noun[0]-1000; after it is taken, draws move on.
    const randomBelow = (n: number): number => (calls++ < 3 ? 0 : 1) % n
    const { apps } = setup({ randomBelow })
    await apps.createApp({ name: 'ancient-bayou-1000' })
    const { app } = await apps.createApp({})
    assert.equal(app.name, 'autumn-beach-1001')
    assert.equal(calls, 6)
  })

  it('keeps custom buildpacks in order and lets them be replaced', async () => {
    const { apps } = setup()
    const bps = ['https://github.com/heroku/heroku-buildpack-nodejs.git', './buildpacks/static']
    assert.deepEqual((await apps.createApp({ name: 'bp-app', buildpacks: bps })).app.buildpacks, bps)
    assert.deepEqual((await apps.setBuildpacks('bp-app', [])).buildpacks, [])
    await assert.rejects(apps.setBuildpacks('bp-app', Array(9).fill('x')), code('INVALID_INPUT'))
  })

  it('answers NOT_FOUND with "Cannot find app" for unknown and malformed names', async () => {
    const { apps } = setup()
    await assert.rejects(apps.getApp('nope-app'), { code: 'NOT_FOUND', message: 'Cannot find app "nope-app"' })
    await assert.rejects(apps.setConfig('nope-app', { A: 'b' }), code('NOT_FOUND'))
    await assert.rejects(apps.listReleases('../etc'), { code: 'NOT_FOUND', message: 'Cannot find app "../etc"' })
    await assert.rejects(apps.destroyApp('\ud800bad'), code('NOT_FOUND'))
  })
})

describe('apps: destroy', () => {
  it('deletes the app, all its releases, its formation and owned prefixes, and nothing of other apps', async () => {
    const { apps, store, destroyed: hooked } = setup({ ownedPrefixes: ['builds/'] })
    await apps.createApp({ name: 'webapp' })
    await apps.createApp({ name: 'webapp2' })
    await apps.setConfig('webapp', { SECRET: 's1' })
    await apps.createRelease('webapp', { slug: SLUG, description: 'Deploy 1a2b3c4' })
    await apps.setConfig('webapp2', { OTHER: 'x' })
    await store.put('formation/webapp/web', encodeJson({ quantity: 2 }))
    await store.put('formation/webapp2/web', encodeJson({ quantity: 1 }))
    await store.put('builds/webapp/b1', encodeJson({}))
    await store.put('hosts/peer1', encodeJson({}))
    const destroyed = await apps.destroyApp('webapp')
    assert.equal(destroyed.name, 'webapp')
    assert.deepEqual(hooked, ['webapp'])
    assert.deepEqual(await keys(store), [
      'apps/webapp2',
      'formation/webapp2/web',
      'hosts/peer1',
      'releases/webapp2/0000000001',
      'releases/webapp2/0000000002',
    ])
    await assert.rejects(apps.getApp('webapp'), code('NOT_FOUND'))
    await assert.rejects(apps.destroyApp('webapp'), code('NOT_FOUND'))
    // The name is free again and starts over at v1 with an empty config.
    const again = await apps.createApp({ name: 'webapp' })
    assert.equal(again.app.current, 1)
    assert.deepEqual(await apps.getConfig('webapp'), {})
    assert.notEqual(again.app.id, destroyed.id)
  })

  it('deletes more releases than one transaction may hold', async () => {
    const { apps, store } = setup()
    await apps.createApp({ name: 'big-app' })
    for (let i = 0; i < 230; i++) await apps.setConfig('big-app', { N: String(i) })
    assert.equal((await store.list('releases/big-app/')).length, 231)
    await apps.destroyApp('big-app')
    assert.deepEqual(await keys(store), [])
  })

  it('hides a half-destroyed app and finishes its destroy when the name is created again', async () => {
    const { apps, store } = setup()
    await apps.createApp({ name: 'crashy' })
    await apps.setConfig('crashy', { OLD: 'secret' })
    // What a controller crash right after the first step of a destroy leaves behind.
    const record = (await apps.getApp('crashy')) as unknown as Record<string, unknown>
    await store.put('apps/crashy', encodeJson({ ...record, destroying: true }))
    await assert.rejects(apps.getApp('crashy'), code('NOT_FOUND'))
    await assert.rejects(apps.setConfig('crashy', { A: 'b' }), code('NOT_FOUND'))
    assert.deepEqual(await apps.listApps(), [])
    const { app } = await apps.createApp({ name: 'crashy' })
    assert.equal(app.current, 1)
    assert.deepEqual(await apps.getConfig('crashy'), {})
    assert.deepEqual(await keys(store), ['apps/crashy', 'releases/crashy/0000000001'])
  })

  it('does not let a config change slip in during a destroy', async () => {
    const { apps, store } = setup()
    await apps.createApp({ name: 'racing' })
    const results = await Promise.allSettled([
      apps.destroyApp('racing'),
      ...Array.from({ length: 10 }, (_, i) => apps.setConfig('racing', { [`K${i}`]: 'v' })),
    ])
    assert.equal(results[0]?.status, 'fulfilled')
    for (const r of results.slice(1)) assert.ok(r.status === 'fulfilled' || code('NOT_FOUND')(r.reason))
    assert.deepEqual(await keys(store), [])
  })
})
