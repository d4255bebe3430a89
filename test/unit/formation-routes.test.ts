// The formation and dyno routes through fastify's inject: Heroku's shapes, status codes, and delegation of dyno
// listing, restarts and stops to the injected functions.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { createApiServer } from '../../controller/api/api-server.ts'
import { registerFormationRoutes } from '../../controller/api/formation-routes.ts'
import { AppService } from '../../controller/apps/app-service.ts'
import { FormationService } from '../../controller/formation/formation-service.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import type { DynoActionResponse, DynoView, FormationView } from '../../proto/api.ts'

const TOKEN = 'test-token'
type Err = { error: { code: string; message: string } }

const DYNO: DynoView = {
  id: 'demo.web.1.r2.x',
  name: 'web.1',
  type: 'web',
  size: 'standard-1x',
  state: 'up',
  since: '2026-11-26T15:00:00.000Z',
  command: 'npm start',
  release: 2,
  host: 'h1',
}

describe('formation API', () => {
  const store = new MemoryStore()
  const clock = new ManualClock(Date.parse('2026-11-26T15:00:00Z'))
  const apps = new AppService({ store, clock })
  const calls: string[] = []
  const events: string[] = []
  let stopDep: ((app: string, target: string) => Promise<number>) | undefined
  let api: FastifyInstance
  let restarted = 2

  const call = async <T>(method: string, url: string, payload?: unknown) => {
    const res = await api.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${TOKEN}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
    return { status: res.statusCode, body: (res.body === '' ? undefined : JSON.parse(res.body)) as T }
  }

  before(async () => {
    api = createApiServer({ token: TOKEN, logger: silentLogger })
    registerFormationRoutes(api, {
      apps,
      formations: new FormationService({ store, apps, clock, onEvent: (_app, line) => events.push(line) }),
      dynos: async (app) => {
        calls.push(`dynos ${app}`)
        return [DYNO]
      },
      restart: async (app, target) => {
        calls.push(`restart ${app} ${target ?? '*'}`)
        return restarted
      },
      stop: async (app, target) => (stopDep === undefined ? 0 : stopDep(app, target)),
    })
    await api.ready()
    await apps.createApp({ name: 'demo' })
    await apps.createApp({ name: 'fresh' })
    await apps.createRelease('demo', {
      slug: { sha256: 'a'.repeat(64), size: 1, processTypes: { web: 'npm start', worker: 'node w.js' } },
      description: 'Deploy a',
    })
  })
  after(() => api.close())

  it('lists the formation: 404 for no app, [] before a deploy, every type after', async () => {
    const missing = await call<Err>('GET', '/v1/apps/nope/formation')
    assert.equal(missing.status, 404)
    assert.equal(missing.body.error.code, 'NOT_FOUND')
    assert.deepEqual((await call<FormationView[]>('GET', '/v1/apps/fresh/formation')).body, [])
    const res = await call<FormationView[]>('GET', '/v1/apps/demo/formation')
    assert.equal(res.status, 200)
    assert.deepEqual(res.body, [
      { type: 'web', quantity: 0, size: 'standard-1x', command: 'npm start' },
      { type: 'worker', quantity: 0, size: 'standard-1x', command: 'node w.js' },
    ])
  })

  it("scales with a PATCH, taking Heroku's string quantities and dyno_size too", async () => {
    const res = await call<FormationView[]>('PATCH', '/v1/apps/demo/formation', {
      updates: [
        { type: 'web', quantity: '3', dyno_size: { name: 'Standard-2X' } },
        { type: 'worker', quantity: 2 },
      ],
    })
    assert.equal(res.status, 200)
    assert.deepEqual(
      res.body.map((f) => `${f.type}=${f.quantity}:${f.size}`),
      ['web=3:standard-2x', 'worker=2:standard-1x'],
    )
    const delta = await call<FormationView[]>('PATCH', '/v1/apps/demo/formation', {
      updates: [
        { type: 'web', quantity: '-1' },
        { type: 'worker', delta: 1, size: 'performance-m' },
      ],
    })
    assert.deepEqual(
      delta.body.map((f) => `${f.type}=${f.quantity}:${f.size}`),
      ['web=2:standard-2x', 'worker=3:performance-m'],
    )
    assert.deepEqual(events, [
      'Scaled to web@3:Standard-2X, worker@2:Standard-1X by user admin',
      'Scaled to web@2:Standard-2X, worker@3:Performance-M by user admin',
    ])
  })

  it('refuses malformed bodies and bad updates with 422, a missing app with 404', async () => {
    const bad: unknown[] = [
      [],
      { updates: [] },
      { updates: 'web=1' },
      { updates: [7] },
      { updates: [{ quantity: 1 }] },
      { updates: [{ type: 'web', quantity: 'lots' }] },
      { updates: [{ type: 'web', quantity: '+1', delta: 1 }] },
      { updates: [{ type: 'web', delta: '1' }] },
      { updates: [{ type: 'web', size: 2 }] },
      { updates: [{ type: 'web', quantity: 101 }] },
      { updates: [{ type: 'clock', quantity: 1 }] },
      { updates: Array.from({ length: 129 }, () => ({ type: 'web', quantity: 1 })) },
    ]
    for (const body of bad) {
      const res = await call<Err>('PATCH', '/v1/apps/demo/formation', body)
      assert.equal(res.status, 422, JSON.stringify(body))
      assert.equal(res.body.error.code, 'INVALID_INPUT')
    }
    const missing = await call<Err>('PATCH', '/v1/apps/nope/formation', { updates: [{ type: 'web', quantity: 1 }] })
    assert.equal(missing.status, 404)
    const fresh = await call<Err>('PATCH', '/v1/apps/fresh/formation', { updates: [{ type: 'web', quantity: 1 }] })
    assert.equal(fresh.body.error.message, 'Cannot scale web: app "fresh" has no release')
  })

  it('delegates the dyno list, after checking the app exists', async () => {
    calls.length = 0
    const res = await call<DynoView[]>('GET', '/v1/apps/demo/dynos')
    assert.deepEqual(res.body, [DYNO])
    assert.equal((await call<Err>('GET', '/v1/apps/nope/dynos')).status, 404)
    assert.deepEqual(calls, ['dynos demo'])
  })

  it('restarts all dynos, a type or one dyno, and refuses unknown targets', async () => {
    calls.length = 0
    restarted = 2
    assert.deepEqual((await call<DynoActionResponse>('DELETE', '/v1/apps/demo/dynos')).body, { dynos: 2 })
    assert.deepEqual((await call<DynoActionResponse>('DELETE', '/v1/apps/demo/dynos/web')).body, { dynos: 2 })
    assert.deepEqual((await call<DynoActionResponse>('DELETE', '/v1/apps/demo/dynos/web.1')).body, { dynos: 2 })
    assert.deepEqual(calls, ['restart demo *', 'restart demo web', 'restart demo web.1'])
    const type = await call<Err>('DELETE', '/v1/apps/demo/dynos/clock')
    assert.equal(type.status, 404)
    assert.equal(
      type.body.error.message,
      'Cannot restart clock dynos of app "demo": no such process type (types: web, worker)',
    )
    assert.equal((await call<Err>('DELETE', '/v1/apps/demo/dynos/a.b.c')).status, 422)
    assert.equal((await call<Err>('DELETE', '/v1/apps/nope/dynos/web.1')).status, 404)
    assert.equal((await call<Err>('DELETE', '/v1/apps/nope/dynos')).status, 404)
    restarted = 0
    const gone = await call<Err>('DELETE', '/v1/apps/demo/dynos/web.9')
    assert.equal(gone.status, 404)
    assert.equal(gone.body.error.message, 'Cannot restart dyno web.9 of app "demo": no such dyno')
    assert.deepEqual((await call<DynoActionResponse>('DELETE', '/v1/apps/demo/dynos/run')).body, { dynos: 0 })
  })

  it('stops through the injected stop function', async () => {
    const stops: string[] = []
    stopDep = async (app, target) => {
      stops.push(`${app} ${target}`)
      return 1
    }
    const res = await call<DynoActionResponse>('POST', '/v1/apps/demo/dynos/run.4520/actions/stop')
    assert.deepEqual(res.body, { dynos: 1 })
    assert.deepEqual(stops, ['demo run.4520'])
    stopDep = undefined
    assert.equal((await call<Err>('POST', '/v1/apps/demo/dynos/run.4521/actions/stop')).status, 404)
  })
})

describe('formation API without a stop function', () => {
  it('stops by restarting, since a stopped formation dyno is replaced at once', async () => {
    const store = new MemoryStore()
    const apps = new AppService({ store })
    await apps.createApp({ name: 'demo' })
    const calls: string[] = []
    const api = createApiServer({ token: TOKEN, logger: silentLogger })
    registerFormationRoutes(api, {
      apps,
      formations: new FormationService({ store, apps }),
      dynos: async () => [],
      restart: async (app, target) => {
        calls.push(`${app} ${target}`)
        return 1
      },
    })
    const res = await api.inject({
      method: 'POST',
      url: '/v1/apps/demo/dynos/web.1/actions/stop',
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    await api.close()
    assert.equal(res.statusCode, 200)
    assert.deepEqual(calls, ['demo web.1'])
  })
})
