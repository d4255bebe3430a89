// The Store contract on a real etcd (one member on loopback, started here), plus what only a networked backend
// has: a watch that survives an etcd restart and a cut connection without missing or repeating an event, and one
// whose history is compacted away while it is disconnected.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Registry } from 'prom-client'
import { parseEtcdUrl } from '../../controller/store/etcd-connection.ts'
import { etcdStoreMetrics } from '../../controller/store/etcd-metrics.ts'
import { EtcdStore } from '../../controller/store/etcd-store.ts'
import type { Store, WatchEvent } from '../../controller/store/store.ts'
import { type EtcdCluster, startEtcd } from '../helpers/etcd.ts'
import { eventually } from '../helpers/mesh.ts'
import { startTcpProxy } from '../helpers/tcp-proxy.ts'
import { storeContract } from './store-contract.ts'

let etcd: EtcdCluster
let namespaces = 0
const fresh = (): string => `t${process.pid}-${++namespaces}/`

before(async () => {
  etcd = await startEtcd()
})
after(async () => {
  await etcd.stop()
})

storeContract(
  'etcd',
  async () => {
    const url = etcd.url(fresh())
    let current: Store = await EtcdStore.open(parseEtcdUrl(url))
    return {
      store: current,
      reopen: async () => {
        current = await EtcdStore.open(parseEtcdUrl(url))
        return current
      },
      cleanup: async () => {
        await current.close()
      },
    }
  },
  { persistent: true },
)

const enc = new TextEncoder()
const dec = new TextDecoder()
const brief = (events: WatchEvent[]): string[] =>
  events.map((e) => `${e.type} ${e.key}${e.type === 'put' ? `=${dec.decode(e.value)}` : ''}`)

async function restarts(registry: Registry, reason: string): Promise<number> {
  const metric = await registry.getSingleMetric('shoal_store_watch_restarts_total')?.get()
  return metric?.values.find((v) => v.labels.reason === reason)?.value ?? 0
}

describe('EtcdStore watches across failures', { timeout: 60_000 }, () => {
  it('resumes after an etcd restart: every change once, in order', async () => {
    const registry = new Registry()
    const store = await EtcdStore.open(parseEtcdUrl(etcd.url(fresh())), { metrics: etcdStoreMetrics(registry) })
    try {
      const events: WatchEvent[] = []
      await store.watch('r/', (e) => {
        events.push(e)
      })
      await store.put('r/1', enc.encode('before'))
      await eventually(() => events.length === 1, 10_000)
      await etcd.restart(0)
      await eventually(async () => (await restarts(registry, 'dropped')) >= 1, 10_000)
      // The write may fail while the client reconnects; what matters is what the watch sees of acknowledged writes.
      await eventually(async () => {
        await store.put('r/2', enc.encode('after'))
        return true
      }, 20_000)
      await store.delete('r/1')
      await eventually(() => events.some((e) => e.type === 'delete'), 20_000)
      const seen = brief(events)
      assert.equal(seen[0], 'put r/1=before')
      assert.equal(seen.at(-1), 'delete r/1')
      // A retried put may have committed twice: each commit is its own event, but none is delivered twice.
      const revisions = events.map((e) => e.revision)
      assert.deepEqual(
        revisions,
        [...new Set(revisions)].sort((a, b) => a - b),
      )
    } finally {
      await store.close()
    }
  })

  it('delivers the changes made while its connection was cut, from the last revision it saw', async () => {
    const member = etcd.members[0]!
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: member.clientPort })
    const prefix = fresh()
    const registry = new Registry()
    const watcher = await EtcdStore.open(parseEtcdUrl(`etcd://${proxy.endpoint}/${prefix}`), {
      metrics: etcdStoreMetrics(registry),
    })
    const writer = await EtcdStore.open(parseEtcdUrl(etcd.url(prefix)))
    try {
      const events: WatchEvent[] = []
      await watcher.watch('c/', (e) => {
        events.push(e)
      })
      await writer.put('c/a', enc.encode('1'))
      await eventually(() => events.length === 1, 10_000)
      proxy.cut()
      await eventually(async () => (await restarts(registry, 'dropped')) >= 1, 10_000)
      await writer.put('c/b', enc.encode('2'))
      await writer.put('c/a', enc.encode('3'))
      await writer.delete('c/b')
      assert.equal(events.length, 1, 'nothing arrives through a cut connection')
      proxy.heal()
      await eventually(() => events.length === 4, 30_000)
      assert.deepEqual(brief(events), ['put c/a=1', 'put c/b=2', 'put c/a=3', 'delete c/b'])
    } finally {
      await watcher.close()
      await writer.close()
      await proxy.close()
    }
  })

  it('re-lists when the history it needs was compacted while it was cut off, leaving no gap', async () => {
    const member = etcd.members[0]!
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: member.clientPort })
    const prefix = fresh()
    const registry = new Registry()
    const watcher = await EtcdStore.open(parseEtcdUrl(`etcd://${proxy.endpoint}/${prefix}`), {
      metrics: etcdStoreMetrics(registry),
    })
    const writer = await EtcdStore.open(parseEtcdUrl(etcd.url(prefix)))
    try {
      await writer.put('k/gone', enc.encode('x'))
      await writer.put('k/same', enc.encode('unchanged'))
      const state = new Map<string, string>()
      const events: WatchEvent[] = []
      await watcher.watch('k/', (e) => {
        events.push(e)
        if (e.type === 'put') state.set(e.key, dec.decode(e.value))
        else state.delete(e.key)
      })
      // The consumer's usual start: list after watching.
      for (const e of await watcher.list('k/')) state.set(e.key, dec.decode(e.value))
      await writer.put('k/seen', enc.encode('1'))
      await eventually(() => events.length === 1, 10_000)
      proxy.cut()
      await writer.put('k/new', enc.encode('n1'))
      await writer.put('k/new', enc.encode('n2'))
      await writer.put('k/seen', enc.encode('2'))
      await writer.delete('k/gone')
      const top = await writer.put('other/k', enc.encode('z'))
      await writer.client.kv.compact({ revision: top, physical: true })
      proxy.heal()
      await eventually(async () => (await restarts(registry, 'compacted')) >= 1, 30_000)
      const truth = new Map((await writer.list('k/')).map((e) => [e.key, dec.decode(e.value)]))
      await eventually(() => JSON.stringify([...state].sort()) === JSON.stringify([...truth].sort()), 10_000)
      assert.deepEqual(Object.fromEntries(state), { 'k/new': 'n2', 'k/same': 'unchanged', 'k/seen': '2' })
      // The unchanged key is not re-delivered; the re-list brings only the difference.
      assert.ok(!brief(events).includes('put k/same=unchanged'))
      // And the watch goes on after the re-list.
      await writer.put('k/later', enc.encode('L'))
      await eventually(() => state.get('k/later') === 'L', 10_000)
    } finally {
      await watcher.close()
      await writer.close()
      await proxy.close()
    }
  })
})

/** `count` keys `<prefix>0000`… whose values are `<key>:<filler>`, written `batch` at a time; the keys in order. */
async function putMany(store: Store, prefix: string, count: number, filler: string, batch: number): Promise<string[]> {
  const keys = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`)
  for (let i = 0; i < keys.length; i += batch) {
    await Promise.all(keys.slice(i, i + batch).map((k) => store.put(k, enc.encode(`${k}:${filler}`))))
  }
  return keys
}

/** `releases/` lists exactly `keys`, in order, each value whole. */
async function assertListsWhole(store: Store, keys: string[], filler: string): Promise<void> {
  const all = await store.list('releases/')
  assert.deepEqual(
    all.map((e) => e.key),
    keys,
  )
  assert.ok(all.every((e) => dec.decode(e.value) === `${e.key}:${filler}`))
}

describe('EtcdStore lists a prefix larger than one gRPC answer', { timeout: 60_000 }, () => {
  it('reads 450 values of 12 KB (5.4 MB, over the 4 MiB message cap) in order, whole and with a limit', async () => {
    const store = await EtcdStore.open(parseEtcdUrl(etcd.url(fresh())))
    try {
      const keys = await putMany(store, 'releases/r', 450, 'x'.repeat(12_000), 50)
      await store.put('releasesX', enc.encode('outside the prefix'))
      await assertListsWhole(store, keys, 'x'.repeat(12_000))
      const some = await store.list('releases/', { limit: 321 })
      assert.deepEqual(
        some.map((e) => e.key),
        keys.slice(0, 321),
      )
    } finally {
      await store.close()
    }
  })

  it('reads large values too: 150 of 40 KB, where a page of 200 keys would be 6 MB', async () => {
    // A release holds every config var sealed: after ~500 config changes one is ~40 KB (the HA kill loop's state),
    // and a restarted controller could not list them (the answer failed and the member was left out as down).
    const store = await EtcdStore.open(parseEtcdUrl(etcd.url(fresh())))
    try {
      const keys = await putMany(store, 'releases/big', 150, 'y'.repeat(40_000), 25)
      await assertListsWhole(store, keys, 'y'.repeat(40_000))
    } finally {
      await store.close()
    }
  })
})
