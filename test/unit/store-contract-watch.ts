// The watch half of the Store contract (store-contract.ts runs it inside its suite).

import assert from 'node:assert/strict'
import { it } from 'node:test'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { WatchEvent } from '../../controller/store/store.ts'
import { waitFor } from '../helpers/wait-for.ts'
import type { StoreHarness } from './store-contract.ts'

const enc = new TextEncoder()
const dec = new TextDecoder()
const bytes = (s: string): Uint8Array => enc.encode(s)
const text = (b: Uint8Array): string => dec.decode(b)

/** Records events; until(n) resolves once n have arrived (the suite timeout catches a hang). */
function collector() {
  const events: WatchEvent[] = []
  let waiters: Array<{ n: number; resolve: () => void }> = []
  const handler = (e: WatchEvent): void => {
    events.push(e)
    for (const w of waiters) if (events.length >= w.n) w.resolve()
    waiters = waiters.filter((w) => events.length < w.n)
  }
  const until = (n: number): Promise<void> =>
    events.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))
  const brief = (): string[] => events.map((e) => `${e.type} ${e.key}${e.type === 'put' ? `=${text(e.value)}` : ''}`)
  return { events, handler, until, brief }
}

export function watchContract(withStore: (fn: (h: StoreHarness) => Promise<void>) => () => Promise<void>): void {
  it(
    'watches a prefix: later changes only, in order, nothing from siblings',
    withStore(async ({ store }) => {
      await store.put('hosts/old', bytes('before'))
      const c = collector()
      await store.watch('hosts/', c.handler)
      await store.put('host', bytes('no'))
      await store.put('hostsx', bytes('no'))
      const r = await store.put('hosts/a', bytes('1'))
      await store.txn({
        compare: [],
        success: [
          { type: 'put', key: 'hosts/b', value: bytes('2') },
          { type: 'delete', key: 'hosts/old' },
          { type: 'put', key: 'apps/x', value: bytes('no') },
        ],
      })
      await store.delete('hosts/a')
      await store.put('hosts/end', bytes('3'))
      await c.until(5)
      await nextTurn()
      assert.deepEqual(c.brief(), [
        'put hosts/a=1',
        'put hosts/b=2',
        'delete hosts/old',
        'delete hosts/a',
        'put hosts/end=3',
      ])
      assert.equal(c.events[0]?.revision, r)
      assert.equal(c.events[1]?.revision, c.events[2]?.revision)
      const revisions = c.events.map((e) => e.revision)
      assert.deepEqual(
        revisions,
        [...revisions].sort((a, b) => a - b),
      )
    }),
  )

  it(
    'waits for an async handler before the next event',
    withStore(async ({ store }) => {
      let running = 0
      let overlapped = false
      const seen: string[] = []
      const c = collector()
      await store.watch('q/', async (e) => {
        running++
        if (running > 1) overlapped = true
        await nextTurn()
        seen.push(e.key)
        running--
        c.handler(e)
      })
      for (let i = 0; i < 5; i++) await store.put(`q/${i}`, bytes('x'))
      await c.until(5)
      assert.equal(overlapped, false)
      assert.deepEqual(seen, ['q/0', 'q/1', 'q/2', 'q/3', 'q/4'])
    }),
  )

  it(
    'stops a watch when its signal aborts, and refuses an aborted signal',
    withStore(async ({ store }) => {
      const stopped = collector()
      const witness = collector()
      const ac = new AbortController()
      await store.watch('w/', stopped.handler, { signal: ac.signal })
      await store.watch('w/', witness.handler)
      await store.put('w/1', bytes('1'))
      await stopped.until(1)
      ac.abort()
      await store.put('w/2', bytes('2'))
      await witness.until(2)
      await nextTurn()
      assert.deepEqual(stopped.brief(), ['put w/1=1'])
      await assert.rejects(
        store.watch('w/', () => {}, { signal: ac.signal }),
        { name: 'AbortError' },
      )
    }),
  )

  it(
    'ends a watch whose handler throws and tells onError',
    withStore(async ({ store }) => {
      const errors: Error[] = []
      const seen: string[] = []
      const witness = collector()
      await store.watch(
        'e/',
        (e) => {
          seen.push(e.key)
          throw new Error(`boom on ${e.key}`)
        },
        { onError: (err) => errors.push(err) },
      )
      await store.watch('e/', witness.handler)
      await store.put('e/1', bytes('1'))
      await store.put('e/2', bytes('2'))
      await witness.until(2)
      // The failing watch tells onError on its own schedule (a loaded machine, a networked backend): wait for it.
      await waitFor('onError', () => errors.length > 0, { timeoutMs: 5000 })
      await nextTurn()
      assert.deepEqual(seen, ['e/1'])
      assert.deepEqual(
        errors.map((e) => e.message),
        ['boom on e/1'],
      )
    }),
  )

  it(
    'refuses work after close and ends watches with UNAVAILABLE',
    withStore(async ({ store }) => {
      const errors: Error[] = []
      const ended = new Promise<void>((resolve) => {
        void store.watch('c/', () => {}, {
          onError: (err) => {
            errors.push(err)
            resolve()
          },
        })
      })
      const pending = store.put('c/1', bytes('1'))
      await store.close()
      assert.ok((await pending) > 0, 'a write begun before close completes')
      await ended
      assert.equal((errors[0] as { code?: string } | undefined)?.code, 'UNAVAILABLE')
      await assert.rejects(store.get('c/1'), { code: 'UNAVAILABLE' })
      await assert.rejects(store.put('c/2', bytes('2')), { code: 'UNAVAILABLE' })
      await assert.rejects(store.list('c/'), { code: 'UNAVAILABLE' })
      await store.close()
    }),
  )
}
