// The etcd client's per-member policy: a member that fails a call at the connection level is left out at once; after
// a doubling backoff (capped) the breaker checks the member itself, in the background, and lets calls back in only
// once it answered; no caller's request is the try; an error etcd answered with does not count.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GRPCCancelledError, GRPCDeadlineExceededError, GRPCInvalidArgumentError, GRPCUnavailableError } from 'etcd3'
import { BreakerGroup, MEMBER_BACKOFF_MS, memberBreaker } from '../../controller/store/etcd-connection.ts'

const PROBE_TIMEOUT_MS = 5000

import { ManualClock } from '../../lib/clock.ts'

function servingGroup(): BreakerGroup {
  const group = new BreakerGroup()
  group.join()
  return group
}

describe('memberBreaker', () => {
  /** A breaker in `group`; by default beside another member that serves (so a left-out one is skipped). */
  const setup = (group = servingGroup()) => {
    const clock = new ManualClock(1_000_000)
    /** The health checks the breaker started, each settled when the test says so. */
    const probes: Array<{ signal: AbortSignal; settle: (fail?: Error) => void }> = []
    const policy = memberBreaker(
      (signal) =>
        new Promise<void>((resolve, reject) => {
          probes.push({ signal, settle: (fail) => (fail === undefined ? resolve() : reject(fail)) })
          signal.addEventListener('abort', () => reject(new Error('no answer to the health check')))
        }),
      { clock, probeTimeoutMs: PROBE_TIMEOUT_MS, group },
    ) as unknown as {
      execute: (fn: () => unknown) => Promise<unknown>
    }
    let calls = 0
    const call = (fail?: Error) =>
      policy.execute(async () => {
        calls++
        if (fail !== undefined) throw fail
        return 'ok'
      })
    const settled = () => new Promise((resolve) => setImmediate(resolve))
    return { call, probes, settled, calls: () => calls, advance: (ms: number) => clock.advance(ms) }
  }

  it('leaves a failed member out at once and lets calls back in only after its own health check answered', async () => {
    const t = setup()
    await assert.rejects(t.call(new GRPCUnavailableError('connect EHOSTUNREACH')))
    assert.equal(t.calls(), 1)
    // Open: the pool's next call is refused without reaching the member (so the pool picks another one).
    await assert.rejects(t.call(), /circuit breaker is open/)
    assert.equal(t.probes.length, 0, 'no check before the backoff ran out')
    t.advance(MEMBER_BACKOFF_MS.first)
    // The backoff ran out: the next call starts a check, and is itself still sent elsewhere.
    await assert.rejects(t.call(), /circuit breaker is open/)
    for (let i = 0; i < 5; i++) await assert.rejects(t.call(), /circuit breaker is open/)
    assert.equal(t.probes.length, 1, 'one check at a time')
    assert.equal(t.calls(), 1, 'no caller’s request tries the member')
    t.probes[0]?.settle()
    await t.settled()
    assert.equal(await t.call(), 'ok')
    assert.equal(t.calls(), 2)
  })

  it('doubles the wait while the checks fail, up to its cap; a check that hangs fails at its own timeout', async () => {
    const t = setup()
    await assert.rejects(t.call(new GRPCDeadlineExceededError('Deadline exceeded, Waiting for LB pick')))
    t.advance(MEMBER_BACKOFF_MS.first)
    await assert.rejects(t.call(), /circuit breaker is open/)
    // The member's machine is gone: the check gets no answer and gives up after PROBE_TIMEOUT_MS.
    t.advance(PROBE_TIMEOUT_MS)
    assert.equal(t.probes[0]?.signal.aborted, true)
    await t.settled()
    t.advance(MEMBER_BACKOFF_MS.first * 2 - 1)
    await assert.rejects(t.call(), /circuit breaker is open/)
    assert.equal(t.probes.length, 1, 'still waiting out the doubled backoff')
    t.advance(1)
    await assert.rejects(t.call(), /circuit breaker is open/)
    assert.equal(t.probes.length, 2)
    t.probes[1]?.settle(new GRPCUnavailableError('still down'))
    await t.settled()
    for (let i = 0; i < 10; i++) {
      t.advance(MEMBER_BACKOFF_MS.max)
      await assert.rejects(t.call(), /circuit breaker is open/)
      t.probes.at(-1)?.settle(new GRPCUnavailableError('still down'))
      await t.settled()
    }
    assert.equal(t.probes.length, 12, 'the wait stops growing at the cap')
    t.advance(MEMBER_BACKOFF_MS.max)
    await assert.rejects(t.call(), /circuit breaker is open/)
    t.probes.at(-1)?.settle()
    await t.settled()
    assert.equal(await t.call(), 'ok')
    // Reset: the next failure leaves it out for the first backoff again.
    await assert.rejects(t.call(new GRPCUnavailableError('down again')))
    t.advance(MEMBER_BACKOFF_MS.first)
    await assert.rejects(t.call(), /circuit breaker is open/)
    assert.equal(t.probes.length, 14)
  })

  it('lets calls through when every member of the client is left out: a slow etcd is still better than none', async () => {
    const group = new BreakerGroup()
    const a = setup(group)
    const b = setup(group)
    await assert.rejects(a.call(new GRPCDeadlineExceededError('Deadline exceeded')))
    await assert.rejects(a.call(), /circuit breaker is open/, 'b still serves: a is skipped')
    await assert.rejects(b.call(new GRPCDeadlineExceededError('Deadline exceeded')))
    // Both out: calls reach them again; an answer lets a member back in.
    assert.equal(await a.call(), 'ok')
    await assert.rejects(b.call(new GRPCUnavailableError('still slow')))
    assert.equal(await a.call(), 'ok')
    await assert.rejects(b.call(), /circuit breaker is open/, 'a serves again: b is skipped')
  })

  it('does not count an answer from etcd (a refused request) or a cancelled call against the member', async () => {
    const t = setup()
    await assert.rejects(t.call(new GRPCInvalidArgumentError('bad request')))
    await assert.rejects(t.call(new GRPCCancelledError('Cancelled on client')))
    assert.equal(await t.call(), 'ok')
    assert.equal(t.calls(), 3)
    assert.equal(t.probes.length, 0)
  })
})
