import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../lib/clock.ts'
import { Balancer } from '../../router/balancer.ts'

const backends = [{ dynoId: 'a' }, { dynoId: 'b' }, { dynoId: 'c' }]
const none = new Set<string>()
/** A random source that returns the given values in turn. */
const seq = (...values: number[]) => {
  let i = 0
  return () => values[i++ % values.length]!
}

describe('Balancer', () => {
  it('takes the less loaded of the two sampled backends', () => {
    const bal = new Balancer({ clock: new ManualClock() })
    bal.acquire('a')
    bal.acquire('a')
    // samples a (index 0) then b (index 0 of the rest, shifted past a → 1)
    assert.equal(bal.pick(backends, none, seq(0, 0))?.dynoId, 'b')
    bal.acquire('b')
    bal.acquire('b')
    bal.acquire('b')
    assert.equal(bal.pick(backends, none, seq(0, 0))?.dynoId, 'a')
  })

  it('keeps the first sample on a tie, so the random source decides', () => {
    const bal = new Balancer({ clock: new ManualClock() })
    assert.equal(bal.pick(backends, none, seq(0.9, 0))?.dynoId, 'c')
    assert.equal(bal.pick(backends, none, seq(0.4, 0.9))?.dynoId, 'b')
  })

  it('spreads load: with one busy backend it is never chosen when the other sample is idle', () => {
    const bal = new Balancer({ clock: new ManualClock() })
    const two = [{ dynoId: 'a' }, { dynoId: 'b' }]
    bal.acquire('a')
    let x = 0
    const lcg = () => {
      x = (x * 1103515245 + 12345) % 2 ** 31
      return x / 2 ** 31
    }
    for (let i = 0; i < 50; i++) assert.equal(bal.pick(two, none, lcg)?.dynoId, 'b')
  })

  it('releases in-flight counts once per acquire', () => {
    const bal = new Balancer({ clock: new ManualClock() })
    const release = bal.acquire('a')
    bal.acquire('a')
    assert.equal(bal.inFlight('a'), 2)
    release()
    release()
    assert.equal(bal.inFlight('a'), 1)
  })

  it('skips excluded backends and returns undefined when none is left', () => {
    const bal = new Balancer({ clock: new ManualClock() })
    assert.equal(bal.pick(backends, new Set(['a', 'b']), seq(0.5))?.dynoId, 'c')
    assert.equal(bal.pick(backends, new Set(['a', 'b', 'c']), seq(0.5)), undefined)
    assert.equal(bal.pick([], none, seq(0.5)), undefined)
  })

  it('quarantines a backend for 5 s after a connect failure', () => {
    const clock = new ManualClock(1000)
    const bal = new Balancer({ clock })
    const two = [{ dynoId: 'a' }, { dynoId: 'b' }]
    bal.quarantine('a')
    bal.acquire('b')
    bal.acquire('b')
    // b is busier but a is quarantined
    assert.equal(bal.pick(two, none, seq(0, 0))?.dynoId, 'b')
    clock.advance(4999)
    assert.equal(bal.isQuarantined('a'), true)
    assert.equal(bal.pick(two, none, seq(0, 0))?.dynoId, 'b')
    clock.advance(1)
    assert.equal(bal.isQuarantined('a'), false)
    assert.equal(bal.pick(two, none, seq(0, 0))?.dynoId, 'a')
  })

  it('falls back to a quarantined backend when nothing else is left', () => {
    const bal = new Balancer({ clock: new ManualClock(), quarantineMs: 5000 })
    bal.quarantine('a')
    bal.quarantine('b')
    assert.ok(['a', 'b'].includes(bal.pick([{ dynoId: 'a' }, { dynoId: 'b' }], none, seq(0.1, 0.1))?.dynoId ?? ''))
    assert.equal(bal.pick([{ dynoId: 'a' }, { dynoId: 'b' }], new Set(['a']), seq(0.1))?.dynoId, 'b')
  })
})
