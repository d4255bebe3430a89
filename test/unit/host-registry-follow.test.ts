// HA: every controller follows the host records in the shared store, so a host admitted, labelled or removed
// through one controller is known to the others at once (the leader must accept the reports of a host a follower
// admitted, or it never comes alive there).
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
