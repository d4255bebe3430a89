import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backoffPolicy, DEFAULT_BACKOFF, delayFor, INITIAL_BACKOFF, onCrash } from '../../agent/dynos/backoff.ts'

const MIN = 60_000

test('the first crash restarts at once, then 10 s, 20 s, 40 s … capped at 5 min', () => {
  let state = INITIAL_BACKOFF
  const delays: number[] = []
  let t = 0
  for (let i = 0; i < 9; i++) {
    const d = onCrash(state, { startedAt: t, exitedAt: t + 1000 })
    delays.push(d.delayMs)
    state = d.state
    t += 1000 + d.delayMs
  }
  assert.deepEqual(delays, [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000])
})

test('a run of 10 minutes resets the count; one just short of it does not', () => {
  let state = INITIAL_BACKOFF
  for (let i = 0; i < 4; i++) state = onCrash(state, { startedAt: 0, exitedAt: 5 }).state
  assert.equal(state.crashes, 4)
  const short = onCrash(state, { startedAt: 0, exitedAt: 10 * MIN - 1 })
  assert.equal(short.delayMs, 80_000)
  const stable = onCrash(state, { startedAt: 0, exitedAt: 10 * MIN })
  assert.equal(stable.delayMs, 0)
  assert.equal(stable.state.crashes, 1)
  assert.equal(onCrash(stable.state, { startedAt: 0, exitedAt: 1 }).delayMs, 10_000)
})

test('the policy is configurable and checked', () => {
  const p = backoffPolicy({ immediateRestarts: 2, initialDelayMs: 1000, factor: 3, maxDelayMs: 5000 })
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => delayFor(n, p)),
    [0, 0, 1000, 3000, 5000, 5000],
  )
  assert.equal(delayFor(10_000, DEFAULT_BACKOFF), DEFAULT_BACKOFF.maxDelayMs)
  assert.throws(() => backoffPolicy({ factor: 0.5 }), { code: 'INVALID_INPUT' })
  assert.throws(() => backoffPolicy({ stableRunMs: 0 }), { code: 'INVALID_INPUT' })
})
