import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ManualClock } from '../../lib/clock.ts'
import type { MemberState, Transition } from '../../mesh/membership.ts'
import { MEMBERSHIP_DEFAULTS, Membership, runMembership } from '../../mesh/membership.ts'
import { ShoalError } from '../../proto/errors.ts'

// Lets promise callbacks (probe answers) run; no time passes on any clock.
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Advances the clock in steps, letting probe answers land between steps as they would on a real event loop. */
async function advance(clock: ManualClock, ms: number, step = 50): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    clock.advance(Math.min(step, ms - done))
    await flush()
  }
}

/** Ticks a machine every `step` ms from `from` to `to` (inclusive), answering no probe; returns all transitions. */
function tickThrough(m: Membership, from: number, to: number, step: number): Transition[] {
  const out: Transition[] = []
  for (let now = from; now <= to; now += step) out.push(...m.tick(now).transitions)
  return out
}

describe('Membership (pure)', () => {
  test('a host stopping gracefully is suspect at once, not dead while its grace lasts, alive again when it reports', () => {
    const m = new Membership()
    m.report('h1', 0)
    assert.deepEqual(m.stopping('h1', 1000, 60_000), { id: 'h1', from: 'alive', to: 'suspect', at: 1000 })
    // Probes fail all through the grace (its agent is down): it stays suspect, its dynos held.
    for (let now = 1000; now < 61_000; now += 1000) {
      for (const id of m.tick(now).probe) assert.equal(m.probeResult(id, false, now), null)
    }
    assert.equal(m.state('h1'), 'suspect')
    // The restarted agent reports: alive, and the grace is over for good.
    assert.equal(m.report('h1', 30_000)?.to, 'alive')
    m.stopping('h1', 40_000, 10_000)
    const deaths: Transition[] = []
    for (let now = 40_000; now <= 60_000; now += 1000) {
      for (const id of m.tick(now).probe) {
        const t = m.probeResult(id, false, now)
        if (t !== null) deaths.push(t)
      }
    }
    // After the grace (50 s) three failed probes make it dead, as for any host.
    assert.equal(deaths.length, 1)
    assert.equal(deaths[0]?.to, 'dead')
    assert.ok((deaths[0]?.at ?? 0) >= 52_000)
    assert.equal(m.stopping('h1', 70_000, 10_000), null, 'a dead host stays dead')
  })

  test("a router's view keeps a stopping host alive through the grace, then judges it as any other", () => {
    const m = new Membership()
    m.report('h1', 0)
    assert.equal(m.stopping('h1', 1000, 30_000, 'alive'), null)
    assert.deepEqual(tickThrough(m, 1000, 30_000, 500), [], 'silent, yet alive while the grace lasts')
    assert.equal(m.state('h1'), 'alive')
    assert.deepEqual(
      tickThrough(m, 31_000, 31_000, 500).map((t) => t.to),
      ['suspect'],
      'suspect once the grace is over',
    )
  })

  test('uses the documented defaults and rejects invalid options with INVALID_INPUT', () => {
    assert.deepEqual(new Membership().options, {
      suspectAfterMs: 5000,
      probeIntervalMs: 1000,
      probeFailuresToDead: 3,
      probeTimeoutMs: 1000,
    })
    assert.equal(new Membership({ probeFailuresToDead: 5 }).options.probeFailuresToDead, 5)
    for (const bad of [
      { suspectAfterMs: 0 },
      { probeIntervalMs: -1 },
      { probeTimeoutMs: Number.NaN },
      { probeFailuresToDead: 0 },
      { probeFailuresToDead: 1.5 },
    ]) {
      assert.throws(
        () => new Membership(bad),
        (e: unknown) => e instanceof ShoalError && e.code === 'INVALID_INPUT',
      )
    }
  })

  test('a first report adds the host as alive; further reports while alive are no transition', () => {
    const m = new Membership()
    assert.deepEqual(m.report('a', 100), { id: 'a', from: null, to: 'alive', at: 100 })
    assert.equal(m.report('a', 2100), null)
    assert.equal(m.state('a'), 'alive')
    assert.equal(m.state('unknown'), undefined)
  })

  test('alive → suspect → dead on silence and failed probes, then alive again on a report', () => {
    const m = new Membership()
    m.report('a', 0)
    assert.deepEqual(m.tick(4999), { transitions: [], probe: [] })

    const atSuspect = m.tick(5000)
    assert.deepEqual(atSuspect.transitions, [{ id: 'a', from: 'alive', to: 'suspect', at: 5000 }])
    assert.deepEqual(atSuspect.probe, ['a'], 'a new suspect is probed at once')

    assert.equal(m.probeResult('a', false, 5010), null)
    assert.deepEqual(m.tick(5500).probe, [], 'the next probe waits for probeIntervalMs')
    assert.deepEqual(m.tick(6000).probe, ['a'])
    assert.equal(m.probeResult('a', false, 6010), null)
    assert.deepEqual(m.tick(7000).probe, ['a'])
    assert.deepEqual(m.probeResult('a', false, 7010), { id: 'a', from: 'suspect', to: 'dead', at: 7010 })
    assert.equal(m.state('a'), 'dead')
    assert.deepEqual(m.tick(20_000), { transitions: [], probe: [] }, 'dead hosts are not probed')

    assert.deepEqual(m.report('a', 21_000), { id: 'a', from: 'dead', to: 'alive', at: 21_000 })
    assert.deepEqual(m.members(), [{ id: 'a', state: 'alive', lastReport: 21_000, since: 21_000 }])
  })

  test('a report brings a suspect back to alive and resets its failure count', () => {
    const m = new Membership()
    m.report('a', 0)
    m.tick(5000)
    m.probeResult('a', false, 5001)
    m.tick(6000)
    m.probeResult('a', false, 6001)
    assert.deepEqual(m.report('a', 6500), { id: 'a', from: 'suspect', to: 'alive', at: 6500 })
    // Silent again: it takes three fresh failures, not one, to be dead.
    assert.equal(m.tick(11_500).transitions[0]?.to, 'suspect')
    assert.equal(m.probeResult('a', false, 11_501), null)
    m.tick(12_500)
    assert.equal(m.probeResult('a', false, 12_501), null)
    m.tick(13_500)
    assert.equal(m.probeResult('a', false, 13_501)?.to, 'dead')
  })

  test('no flapping: a single lost report (a 4 s gap at a 2 s interval) never makes a host suspect', () => {
    const m = new Membership()
    const transitions: Transition[] = []
    // Reports every 2 s for 10 minutes, every other one lost, plus up to 900 ms of delivery jitter.
    let next = 0
    let sent = 0
    for (let now = 0; now <= 600_000; now += 100) {
      if (now === next) {
        const t = m.report('a', now)
        if (t !== null) transitions.push(t)
        next += 4000 + (sent++ % 10) * 100
      }
      transitions.push(...m.tick(now).transitions)
    }
    assert.deepEqual(transitions, [{ id: 'a', from: null, to: 'alive', at: 0 }])
  })

  test('a suspect that answers probes never becomes dead, even after 60 s and more without a report', () => {
    const m = new Membership()
    m.report('a', 0)
    const transitions: Transition[] = []
    let probes = 0
    for (let now = 0; now <= 180_000; now += 100) {
      const r = m.tick(now)
      transitions.push(...r.transitions)
      for (const id of r.probe) {
        probes++
        const t = m.probeResult(id, true, now + 20)
        if (t !== null) transitions.push(t)
      }
    }
    assert.deepEqual(transitions, [{ id: 'a', from: 'alive', to: 'suspect', at: 5000 }])
    assert.equal(m.state('a'), 'suspect')
    assert.equal(probes, 176, 'probed once a second while suspect')
  })

  test('only consecutive failures count: fail, fail, ok repeated never makes a host dead', () => {
    const m = new Membership()
    m.report('a', 0)
    const answers = [false, false, true]
    let i = 0
    for (let now = 5000; now <= 60_000; now += 250) {
      for (const id of m.tick(now).probe) {
        assert.equal(m.probeResult(id, answers[i++ % answers.length] ?? false, now + 10), null)
      }
    }
    assert.equal(m.state('a'), 'suspect')
    assert.ok(i > 50)
  })

  test('with defaults a killed host is dead within 10 s of its last report, even if probes never answer', () => {
    for (const lastReport of [0, 1234, 9999]) {
      const m = new Membership()
      m.report('a', lastReport)
      // Ticked every 250 ms; nobody ever calls probeResult: the machine's own probe deadline fails them.
      const dead = tickThrough(m, 0, lastReport + 20_000, 250).find((t) => t.to === 'dead')
      assert.ok(dead !== undefined, 'the host became dead')
      assert.ok(dead.at - lastReport <= 10_000, `dead ${dead.at - lastReport} ms after the last report`)
      assert.ok(dead.at - lastReport >= 5000 + 2 * MEMBERSHIP_DEFAULTS.probeIntervalMs)
    }
  })

  test('a probe is never handed out twice for a host while one is outstanding', () => {
    const m = new Membership({ probeTimeoutMs: 3000 })
    m.report('a', 0)
    assert.deepEqual(m.tick(5000).probe, ['a'])
    // The interval has passed twice but the first probe has neither answered nor timed out yet.
    for (let now = 5100; now < 8000; now += 100) assert.deepEqual(m.tick(now).probe, [], `at ${now}`)
    // At its deadline it counts as failed and the next probe is handed out.
    assert.deepEqual(m.tick(8000), { transitions: [], probe: ['a'] })
    assert.equal(m.probeResult('a', true, 8100), null)
    assert.deepEqual(m.tick(8500).probe, [], 'answered, but the next probe is not due before 9000')
    assert.deepEqual(m.tick(9000).probe, ['a'])
  })

  test('results for probes that are not outstanding are ignored', () => {
    const m = new Membership()
    assert.equal(m.probeResult('nobody', false, 0), null)
    m.report('a', 0)
    for (let i = 0; i < 5; i++) assert.equal(m.probeResult('a', false, 100 + i), null, 'alive hosts ignore probes')
    m.tick(5000)
    assert.equal(m.probeResult('a', false, 5001), null)
    // Unsolicited failures (a second answer, a duplicate) do not count towards dead.
    for (let i = 0; i < 5; i++) assert.equal(m.probeResult('a', false, 5002 + i), null)
    assert.equal(m.state('a'), 'suspect')
  })

  test('out-of-order reports do not move lastReport backwards', () => {
    const m = new Membership()
    m.report('a', 10_000)
    m.report('a', 8000)
    assert.equal(m.members()[0]?.lastReport, 10_000)
    assert.deepEqual(m.tick(14_999).transitions, [])
  })

  test('forget, counts and members', () => {
    const m = new Membership()
    for (const id of ['a', 'b', 'c', 'd']) m.report(id, 0)
    m.report('d', 3000)
    m.tick(5000) // a, b, c suspect; d alive
    for (const id of ['a', 'b']) {
      for (let now = 5000; now <= 7000; now += 1000) {
        m.tick(now)
        m.probeResult(id, false, now + 1)
      }
    }
    assert.deepEqual(m.counts(), { alive: 1, suspect: 1, dead: 2 })
    m.forget('a')
    m.forget('c')
    m.forget('missing')
    assert.deepEqual(m.counts(), { alive: 1, suspect: 0, dead: 1 })
    assert.equal(m.state('a'), undefined)
    assert.deepEqual(
      m.members().map((x) => [x.id, x.state]),
      [
        ['b', 'dead'],
        ['d', 'alive'],
      ],
    )
    // A forgotten host that reports again comes back as new.
    assert.deepEqual(m.report('a', 9000), { id: 'a', from: null, to: 'alive', at: 9000 })
  })

  test('many hosts: the silent ones, and only them, become suspect then dead', () => {
    const m = new Membership()
    const n = 5000
    for (let i = 0; i < n; i++) m.report(`h${i}`, 0)
    const all: Transition[] = []
    for (let now = 250; now <= 20_000; now += 250) {
      // Every host reports every 2 s (staggered); hosts whose number ends in 7 stop at 1 s.
      if (now % 2000 === 0) for (let i = 0; i < n; i++) if (i % 10 !== 7 || now < 1000) m.report(`h${i}`, now)
      const r = m.tick(now)
      all.push(...r.transitions)
      for (const id of r.probe) {
        const t = m.probeResult(id, false, now + 5)
        if (t !== null) all.push(t)
      }
    }
    assert.deepEqual(m.counts(), { alive: n - n / 10, suspect: 0, dead: n / 10 })
    assert.equal(all.filter((t) => t.to === 'suspect').length, n / 10)
    assert.ok(all.every((t) => Number(t.id.slice(1)) % 10 === 7))
    assert.ok(all.filter((t) => t.to === 'dead').every((t) => t.at <= 10_000))
  })
})

describe('Membership holds a restarting host', () => {
  test('silent and unanswering, it stays suspect until the hold ends, then dies on the next failed probe', () => {
    const m = new Membership()
    m.report('h', 0)
    m.hold('h', 60_000)
    const during = tickThrough(m, 0, 59_000, 100)
    assert.deepEqual(
      during.map((t) => t.to),
      ['suspect'],
    )
    assert.equal(m.state('h'), 'suspect')
    const after = tickThrough(m, 59_100, 62_000, 100)
    assert.deepEqual(
      after.map((t) => t.to),
      ['dead'],
    )
  })

  test('its next report lifts the hold: a later silence is judged as usual', () => {
    const m = new Membership()
    m.report('h', 0)
    m.hold('h', 60_000)
    tickThrough(m, 0, 10_000, 100)
    m.report('h', 10_000) // the new agent is back
    m.hold('h', 0) // its reports carry no grace (HostRegistry.accept)
    assert.equal(m.state('h'), 'alive')
    const dead = tickThrough(m, 10_100, 20_000, 100).find((t) => t.to === 'dead')
    assert.ok(dead !== undefined && dead.at < 20_000, 'dead about 8 s after the last report, as without a hold')
  })

  test('without a hold the same silence is dead in about 8 s', () => {
    const m = new Membership()
    m.report('h', 0)
    const dead = tickThrough(m, 0, 20_000, 100).find((t) => t.to === 'dead')
    assert.ok(dead !== undefined && dead.at <= 9_000)
  })
})

describe('runMembership (driver)', () => {
  interface FakeProber {
    probe: (id: string, signal: AbortSignal) => Promise<boolean>
    started: string[]
    maxConcurrent: Map<string, number>
    aborted: number
  }

  /** A prober whose answer per host is decided by `answer`; it takes `delayMs` on the clock and honours aborts. */
  function fakeProber(clock: ManualClock, answer: (id: string) => boolean | 'hang', delayMs = 30): FakeProber {
    const running = new Map<string, number>()
    const fake: FakeProber = {
      started: [],
      maxConcurrent: new Map(),
      aborted: 0,
      probe: (id, signal) => {
        fake.started.push(id)
        const now = (running.get(id) ?? 0) + 1
        running.set(id, now)
        fake.maxConcurrent.set(id, Math.max(now, fake.maxConcurrent.get(id) ?? 0))
        return new Promise<boolean>((resolve, reject) => {
          const done = (): void => void running.set(id, (running.get(id) ?? 1) - 1)
          const a = answer(id)
          const timer =
            a === 'hang'
              ? null
              : clock.setTimeout(() => {
                  done()
                  resolve(a)
                }, delayMs)
          signal.addEventListener('abort', () => {
            timer?.cancel()
            done()
            fake.aborted++
            reject(signal.reason)
          })
        })
      },
    }
    return fake
  }

  test('drives alive → suspect → dead → alive with a fake prober', async () => {
    const clock = new ManualClock(0)
    const m = new Membership()
    const seen: Transition[] = []
    const prober = fakeProber(clock, () => false)
    const driver = runMembership(m, { clock, probe: prober.probe, onTransition: (t) => seen.push(t) })
    assert.deepEqual(driver.report('a'), { id: 'a', from: null, to: 'alive', at: 0 })
    await advance(clock, 15_000, 10)
    assert.deepEqual(
      seen.map((t) => [t.from, t.to, t.at]),
      [
        [null, 'alive', 0],
        ['alive', 'suspect', 5000],
        ['suspect', 'dead', 7030],
      ],
    )
    assert.deepEqual(prober.started, ['a', 'a', 'a'])
    driver.report('a')
    assert.deepEqual(seen.at(-1), { id: 'a', from: 'dead', to: 'alive', at: 15_000 })
    driver.stop()
  })

  test('probes that never answer are aborted at probeTimeoutMs and the host is dead within 10 s', async () => {
    const clock = new ManualClock(0)
    const m = new Membership()
    const seen: Transition[] = []
    const prober = fakeProber(clock, () => 'hang')
    const driver = runMembership(m, { clock, probe: prober.probe, onTransition: (t) => seen.push(t) })
    await advance(clock, 700)
    driver.report('a')
    await advance(clock, 20_000)
    const dead = seen.find((t) => t.to === 'dead')
    assert.ok(dead !== undefined)
    assert.ok(dead.at - 700 <= 10_000, `dead ${dead.at - 700} ms after the last report`)
    assert.equal(prober.started.length, 3)
    assert.equal(prober.aborted, 3, 'each hanging probe was aborted')
    assert.equal(prober.maxConcurrent.get('a'), 1)
    driver.stop()
  })

  test('never runs two probes at once for a host, even when probes are slower than the interval', async () => {
    const clock = new ManualClock(0)
    const m = new Membership({ probeTimeoutMs: 2500 })
    const prober = fakeProber(clock, () => true, 1800)
    const driver = runMembership(m, { clock, probe: prober.probe, onTransition: () => {} })
    for (const id of ['a', 'b', 'c']) driver.report(id)
    await advance(clock, 60_000)
    for (const id of ['a', 'b', 'c']) {
      assert.equal(prober.maxConcurrent.get(id), 1, id)
      assert.equal(m.state(id), 'suspect', 'answers, slowly, so stays suspect')
    }
    // From 5 s to 60 s: each probe runs 1.8 s, the next starts on the following 250 ms tick, so one every 2 s.
    assert.equal(prober.started.filter((id) => id === 'a').length, 28)
    driver.stop()
  })

  test('a late answer of a timed-out probe is not taken for the answer of the next one', async () => {
    const clock = new ManualClock(0)
    const m = new Membership()
    const seen: Transition[] = []
    // Ignores the abort signal and answers "ok" after 1.5 s, past the 1 s deadline.
    const probe = (_id: string, _signal: AbortSignal): Promise<boolean> =>
      new Promise((resolve) => clock.setTimeout(() => resolve(true), 1500))
    const driver = runMembership(m, { clock, probe, onTransition: (t) => seen.push(t) })
    driver.report('a')
    await advance(clock, 12_000)
    assert.deepEqual(
      seen.map((t) => t.to),
      ['alive', 'suspect', 'dead'],
    )
    driver.stop()
  })

  test('a probe that throws or rejects counts as failed', async () => {
    for (const probe of [
      (): Promise<boolean> => {
        throw new Error('no route to host')
      },
      (): Promise<boolean> => Promise.reject(new Error('connection refused')),
    ]) {
      const clock = new ManualClock(0)
      const m = new Membership()
      const driver = runMembership(m, { clock, probe, onTransition: () => {} })
      driver.report('a')
      await advance(clock, 7500)
      assert.equal(m.state('a'), 'dead')
      driver.stop()
    }
  })

  test('a report while a probe runs aborts it; stop() aborts probes and stops ticking', async () => {
    const clock = new ManualClock(0)
    const m = new Membership()
    const seen: Transition[] = []
    const prober = fakeProber(clock, () => 'hang')
    const driver = runMembership(m, { clock, probe: prober.probe, onTransition: (t) => seen.push(t) })
    driver.report('a')
    driver.report('b')
    await advance(clock, 5100)
    assert.deepEqual(prober.started, ['a', 'b'])
    driver.report('a')
    await flush()
    assert.equal(prober.aborted, 1)
    assert.equal(m.state('a'), 'alive')
    const before = seen.length
    driver.stop()
    await flush()
    assert.equal(prober.aborted, 2, 'the probe of b was aborted by stop()')
    await advance(clock, 30_000)
    assert.equal(seen.length, before, 'no transitions after stop()')
    assert.equal(m.state('b'), 'suspect')
  })

  test('many hosts through the driver: killed hosts dead within 10 s, busy ones suspect, others alive', async () => {
    const clock = new ManualClock(0)
    const m = new Membership()
    const seen: Transition[] = []
    const n = 300
    const killed = (i: number): boolean => i % 10 === 3
    const busy = (i: number): boolean => i % 10 === 5 // stops reporting but answers probes
    const prober = fakeProber(clock, (id) => !killed(Number(id.slice(1))), 20)
    const driver = runMembership(m, { clock, probe: prober.probe, onTransition: (t) => seen.push(t) })
    const killAt = 10_000
    const reporter = clock.setInterval(() => {
      for (let i = 0; i < n; i++) {
        if (clock.now() >= killAt && (killed(i) || busy(i))) continue
        driver.report(`h${i}`)
      }
    }, 2000)
    await advance(clock, 40_000, 100)
    reporter.cancel()
    driver.stop()

    const expected: Record<MemberState, number> = { alive: n * 0.8, suspect: n * 0.1, dead: n * 0.1 }
    assert.deepEqual(m.counts(), expected)
    for (let i = 0; i < n; i++) {
      const state = m.state(`h${i}`)
      assert.equal(state, killed(i) ? 'dead' : busy(i) ? 'suspect' : 'alive', `h${i}`)
    }
    const lastReport = 8000
    for (const t of seen.filter((x) => x.to === 'dead')) assert.ok(t.at - lastReport <= 10_000)
    for (const max of prober.maxConcurrent.values()) assert.equal(max, 1)
  })
})
