// An etcd member that goes silent under an open watch (its machine gone: no reset, no error, no answer): gRPC
// keep-alive pings find the dead connection, the watch drops and re-attaches, and once the member answers again
// it delivers what changed meanwhile. Without the pings the stream waited forever and the watch's owner (a new
// leader's orchestrator, the host registry) never heard another change.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parseEtcdUrl } from '../../controller/store/etcd-connection.ts'
import { EtcdStore } from '../../controller/store/etcd-store.ts'
import { type EtcdCluster, startEtcd } from '../helpers/etcd.ts'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts'
import { waitFor } from '../helpers/wait-for.ts'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('a watch on an etcd member gone silent', { timeout: 60_000 }, () => {
  let etcd: EtcdCluster
  let proxy: TcpProxy
  const stores: EtcdStore[] = []

  before(async () => {
    etcd = await startEtcd()
    proxy = await startTcpProxy({ host: '127.0.0.1', port: etcd.members[0]!.clientPort })
  })
  after(async () => {
    proxy?.heal()
    for (const s of stores) await s.close()
    await proxy?.close()
    await etcd?.stop()
  })

  it('is found by keep-alive pings, re-attaches, and misses nothing once the member answers', async () => {
    const restarts: string[] = []
    const watched = await EtcdStore.open(
      { ...parseEtcdUrl(`etcd://${proxy.endpoint}/silent/`), keepaliveMs: { time: 1000, timeout: 1000 } },
      { metrics: { observe: () => {}, watchRestart: (why) => restarts.push(why) } },
    )
    stores.push(watched)
    const writer = await EtcdStore.open(parseEtcdUrl(`etcd://${etcd.members[0]!.endpoint}/silent/`))
    stores.push(writer)
    const seen: string[] = []
    const stop = new AbortController()
    await watched.watch('k/', (e) => void seen.push(e.key), { signal: stop.signal })
    try {
      await writer.put('k/1', bytes('one'))
      await waitFor('the first change', () => seen.includes('k/1'), { timeoutMs: 10_000 })
      proxy.freeze()
      await writer.put('k/2', bytes('two'))
      await waitFor('the silent stream given up', () => restarts.includes('dropped'), { timeoutMs: 15_000 })
      assert.deepEqual(seen, ['k/1'])
      proxy.heal()
      await waitFor('the change made while silent', () => seen.includes('k/2'), { timeoutMs: 20_000 })
      assert.deepEqual(seen, ['k/1', 'k/2'])
    } finally {
      stop.abort()
    }
  })
})
