// The apps HTTP API through fastify's inject: status codes, error bodies, and config values kept out of the logs.
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { pino } from 'pino'
import { createApiServer } from '../../controller/api/api-server.ts'
import { registerAppsRoutes } from '../../controller/api/apps-routes.ts'
import { AppService } from '../../controller/apps/app-service.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import type { AppView, ConfigVarsUpdate, ReleaseView } from '../../proto/api.ts'

const TOKEN = 'test-token'
const SECRET = 'sk_live_do-not-log-me'

describe('apps API', () => {
  let logs = ''
  let api: FastifyInstance
  let service: AppService
  const store = new MemoryStore()

  const call = async <T>(method: string, url: string, payload?: unknown) => {
    const res = await api.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${TOKEN}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
    return { status: res.statusCode, body: (res.body === '' ? undefined : JSON.parse(res.body)) as T }
  }
  type Err = { error: { code: string; message: string } }

  before(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs += chunk.toString()
        done()
      },
    })
    const logger = pino({ level: 'trace' }, sink)
    api = createApiServer({ token: TOKEN, logger })
    service = new AppService({ store, clock: new ManualClock(Date.parse('2026-01-02T03:04:05Z')), logger })
    registerAppsRoutes(api, { apps: service })
    await api.ready()
  })
  after(() => api.close())

  it('creates an app (201) and refuses a bad name (422) or a taken one (409) without side effects', async () => {
    const created = await call<AppView>('POST', '/v1/apps', { name: 'api-app' })
    assert.equal(created.status, 201)
    assert.equal(created.body.name, 'api-app')
    assert.equal(created.body.currentRelease, 1)
    assert.equal(created.body.slugSize, null)
    const before = await store.list('')
    const bad = await call<Err>('POST', '/v1/apps', { name: 'Bad_Name' })
    assert.equal(bad.status, 422)
    assert.equal(bad.body.error.code, 'INVALID_NAME')
    assert.equal((await call<Err>('POST', '/v1/apps', { name: 7 })).body.error.code, 'INVALID_NAME')
    const taken = await call<Err>('POST', '/v1/apps', { name: 'api-app' })
    assert.equal(taken.status, 409)
    assert.equal(taken.body.error.code, 'CONFLICT')
    assert.deepEqual(await store.list(''), before)
    const generated = await call<AppView>('POST', '/v1/apps')
    assert.equal(generated.status, 201)
    assert.match(generated.body.name, /^[a-z]+-[a-z]+-\d{4}$/)
    const list = await call<AppView[]>('GET', '/v1/apps')
    assert.deepEqual(list.body.map((a) => a.name).sort(), ['api-app', generated.body.name].sort())
  })

  it('answers 404 NOT_FOUND for an unknown app on every route', async () => {
    for (const [method, url] of [
      ['GET', '/v1/apps/nope-app'],
      ['GET', '/v1/apps/nope-app/releases'],
      ['GET', '/v1/apps/nope-app/releases/1'],
      ['GET', '/v1/apps/nope-app/config-vars'],
      ['DELETE', '/v1/apps/nope-app?confirm=nope-app'],
    ] as const) {
      const res = await call<Err>(method, url)
      assert.equal(res.status, 404, url)
      assert.deepEqual(res.body.error, { code: 'NOT_FOUND', message: 'Cannot find app "nope-app"' })
    }
  })

  it('patches config vars into a release and never logs their values', async () => {
    const res = await call<ConfigVarsUpdate>('PATCH', '/v1/apps/api-app/config-vars', { TOKEN_X: SECRET, OLD: null })
    assert.equal(res.status, 200)
    assert.deepEqual(res.body.config, { TOKEN_X: SECRET })
    assert.equal(res.body.release.version, 2)
    assert.equal(res.body.release.description, 'Set TOKEN_X config vars')
    assert.equal(res.body.release.current, true)
    assert.equal(res.body.changed, true)
    assert.deepEqual((await call('GET', '/v1/apps/api-app/config-vars')).body, { TOKEN_X: SECRET })
    const bad = await call<Err>('PATCH', '/v1/apps/api-app/config-vars', { 'NOT-OK': SECRET })
    assert.equal(bad.status, 422)
    assert.ok(!JSON.stringify(bad.body).includes(SECRET))
    const releases = await call<ReleaseView[]>('GET', '/v1/apps/api-app/releases')
    assert.ok(!JSON.stringify(releases.body).includes(SECRET), 'release lists leave config out')
    assert.deepEqual((await call('GET', '/v1/apps/api-app/releases/v2/config-vars')).body, { TOKEN_X: SECRET })
    assert.match(logs, /Set TOKEN_X config vars/)
    assert.ok(!logs.includes(SECRET), 'a config value reached the log')
  })

  it('lists and shows releases, and rolls back with {rollback: N}', async () => {
    await service.createRelease('api-app', {
      slug: { sha256: 'c'.repeat(64), size: 2048, processTypes: { web: 'node server.js' } },
      description: 'Deploy ccccccc',
    })
    await call('PATCH', '/v1/apps/api-app/config-vars', { TOKEN_X: 'two' })
    const list = await call<ReleaseView[]>('GET', '/v1/apps/api-app/releases')
    assert.deepEqual(
      list.body.map((r) => [r.version, r.description, r.current, r.user]),
      [
        [1, 'Initial release', false, 'admin'],
        [2, 'Set TOKEN_X config vars', false, 'admin'],
        [3, 'Deploy ccccccc', false, 'admin'],
        [4, 'Set TOKEN_X config vars', true, 'admin'],
      ],
    )
    assert.equal((await call<ReleaseView>('GET', '/v1/apps/api-app/releases/3')).body.slug?.size, 2048)
    assert.equal((await call<Err>('GET', '/v1/apps/api-app/releases/9')).status, 404)
    assert.equal((await call<Err>('GET', '/v1/apps/api-app/releases/x1')).status, 422)
    const back = await call<ReleaseView>('POST', '/v1/apps/api-app/releases', { rollback: 'v3' })
    assert.equal(back.status, 201)
    assert.deepEqual([back.body.version, back.body.description, back.body.rollbackTo], [5, 'Rollback to v3', 3])
    assert.deepEqual((await call('GET', '/v1/apps/api-app/config-vars')).body, { TOKEN_X: SECRET })
    const prev = await call<ReleaseView>('POST', '/v1/apps/api-app/releases', { rollback: null })
    assert.equal(prev.body.description, 'Rollback to v4')
    assert.equal((await call<Err>('POST', '/v1/apps/api-app/releases', { rollback: 1 })).status, 422)
    assert.equal((await call<Err>('POST', '/v1/apps/api-app/releases', {})).status, 422)
    const info = await call<AppView>('GET', '/v1/apps/api-app')
    assert.equal(info.body.currentRelease, 6)
    assert.equal(info.body.slugSize, 2048)
  })

  it('destroys an app only with a matching confirmation', async () => {
    const missing = await call<Err>('DELETE', '/v1/apps/api-app')
    assert.equal(missing.status, 422)
    assert.match(missing.body.error.message, /confirm/)
    assert.equal((await call<Err>('DELETE', '/v1/apps/api-app', { confirm: 'other-app' })).status, 422)
    assert.equal((await call('GET', '/v1/apps/api-app')).status, 200)
    const gone = await call<AppView>('DELETE', '/v1/apps/api-app', { confirm: 'api-app' })
    assert.equal(gone.status, 200)
    assert.equal(gone.body.name, 'api-app')
    assert.equal((await call('GET', '/v1/apps/api-app')).status, 404)
    assert.equal((await store.list('releases/api-app/')).length, 0)
    await call('POST', '/v1/apps', { name: 'query-app' })
    assert.equal((await call<Err>('DELETE', '/v1/apps/query-app?confirm=query-ap')).status, 422)
    assert.equal((await call('DELETE', '/v1/apps/query-app?confirm=query-app')).status, 200)
    assert.equal((await call('GET', '/v1/apps/query-app')).status, 404)
  })
})
