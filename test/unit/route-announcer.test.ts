import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RouteAnnouncer } from '../../agent/routes/route-announcer.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import type { RouteAnnouncement } from '../../proto/codec.ts'

const web = { id: 'd1', app: 'shop', processType: 'web', name: 'web.1', release: 3, port: 20001, hostId: 'h1' }

function setup(options: { adoptsAtStart?: boolean } = {}) {
  const clock = new ManualClock(1_000_000)
  const sent: RouteAnnouncement[] = []
  const a = new RouteAnnouncer({
    hostId: 'h1',
    ip: '10.0.0.1',
    clock,
    logger: silentLogger,
    publish: async (m) => {
      sent.push(m)
    },
    ...options,
  })
  return { clock, sent, a }
}

describe('route announcer', () => {
  it('announces a web dyno with the host address, and ignores other process types', () => {
    const { sent, a } = setup()
    a.up(web)
    a.up({ ...web, id: 'd2', processType: 'worker', name: 'worker.1' })
    assert.equal(sent.length, 1)
    assert.deepEqual(
      sent[0]?.up?.map((r) => [r.dynoId, r.address]),
      [['d1', '10.0.0.1:20001']],
    )
    assert.ok((sent[0]?.seq ?? 0) > 1_000_000, 'sequence numbers start at the wall clock')
  })

  it('withdraws, then waits until every router heard recently reports the dyno drained', async () => {
    const { clock, sent, a } = setup()
    a.up(web)
    a.routerReport({ hostId: 'r1', drained: [] }, 'r1')
    a.routerReport({ hostId: 'r2', drained: [] }, 'r2')
    let done = false
    const drained = a.withdrawAndDrain(web).then(() => {
      done = true
    })
    assert.deepEqual(sent.at(-1)?.withdrawn, ['d1'])
    a.routerReport({ hostId: 'r1', drained: ['d1'] }, 'r1')
    await Promise.resolve()
    assert.equal(done, false, 'r2 has not reported yet')
    a.routerReport({ hostId: 'r2', drained: ['d1'] }, 'r2')
    await drained
    assert.equal(done, true)
    clock.advance(1)
  })

  it('gives up waiting after the drain timeout', async () => {
    const { clock, a } = setup()
    a.up(web)
    a.routerReport({ hostId: 'r1', drained: [] }, 'r1')
    let done = false
    const drained = a.withdrawAndDrain(web).then(() => {
      done = true
    })
    clock.advance(9_999)
    await Promise.resolve()
    assert.equal(done, false)
    clock.advance(1)
    await drained
    assert.equal(done, true)
  })

  it('sends a full snapshot to a router heard for the first time or again after a silence, and periodically', () => {
    const { clock, sent, a } = setup()
    a.start()
    a.up(web)
    a.routerReport({ hostId: 'r9', drained: [] }, 'r9')
    const snap = sent.at(-1)
    assert.equal(snap?.snapshot, true)
    assert.deepEqual(
      snap?.up?.map((r) => r.dynoId),
      ['d1'],
    )
    const before = sent.length
    a.routerReport({ hostId: 'r9', drained: [] }, 'r9')
    assert.equal(sent.length, before, 'a known router triggers nothing')
    // Silent for 6 s (cut off by a partition, it may have dropped this host's routes), then heard again.
    clock.advance(4000)
    a.routerReport({ hostId: 'r9', drained: [] }, 'r9')
    assert.equal(sent.length, before, 'a router heard 4 s ago is no news')
    clock.advance(6000)
    sent.length = 0
    a.routerReport({ hostId: 'r9', drained: [] }, 'r9')
    assert.deepEqual(
      sent.map((m) => [m.snapshot, m.up?.map((r) => r.dynoId)]),
      [[true, ['d1']]],
      'a router back after a silence gets the routes at once',
    )
    clock.advance(5000)
    assert.equal(sent.at(-1)?.snapshot, true)
    a.stop()
  })

  it('withdraws a crashed dyno at once', () => {
    const { sent, a } = setup()
    a.up(web)
    a.down(web)
    assert.deepEqual(sent.at(-1)?.withdrawn, ['d1'])
    assert.deepEqual(a.routes(), [])
  })
  it('after a restart, sends no snapshot until the adopted web dynos are announced again (bounded)', () => {
    const { clock, sent, a } = setup()
    a.adopting(['d1', 'd2'], 30_000)
    a.start()
    a.routerReport({ hostId: 'r1', drained: [] }, 'r1') // a router heard for the first time
    clock.advance(10_000) // periodic snapshots fall due
    assert.equal(sent.length, 0, 'an empty snapshot would drop routes to dynos that never stopped')
    a.up(web)
    assert.deepEqual(
      sent.map((m) => [m.snapshot, m.up?.map((r) => r.dynoId)]),
      [[false, ['d1']]],
    )
    a.down({ ...web, id: 'd2', name: 'web.2' }) // the other one did not survive: no longer waited for
    assert.deepEqual(
      sent.at(-1)?.up?.map((r) => r.dynoId),
      ['d1'],
    )
    assert.equal(sent.at(-1)?.snapshot, true, 'every adopted dyno accounted for: the snapshot goes out')
    const { clock: c2, sent: s2, a: b } = setup()
    b.adopting(['d9'], 30_000)
    b.start()
    c2.advance(29_000)
    assert.equal(s2.length, 0)
    c2.advance(6000)
    assert.equal(s2.at(-1)?.snapshot, true, 'after the bound, snapshots resume whatever happened')
    b.stop()
    a.stop()
  })
})

describe('route announcer at an agent start', () => {
  it('sends no snapshot before the agent has scanned its containers, then owes routers heard meanwhile one', () => {
    const { clock, sent, a } = setup({ adoptsAtStart: true })
    a.start()
    // A router's report arrives while the dyno manager is still looking at the running containers.
    a.routerReport({ hostId: 'r1', drained: [] }, 'r1')
    clock.advance(5000)
    assert.equal(sent.length, 0, 'an empty snapshot now would drop routes to dynos that never stopped')
    a.adopting(['d1'], 30_000)
    assert.equal(sent.length, 0, 'still waiting for the adopted web dyno')
    a.up(web)
    assert.deepEqual(
      sent.map((m) => [m.snapshot, m.up?.map((r) => r.dynoId)]),
      [
        [false, ['d1']],
        [true, ['d1']],
      ],
    )
    // Nothing to adopt: the snapshot owed to the routers heard meanwhile goes at once.
    const { sent: sentB, a: b } = setup({ adoptsAtStart: true })
    b.routerReport({ hostId: 'r1', drained: [] }, 'r1')
    assert.equal(sentB.length, 0)
    b.adopting([], 30_000)
    assert.deepEqual(
      sentB.map((m) => [m.snapshot, m.up]),
      [[true, []]],
    )
    a.stop()
    b.stop()
  })
})
