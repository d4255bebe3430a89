import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Registry } from 'prom-client'
import { ManualClock } from '../../lib/clock.ts'
import { appLine, type LogLineInput } from '../../lib/log-format.ts'
import { LogShipper, type LogShipperOptions } from '../../lib/log-shipper.ts'
import type { LogBatch } from '../../proto/codec.ts'
import { metricValue } from '../helpers/mesh.ts'

const T0 = Date.UTC(2026, 10, 26, 15, 0, 0)

interface Sent {
  at: number
  target: string
  lines: string[]
}

/** A transport whose answers the test decides: each send waits until settle() or fails when `failing` is set. */
function fakeHub(clock: ManualClock) {
  const sent: Sent[] = []
  const waiting: Array<() => void> = []
  const state = { failing: false, hold: false }
  const send = (target: string, batch: LogBatch): Promise<void> => {
    sent.push({ at: clock.now() - T0, target, lines: (batch.lines ?? []).map((l) => l.message ?? '') })
    if (state.failing) return Promise.reject(new Error('unreachable'))
    if (!state.hold) return Promise.resolve()
    return new Promise((resolve) => waiting.push(resolve))
  }
  return {
    sent,
    state,
    send,
    settle: () => {
      for (const r of waiting.splice(0)) r()
    },
  }
}

const line = (i: number, app = 'myapp'): LogLineInput => appLine(app, 'web.1', `line ${i}`, (T0 + i) * 1000)
/** Lets promise callbacks run; no real time passes. */
const settled = (): Promise<void> => new Promise((r) => setImmediate(r))

function shipper(clock: ManualClock, hub: ReturnType<typeof fakeHub>, options: Partial<LogShipperOptions> = {}) {
  return new LogShipper({ clock, target: () => 'hub-peer', send: hub.send, random: () => 1, ...options })
}

describe('LogShipper', () => {
  it('sends a batch 200 ms after its first line', async () => {
    const clock = new ManualClock(T0)
    const hub = fakeHub(clock)
    const s = shipper(clock, hub)
    s.ship(line(1))
    clock.advance(50)
    s.ship(line(2))
    clock.advance(149)
    await settled()
    assert.equal(hub.sent.length, 0)
    clock.advance(1)
    await settled()
    assert.deepEqual(hub.sent, [{ at: 200, target: 'hub-peer', lines: ['line 1', 'line 2'] }])
    assert.deepEqual(s.stats(), { queued: 0, sent: 2, dropped: 0, failures: 0 })
  })

  it('sends at once when 500 lines are waiting, one batch in flight at a time, in order', async () => {
    const clock = new ManualClock(T0)
    const hub = fakeHub(clock)
    hub.state.hold = true
    const s = shipper(clock, hub)
    for (let i = 0; i < 1200; i++) s.ship(line(i))
    await settled()
    assert.equal(hub.sent.length, 1, 'the first 500 leave without waiting for the timer')
    assert.equal(hub.sent[0]?.lines.length, 500)
    hub.settle()
    await settled()
    assert.equal(hub.sent.length, 2, 'the next full batch follows the ack')
    hub.settle()
    await settled()
    assert.equal(hub.sent.length, 2, 'a partial batch waits for the flush interval')
    clock.advance(200)
    await settled()
    hub.settle()
    await settled()
    assert.deepEqual(
      hub.sent.map((b) => b.lines.length),
      [500, 500, 200],
    )
    const all = hub.sent.flatMap((b) => b.lines)
    assert.deepEqual(
      all,
      Array.from({ length: 1200 }, (_, i) => `line ${i}`),
    )
  })

  it('retries with exponential back-off and keeps the lines until the hub acknowledges them', async () => {
    const clock = new ManualClock(T0)
    const hub = fakeHub(clock)
    const registry = new Registry()
    const s = shipper(clock, hub, { backoffInitialMs: 100, backoffMaxMs: 1000, registry })
    hub.state.failing = true
    s.ship(line(1))
    for (let t = 0; t < 4000; t += 10) {
      clock.advance(10)
      await settled()
    }
    // 200 (flush), then +100, +200, +400, +800, +1000 (capped), +1000 …
    assert.deepEqual(
      hub.sent.map((b) => b.at),
      [200, 300, 500, 900, 1700, 2700, 3700],
    )
    hub.state.failing = false
    s.ship(line(2))
    clock.advance(1000)
    await settled()
    assert.deepEqual(hub.sent.at(-1), { at: 4700, target: 'hub-peer', lines: ['line 1', 'line 2'] })
    assert.equal(s.stats().queued, 0)
    assert.equal(await metricValue(registry, 'shoal_log_shipper_send_failures_total'), 7)
    assert.equal(await metricValue(registry, 'shoal_log_shipper_lines_sent_total'), 2)
    // Success resets the back-off: flush at 5200, first retry 100 ms later.
    hub.state.failing = true
    s.ship(line(3))
    clock.advance(200)
    await settled()
    clock.advance(100)
    await settled()
    assert.deepEqual(
      hub.sent.slice(-2).map((b) => b.at),
      [5200, 5300],
    )
  })

  it('jitters the back-off between half and all of the base delay', async () => {
    const clock = new ManualClock(T0)
    const hub = fakeHub(clock)
    hub.state.failing = true
    const s = shipper(clock, hub, { backoffInitialMs: 100, random: () => 0 })
    s.ship(line(1))
    for (let t = 0; t < 400; t += 10) {
      clock.advance(10)
      await settled()
    }
    assert.deepEqual(
      hub.sent.map((b) => b.at),
      [200, 250, 350],
    )
    await s.stop({ signal: AbortSignal.abort() })
  })

  it('treats an unknown hub as unreachable', async () => {
    const clock = new ManualClock(T0)
    const hub = fakeHub(clock)
    let leader: string | undefined
    const s = shipper(clock, hub, { target: () => leader, backoffInitialMs: 100 })
    s.ship(line(1))
    clock.advance(200)
    await settled()
    assert.equal(hub.sent.length, 0)
    assert.equal(s.stats().failures, 1)
    leader = 'new-leader'
    clock.advance(100)
    await settled()
    assert.deepEqual(hub.sent, [{ at: 300, target: 'new-leader', lines: ['line 1'] }])
  })

  it('drops the oldest lines past the queue limit and announces them per app with an L10 line', async () => {
    const clock = new ManualClock(T0)
    const hub = fakeHub(clock)
    const registry = new Registry()
    hub.state.failing = true
    const s = shipper(clock, hub, { maxQueue: 10, backoffInitialMs: 100, registry })
    for (let i = 0; i < 12; i++) s.ship(line(i, i % 2 === 0 ? 'app-even' : 'app-odd'))
    clock.advance(200)
    await settled()
    for (let i = 12; i < 20; i++) s.ship(line(i))
    assert.deepEqual(s.stats(), { queued: 10, sent: 0, dropped: 10, failures: 1 })
    assert.equal(await metricValue(registry, 'shoal_log_shipper_lines_dropped_total'), 10)
    assert.equal(await metricValue(registry, 'shoal_log_shipper_queued_lines'), 10)
    hub.state.failing = false
    clock.advance(100)
    await settled()
    const last = hub.sent.at(-1)
    assert.deepEqual(last?.lines, [
      'Error L10 (output buffer overflow): 5 messages dropped since 2026-11-26T15:00:00.000000+00:00.',
      'Error L10 (output buffer overflow): 5 messages dropped since 2026-11-26T15:00:00.001000+00:00.',
      ...Array.from({ length: 10 }, (_, i) => `line ${i + 10}`),
    ])
    assert.equal(s.stats().queued, 0)
  })

  it('splits long and multi-line messages before batching', async () => {
    const clock = new ManualClock(T0)
    const hub = fakeHub(clock)
    const s = shipper(clock, hub)
    s.ship(appLine('myapp', 'web.1', `a\nb\n${'x'.repeat(10_005)}`, T0 * 1000))
    clock.advance(200)
    await settled()
    assert.deepEqual(
      hub.sent[0]?.lines.map((l) => l.length),
      [1, 1, 10_000, 5],
    )
  })

  it('stop() delivers what is queued, then ships nothing more', async () => {
    const clock = new ManualClock(T0)
    const hub = fakeHub(clock)
    const s = shipper(clock, hub)
    for (let i = 0; i < 700; i++) s.ship(line(i))
    await settled()
    await s.stop()
    assert.deepEqual(
      hub.sent.map((b) => b.lines.length),
      [500, 200],
    )
    s.ship(line(9999))
    clock.advance(1000)
    await settled()
    assert.equal(hub.sent.length, 2)
  })

  it('stop() gives up when its signal fires while the hub is away', async () => {
    const clock = new ManualClock(T0)
    const hub = fakeHub(clock)
    hub.state.failing = true
    const s = shipper(clock, hub)
    s.ship(line(1))
    await s.stop({ signal: AbortSignal.abort() })
    assert.equal(hub.sent.length, 0)
    assert.equal(s.stats().queued, 1)
  })
})
