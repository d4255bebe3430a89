// HostRegistry across restarts and controllers. HA: every controller follows the host records in the shared store,
// so a host admitted, labelled or removed through one controller is known to the others at once (the leader must
// accept the reports of a host a follower admitted, or it never comes alive there). Upgrades: an agent stopping to
// restart says so in its last report, and the host is held (not judged dead, its dynos not moved) for that grace.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HostRegistry } from '../../controller/host-registry.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import type { HostReport } from '../../proto/codec.ts'

const report = (hostId: string, seq: number): HostReport => ({ hostId, seq, sentAtMs: seq }) as unknown as HostReport

describe('HostRegistry.follow', () => {
  it('sees admissions, changes and removals made through another registry on the same store', async () => {
    const store = new MemoryStore()
    const clock = new ManualClock(0)
    const follower = new HostRegistry({ store, clock, logger: silentLogger })
    const leader = new HostRegistry({ store, clock, logger: silentLogger })
    await follower.load()
    await leader.load()
    const stop = new AbortController()
    await leader.follow(stop.signal)
    try {
      // Admitted before following started on this side, and after: both arrive.
      await follower.admit({ id: 'agent-a', hostname: 'a', role: 'agent', addresses: [] })
      await follower.admit({ id: 'router-b', hostname: 'b', role: 'router', addresses: [] })
      await waitUntil(() => leader.isAdmitted('agent-a') && leader.isAdmitted('router-b'))
      // The leader now takes the agent's reports, and it is alive there.
      assert.equal(leader.accept(report('agent-a', 1), 'agent-a'), true)
      assert.equal(leader.state('agent-a'), 'alive')
      await follower.update('agent-a', { draining: true, labels: { zone: 'x' } })
      await waitUntil(() => leader.snapshots().find((s) => s.id === 'agent-a')?.draining === true)
      assert.deepEqual(leader.snapshots().find((s) => s.id === 'agent-a')?.labels, { zone: 'x' })
      await follower.remove('agent-a')
      await waitUntil(() => !leader.isAdmitted('agent-a'))
      assert.equal(leader.accept(report('agent-a', 2), 'agent-a'), false)
      assert.equal(leader.state('agent-a'), undefined)
    } finally {
      stop.abort()
    }
  })
})

async function waitUntil(check: () => boolean): Promise<void> {
  // Memory store watches deliver on later ticks; no clock is involved.
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setImmediate(r))
  assert.ok(check(), 'condition not reached')
}

describe('HostRegistry: a restarting agent', () => {
  it("holds the host from its last report's restartGraceMs (capped at 5 min); the next report lifts it", async () => {
    const clock = new ManualClock(0)
    const hosts = new HostRegistry({ store: new MemoryStore(), clock, logger: silentLogger })
    await hosts.admit({ id: 'a', hostname: 'a', role: 'agent', addresses: [] })
    const last = { ...report('a', 1), restartGraceMs: 3_600_000 } as HostReport
    assert.equal(hosts.accept(last, 'a'), true)
    const tick = (to: number) => {
      for (let now = clock.now(); now <= to; now += 100) {
        clock.advance(100)
        hosts.membership.tick(clock.now())
      }
    }
    tick(290_000)
    assert.equal(hosts.state('a'), 'suspect', 'held, not dead, within the 5-minute cap')
    tick(310_000)
    assert.equal(hosts.state('a'), 'dead', 'an hour was asked; the cap is 5 minutes')
    // Back: reports without a grace judge it as usual again.
    assert.equal(hosts.accept(report('a', 2), 'a'), true)
    assert.equal(hosts.state('a'), 'alive')
    tick(330_000)
    assert.equal(hosts.state('a'), 'dead')
  })
})

describe('HostRegistry: a new leader before the reports', () => {
  it('gives the scheduler an admitted host it has not heard from as suspect (capacity unknown) until it reports', async () => {
    const store = new MemoryStore()
    const clock = new ManualClock(0)
    await new HostRegistry({ store, clock, logger: silentLogger }).admit({
      id: 'a',
      hostname: 'a',
      role: 'agent',
      addresses: [],
    })
    const hosts = new HostRegistry({ store, clock, logger: silentLogger })
    await hosts.load()
    assert.equal(hosts.state('a'), 'alive') // membership gives it the benefit of the doubt
    assert.deepEqual(
      hosts.snapshots().map((s) => [s.id, s.state, s.allocatable.memoryBytes]),
      [['a', 'suspect', 0]],
    )
    const first = { ...report('a', 1), allocatable: { cpuCores: 2, memoryBytes: 1024 } } as HostReport
    assert.equal(hosts.accept(first, 'a'), true)
    assert.deepEqual(
      hosts.snapshots().map((s) => [s.id, s.state, s.allocatable.memoryBytes]),
      [['a', 'alive', 1024]],
    )
  })
})
