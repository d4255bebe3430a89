import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Registry } from 'prom-client'
import { Stats } from '../../router/stats.ts'

describe('Stats', () => {
  it('counts requests, errors and in-flight per app and process type', () => {
    const stats = new Stats({ now: 0 })
    const a = stats.start('shop')
    const b = stats.start('shop')
    stats.start('shop', 'api')
    a.finish({ status: 200, queueMs: 2, serviceMs: 10 })
    a.finish({ status: 500 }) // ignored: already finished
    b.finish({ status: 503, queueMs: 4 })
    const rows = stats.snapshot(2000)
    const shop = rows.find((r) => r.app === 'shop' && r.processType === 'web')
    assert.deepEqual(
      { requests: shop?.requests, errors: shop?.errors, inFlight: shop?.inFlight, rate: shop?.ratePerS },
      { requests: 2, errors: 1, inFlight: 0, rate: 1 },
    )
    const api = rows.find((r) => r.processType === 'api')
    assert.equal(api?.inFlight, 1)
    assert.equal(api?.requests, 0)
  })

  it('computes p50/p95 over the window and resets it on snapshot', () => {
    const stats = new Stats({ now: 0 })
    for (let i = 1; i <= 100; i++) stats.start('shop').finish({ status: 200, queueMs: i, serviceMs: i * 10 })
    const [row] = stats.snapshot(10_000)
    assert.deepEqual([row?.queueP50Ms, row?.queueP95Ms, row?.serviceP50Ms, row?.serviceP95Ms], [50, 95, 500, 950])
    assert.equal(row?.ratePerS, 10)
    stats.start('shop').finish({ status: 200, queueMs: 7, serviceMs: 70 })
    const [next] = stats.snapshot(11_000)
    assert.deepEqual([next?.requests, next?.queueP50Ms, next?.serviceP95Ms, next?.ratePerS], [1, 7, 70, 1])
  })

  it('reports an idle series once more at zero, then drops it', () => {
    const stats = new Stats({ now: 0 })
    stats.start('shop').finish({ status: 200, queueMs: 1, serviceMs: 1 })
    assert.equal(stats.snapshot(1000).length, 1)
    const [zero] = stats.snapshot(2000)
    assert.deepEqual([zero?.requests, zero?.queueP95Ms], [0, 0])
    assert.deepEqual(stats.snapshot(3000), [])
  })

  it('keeps a bounded sample per window', () => {
    const stats = new Stats({ now: 0, maxSamples: 10, random: () => 0.999 })
    for (let i = 0; i < 1000; i++) stats.start('shop').finish({ status: 200, queueMs: 1 })
    const [row] = stats.snapshot(1000)
    assert.equal(row?.requests, 1000)
    assert.equal(row?.queueP95Ms, 1)
  })

  it('exports Prometheus metrics on the given registry', async () => {
    const registry = new Registry()
    const stats = new Stats({ registry })
    const t = stats.start('shop')
    const open = await registry.getSingleMetricAsString('shoal_router_in_flight')
    assert.match(open, /shoal_router_in_flight\{app="shop",process_type="web"\} 1/)
    t.finish({ status: 200, queueMs: 3, serviceMs: 40 })
    const text = await registry.metrics()
    assert.match(text, /shoal_router_requests_total\{app="shop",process_type="web",status="200"\} 1/)
    assert.match(text, /shoal_router_in_flight\{app="shop",process_type="web"\} 0/)
    assert.match(text, /shoal_router_queue_seconds_bucket\{le="0.005",app="shop",process_type="web"\} 1/)
    assert.match(text, /shoal_router_service_seconds_count\{app="shop",process_type="web"\} 1/)
  })
})
