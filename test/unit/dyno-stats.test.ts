import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Registry } from 'prom-client'
import type { ContainerStats } from '../../agent/docker/docker-client.ts'
import { toRunSpec } from '../../agent/dynos/dyno-container.ts'
import { DYNO_STATS_INTERVAL_MS, DynoStats, type SampledDyno } from '../../agent/dynos/dyno-stats.ts'
import { ManualClock } from '../../lib/clock.ts'
import type { DynoSpec, LogLine } from '../../proto/codec.ts'
import { settle } from '../helpers/dyno-fake-docker.ts'
import { parseExposition } from '../helpers/prom-text.ts'

const MB = 1024 * 1024

function spec(over: Partial<DynoSpec> = {}): SampledDyno['spec'] {
  return toRunSpec({
    id: 'd-web-1',
    app: 'hello',
    processType: 'web',
    name: 'web.1',
    release: 3,
    slugSha256: 'ab'.repeat(32),
    command: 'npm start',
    size: 'standard-1x',
    stack: 'shoal/stack:x',
    ...over,
  })
}

function reading(over: Partial<ContainerStats> = {}): ContainerStats {
  return { cpuUsageNs: 0, rssBytes: 21 * MB, cacheBytes: 3 * MB, swapBytes: 0, pgpgin: 4924, pgpgout: 978, ...over }
}

function setup(opts: { features?: Set<string> } = {}) {
  const clock = new ManualClock(1_700_000_000_000)
  const stats = new Map<string, ContainerStats | null>()
  const calls: string[] = []
  const docker = {
    containerStats: async (id: string) => {
      calls.push(`stats ${id}`)
      return stats.get(id) ?? null
    },
    killContainer: async (id: string, signal?: string) => {
      calls.push(`kill ${id} ${signal}`)
    },
  }
  let dynos: SampledDyno[] = [{ containerId: 'c1', spec: spec() }]
  const lines: LogLine[] = []
  const registry = new Registry()
  const features = opts.features ?? new Set(['hello'])
  const sampler = new DynoStats({
    docker,
    clock,
    dynos: () => dynos,
    runtimeMetrics: (app) => features.has(app),
    log: (l) => lines.push(l),
    registry,
    hostId: 'host-a',
  })
  const messages = () => lines.map((l) => `${l.source}[${l.dyno}]: ${l.message}`)
  const round = async () => {
    clock.advance(DYNO_STATS_INTERVAL_MS)
    await settle()
  }
  return {
    clock,
    stats,
    calls,
    lines,
    registry,
    sampler,
    messages,
    round,
    setDynos: (d: SampledDyno[]) => {
      dynos = d
    },
  }
}

test("log-runtime-metrics: Heroku's memory line each 20 s, the load line once a CPU load is known", async () => {
  const t = setup()
  t.sampler.start()
  t.stats.set('c1', reading({ cpuUsageNs: 1e9 }))
  await t.round()
  assert.deepEqual(t.messages(), [
    'shoal[web.1]: source=web.1 dyno=heroku.d-web-1 sample#memory_total=21.00MB sample#memory_rss=21.00MB ' +
      'sample#memory_cache=3.00MB sample#memory_swap=0.00MB sample#memory_pgpgin=4924pages ' +
      'sample#memory_pgpgout=978pages sample#memory_quota=512.00MB',
  ])
  assert.equal(t.lines[0]?.app, 'hello')
  assert.equal(t.lines[0]?.hostId, 'host-a')
  assert.equal(t.lines[0]?.atUs, (1_700_000_000_000 + 20_000) * 1000)
  // 10 s of CPU in 20 s: half a core busy; the damped averages start from that load
  t.stats.set('c1', reading({ cpuUsageNs: 11e9, rssBytes: 30 * MB, swapBytes: 2 * MB }))
  await t.round()
  assert.deepEqual(t.messages().slice(1), [
    'shoal[web.1]: source=web.1 dyno=heroku.d-web-1 sample#load_avg_1m=0.50 sample#load_avg_5m=0.50 ' +
      'sample#load_avg_15m=0.50',
    'shoal[web.1]: source=web.1 dyno=heroku.d-web-1 sample#memory_total=32.00MB sample#memory_rss=30.00MB ' +
      'sample#memory_cache=3.00MB sample#memory_swap=2.00MB sample#memory_pgpgin=4924pages ' +
      'sample#memory_pgpgout=978pages sample#memory_quota=512.00MB',
  ])
  // idle for 20 s: the 1-minute average falls faster than the 15-minute one
  await t.round()
  const load = t.messages()[3] ?? ''
  const m = /load_avg_1m=([\d.]+) sample#load_avg_5m=([\d.]+) sample#load_avg_15m=([\d.]+)/.exec(load)
  assert.ok(m, load)
  const [l1, l5, l15] = [Number(m[1]), Number(m[2]), Number(m[3])]
  assert.equal(l1, 0.36, 'e^(-20/60) × 0.5')
  assert.ok(l1 < l5 && l5 < l15 && l15 < 0.5, load)
  assert.equal(t.calls.filter((c) => c.startsWith('stats')).length, 3, 'one read per dyno per interval')
})

test('without the feature no sample lines; R14 is logged anyway, every round while over the quota', async () => {
  const t = setup({ features: new Set() })
  t.sampler.start()
  t.stats.set('c1', reading())
  await t.round()
  assert.deepEqual(t.messages(), [])
  t.stats.set('c1', reading({ rssBytes: 500 * MB, swapBytes: 28 * MB }))
  await t.round()
  await t.round()
  assert.deepEqual(t.messages(), [
    'shoal[web.1]: Process running mem=528MB(103.1%)',
    'shoal[web.1]: Error R14 (Memory quota exceeded)',
    'shoal[web.1]: Process running mem=528MB(103.1%)',
    'shoal[web.1]: Error R14 (Memory quota exceeded)',
  ])
  assert.equal(
    t.calls.some((c) => c.startsWith('kill')),
    false,
    'R14 never kills',
  )
  // the quota follows the size: 528 MB is within a standard-2x's 1 GB
  t.setDynos([{ containerId: 'c1', spec: spec({ size: 'standard-2x' }) }])
  await t.round()
  assert.equal(t.messages().length, 4)
})

test('R15: past twice the quota the dyno is SIGKILLed', async () => {
  const t = setup({ features: new Set() })
  t.stats.set('c1', reading({ rssBytes: 1000 * MB, swapBytes: 100 * MB }))
  await t.sampler.sample()
  assert.deepEqual(t.messages(), [
    'shoal[web.1]: Process running mem=1100MB(214.8%)',
    'shoal[web.1]: Error R15 (Memory quota vastly exceeded)',
    'shoal[web.1]: Stopping process with SIGKILL',
  ])
  assert.deepEqual(t.calls, ['stats c1', 'kill c1 SIGKILL'])
})

test('Prometheus gauges per app, process type and dyno, for the dynos running now only', async () => {
  const t = setup({ features: new Set() })
  const worker = spec({ id: 'd-worker-1', processType: 'worker', name: 'worker.1', size: 'standard-2x' })
  t.setDynos([
    { containerId: 'c1', spec: spec() },
    { containerId: 'c2', spec: worker },
  ])
  t.stats.set('c1', reading({ cpuUsageNs: 0 }))
  t.stats.set('c2', reading({ cpuUsageNs: 0, rssBytes: 100 * MB }))
  await t.sampler.sample()
  t.clock.advance(10_000)
  t.stats.set('c1', reading({ cpuUsageNs: 15e9 }))
  t.stats.set('c2', null)
  await t.sampler.sample()
  const samples = parseExposition(await t.registry.metrics())
  const find = (name: string, labels: Record<string, string>) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value
  const web = { app: 'hello', process_type: 'web', dyno: 'web.1' }
  assert.equal(find('shoal_dyno_memory_bytes', { ...web, kind: 'total' }), 21 * MB)
  assert.equal(find('shoal_dyno_memory_bytes', { ...web, kind: 'cache' }), 3 * MB)
  assert.equal(find('shoal_dyno_memory_quota_bytes', web), 512 * MB)
  assert.equal(find('shoal_dyno_cpu_load', web), 1.5, '15 s of CPU in 10 s')
  assert.equal(find('shoal_dyno_load_average', { ...web, window: '1m' }), 1.5)
  assert.equal(
    find('shoal_dyno_memory_bytes', { app: 'hello', process_type: 'worker', dyno: 'worker.1', kind: 'total' }),
    undefined,
    'the worker stopped answering: its series are gone',
  )
  assert.equal(find('shoal_dyno_stats_reads_total', { outcome: 'ok' }), 3)
  assert.equal(find('shoal_dyno_stats_reads_total', { outcome: 'gone' }), 1)
  // the dyno stops: nothing left of it
  t.setDynos([])
  await t.sampler.sample()
  const after = parseExposition(await t.registry.metrics())
  assert.equal(
    after.some((s) => s.name.startsWith('shoal_dyno_memory')),
    false,
  )
})

test('a new container for the same dyno starts its CPU baseline over', async () => {
  const t = setup({ features: new Set() })
  t.stats.set('c1', reading({ cpuUsageNs: 50e9 }))
  await t.sampler.sample()
  t.clock.advance(20_000)
  t.setDynos([{ containerId: 'c9', spec: spec() }])
  t.stats.set('c9', reading({ cpuUsageNs: 1e9 }))
  await t.sampler.sample()
  assert.equal(t.sampler.readings().get('d-web-1')?.cpuLoad, null)
})
