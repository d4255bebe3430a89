// Release numbering, config changes, rollback and the release phase, on a MemoryStore with a manual clock.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RELEASE_PHASE_TIMEOUT_MS } from '../../controller/apps/app-records.ts'
import { AppService } from '../../controller/apps/app-service.ts'
import { LevelStore } from '../../controller/store/level-store.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import type { TxnRequest, TxnResult } from '../../controller/store/store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { ShoalError } from '../../proto/errors.ts'
import { tempDir } from '../helpers/processes.ts'

/** Counts compare-and-swap attempts that lost a race, to prove a concurrency test really raced. */
class CountingStore extends MemoryStore {
  lost = 0
  override async txn(request: TxnRequest): Promise<TxnResult> {
    const res = await super.txn(request)
    if (!res.succeeded) this.lost++
    return res
  }
}

const slug = (fill: string, processTypes: Record<string, string> = { web: 'npm start' }) => ({
  sha256: fill.repeat(64),
  size: 1000,
  processTypes,
  commit: '1a2b3c4d',
})

async function setup() {
  const store = new CountingStore()
  const clock = new ManualClock(Date.parse('2026-11-26T15:00:00Z'))
  const events: string[] = []
  const apps = new AppService({ store, clock, onEvent: (_app, line) => events.push(line) })
  await apps.createApp({ name: 'demo' })
  events.length = 0
  return { store, clock, apps, events }
}

const code = (c: string) => (err: unknown) => err instanceof ShoalError && err.code === c

async function versions(apps: AppService): Promise<number[]> {
  return (await apps.listReleases('demo')).releases.map((r) => r.version)
}

describe('releases: config vars', () => {
  it('makes one release per change with Heroku descriptions, on the current slug', async () => {
    const { apps, events } = await setup()
    const r2 = await apps.setConfig('demo', { FOO: 'bar', BAR: 'baz' })
    assert.equal(r2.release.version, 2)
    assert.equal(r2.release.description, 'Set FOO, BAR config vars')
    assert.equal(r2.release.slug, null)
    assert.deepEqual(r2.config, { FOO: 'bar', BAR: 'baz' })
    await apps.createRelease('demo', { slug: slug('a'), description: 'Deploy 1a2b3c4' })
    const r4 = await apps.setConfig('demo', { FOO: null })
    assert.equal(r4.release.description, 'Remove FOO config vars')
    assert.deepEqual(r4.release.slug, slug('a'), 'a config change keeps the deployed slug')
    const r5 = await apps.setConfig('demo', { NEW: '1', BAR: null })
    assert.equal(r5.release.description, 'Set NEW and remove BAR config vars')
    assert.deepEqual(await apps.getConfig('demo'), { NEW: '1' })
    assert.deepEqual(await versions(apps), [1, 2, 3, 4, 5])
    assert.equal((await apps.getApp('demo')).current, 5)
    assert.deepEqual(events, [
      'Set FOO, BAR config vars by user admin',
      'Release v2 created by user admin',
      'Deploy 1a2b3c4 by user admin',
      'Release v3 created by user admin',
      'Remove FOO config vars by user admin',
      'Release v4 created by user admin',
      'Set NEW and remove BAR config vars by user admin',
      'Release v5 created by user admin',
    ])
  })

  it('makes no release for a patch that changes nothing', async () => {
    const { apps } = await setup()
    await apps.setConfig('demo', { FOO: 'bar' })
    const same = await apps.setConfig('demo', { FOO: 'bar', GONE: null })
    assert.equal(same.changed, false)
    assert.equal(same.release.version, 2)
    assert.deepEqual(await versions(apps), [1, 2])
  })

  it('numbers 20 concurrent config changes v2..v21 with no gap, duplicate or lost update', async () => {
    const { apps, store } = await setup()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => apps.setConfig('demo', { [`KEY_${i}`]: `value-${i}` })),
    )
    assert.ok(store.lost > 0, 'the writers really raced')
    assert.deepEqual(
      results.map((r) => r.release.version).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 2),
    )
    assert.deepEqual(
      await versions(apps),
      Array.from({ length: 21 }, (_, i) => i + 1),
    )
    const config = await apps.getConfig('demo')
    assert.equal(Object.keys(config).length, 20)
    for (let i = 0; i < 20; i++) assert.equal(config[`KEY_${i}`], `value-${i}`)
    assert.equal((await apps.getApp('demo')).current, 21)
    // Each release holds exactly the config before it plus its own key: changes were applied one after another.
    const { releases } = await apps.listReleases('demo')
    for (const r of releases) assert.equal(Object.keys(r.config).length, r.version - 1)
  })

  it('numbers concurrent changes without gaps on the LevelStore too', async () => {
    const dir = tempDir('releases')
    const store = await LevelStore.open(dir.path, { sync: false })
    try {
      const apps = new AppService({ store })
      await apps.createApp({ name: 'level-app' })
      await Promise.all(Array.from({ length: 20 }, (_, i) => apps.setConfig('level-app', { [`K${i}`]: 'v' })))
      const { app, releases } = await apps.listReleases('level-app')
      assert.deepEqual(
        releases.map((r) => r.version),
        Array.from({ length: 21 }, (_, i) => i + 1),
      )
      assert.equal(app.current, 21)
      assert.equal(Object.keys(await apps.getConfig('level-app')).length, 20)
    } finally {
      await store.close()
      dir.remove()
    }
  })

  it('keeps deploys and config changes that race from losing each other', async () => {
    const { apps } = await setup()
    await Promise.all([
      apps.createRelease('demo', { slug: slug('b'), description: 'Deploy bbbbbbb' }),
      apps.setConfig('demo', { A: '1' }),
      apps.setConfig('demo', { B: '2' }),
      apps.createRelease('demo', { slug: slug('c'), description: 'Deploy ccccccc' }),
    ])
    assert.deepEqual(await apps.getConfig('demo'), { A: '1', B: '2' })
    assert.deepEqual(await versions(apps), [1, 2, 3, 4, 5])
  })

  it('refuses bad keys and values before writing anything, never quoting a value', async () => {
    const { apps } = await setup()
    const secret = 'hunter2-very-secret'
    const bad: unknown[] = [
      { '1ABC': 'x' },
      { 'FOO-BAR': 'x' },
      { 'FOO BAR': 'x' },
      { '': 'x' },
      JSON.parse('{"__proto__": "x"}'),
      { FOO: 42 },
      { FOO: `${secret}\0` },
      { FOO: secret + 'x'.repeat(32 * 1024) },
      {},
      [],
      null,
      'FOO=bar',
    ]
    for (const patch of bad) {
      await assert.rejects(apps.setConfig('demo', patch), (err: unknown) => {
        assert.ok(code('INVALID_INPUT')(err), JSON.stringify(patch)?.slice(0, 40))
        assert.ok(!(err as Error).message.includes(secret))
        return true
      })
    }
    const three = 'y'.repeat(30 * 1024)
    await apps.setConfig('demo', { _OK: 'x'.repeat(32 * 1024), lower_case1: 'fine' })
    await assert.rejects(apps.setConfig('demo', { A: three, B: three }), code('INVALID_INPUT'))
    assert.deepEqual(await versions(apps), [1, 2])
  })
})

describe('releases: deploys and the release phase', () => {
  it('makes a deploy current at once when the slug has no release process, copying the current config', async () => {
    const { apps } = await setup()
    await apps.setConfig('demo', { FOO: 'bar' })
    const r = await apps.createRelease('demo', { slug: slug('a'), description: 'Deploy 1a2b3c4', user: 'ci' })
    assert.equal(r.status, 'succeeded')
    assert.equal(r.createdBy, 'ci')
    assert.deepEqual(r.config, { FOO: 'bar' })
    assert.equal((await apps.currentRelease('demo')).version, 3)
  })

  it('keeps a release with a release process pending until it succeeds', async () => {
    const { apps, events } = await setup()
    await apps.createRelease('demo', { slug: slug('a'), description: 'Deploy aaaaaaa' })
    const r = await apps.createRelease('demo', {
      slug: slug('b', { web: 'npm start', release: 'npm run migrate' }),
      description: 'Deploy bbbbbbb',
    })
    assert.equal(r.status, 'pending')
    assert.equal((await apps.currentRelease('demo')).version, 2, 'the previous release stays current')
    await assert.rejects(apps.setConfig('demo', { A: '1' }), code('RELEASE_PENDING'))
    await assert.rejects(apps.rollback('demo', 2), code('RELEASE_PENDING'))
    await assert.rejects(
      apps.createRelease('demo', { slug: slug('c'), description: 'Deploy c' }),
      code('RELEASE_PENDING'),
    )
    const done = await apps.markRelease('demo', 3, 'succeeded')
    assert.equal(done.status, 'succeeded')
    assert.equal((await apps.currentRelease('demo')).version, 3)
    assert.equal((await apps.markRelease('demo', 3, 'succeeded')).status, 'succeeded', 'marking again is a no-op')
    await assert.rejects(apps.markRelease('demo', 3, 'failed'), code('CONFLICT'))
    assert.equal((await apps.setConfig('demo', { A: '1' })).release.version, 4)
    assert.ok(events.includes('Release v3 command succeeded by user admin'))
  })

  it('leaves the previous release current when the release phase fails', async () => {
    const { apps, events } = await setup()
    await apps.createRelease('demo', { slug: slug('a'), description: 'Deploy aaaaaaa' })
    await apps.createRelease('demo', { slug: slug('b', { release: 'false' }), description: 'Deploy bbbbbbb' })
    const failed = await apps.markRelease('demo', 3, 'failed')
    assert.equal(failed.status, 'failed')
    const current = await apps.currentRelease('demo')
    assert.equal(current.version, 2)
    assert.deepEqual(current.slug, slug('a'))
    assert.ok(events.includes('Release v3 command failed by user admin'))
    // The next change builds on v2, not on the failed v3.
    const next = await apps.setConfig('demo', { A: '1' })
    assert.equal(next.release.version, 4)
    assert.deepEqual(next.release.slug, slug('a'))
    await assert.rejects(apps.markRelease('demo', 9, 'succeeded'), code('NOT_FOUND'))
  })

  it('expires a release phase after an hour so it stops blocking changes', async () => {
    const { apps, clock } = await setup()
    await apps.createRelease('demo', { slug: slug('b', { release: 'sleep 1d' }), description: 'Deploy bbbbbbb' })
    clock.advance(RELEASE_PHASE_TIMEOUT_MS - 1)
    await assert.rejects(apps.setConfig('demo', { A: '1' }), code('RELEASE_PENDING'))
    clock.advance(1)
    const next = await apps.setConfig('demo', { A: '1' })
    assert.equal(next.release.version, 3)
    assert.equal((await apps.getRelease('demo', 2)).status, 'expired')
    await assert.rejects(apps.markRelease('demo', 2, 'succeeded'), code('CONFLICT'))
    assert.equal((await apps.currentRelease('demo')).version, 3)
  })

  it('refuses malformed slugs and descriptions', async () => {
    const { apps } = await setup()
    const bad = [
      { ...slug('a'), sha256: 'xyz' },
      { ...slug('a'), size: -1 },
      { ...slug('a'), processTypes: { 'bad type!': 'x' } },
      { ...slug('a'), processTypes: { web: '' } },
      null,
    ]
    for (const s of bad) {
      await assert.rejects(
        apps.createRelease('demo', { slug: s as never, description: 'Deploy x' }),
        code('INVALID_INPUT'),
      )
    }
    await assert.rejects(apps.createRelease('demo', { slug: slug('a'), description: ' ' }), code('INVALID_INPUT'))
    assert.deepEqual(await versions(apps), [1])
  })
})

describe('releases: rollback', () => {
  async function history() {
    const s = await setup()
    await s.apps.createRelease('demo', { slug: slug('a'), description: 'Deploy aaaaaaa' }) // v2
    await s.apps.setConfig('demo', { FOO: 'one' }) // v3
    await s.apps.createRelease('demo', { slug: slug('b'), description: 'Deploy bbbbbbb' }) // v4
    await s.apps.setConfig('demo', { FOO: 'two', BAR: 'x' }) // v5
    return s
  }

  it('copies the slug AND config of the target into a new release', async () => {
    const { apps, events } = await history()
    events.length = 0
    const r = await apps.rollback('demo', 3)
    assert.equal(r.version, 6)
    assert.equal(r.description, 'Rollback to v3')
    assert.equal(r.rollbackTo, 3)
    assert.deepEqual(r.slug, slug('a'))
    assert.deepEqual(r.config, { FOO: 'one' })
    assert.equal((await apps.currentRelease('demo')).version, 6)
    assert.deepEqual(await apps.getConfig('demo'), { FOO: 'one' })
    assert.deepEqual(events, ['Rollback to v3 by user admin', 'Release v6 created by user admin'])
  })

  it('rolls back to the release before the current one by default', async () => {
    const { apps } = await history()
    const r = await apps.rollback('demo')
    assert.equal(r.description, 'Rollback to v4')
    assert.deepEqual(r.slug, slug('b'))
    assert.deepEqual(r.config, { FOO: 'one' })
  })

  it('skips failed releases when choosing the default target', async () => {
    const { apps } = await history()
    await apps.createRelease('demo', { slug: slug('c', { release: 'x' }), description: 'Deploy ccccccc' }) // v6
    await apps.markRelease('demo', 6, 'failed')
    await apps.setConfig('demo', { BAZ: '1' }) // v7, on v5's slug
    assert.equal((await apps.rollback('demo')).description, 'Rollback to v5')
  })

  it('refuses a release without a slug, a failed one and an unknown one', async () => {
    const { apps } = await history()
    await assert.rejects(apps.rollback('demo', 1), {
      code: 'INVALID_INPUT',
      message: 'Cannot roll back app "demo" to v1: that release has no slug (deploy the app first)',
    })
    await apps.createRelease('demo', { slug: slug('c', { release: 'x' }), description: 'Deploy ccccccc' })
    await apps.markRelease('demo', 6, 'failed')
    await assert.rejects(apps.rollback('demo', 6), {
      code: 'INVALID_INPUT',
      message: 'Cannot roll back app "demo" to v6: that release has status failed',
    })
    await assert.rejects(apps.rollback('demo', 99), code('NOT_FOUND'))
    assert.deepEqual(await versions(apps), [1, 2, 3, 4, 5, 6])
  })

  it('has nothing to roll back to on a new app', async () => {
    const { apps } = await setup()
    await assert.rejects(apps.rollback('demo'), code('INVALID_INPUT'))
  })
})
