// The one compliance suite every Store backend runs (memory, level, and later etcd): a fake is proven, not trusted.
// `make` must hand out a store nobody else writes to, since some checks count exact revisions.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { casJson, getJson, putJson, type Store } from '../../controller/store/store.ts'
import { watchContract } from './store-contract-watch.ts'

export interface StoreHarness {
  store: Store
  /** A new store over the same data; the suite closes the previous store first. */
  reopen?: () => Promise<Store>
  /** Closes whatever store is open and removes its data. */
  cleanup: () => Promise<void>
}

const enc = new TextEncoder()
const dec = new TextDecoder()
const bytes = (s: string): Uint8Array => enc.encode(s)
const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : dec.decode(b))

export interface ContractOptions {
  /** The backend keeps data across a restart: the harness must offer reopen, and the suite checks it. */
  persistent?: boolean
}

export function storeContract(name: string, make: () => Promise<StoreHarness>, options: ContractOptions = {}): void {
  describe(`Store contract: ${name}`, { timeout: 20_000 }, () => {
    const withStore = (fn: (h: StoreHarness) => Promise<void>) => async () => {
      const h = await make()
      try {
        await fn(h)
      } finally {
        await h.cleanup()
      }
    }

    it(
      'gets, puts and deletes keys',
      withStore(async ({ store }) => {
        assert.equal(await store.get('apps/a'), undefined)
        const r1 = await store.put('apps/a', bytes('one'))
        assert.ok(r1 > 0)
        assert.deepEqual(await store.get('apps/a'), { key: 'apps/a', value: bytes('one'), revision: r1 })
        const r2 = await store.put('apps/a', bytes('two'))
        assert.ok(r2 > r1)
        assert.equal(text((await store.get('apps/a'))?.value), 'two')
        assert.equal(await store.delete('apps/a'), true)
        assert.equal(await store.get('apps/a'), undefined)
        assert.equal(await store.delete('apps/a'), false)
      }),
    )

    it(
      'bumps the revision by one per write and not for a delete of an absent key',
      withStore(async ({ store }) => {
        const r1 = await store.put('a', bytes('1'))
        assert.equal(await store.delete('absent'), false)
        assert.equal((await store.txn({ compare: [], success: [] })).revision, r1)
        assert.equal(await store.put('b', bytes('2')), r1 + 1)
        let last = r1 + 1
        for (let i = 0; i < 20; i++) {
          let r: number
          if (i % 3 === 2) {
            assert.equal(await store.delete(`k${i - 1}`), true)
            r = (await store.txn({ compare: [], success: [] })).revision
          } else {
            r = await store.put(`k${i}`, bytes(`${i}`))
          }
          assert.ok(r > last, `revision ${r} after ${last}`)
          last = r
        }
        assert.equal((await store.get('k18'))?.revision, last - 1)
      }),
    )

    it(
      'keeps stored bytes apart from the caller’s buffers',
      withStore(async ({ store }) => {
        const value = bytes('abc')
        await store.put('k', value)
        value[0] = 0x7a
        const got = await store.get('k')
        assert.equal(text(got?.value), 'abc')
        got!.value[0] = 0x7a
        assert.equal(text((await store.get('k'))?.value), 'abc')
        assert.equal(text((await store.list('k'))[0]?.value), 'abc')
      }),
    )

    it(
      'stores binary values, including every byte and the empty value',
      withStore(async ({ store }) => {
        const all = Uint8Array.from({ length: 256 }, (_, i) => i)
        await store.put('bin/all', all)
        await store.put('bin/empty', new Uint8Array(0))
        assert.deepEqual((await store.get('bin/all'))?.value, all)
        assert.deepEqual((await store.get('bin/empty'))?.value, new Uint8Array(0))
        assert.deepEqual(
          (await store.list('bin/')).map((e) => e.value.byteLength),
          [256, 0],
        )
      }),
    )

    it(
      'lists by plain prefix, sorted by UTF-8 bytes, without leaking sibling prefixes',
      withStore(async ({ store }) => {
        // 'hosts.' and 'hosts0' sit right below and above 'hosts/' in byte order: the edges of the prefix range.
        for (const key of [
          'hosts/b',
          'host',
          'hostsx',
          'hosts0',
          'hosts/a/b',
          'hosts.',
          'hosts/a',
          'hosts',
          'apps/x',
        ]) {
          await store.put(key, bytes(key))
        }
        const keys = async (prefix: string, limit?: number) =>
          (await store.list(prefix, limit === undefined ? {} : { limit })).map((e) => e.key)
        assert.deepEqual(await keys('hosts/'), ['hosts/a', 'hosts/a/b', 'hosts/b'])
        assert.deepEqual(await keys('hosts/', 2), ['hosts/a', 'hosts/a/b'])
        const all = ['host', 'hosts', 'hosts.', 'hosts/a', 'hosts/a/b', 'hosts/b', 'hosts0', 'hostsx']
        assert.deepEqual(await keys('host'), all)
        assert.deepEqual(await keys(''), ['apps/x', ...all])
        assert.deepEqual(await keys('none/'), [])
        const entry = (await store.list('hosts/b'))[0]
        assert.deepEqual(entry, { key: 'hosts/b', value: bytes('hosts/b'), revision: entry?.revision })
        // U+FFFD sorts before U+1F600 in UTF-8, though its UTF-16 code unit is larger than the surrogate's.
        for (const key of ['u/\u{1F600}', 'u/\uFFFD', 'u/~', 'u/B', 'u/a', 'u/é']) await store.put(key, bytes('x'))
        assert.deepEqual(await keys('u/'), ['u/B', 'u/a', 'u/~', 'u/é', 'u/\uFFFD', 'u/\u{1F600}'])
        await assert.rejects(store.list('u/', { limit: 0 }), { code: 'INVALID_INPUT' })
      }),
    )

    it(
      'refuses empty and malformed keys',
      withStore(async ({ store }) => {
        await assert.rejects(store.put('', bytes('x')), { code: 'INVALID_INPUT' })
        await assert.rejects(store.get(''), { code: 'INVALID_INPUT' })
        await assert.rejects(store.put('bad\uD800', bytes('x')), { code: 'INVALID_INPUT' })
        assert.deepEqual(await store.list(''), [])
      }),
    )

    it(
      'commits a transaction whose compares hold, atomically at one revision',
      withStore(async ({ store }) => {
        const ra = await store.put('a', bytes('1'))
        const result = await store.txn({
          compare: [
            { key: 'a', revision: ra },
            { key: 'b', revision: 0 },
          ],
          success: [
            { type: 'put', key: 'b', value: bytes('2') },
            { type: 'put', key: 'c', value: bytes('3') },
            { type: 'delete', key: 'a' },
          ],
          failure: [{ type: 'put', key: 'failed', value: bytes('x') }],
        })
        assert.deepEqual(result, { succeeded: true, revision: ra + 1 })
        assert.equal(await store.get('a'), undefined)
        assert.equal((await store.get('b'))?.revision, result.revision)
        assert.equal((await store.get('c'))?.revision, result.revision)
        assert.equal(await store.get('failed'), undefined)
      }),
    )

    it(
      'runs the failure branch when a compare fails, including must-not-exist',
      withStore(async ({ store }) => {
        const first = await store.txn({
          compare: [{ key: 'lock', revision: 0 }],
          success: [{ type: 'put', key: 'lock', value: bytes('mine') }],
        })
        assert.equal(first.succeeded, true)
        const second = await store.txn({
          compare: [{ key: 'lock', revision: 0 }],
          success: [{ type: 'put', key: 'lock', value: bytes('theirs') }],
        })
        assert.deepEqual(second, { succeeded: false, revision: first.revision })
        assert.equal(text((await store.get('lock'))?.value), 'mine')
        const stale = await store.txn({
          compare: [{ key: 'lock', revision: first.revision + 100 }],
          success: [{ type: 'delete', key: 'lock' }],
          failure: [{ type: 'put', key: 'lost', value: bytes('1') }],
        })
        assert.deepEqual(stale, { succeeded: false, revision: first.revision + 1 })
        assert.equal(text((await store.get('lock'))?.value), 'mine')
        assert.equal((await store.get('lost'))?.revision, stale.revision)
      }),
    )

    it(
      'refuses a transaction naming a key twice in one branch or a bad compare',
      withStore(async ({ store }) => {
        const put = { type: 'put', key: 'k', value: bytes('1') } as const
        await assert.rejects(store.txn({ compare: [], success: [put, put] }), { code: 'INVALID_INPUT' })
        await assert.rejects(store.txn({ compare: [{ key: 'k', revision: -1 }], success: [] }), {
          code: 'INVALID_INPUT',
        })
        assert.equal(await store.get('k'), undefined)
      }),
    )

    it(
      'runs a guarded transaction only while its guard holds, and then refuses it with NOT_LEADER writing nothing',
      withStore(async ({ store }) => {
        const term = await store.put('election/leader', bytes('a'))
        const ok = await store.txn({
          guard: [{ key: 'election/leader', revision: term }],
          compare: [{ key: 'x', revision: 0 }],
          success: [{ type: 'put', key: 'x', value: bytes('1') }],
        })
        assert.equal(ok.succeeded, true)
        const lost = await store.txn({
          guard: [{ key: 'election/leader', revision: term }],
          compare: [{ key: 'x', revision: 0 }],
          success: [{ type: 'put', key: 'x', value: bytes('2') }],
          failure: [{ type: 'put', key: 'y', value: bytes('f') }],
        })
        assert.deepEqual(lost, { succeeded: false, revision: ok.revision + 1 })
        assert.equal(text((await store.get('y'))?.value), 'f')
        await store.put('election/leader', bytes('b'))
        const before = (await store.txn({ compare: [], success: [] })).revision
        await assert.rejects(
          store.txn({
            guard: [{ key: 'election/leader', revision: term }],
            compare: [],
            success: [{ type: 'put', key: 'x', value: bytes('late') }],
            failure: [{ type: 'put', key: 'z', value: bytes('late') }],
          }),
          { code: 'NOT_LEADER' },
        )
        assert.equal(text((await store.get('x'))?.value), '1')
        assert.equal(await store.get('z'), undefined)
        assert.equal((await store.txn({ compare: [], success: [] })).revision, before)
      }),
    )

    it(
      'serializes 50 concurrent compare-and-swap increments',
      withStore(async ({ store }) => {
        const results = await Promise.all(
          Array.from({ length: 50 }, () => casJson<number>(store, 'counter', (n) => (n ?? 0) + 1, { retries: 100 })),
        )
        assert.equal((await getJson<number>(store, 'counter'))?.value, 50)
        assert.deepEqual(
          results.map((r) => r.value).sort((a, b) => (a ?? 0) - (b ?? 0)),
          Array.from({ length: 50 }, (_, i) => i + 1),
        )
      }),
    )

    it(
      'casJson deletes on undefined, skips the write when given back the old value, and gives up with CONFLICT',
      withStore(async ({ store }) => {
        const r = await putJson(store, 'doc', { n: 1 })
        const same = await casJson<{ n: number }>(store, 'doc', (old) => old)
        assert.deepEqual(same, { value: { n: 1 }, revision: r, changed: false })
        const gone = await casJson<{ n: number }>(store, 'doc', () => undefined)
        assert.equal(gone.changed, true)
        assert.equal(await store.get('doc'), undefined)
        // A writer that always gets in between read and swap: every attempt must lose.
        const meddling = new Proxy(store, {
          get(target, prop) {
            if (prop === 'txn') {
              return async (...args: Parameters<Store['txn']>) => {
                await target.put('hot', bytes('7'))
                return target.txn(...args)
              }
            }
            const v: unknown = Reflect.get(target, prop)
            return typeof v === 'function' ? v.bind(target) : v
          },
        })
        let attempts = 0
        const bump = (n: number | undefined): number => {
          attempts++
          return (n ?? 0) + 1
        }
        await assert.rejects(casJson<number>(meddling, 'hot', bump, { retries: 2 }), { code: 'CONFLICT' })
        assert.equal(attempts, 3)
        assert.equal(text((await store.get('hot'))?.value), '7')
      }),
    )

    watchContract(withStore)

    it(
      'writes nothing for an operation whose signal already aborted',
      withStore(async ({ store }) => {
        const ac = new AbortController()
        ac.abort()
        await assert.rejects(store.put('x', bytes('1'), { signal: ac.signal }), { name: 'AbortError' })
        await assert.rejects(
          store.txn({ compare: [], success: [{ type: 'delete', key: 'x' }] }, { signal: ac.signal }),
          {
            name: 'AbortError',
          },
        )
        await assert.rejects(store.get('x', { signal: ac.signal }), { name: 'AbortError' })
        assert.equal(await store.get('x'), undefined)
      }),
    )

    if (options.persistent === true) {
      it(
        'keeps data and rising revisions across a reopen',
        withStore(async (h) => {
          assert.ok(h.reopen !== undefined, 'a persistent backend must offer reopen')
          await h.store.put('p/a', bytes('a'))
          await h.store.put('p/b', Uint8Array.of(0, 255, 1))
          await h.store.delete('p/a')
          const last = await h.store.put('p/c', bytes('c'))
          await h.store.close()
          const store = await h.reopen()
          assert.deepEqual(
            (await store.list('p/')).map((e) => [e.key, [...e.value]]),
            [
              ['p/b', [0, 255, 1]],
              ['p/c', [...bytes('c')]],
            ],
          )
          assert.equal((await store.get('p/c'))?.revision, last)
          assert.equal((await store.txn({ compare: [], success: [] })).revision, last)
          assert.equal(await store.put('p/d', bytes('d')), last + 1)
        }),
      )
    }
  })
}
