// Idempotency keys: a retried mutating request with the same key answers what the first answered and applies once;
// a claim whose attempt wrote nothing is taken over (and that attempt's late writes refused); an attempt that wrote
// but never answered is reported, not re-run; a key reused for another request is refused; keys expire.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { createApiServer } from '../../controller/api/api-server.ts'
import { registerAppsRoutes } from '../../controller/api/apps-routes.ts'
import { AppService } from '../../controller/apps/app-service.ts'
import { IDEMPOTENCY_PREFIX, Idempotency, MAX_KEPT_BYTES } from '../../controller/idempotency/idempotency.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { sealingStore } from '../../controller/store/sealing-store.ts'
import { casJson, type Store } from '../../controller/store/store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { keyringFrom, newSecretKey } from '../../lib/secret-box.ts'
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'

const TOKEN = 'tok'
const SLUG = { sha256: 'a'.repeat(64), size: 1, processTypes: { web: 'npm start' } }

interface Rig {
  api: FastifyInstance
  raw: MemoryStore
  store: Store
  clock: ManualClock
  idempotency: Idempotency
}

async function rig(routes: (api: FastifyInstance, store: Store) => void): Promise<Rig> {
  const raw = new MemoryStore()
  const k = newSecretKey()
  const keyring = keyringFrom(k.id, { [k.id]: k.key.toString('base64') })
  const sealed = sealingStore(raw, () => keyring)
  const clock = new ManualClock(Date.parse('2026-12-07T03:00:00Z'))
  const idempotency = new Idempotency({ store: sealed, clock, logger: silentLogger })
  const store = idempotency.scoped(sealed)
  const api = createApiServer({ token: TOKEN, logger: silentLogger })
  idempotency.register(api)
  routes(api, store)
  await api.ready()
  return { api, raw, store, clock, idempotency }
}

const send = (api: FastifyInstance, method: string, url: string, payload: unknown, key?: string) =>
  api.inject({
    method: method as 'POST',
    url,
    headers: { authorization: `Bearer ${TOKEN}`, ...(key === undefined ? {} : { [IDEMPOTENCY_HEADER]: key }) },
    payload: payload as object,
  })

interface Deferred {
  promise: Promise<void>
  resolve: () => void
}
const deferred = (): Deferred => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/**
 * POST /v1/bump: each call takes the next step of `steps` (if any) and waits where it says — before its write
 * (`beforeWrite`), after it (`afterWrite`) — telling the test when it got there (`at`).
 */
interface Step {
  at: Deferred
  go: Deferred
  where: 'beforeWrite' | 'afterWrite'
}
const step = (where: Step['where']): Step => ({ at: deferred(), go: deferred(), where })

function bumpRoute(api: FastifyInstance, store: Store, steps: Step[]): void {
  api.post('/v1/bump', async () => {
    const s = steps.shift()
    if (s?.where === 'beforeWrite') {
      s.at.resolve()
      await s.go.promise
    }
    const r = await casJson<number>(store, 'counter', (n) => (n ?? 0) + 1)
    if (s?.where === 'afterWrite') {
      s.at.resolve()
      await s.go.promise
    }
    return { counter: r.value }
  })
}

const counter = async (store: Store): Promise<number | undefined> => {
  const e = await store.get('counter')
  return e === undefined ? undefined : Number(new TextDecoder().decode(e.value))
}

describe('idempotency keys', () => {
  it('a retry with the same key replays the first answer and the rollback is applied once', async () => {
    let apps!: AppService
    const { api, raw } = await rig((api, store) => {
      apps = new AppService({ store, clock: new ManualClock(0) })
      registerAppsRoutes(api, { apps })
    })
    await apps.createApp({ name: 'demo' })
    await apps.createRelease('demo', { slug: SLUG, description: 'Deploy a' })
    await apps.createRelease('demo', { slug: SLUG, description: 'Deploy b' })

    const first = await send(api, 'POST', '/v1/apps/demo/releases', { rollback: 2 }, 'k-1')
    assert.equal(first.statusCode, 201, first.body)
    assert.equal(first.headers[REPLAYED_HEADER], undefined)
    const again = await send(api, 'POST', '/v1/apps/demo/releases', { rollback: 2 }, 'k-1')
    assert.equal(again.statusCode, 201)
    assert.equal(again.headers[REPLAYED_HEADER], 'true')
    assert.deepEqual(JSON.parse(again.body), JSON.parse(first.body))
    assert.equal((await apps.listReleases('demo')).releases.length, 4, 'v1, two deploys, one rollback')

    // Without a key (or with a new one) it is a new request.
    assert.equal((await send(api, 'POST', '/v1/apps/demo/releases', { rollback: 2 }, 'k-2')).statusCode, 201)
    assert.equal((await send(api, 'POST', '/v1/apps/demo/releases', { rollback: 2 })).statusCode, 201)
    assert.equal((await apps.listReleases('demo')).releases.length, 6)

    // A key reused for another request is refused, and changes nothing.
    const other = await send(api, 'POST', '/v1/apps/demo/releases', { rollback: 3 }, 'k-1')
    assert.equal(other.statusCode, 422)
    assert.match(JSON.parse(other.body).error.message, /already used for a different request/)
    assert.equal((await apps.listReleases('demo')).releases.length, 6)

    // Errors are answers too: a 4xx is replayed, not re-run.
    const missing = await send(api, 'PATCH', '/v1/apps/nope/config-vars', { A: '1' }, 'k-3')
    assert.equal(missing.statusCode, 404)
    await apps.createApp({ name: 'nope' })
    const replayed = await send(api, 'PATCH', '/v1/apps/nope/config-vars', { A: '1' }, 'k-3')
    assert.equal(replayed.statusCode, 404)
    assert.equal(replayed.headers[REPLAYED_HEADER], 'true')

    // The kept answer lists config vars: sealed at rest like the releases' config.
    await send(api, 'PATCH', '/v1/apps/demo/config-vars', { SECRET: 'hunter2-plain' }, 'k-4')
    const records = await raw.list(IDEMPOTENCY_PREFIX)
    assert.ok(records.length >= 4)
    for (const r of records) assert.doesNotMatch(new TextDecoder().decode(r.value), /hunter2-plain/)
    const replay = await send(api, 'PATCH', '/v1/apps/demo/config-vars', { SECRET: 'hunter2-plain' }, 'k-4')
    assert.equal(JSON.parse(replay.body).config.SECRET, 'hunter2-plain')
  })

  it('a retry takes over a claim whose attempt wrote nothing, and that attempt’s late write is refused', async () => {
    const steps = [step('beforeWrite')]
    const { api, store } = await rig((api, store) => bumpRoute(api, store, steps))
    const first = steps[0] as Step
    // The first attempt stalls before its write (its controller hangs; its client gives up and retries).
    const firstAttempt = send(api, 'POST', '/v1/bump', {}, 'k')
    await first.at.promise
    const retry = await send(api, 'POST', '/v1/bump', {}, 'k')
    assert.equal(retry.statusCode, 200, retry.body)
    assert.deepEqual(JSON.parse(retry.body), { counter: 1 })
    // The stalled attempt wakes up: its write is fenced off by the retry's claim.
    first.go.resolve()
    const late = await firstAttempt
    assert.equal(late.statusCode, 409, late.body)
    assert.match(JSON.parse(late.body).error.message, /a retry with the same Idempotency-Key took this request over/)
    assert.equal(await counter(store), 1, 'applied once')
    // The key answers what the retry answered.
    const third = await send(api, 'POST', '/v1/bump', {}, 'k')
    assert.equal(third.headers[REPLAYED_HEADER], 'true')
    assert.deepEqual(JSON.parse(third.body), { counter: 1 })
    assert.equal(await counter(store), 1)
  })

  it('an attempt that wrote but never answered is reported to the retry, not applied again', async () => {
    const steps = [step('afterWrite')]
    const { api, store } = await rig((api, store) => bumpRoute(api, store, steps))
    const first = steps[0] as Step
    const firstAttempt = send(api, 'POST', '/v1/bump', {}, 'k')
    await first.at.promise
    // Its controller "dies" here: written, no answer yet. The retry must not bump again.
    const retry = await send(api, 'POST', '/v1/bump', {}, 'k')
    assert.equal(retry.statusCode, 409)
    assert.match(JSON.parse(retry.body).error.message, /was applied, but the controller handling it stopped/)
    assert.equal(await counter(store), 1)
    // Every further retry hears the same.
    const again = await send(api, 'POST', '/v1/bump', {}, 'k')
    assert.equal(again.statusCode, 409)
    assert.equal(again.headers[REPLAYED_HEADER], 'true')
    first.go.resolve()
    assert.equal((await firstAttempt).statusCode, 200)
    assert.equal(await counter(store), 1)
  })

  it('a request that failed with 5xx before writing frees its key; one that wrote keeps its answer', async () => {
    let failing = true
    const { api, store } = await rig((api, store) => {
      api.post('/v1/flaky', async () => {
        if (failing) throw new ShoalError('UNAVAILABLE', 'Cannot bump: the store is unreachable')
        return { counter: (await casJson<number>(store, 'counter', (n) => (n ?? 0) + 1)).value }
      })
      api.post('/v1/breaks-after-write', async () => {
        await casJson<number>(store, 'other', (n) => (n ?? 0) + 1)
        throw new Error('boom')
      })
    })
    assert.equal((await send(api, 'POST', '/v1/flaky', {}, 'k')).statusCode, 503)
    failing = false
    const retry = await send(api, 'POST', '/v1/flaky', {}, 'k')
    assert.equal(retry.statusCode, 200)
    assert.equal(retry.headers[REPLAYED_HEADER], undefined, 'ran afresh')
    assert.equal(await counter(store), 1)

    assert.equal((await send(api, 'POST', '/v1/breaks-after-write', {}, 'b')).statusCode, 500)
    const replay = await send(api, 'POST', '/v1/breaks-after-write', {}, 'b')
    assert.equal(replay.statusCode, 500)
    assert.equal(replay.headers[REPLAYED_HEADER], 'true')
    const other = await store.get('other')
    assert.equal(new TextDecoder().decode(other?.value), '1')
  })

  it('writes of one request are serialized on its claim, deletes included; reads and unkeyed requests pass', async () => {
    const { api } = await rig((api, store) => {
      api.post('/v1/many', async () => {
        await Promise.all(['a', 'b', 'c'].map((k) => store.put(`many/${k}`, new TextEncoder().encode(k))))
        const existed = await store.delete('many/a')
        const absent = await store.delete('many/zzz')
        return { existed, absent, keys: (await store.list('many/')).map((e) => e.key) }
      })
      api.get('/v1/read', async () => ({ ok: true }))
    })
    const res = await send(api, 'POST', '/v1/many', {}, 'm')
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(JSON.parse(res.body), { existed: true, absent: false, keys: ['many/b', 'many/c'] })
    const get = await api.inject({
      method: 'GET',
      url: '/v1/read',
      headers: { authorization: `Bearer ${TOKEN}`, [IDEMPOTENCY_HEADER]: 'm' },
    })
    assert.equal(get.statusCode, 200)
    const bad = await send(api, 'POST', '/v1/many', {}, 'has space')
    assert.equal(bad.statusCode, 422)
    assert.match(JSON.parse(bad.body).error.message, /Idempotency-Key is 1-200 printable ASCII/)
  })

  it('an upload (a raw body, not JSON) runs as if it carried no key', async () => {
    const steps: Step[] = []
    const { api, store, raw } = await rig((api, store) => {
      api.addContentTypeParser('application/gzip', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
      bumpRoute(api, store, steps)
    })
    const upload = () =>
      api.inject({
        method: 'POST',
        url: '/v1/bump',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/gzip', [IDEMPOTENCY_HEADER]: 'u' },
        payload: Buffer.from([0x1f, 0x8b, 0, 1]),
      })
    assert.equal((await upload()).statusCode, 200)
    const second = await upload()
    assert.equal(second.headers[REPLAYED_HEADER], undefined)
    assert.equal(await counter(store), 2)
    assert.equal((await raw.list(IDEMPOTENCY_PREFIX)).length, 0)
  })

  it('an answer over 8 KiB is not kept (records stay small): a retry hears it was applied', async () => {
    const { api, store, raw } = await rig((api, store) => {
      api.post('/v1/big', async () => {
        const r = await casJson<number>(store, 'counter', (n) => (n ?? 0) + 1)
        return { counter: r.value, filler: 'x'.repeat(MAX_KEPT_BYTES) }
      })
    })
    assert.equal((await send(api, 'POST', '/v1/big', {}, 'big')).statusCode, 200)
    const retry = await send(api, 'POST', '/v1/big', {}, 'big')
    assert.equal(retry.statusCode, 409)
    assert.match(JSON.parse(retry.body).error.message, /was applied \(answered 200\), but its answer was too large/)
    assert.equal(await counter(store), 1)
    const [record] = await raw.list(IDEMPOTENCY_PREFIX)
    assert.ok((record?.value.length ?? 0) < 1024, `a small record, not ${record?.value.length} bytes`)
  })

  it('keys expire: an expired key is free again and the sweep removes expired records', async () => {
    const steps: Step[] = []
    const { api, store, raw, clock, idempotency } = await rig((api, store) => bumpRoute(api, store, steps))
    assert.equal((await send(api, 'POST', '/v1/bump', {}, 'old')).statusCode, 200)
    clock.advance(12 * 60 * 60 * 1000)
    assert.equal((await send(api, 'POST', '/v1/bump', {}, 'newer')).statusCode, 200)
    assert.equal((await send(api, 'POST', '/v1/bump', {}, 'old')).headers[REPLAYED_HEADER], 'true')
    assert.equal(await counter(store), 2)
    clock.advance(12 * 60 * 60 * 1000 + 1)
    // 24 h after its first use "old" is a new request again.
    const reused = await send(api, 'POST', '/v1/bump', {}, 'old')
    assert.equal(reused.headers[REPLAYED_HEADER], undefined)
    assert.equal(await counter(store), 3)
    clock.advance(12 * 60 * 60 * 1000 + 1)
    assert.equal(await idempotency.sweep(), 1, '"newer" expired; "old" was claimed again 12 h ago')
    assert.equal((await raw.list(IDEMPOTENCY_PREFIX)).length, 1)
  })
})
