import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DDSketch } from '@datadog/sketches-js'
import { Registry } from 'prom-client'
import { Stats } from '../../router/stats.ts'

describe('Stats', () => {
  it('counts requests and errors per app and process type, and reports live counts', () => {
    const stats = new Stats({ now: 0 })
    stats.record('shop', 'web', { status: 200, queueMs: 2, serviceMs: 10 })
    stats.record('shop', 'web', { status: 503, code: 'H12', queueMs: 4 })
    stats.record('', 'web', { status: 404 })
    stats.setLive(new Map([['shop', { inFlight: 3, queueLength: 2, dynos: 2 }]]))
    const rows = stats.snapshot(2000)
    assert.equal(rows.length, 1, 'requests that matched no app are not an app series')
    const [shop] = rows
    assert.deepEqual(
      [shop?.requests, shop?.errors, shop?.inFlight, shop?.ratePerS, shop?.queueLength, shop?.dynos],
      [2, 1, 3, 1, 2, 2],
    )
    // Arrivals = completions + growth of what is open (in flight + queued): 2 + 5.
    assert.deepEqual([shop?.completions, shop?.arrivals], [2, 7])
    stats.record('shop', 'web', { status: 200, queueMs: 1, serviceMs: 1 })
    stats.setLive(new Map([['shop', { inFlight: 1, queueLength: 0, dynos: 2 }]]))
    const [next] = stats.snapshot(3000)
    assert.deepEqual([next?.completions, next?.arrivals], [1, 0])
  })

  it('computes p50/p95 and DDSketches of queue and service time over the window, reset on snapshot', () => {
    const stats = new Stats({ now: 0 })
    for (let i = 1; i <= 100; i++) stats.record('shop', 'web', { status: 200, queueMs: i, serviceMs: i * 10 })
    const [row] = stats.snapshot(10_000)
    assert.deepEqual([row?.queueP50Ms, row?.queueP95Ms, row?.serviceP50Ms, row?.serviceP95Ms], [50, 95, 500, 950])
    assert.equal(row?.ratePerS, 10)
    const queue = DDSketch.fromProto(row?.queueSketch as Uint8Array)
    const service = DDSketch.fromProto(row?.serviceSketch as Uint8Array)
    assert.equal(queue.count, 100)
    assert.ok(Math.abs(queue.getValueAtQuantile(0.95) - 95) <= 95 * 0.02)
    assert.ok(Math.abs(service.getValueAtQuantile(0.5) - 500) <= 500 * 0.02)
    stats.record('shop', 'web', { status: 200, queueMs: 7, serviceMs: 70 })
    const [next] = stats.snapshot(11_000)
    assert.deepEqual([next?.requests, next?.queueP50Ms, next?.serviceP95Ms, next?.ratePerS], [1, 7, 70, 1])
    assert.equal(DDSketch.fromProto(next?.queueSketch as Uint8Array).count, 1)
  })

  it('reports an idle series once more at zero, then drops it', () => {
    const stats = new Stats({ now: 0 })
    stats.record('shop', 'web', { status: 200, queueMs: 1, serviceMs: 1 })
    assert.equal(stats.snapshot(1000).length, 1)
    const [zero] = stats.snapshot(2000)
    assert.deepEqual([zero?.requests, zero?.queueP95Ms], [0, 0])
    assert.deepEqual(stats.snapshot(3000), [])
  })

  it('keeps a bounded sample per window', () => {
    const stats = new Stats({ now: 0, maxSamples: 10, random: () => 0.999 })
    for (let i = 0; i < 1000; i++) stats.record('shop', 'web', { status: 200, queueMs: 1 })
    const [row] = stats.snapshot(1000)
    assert.equal(row?.requests, 1000)
    assert.equal(row?.queueP95Ms, 1)
  })

  it('exports Prometheus metrics by app, status class and H-code, with latency histograms', async () => {
    const registry = new Registry()
    const stats = new Stats({ registry })
    stats.record('shop', 'web', { status: 200, queueMs: 3, connectMs: 1, serviceMs: 40 })
    stats.record('shop', 'web', { status: 503, code: 'H80' })
    stats.record('', 'web', { status: 400, code: 'H26' })
    stats.setLive(new Map([['shop', { inFlight: 1, queueLength: 4, dynos: 1 }]]))
    const text = await registry.metrics()
    assert.match(text, /shoal_router_requests_total\{app="shop",status_class="2xx",code=""\} 1/)
    assert.match(text, /shoal_router_requests_total\{app="shop",status_class="5xx",code="H80"\} 1/)
    assert.match(text, /shoal_router_requests_total\{app="",status_class="4xx",code="H26"\} 1/)
    assert.match(text, /shoal_router_in_flight\{app="shop"\} 1/)
    assert.match(text, /shoal_router_queue_length\{app="shop"\} 4/)
    assert.match(text, /shoal_router_queue_seconds_bucket\{le="0.005",app="shop"\} 1/)
    assert.match(text, /shoal_router_connect_seconds_count\{app="shop"\} 1/)
    assert.match(text, /shoal_router_service_seconds_count\{app="shop"\} 1/)
  })
})
