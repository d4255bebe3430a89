// MetricWindows: router reports with real DDSketch encodings (built like the router builds them) merged across
// routers and reports into windows; replays ignored, old samples dropped, broken sketches counted and skipped.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DDSketch } from '@datadog/sketches-js'
import { MetricWindows } from '../../controller/autoscaler/metric-windows.ts'
import { type RouterReport, RouterReportCodec } from '../../proto/codec.ts'

function sketch(values: number[]): Uint8Array {
  const s = new DDSketch({ relativeAccuracy: 0.01 })
  for (const v of values) s.accept(v)
  return s.toProto()
}

function report(sentAtMs: number, stats: Array<Record<string, unknown>>): RouterReport {
  // Through the wire codec, as the leader receives it.
  const encoded = RouterReportCodec.encode({ hostId: 'r', sentAtMs, intervalMs: 2000, stats, drained: [] })
  return RouterReportCodec.decode(encoded)
}

const range = (from: number, n: number, step = 1): number[] => Array.from({ length: n }, (_, i) => from + i * step)

function exactP95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.ceil(0.95 * sorted.length) - 1] as number
}

describe('metric windows', () => {
  it('merges queue and response sketches across routers and reports within the sketch accuracy', () => {
    const w = new MetricWindows()
    const a1 = range(1, 500)
    const a2 = range(300, 400, 2)
    const b1 = range(1000, 100, 3)
    w.ingest(
      report(1, [
        {
          app: 'shop',
          processType: 'web',
          arrivals: 500,
          completions: 480,
          inFlight: 3,
          queueLength: 2,
          queueSketch: sketch(a1),
          serviceSketch: sketch(range(10, 500)),
          dynos: 2,
        },
      ]),
      'A',
      10_000,
    )
    w.ingest(
      report(2, [
        {
          app: 'shop',
          processType: 'web',
          arrivals: 400,
          completions: 410,
          inFlight: 5,
          queueLength: 6,
          queueSketch: sketch(a2),
          dynos: 3,
        },
      ]),
      'A',
      12_000,
    )
    w.ingest(
      report(1, [
        {
          app: 'shop',
          processType: 'web',
          arrivals: 100,
          completions: 100,
          inFlight: 1,
          queueLength: 0,
          queueSketch: sketch(b1),
          dynos: 3,
        },
      ]),
      'B',
      11_000,
    )
    const f = w.figures('shop', 'web', 10_000, 12_000)
    assert.equal(f.arrivals, 1000)
    assert.equal(f.completions, 990)
    const all = [...a1, ...a2, ...b1]
    const want = exactP95(all)
    assert.ok(Math.abs((f.queueP95Ms as number) - want) <= want * 0.02, `p95 ${f.queueP95Ms} vs ${want}`)
    assert.ok(Math.abs((f.serviceP95Ms as number) - 485) <= 485 * 0.02)
    // Router A's mean load (5 + 11) / 2 = 8 plus router B's 1.
    assert.equal(f.load, 9)
    assert.deepEqual([f.queueFirst, f.queueLast, f.dynos], [2, 6, 3])
    assert.equal(w.figures('shop', 'worker', 10_000, 12_000).queueP95Ms, null)
  })

  it('slides: a window sees only its reports, and retention drops old ones', () => {
    const w = new MetricWindows({ retentionMs: 30_000 })
    for (let t = 2_000; t <= 40_000; t += 2_000) {
      const slow = t > 30_000
      w.ingest(
        report(t, [
          {
            app: 'shop',
            processType: 'web',
            arrivals: 10,
            completions: 10,
            queueSketch: sketch(range(slow ? 200 : 5, 10)),
          },
        ]),
        'A',
        t,
      )
    }
    const short = w.figures('shop', 'web', 10_000, 40_000)
    assert.equal(short.arrivals, 50)
    assert.ok((short.queueP95Ms as number) >= 200)
    const long = w.figures('shop', 'web', 60_000, 40_000)
    assert.equal(long.arrivals, 150, 'only 30 s are retained')
    assert.ok((w.figures('shop', 'web', 20_000, 30_000).queueP95Ms as number) < 20)
  })

  it('ignores replayed or reordered reports of a router and skips sketches that do not decode', () => {
    let bad = 0
    const w = new MetricWindows({ onBadSketch: () => bad++ })
    const stats = { app: 'shop', processType: 'web', arrivals: 7, completions: 7, queueSketch: sketch([1, 2, 3]) }
    w.ingest(report(5, [stats]), 'A', 1_000)
    w.ingest(report(5, [stats]), 'A', 1_100)
    w.ingest(report(4, [stats]), 'A', 1_200)
    assert.equal(w.figures('shop', 'web', 10_000, 2_000).arrivals, 7)
    w.ingest(report(6, [{ ...stats, queueSketch: new Uint8Array([0xff, 0xff, 0xff]) }]), 'A', 1_300)
    assert.equal(bad, 1)
    const f = w.figures('shop', 'web', 10_000, 2_000)
    assert.equal(f.arrivals, 14)
    assert.ok((f.queueP95Ms as number) <= 3.1)
  })
})
