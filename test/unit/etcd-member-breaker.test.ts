// The etcd client's per-member policy: a member that fails a call at the connection level is left out at once and
// tried again after a doubling backoff (capped) by one call at a time; a success resets it; an error etcd answered
// with does not count; opening a stream is no answer.
import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { describe, it } from 'node:test'
import { GRPCCancelledError, GRPCDeadlineExceededError, GRPCInvalidArgumentError, GRPCUnavailableError } from 'etcd3'
import { MEMBER_BACKOFF_MS, memberBreaker } from '../../controller/store/etcd-connection.ts'

describe('memberBreaker', () => {
  const setup = () => {
    let now = 1_000_000
    const policy = memberBreaker(() => now) as unknown as {
      execute: (fn: () => unknown) => Promise<unknown>
    }
    let calls = 0
    const call = (fail?: Error) =>
      policy.execute(async () => {
        calls++
        if (fail !== undefined) throw fail
        return 'ok'
      })
    /** A call that is answered (or fails) only when the test says so. */
    const pending = () => {
      let settle!: (fail?: Error) => void
      const answered = policy.execute(() => {
        calls++
        return new Promise((resolve, reject) => {
          settle = (fail) => (fail === undefined ? resolve('ok') : reject(fail))
        })
      })
      return { answered, settle: (fail?: Error) => settle(fail) }
    }
    /** Opening a stream: the pool gets it at once, before the member answered anything. */
    const stream = () =>
      policy.execute(() => {
        calls++
        return new EventEmitter()
      })
    return { call, pending, stream, calls: () => calls, advance: (ms: number) => (now += ms) }
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

  it('once the backoff ran out, lets one call try the member while every other call still goes elsewhere', async () => {
    // A machine gone (not refusing): each try hangs to its deadline. Letting every call back in at once stalled a
    // third of all calls for that whole deadline, and a new leader's start and rounds with them.
    const t = setup()
    await assert.rejects(t.call(new GRPCDeadlineExceededError('Deadline exceeded, Waiting for LB pick')))
    t.advance(MEMBER_BACKOFF_MS.first)
    const probe = t.pending()
    assert.equal(t.calls(), 2)
    for (let i = 0; i < 5; i++) await assert.rejects(t.call(), /circuit breaker is open/)
    assert.equal(t.calls(), 2, 'while one call tries the member, the others are not sent to it')
    probe.settle(new GRPCDeadlineExceededError('Deadline exceeded, Waiting for LB pick'))
    await assert.rejects(probe.answered)
    await assert.rejects(t.call(), /circuit breaker is open/)
    t.advance(MEMBER_BACKOFF_MS.first * 2)
    // The member is back: its answer lets everyone in again.
    const back = t.pending()
    await assert.rejects(t.call(), /circuit breaker is open/)
    back.settle()
    assert.equal(await back.answered, 'ok')
    const a = t.pending()
    const b = t.pending()
    a.settle()
    b.settle()
    assert.deepEqual(await Promise.all([a.answered, b.answered]), ['ok', 'ok'])
  })

  it('does not take a stream opened on a suspect member for an answer', async () => {
    const t = setup()
    await assert.rejects(t.call(new GRPCUnavailableError('connect EHOSTUNREACH')))
    t.advance(MEMBER_BACKOFF_MS.first)
    await t.stream()
    // Still suspect: the next call is the try, and only one at a time.
    const probe = t.pending()
    await assert.rejects(t.call(), /circuit breaker is open/)
    probe.settle(new GRPCUnavailableError('still down'))
    await assert.rejects(probe.answered)
    await assert.rejects(t.call(), /circuit breaker is open/)
    t.advance(MEMBER_BACKOFF_MS.first * 2)
    // An answer etcd gave (a refused request) also shows the member is back.
    await assert.rejects(t.call(new GRPCInvalidArgumentError('bad request')))
    const a = t.pending()
    assert.equal(await t.call(), 'ok', 'no longer one call at a time')
    a.settle()
    assert.equal(await a.answered, 'ok')
  })
})
