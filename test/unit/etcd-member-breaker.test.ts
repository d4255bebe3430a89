// The etcd client's per-member policy: a member that fails a call at the connection level is left out at once and
// tried again after a doubling backoff (capped); a success resets it; an error etcd answered with does not count.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GRPCCancelledError, GRPCDeadlineExceededError, GRPCInvalidArgumentError, GRPCUnavailableError } from 'etcd3'
import { MEMBER_BACKOFF_MS, memberBreaker } from '../../controller/store/etcd-connection.ts'

describe('memberBreaker', () => {
  const setup = () => {
    let now = 1_000_000
    const policy = memberBreaker(() => now) as unknown as {
      execute: (fn: () => Promise<unknown>) => Promise<unknown>
    }
    let calls = 0
    const call = (fail?: Error) =>
      policy.execute(async () => {
        calls++
        if (fail !== undefined) throw fail
        return 'ok'
      })
    return { call, calls: () => calls, advance: (ms: number) => (now += ms) }
  }

  it('leaves a failed member out at once, with a backoff that doubles up to its cap, and resets on success', async () => {
    const t = setup()
    await assert.rejects(t.call(new GRPCUnavailableError('connect EHOSTUNREACH')))
    assert.equal(t.calls(), 1)
    // Open: the pool's next call is refused without reaching the member (so the pool picks another one).
    await assert.rejects(t.call(), /circuit breaker is open/)
    assert.equal(t.calls(), 1)
    t.advance(MEMBER_BACKOFF_MS.first)
    // Half-open: one try; it fails again, so the member stays out twice as long.
    await assert.rejects(t.call(new GRPCUnavailableError('still down')))
    t.advance(MEMBER_BACKOFF_MS.first * 2 - 1)
    await assert.rejects(t.call(), /circuit breaker is open/)
    t.advance(1)
    await assert.rejects(t.call(new GRPCUnavailableError('still down')))
    // Many failures later the wait stops growing at the cap.
    for (let i = 0; i < 10; i++) {
      t.advance(MEMBER_BACKOFF_MS.max)
      await assert.rejects(t.call(new GRPCUnavailableError('still down')))
    }
    t.advance(MEMBER_BACKOFF_MS.max)
    assert.equal(await t.call(), 'ok')
    // Reset: the next failure leaves it out for the first backoff again.
    await assert.rejects(t.call(new GRPCUnavailableError('down again')))
    t.advance(MEMBER_BACKOFF_MS.first)
    assert.equal(await t.call(), 'ok')
  })

  it('does not count an answer from etcd (a refused request) or a cancelled call against the member', async () => {
    const t = setup()
    await assert.rejects(t.call(new GRPCInvalidArgumentError('bad request')))
    await assert.rejects(t.call(new GRPCCancelledError('Cancelled on client')))
    assert.equal(await t.call(), 'ok')
    assert.equal(t.calls(), 3)
  })

  it('leaves a member out after a deadline too (a machine gone without refusing)', async () => {
    const t = setup()
    await assert.rejects(t.call(new GRPCDeadlineExceededError('Deadline exceeded, Waiting for LB pick')))
    await assert.rejects(t.call(), /circuit breaker is open/)
  })
})
