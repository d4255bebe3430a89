// The leader's view of which app directory each router took (from router reports): a dyno placed at `since` is
// routable everywhere once every router heard from lately reports a directory of this epoch stamped at or after it.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ROUTER_SILENT_MS, RouterAcks } from '../../controller/orchestrator/router-acks.ts'
import { ManualClock } from '../../lib/clock.ts'

describe('RouterAcks', () => {
  it('covers a placement once every live router took a newer directory of the same epoch', () => {
    const clock = new ManualClock(1_000_000)
    const acks = new RouterAcks(clock)
    clock.advance(ROUTER_SILENT_MS)
    acks.record('r1', { directoryEpoch: 3, directorySentAtMs: 1_005_000 })
    acks.record('r2', { directoryEpoch: 3, directorySentAtMs: 1_009_000 })
    assert.equal(acks.covers(3, 1_005_000), true)
    assert.equal(acks.covers(3, 1_006_000), false, 'r1 took a directory stamped before the placement')
    assert.equal(acks.covers(4, 1_000_000), false, 'a new term needs a directory of its own')
    acks.record('r1', { directoryEpoch: 3, directorySentAtMs: 1_009_500 })
    assert.equal(acks.covers(3, 1_009_000), true)
  })

  it('does not wait for a router gone silent, and says nothing before routers could have reported', () => {
    const clock = new ManualClock(1_000_000)
    const acks = new RouterAcks(clock)
    assert.equal(acks.covers(1, 0), false, 'just started: no router heard yet is not "every router"')
    acks.record('r1', { directoryEpoch: 1, directorySentAtMs: 999_000 })
    clock.advance(ROUTER_SILENT_MS / 2)
    acks.record('r2', { directoryEpoch: 1, directorySentAtMs: 1_004_000 })
    assert.equal(acks.covers(1, 1_000_000), false, 'r1 lags')
    clock.advance(ROUTER_SILENT_MS / 2)
    assert.equal(acks.covers(1, 1_000_000), true, 'r1 has not reported for ROUTER_SILENT_MS')
    // A router that speaks again counts again.
    acks.record('r1', { directoryEpoch: 1, directorySentAtMs: 999_000 })
    assert.equal(acks.covers(1, 1_000_000), false)
  })
})
