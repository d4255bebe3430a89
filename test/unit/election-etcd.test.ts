// EtcdElection on a real etcd: one of two controllers leads; when it stops or dies the other takes over with a
// higher epoch; a leader cut off from etcd steps down before the other can be elected; and a write the deposed
// leader had in flight reaches etcd only to be refused by the fence.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Registry } from 'prom-client'
import { EtcdElection, type LeaderRecord } from '../../controller/election/etcd-election.ts'
import { fencedStore } from '../../controller/election/fenced-store.ts'
import { parseEtcdUrl } from '../../controller/store/etcd-connection.ts'
import { EtcdStore } from '../../controller/store/etcd-store.ts'
import { putJson } from '../../controller/store/store.ts'
import { type EtcdCluster, startEtcd } from '../helpers/etcd.ts'
import { eventually, metricValue } from '../helpers/mesh.ts'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts'

let etcd: EtcdCluster
let namespaces = 0
before(async () => {
  etcd = await startEtcd()
})
after(async () => {
  await etcd.stop()
})

const record = (id: string): LeaderRecord => ({
  id,
  apiUrl: `http://${id}.invalid`,
  peerId: id,
  meshAddresses: [],
  version: 'test',
})

interface Candidate {
  id: string
  store: EtcdStore
  election: EtcdElection
  registry: Registry
  changes: Array<{ leader: boolean; epoch: number; at: number }>
  proxy: TcpProxy | undefined
}

async function candidate(id: string, prefix: string, viaProxy: boolean): Promise<Candidate> {
  const proxy = viaProxy ? await startTcpProxy({ host: '127.0.0.1', port: etcd.members[0]!.clientPort }) : undefined
  const endpoint = proxy?.endpoint ?? etcd.members[0]!.endpoint
  const store = await EtcdStore.open(parseEtcdUrl(`etcd://${endpoint}/${prefix}?timeout_ms=8000`))
  const registry = new Registry()
  const election = new EtcdElection({ store, candidate: () => record(id), registry, ttlSeconds: 2 })
  const changes: Candidate['changes'] = []
  election.onChange((s) => changes.push({ ...s, at: Date.now() }))
  return { id, store, election, registry, changes, proxy }
}

async function teardown(...cs: Candidate[]): Promise<void> {
  for (const c of cs) {
    c.proxy?.heal()
    await c.election.stop().catch(() => {})
    await c.store.close().catch(() => {})
    await c.proxy?.close()
  }
}

describe('EtcdElection on a real etcd', { timeout: 90_000 }, () => {
  it('elects one of two; when the leader stops the other leads with a higher epoch', async () => {
    const prefix = `e${process.pid}-${++namespaces}/`
    const a = await candidate('a', prefix, false)
    const b = await candidate('b', prefix, false)
    try {
      // A cluster whose single-controller era reached epoch 40 (store:import keeps cluster/epoch).
      await putJson(a.store, 'cluster/epoch', { epoch: 40 })
      await a.election.start()
      await b.election.start()
      assert.equal(a.election.isLeader(), true)
      assert.equal(b.election.isLeader(), false)
      assert.ok(a.election.epoch() > 40)
      await eventually(() => b.election.leader()?.id === 'a', 5000, 'b to learn the leader')
      assert.equal(b.election.leader()?.epoch, a.election.epoch())
      assert.equal(b.election.leader()?.apiUrl, 'http://a.invalid')
      assert.equal(await metricValue(a.registry, 'shoal_controller_leader'), 1)
      assert.equal(await metricValue(b.registry, 'shoal_controller_leader'), 0)
      const first = a.election.epoch()
      await a.election.stop()
      await eventually(() => b.election.isLeader(), 5000, 'b to lead after a stopped')
      assert.ok(b.election.epoch() > first, `epoch ${b.election.epoch()} after ${first}`)
      assert.equal(await metricValue(b.registry, 'shoal_controller_epoch'), b.election.epoch())
      assert.equal(await metricValue(b.registry, 'shoal_controller_leadership_changes_total'), 1)
    } finally {
      await teardown(a, b)
    }
  })

  it('a leader cut off from etcd steps down before the other is elected; its late write is refused', async () => {
    const prefix = `e${process.pid}-${++namespaces}/`
    const a = await candidate('a', prefix, true)
    const b = await candidate('b', prefix, false)
    try {
      await a.election.start()
      await b.election.start()
      assert.equal(a.election.isLeader(), true)
      const leaderOnly = fencedStore(a.store, () => a.election.fence())
      await leaderOnly.put('assignments/x', new TextEncoder().encode('in term'))
      const epochA = a.election.epoch()

      // The partition: a's connection to etcd passes nothing; a write it starts now is stuck on the way.
      a.proxy!.freeze()
      const late = leaderOnly.put('assignments/x', new TextEncoder().encode('late')).then(
        () => 'applied',
        (err: { code?: string }) => err.code ?? 'error',
      )
      await eventually(() => b.election.isLeader(), 15_000, 'b to lead')
      const down = a.changes.find((c) => !c.leader)
      const up = b.changes.find((c) => c.leader)
      assert.ok(down !== undefined, 'a stepped down')
      assert.ok(up !== undefined)
      assert.ok(down.at < up.at, `a stepped down at ${down.at}, b led at ${up.at}`)
      assert.ok(b.election.epoch() > epochA)
      assert.equal(a.election.fence(), undefined)
      await assert.rejects(leaderOnly.put('assignments/y', new Uint8Array(1)), { code: 'NOT_LEADER' })

      // The partition heals: the stuck write reaches etcd, which refuses it by the fence.
      a.proxy!.heal()
      const outcome = await late
      process.stdout.write(`# the deposed leader's in-flight write ended with ${outcome}\n`)
      assert.notEqual(outcome, 'applied')
      // A later request on the same connection is answered only after the stuck one was handled.
      await eventually(async () => (await a.store.get('assignments/x')) !== undefined, 10_000)
      assert.equal(new TextDecoder().decode((await b.store.get('assignments/x'))?.value), 'in term')
      // b writes as leader; a follows again.
      await fencedStore(b.store, () => b.election.fence()).put('assignments/x', new TextEncoder().encode('b'))
      await eventually(() => a.election.leader()?.id === 'b', 10_000, 'a to see b lead')
      assert.equal(a.election.isLeader(), false)
    } finally {
      await teardown(a, b)
    }
  })

  it('a leader that dies (no revoke ever reaches etcd) is replaced once its lease expires', async () => {
    const prefix = `e${process.pid}-${++namespaces}/`
    const a = await candidate('a', prefix, true)
    const b = await candidate('b', prefix, false)
    try {
      await a.election.start()
      await b.election.start()
      assert.equal(a.election.isLeader(), true)
      const killedAt = Date.now()
      a.proxy!.cut()
      await eventually(() => b.election.isLeader(), 15_000, 'b to lead')
      const tookMs = Date.now() - killedAt
      assert.ok(tookMs >= 1000, `b led ${tookMs} ms after a died: before a's lease could expire`)
      process.stdout.write(`# leader died → new leader after ${tookMs} ms (lease TTL 2 s)\n`)
    } finally {
      await teardown(a, b)
    }
  })
})
