import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DDSketch } from '@datadog/sketches-js'
import { MetricsRegistry } from '../../lib/exposition.ts'
import { Stats } from '../../router/stats.ts'
import { parseExposition, type Sample } from '../helpers/prom-text.ts'

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
    const registry = new MetricsRegistry()
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
    assert.match(text, /shoal_router_queue_seconds_bucket\{app="shop",le="0.005"\} 1/)
    assert.match(text, /shoal_router_queue_seconds_bucket\{app="shop",le="0.0025"\} 0/)
    assert.match(text, /shoal_router_queue_seconds_bucket\{app="shop",le="\+Inf"\} 1/)
    assert.match(text, /shoal_router_queue_seconds_sum\{app="shop"\} 0.003/)
    assert.match(text, /shoal_router_connect_seconds_count\{app="shop"\} 1/)
    assert.match(text, /shoal_router_service_seconds_count\{app="shop"\} 1/)
  })

  it('drops the gauges of apps with no backend and every series of apps that went away', async () => {
    const registry = new MetricsRegistry()
    registry.setDefaultLabels({ daemon: 'router' })
    const stats = new Stats({ registry })
    for (const app of ['shop', 'blog', ''])
      stats.record(app, 'web', { status: 200, queueMs: 1, connectMs: 1, serviceMs: 5 })
    stats.setLive(
      new Map([
        ['shop', { inFlight: 2, queueLength: 1, dynos: 1 }],
        ['blog', { inFlight: 1, queueLength: 0, dynos: 1 }],
      ]),
    )
    const apps = async (name: string): Promise<string[]> =>
      parseExposition(await registry.metrics())
        .filter((s: Sample) => s.name === name)
        .map((s) => s.labels['app'] ?? '?')
        .filter((a, i, all) => all.indexOf(a) === i)
        .sort()
    assert.deepEqual(await apps('shoal_router_in_flight'), ['blog', 'shop'])

    // blog's backend is gone (scaled to zero, or the app was deleted): nothing is in flight there any more
    stats.setLive(new Map([['shop', { inFlight: 0, queueLength: 0, dynos: 1 }]]))
    assert.deepEqual(await apps('shoal_router_in_flight'), ['shop'])
    assert.deepEqual(await apps('shoal_router_queue_length'), ['shop'])
    assert.match(await registry.metrics(), /shoal_router_in_flight\{app="shop",daemon="router"\} 0\n/)

    // blog left the directory: its counters and histograms go; '' (no app matched) always stays
    stats.retainApps(new Set(['shop']))
    for (const name of [
      'shoal_router_requests_total',
      'shoal_router_queue_seconds_count',
      'shoal_router_connect_seconds_bucket',
      'shoal_router_service_seconds_sum',
    ]) {
      assert.deepEqual(await apps(name), ['', 'shop'], name)
    }
    // a late request of blog starts its series again from zero
    stats.record('blog', 'web', { status: 503, code: 'H13' })
    const samples = parseExposition(await registry.metrics())
    const blog = samples.filter((s) => s.labels['app'] === 'blog' && s.name === 'shoal_router_requests_total')
    assert.deepEqual(
      blog.map((s) => [s.labels['status_class'], s.labels['code'], s.value]),
      [['5xx', 'H13', 1]],
    )
    assert.equal(
      samples.find((s) => s.name === 'shoal_router_queue_seconds_count' && s.labels['app'] === 'blog')?.value,
      0,
    )
  })
})
