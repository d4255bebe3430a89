// The leader's own proof of its lease, on a fake clock: it must declare the lease lost strictly before etcd could
// expire it (last acknowledged keep-alive's send time + TTL), never later, and not merely because one renew failed.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LeaseKeeper } from '../../controller/election/etcd-lease.ts'
import { type Clock, ManualClock } from '../../lib/clock.ts'

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

/** `earlyMs`: the keeper's timers fire that much before their due time, as Node's do on a busy event loop. */
function harness(ttlMs = 2000, earlyMs = 0) {
  const clock = new ManualClock(10_000)
  const keeperClock: Clock = {
    now: () => clock.now(),
    setTimeout: (fn, ms) => clock.setTimeout(fn, Math.max(1, ms - earlyMs)),
    setInterval: (fn, ms) => clock.setInterval(fn, ms),
  }
  const lost: Array<{ reason: string; at: number }> = []
  let answer: 'alive' | 'gone' | 'fail' | 'hang' = 'alive'
  const sent: number[] = []
  const keeper = new LeaseKeeper(
    {
      clock: keeperClock,
      ttlMs,
      renew: () => {
        sent.push(clock.now())
        if (answer === 'alive') return Promise.resolve(true)
        if (answer === 'gone') return Promise.resolve(false)
        if (answer === 'fail') return Promise.reject(new Error('unreachable'))
        return new Promise(() => {})
      },
      onLost: (reason) => lost.push({ reason, at: clock.now() }),
    },
    clock.now(),
  )
  const step = async (ms: number, by = 50): Promise<void> => {
    for (let t = 0; t < ms; t += by) {
      clock.advance(by)
      await flush()
    }
  }
  return {
    clock,
    keeper,
    lost,
    sent,
    step,
    set: (a: typeof answer) => {
      answer = a
    },
  }
}

describe('LeaseKeeper', () => {
  it('keeps the lease held while keep-alives are answered', async () => {
    const h = harness()
    await h.step(20_000)
    assert.deepEqual(h.lost, [])
    assert.equal(h.keeper.held, true)
    assert.ok(h.sent.length >= 35, `renewed ${h.sent.length} times in 20 s`)
    h.keeper.stop()
  })

  it('declares the lease lost before the earliest moment etcd could expire it when keep-alives hang', async () => {
    const h = harness()
    await h.step(3000)
    const lastAcked = h.sent.at(-1)!
    h.set('hang')
    await h.step(5000)
    assert.equal(h.lost.length, 1)
    const loss = h.lost[0]!
    assert.equal(loss.reason, 'expired')
    // etcd keeps the lease at least TTL after it received the last acknowledged keep-alive, sent at lastAcked.
    assert.ok(loss.at < lastAcked + 2000, `lost at ${loss.at}, etcd may expire at ${lastAcked + 2000}`)
    assert.ok(loss.at >= lastAcked + 2000 - 500 - 50, 'not long before it had to')
    assert.equal(h.keeper.held, false)
  })

  it('still declares the lease lost when its deadline timer fires a few ms early', async () => {
    // A CI run kept a leader for 20 s without etcd quorum: the timer fired before the wall clock reached the
    // deadline, the check said "not yet", and nothing looked again.
    const h = harness(2000, 3)
    await h.step(3000)
    const lastAcked = h.sent.at(-1)!
    h.set('hang')
    await h.step(5000, 1)
    assert.deepEqual(
      h.lost.map((l) => l.reason),
      ['expired'],
    )
    assert.ok(h.lost[0]!.at < lastAcked + 2000)
    assert.equal(h.keeper.held, false)
  })

  it('rides out failed keep-alives that succeed again within the TTL', async () => {
    const h = harness()
    await h.step(1000)
    h.set('fail')
    await h.step(700)
    h.set('alive')
    await h.step(5000)
    assert.equal(h.lost.length, 0)
    h.set('fail')
    await h.step(3000)
    assert.deepEqual(
      h.lost.map((l) => l.reason),
      ['expired'],
    )
  })

  it('loses the lease at once when etcd answers that it is gone', async () => {
    const h = harness()
    await h.step(1000)
    h.set('gone')
    const before = h.clock.now()
    await h.step(600)
    assert.equal(h.lost.length, 1)
    assert.equal(h.lost[0]?.reason, 'revoked')
    assert.ok(h.lost[0]!.at <= before + 550)
    await h.step(5000)
    assert.equal(h.lost.length, 1, 'reported once')
  })

  it('says nothing after stop', async () => {
    const h = harness()
    h.keeper.stop()
    h.set('hang')
    await h.step(10_000)
    assert.deepEqual(h.lost, [])
    assert.equal(h.keeper.held, false)
  })
})
