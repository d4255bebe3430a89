import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Registry } from 'prom-client'
import { scrapeConfig } from '../../cli/commands/metrics-commands.ts'
import { instrumentStore, registerControllerMetrics } from '../../controller/metrics/controller-metrics.ts'
import { ENDPOINT_TTL_MS, MetricsTargets, metricsReadToken } from '../../controller/metrics/metrics-targets.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { createRegistry, DEFAULT_METRICS_PORTS, metricsListen } from '../../lib/metrics.ts'
import { parseExposition, sum } from '../helpers/prom-text.ts'

const endpoint = (peerId: string, daemon: string, url: string) => ({
  peerId,
  daemon,
  hostname: 'h1',
  version: '0.1.0',
  url,
  sentAtMs: 0,
})

describe('metrics listen addresses', () => {
  it('default to the host address on a stable port per daemon; :PORT keeps the address', () => {
    assert.equal(metricsListen('agent', undefined, '10.0.0.5'), `10.0.0.5:${DEFAULT_METRICS_PORTS.agent}`)
    assert.equal(metricsListen('router', ':9999', '10.0.0.5'), '10.0.0.5:9999')
    assert.equal(metricsListen('controller', '127.0.0.1:0', '10.0.0.5'), '127.0.0.1:0')
    assert.deepEqual(new Set(Object.values(DEFAULT_METRICS_PORTS)).size, 3)
  })
})

describe('MetricsTargets', () => {
  it('keeps what a peer says about itself, as http_sd groups, and forgets silent endpoints', () => {
    const clock = new ManualClock(1000)
    const t = new MetricsTargets(clock)
    assert.equal(t.accept(endpoint('p1', 'agent', 'http://10.0.0.1:9711/metrics'), 'p1'), true)
    assert.equal(t.accept(endpoint('p2', 'router', 'http://10.0.0.2:9712/metrics'), 'p2'), true)
    assert.equal(t.accept(endpoint('p1', 'router', 'http://evil:80/metrics'), 'p3'), false, 'speaks for another peer')
    assert.equal(t.accept(endpoint('p3', 'mystery', 'http://10.0.0.3:1/metrics'), 'p3'), false, 'unknown daemon')
    assert.equal(t.accept(endpoint('p3', 'agent', 'file:///etc/passwd'), 'p3'), false, 'not http')
    assert.equal(t.accept(endpoint('p3', 'agent', 'http://10.0.0.3:1/other'), 'p3'), false, 'not /metrics')
    assert.deepEqual(t.groups(), [
      {
        targets: ['10.0.0.1:9711'],
        labels: { host: 'h1', host_id: 'p1', daemon: 'agent', version: '0.1.0', __metrics_path__: '/metrics' },
      },
      {
        targets: ['10.0.0.2:9712'],
        labels: { host: 'h1', host_id: 'p2', daemon: 'router', version: '0.1.0', __metrics_path__: '/metrics' },
      },
    ])
    clock.advance(ENDPOINT_TTL_MS / 2)
    t.accept(endpoint('p2', 'router', 'http://10.0.0.2:9712/metrics'), 'p2')
    clock.advance(ENDPOINT_TTL_MS / 2 + 1)
    assert.deepEqual(
      t.groups().map((g) => g.labels.host_id),
      ['p2'],
    )
  })

  it('derives a stable read-only token that is not the admin token', () => {
    const a = metricsReadToken('admin-secret')
    assert.equal(a, metricsReadToken('admin-secret'))
    assert.notEqual(a, metricsReadToken('other-secret'))
    assert.ok(!a.includes('admin-secret'))
    assert.match(scrapeConfig('http://10.0.0.1:7080', a), /credentials: shoal-ro\./)
  })
})

describe('controller metrics', () => {
  it('counts dynos by app, process type and state, rounds, placements, builds and store operations', async () => {
    const registry = new Registry()
    const m = registerControllerMetrics(registry, () => [
      { app: 'a', processType: 'web', state: 'desired', count: 2 },
      { app: 'a', processType: 'web', state: 'running', count: 1 },
      { app: 'a', processType: 'web', state: 'unplaceable', count: 1 },
    ])
    m.round({ seconds: 0.01, added: 3, removed: 1, unplaceable: 1 })
    m.build('failed', 12)
    const store = instrumentStore(new MemoryStore(), registry)
    await store.put('k', new Uint8Array([1]))
    await store.get('k')
    const samples = parseExposition(await registry.metrics())
    assert.equal(sum(samples, 'shoal_dynos', { app: 'a', state: 'running' }), 1)
    assert.equal(sum(samples, 'shoal_dynos', { app: 'a', state: 'unplaceable' }), 1)
    assert.equal(sum(samples, 'shoal_scheduler_placements_total', { kind: 'added' }), 3)
    assert.equal(sum(samples, 'shoal_build_duration_seconds_count', { outcome: 'failed' }), 1)
    assert.equal(sum(samples, 'shoal_store_operation_seconds_count', { op: 'put', outcome: 'ok' }), 1)
  })

  it('a daemon registry has no gauge named like a counter (promtool lint)', async () => {
    const text = await createRegistry('test').metrics()
    const gaugesTotal = text.split('\n').filter((l) => /^# TYPE \S+_total gauge$/.test(l))
    assert.deepEqual(gaugesTotal, [])
  })
})
