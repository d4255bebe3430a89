// One of three etcd members' machines gone (no reset, no refusal: nothing answers): reads and writes keep succeeding
// on the other two, including after each backoff of the dead member's breaker runs out. When a caller's own request
// was the breaker's try, one request every few seconds waited out its whole deadline and failed (lab-ha's retried
// deploy met `DEADLINE_EXCEEDED … Waiting for LB pick` ~20 s after the machine died).

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MEMBER_BACKOFF_MS, parseEtcdUrl } from '../../controller/store/etcd-connection.ts'
import { EtcdStore } from '../../controller/store/etcd-store.ts'
import { type EtcdCluster, startEtcd } from '../helpers/etcd.ts'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('an etcd member whose machine is gone', { timeout: 90_000 }, () => {
  let etcd: EtcdCluster
  const proxies: TcpProxy[] = []
  let store: EtcdStore | undefined

  before(async () => {
    etcd = await startEtcd({ members: 3 })
    for (const m of etcd.members) proxies.push(await startTcpProxy({ host: '127.0.0.1', port: m.clientPort }))
  })
  after(async () => {
    for (const p of proxies) p.heal()
    await store?.close()
    for (const p of proxies) await p.close()
    await etcd?.stop()
  })

  it('fails no read or write while its breaker waits, checks and waits again', async () => {
    store = await EtcdStore.open(parseEtcdUrl(`etcd://${proxies.map((p) => p.endpoint).join(',')}/gone/`))
    await store.put('k/before', bytes('x'))
    proxies[0]!.freeze()
    // The first call that goes to the silent member waits out its deadline: that is how the member is found.
    let found = false
    for (let i = 0; i < 100 && !found; i++) {
      const started = Date.now()
      await store.get('k/before').catch(() => {})
      found = Date.now() - started >= 2000
    }
    assert.ok(found, 'no call went to the silent member')
    // Long enough for every backoff up to the cap to run out at least once (0.5 + 1 + 2 + 4 + 4 s), each followed
    // by a check of the dead member.
    const until = Date.now() + 2 * MEMBER_BACKOFF_MS.max + 8_000
    const failures: string[] = []
    let n = 0
    while (Date.now() < until) {
      const key = `k/${n++}`
      await store.put(key, bytes('v')).catch((err: Error) => failures.push(`put ${key}: ${err.message}`))
      await store.get('k/before').catch((err: Error) => failures.push(`get: ${err.message}`))
      await store.list('k/').catch((err: Error) => failures.push(`list: ${err.message}`))
    }
    assert.deepEqual(failures, [], `${failures.length} of ${n * 3} calls failed`)
    assert.ok(n > 50, `only ${n} rounds of calls`)
    // Back: it serves again (the next check lets it in), and nothing was lost.
    proxies[0]!.heal()
    assert.equal((await store.list('k/')).length, n + 1)
  })
})
