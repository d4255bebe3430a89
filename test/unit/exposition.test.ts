import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import {
  CounterFamily,
  escapeLabelValue,
  formatValue,
  GaugeFamily,
  HistogramFamily,
  MetricsRegistry,
} from '../../lib/exposition.ts'
import { ShoalError } from '../../proto/errors.ts'
import { parseExposition, type Sample } from '../helpers/prom-text.ts'

/** Samples as comparable text, label order ignored: `name{a="1",b="2"} value`, sorted. */
function canonical(samples: Sample[]): string[] {
  return samples
    .map((s) => {
      const labels = Object.entries(s.labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}="${v}"`)
        .join(',')
      return `${s.name}{${labels}} ${s.value}`
    })
    .sort()
}

describe('exposition', () => {
  it('escapes label values (backslash, quote, newline) once, when the series is made, and HELP text', async () => {
    assert.equal(escapeLabelValue('plain-app'), 'plain-app')
    assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd')
    const registry = new MetricsRegistry()
    const c = new CounterFamily({
      name: 'x_total',
      help: 'back\\slash and\nnewline "quoted"',
      labelNames: ['app'],
      registry,
    })
    c.series({ app: 'a"b\\c\nd' }).inc(2)
    const text = await registry.metrics()
    assert.equal(
      text,
      '# HELP x_total back\\\\slash and\\nnewline "quoted"\n# TYPE x_total counter\nx_total{app="a\\"b\\\\c\\nd"} 2\n',
    )
    const [sample] = parseExposition(text)
    assert.equal(sample?.labels['app'], 'a\\"b\\\\c\\nd')
  })

  it('renders histograms with cumulative buckets, +Inf equal to the count, _sum and _count', async () => {
    const registry = new MetricsRegistry()
    const h = new HistogramFamily({
      name: 'lat_seconds',
      help: 'latency',
      labelNames: ['app'],
      buckets: [1, 0.1, 0.5, 0.5],
      registry,
    })
    assert.deepEqual(h.buckets, [0.1, 0.5, 1], 'sorted, without duplicates')
    const s = h.series({ app: 'shop' })
    for (const v of [0.05, 0.1, 0.3, 0.5, 0.7, 2, 9]) s.observe(v)
    const text = await registry.metrics()
    assert.equal(
      text,
      [
        '# HELP lat_seconds latency',
        '# TYPE lat_seconds histogram',
        'lat_seconds_bucket{app="shop",le="0.1"} 2', // a value on a bound is in that bucket (le: ≤)
        'lat_seconds_bucket{app="shop",le="0.5"} 4',
        'lat_seconds_bucket{app="shop",le="1"} 5',
        'lat_seconds_bucket{app="shop",le="+Inf"} 7',
        'lat_seconds_sum{app="shop"} 12.65',
        'lat_seconds_count{app="shop"} 7',
        '',
      ].join('\n'),
    )
    assert.equal(parseExposition(text).length, 6)
  })

  it('adds the registry default labels a family does not set, and renders series without labels', async () => {
    const registry = new MetricsRegistry()
    registry.setDefaultLabels({ daemon: 'router', host: 'h"1' })
    new GaugeFamily({ name: 'g', help: 'g', labelNames: [], registry }).series({}).set(-1.5)
    new CounterFamily({ name: 'c_total', help: 'c', labelNames: ['host'], registry }).series({ host: 'own' }).inc()
    const h = new HistogramFamily({ name: 'h', help: 'h', labelNames: [], buckets: [1], registry })
    h.series({}).observe(Number.POSITIVE_INFINITY)
    const text = await registry.metrics()
    assert.match(text, /^g\{daemon="router",host="h\\"1"\} -1.5$/m)
    assert.match(text, /^c_total\{host="own",daemon="router"\} 1$/m, "the series' own label wins")
    assert.match(text, /^h_bucket\{daemon="router",host="h\\"1",le="1"\} 0$/m)
    assert.match(text, /^h_bucket\{daemon="router",host="h\\"1",le="\+Inf"\} 1$/m)
    assert.match(text, /^h_sum\{daemon="router",host="h\\"1"\} \+Inf$/m)
    parseExposition(text)

    const bare = new MetricsRegistry()
    new GaugeFamily({ name: 'g', help: 'g', labelNames: [], registry: bare }).series({})
    const h2 = new HistogramFamily({ name: 'h', help: 'h', labelNames: [], buckets: [1], registry: bare })
    h2.series({}).observe(0.5)
    const text2 = await bare.metrics()
    assert.match(text2, /^g 0$/m)
    assert.match(text2, /^h_bucket\{le="1"\} 1$/m)
    assert.match(text2, /^h_count 1$/m)
  })

  it('gives the same samples as prom-client for the same observations, next to prom-client metrics', async () => {
    const ours = new MetricsRegistry()
    const theirs = new Registry()
    for (const r of [ours, theirs]) r.setDefaultLabels({ daemon: 'router' })
    const buckets = [0.001, 0.01, 0.1, 1, 10]
    const oc = new CounterFamily({ name: 'r_total', help: 'r', labelNames: ['app', 'code'], registry: ours })
    const oh = new HistogramFamily({ name: 'r_seconds', help: 'r', labelNames: ['app'], buckets, registry: ours })
    const og = new GaugeFamily({ name: 'r_open', help: 'r', labelNames: ['app'], registry: ours })
    const tc = new Counter({ name: 'r_total', help: 'r', labelNames: ['app', 'code'], registers: [theirs] })
    const th = new Histogram({ name: 'r_seconds', help: 'r', labelNames: ['app'], buckets, registers: [theirs] })
    const tg = new Gauge({ name: 'r_open', help: 'r', labelNames: ['app'], registers: [theirs] })
    // a prom-client metric in our registry renders as before, next to the families
    new Gauge({ name: 'up_like', help: 'u', registers: [ours, theirs] }).set(1)
    const apps = ['shop', '', 'we"ird\\app\n']
    for (let i = 0; i < 500; i++) {
      const app = apps[i % apps.length] as string
      const code = i % 7 === 0 ? 'H12' : ''
      const v = ((i * 37) % 1000) / 97
      oc.series({ app, code }).inc()
      tc.inc({ app, code })
      oh.series({ app }).observe(v)
      th.observe({ app }, v)
      og.series({ app }).set(i)
      tg.set({ app }, i)
    }
    const a = parseExposition(await ours.metrics())
    const b = parseExposition(await theirs.metrics())
    assert.equal(a.length, b.length)
    // sums may differ in the last digit (both add in the same order, but check with a tolerance anyway)
    const sums = (xs: Sample[]): number[] => xs.filter((s) => s.name === 'r_seconds_sum').map((s) => s.value)
    for (const [i, x] of sums(a).entries()) assert.ok(Math.abs(x - (sums(b)[i] ?? 0)) < 1e-9)
    const noSums = (xs: Sample[]): Sample[] => xs.filter((s) => s.name !== 'r_seconds_sum')
    assert.deepEqual(canonical(noSums(a)), canonical(noSums(b)))
  })

  it('removes series by label, and refuses bad names, clashes, negative increments and NaN', async () => {
    const registry = new MetricsRegistry()
    const c = new CounterFamily({ name: 'q_total', help: 'q', labelNames: ['app', 'kind'], registry })
    const kept = c.series({ app: 'a', kind: 'x' })
    c.series({ app: 'b', kind: 'x' }).inc()
    c.series({ app: 'a', kind: 'y' }).inc()
    assert.equal(c.series({ app: 'a', kind: 'x' }), kept, 'the same series for the same labels')
    c.remove(({ app }) => app === 'a')
    assert.equal(c.size, 1)
    kept.inc()
    const text = await registry.metrics()
    assert.doesNotMatch(text, /app="a"/)
    assert.match(text, /^q_total\{app="b",kind="x"\} 1$/m)
    assert.equal(c.series({ app: 'a', kind: 'x' }).value, 0, 'a removed series starts again at zero')
    // different value lists never share a key
    c.series({ app: 'ab', kind: '' }).inc()
    assert.equal(c.series({ app: 'a', kind: 'b' }).value, 0)

    const refused = (f: () => unknown): void => assert.throws(f, ShoalError)
    refused(() => new CounterFamily({ name: 'bad-name', help: '', labelNames: [] }))
    refused(() => new CounterFamily({ name: 'ok', help: '', labelNames: ['le'] }))
    refused(() => new CounterFamily({ name: 'ok', help: '', labelNames: ['__reserved'] }))
    refused(() => new HistogramFamily({ name: 'ok', help: '', labelNames: [], buckets: [Number.POSITIVE_INFINITY] }))
    refused(() => new GaugeFamily({ name: 'q_total', help: '', labelNames: [], registry }))
    refused(() => new Counter({ name: 'q_total', help: 'q', registers: [registry] }))
    new Counter({ name: 'p_total', help: 'p', registers: [registry] })
    refused(() => new CounterFamily({ name: 'p_total', help: '', labelNames: [], registry }))
    refused(() => kept.inc(-1))
    refused(() =>
      new HistogramFamily({ name: 'ok', help: '', labelNames: [], buckets: [1] }).series({}).observe(Number.NaN),
    )
    refused(() => registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE as never))
  })

  it('formats values as Prometheus reads them', () => {
    assert.equal(formatValue(3), '3')
    assert.equal(formatValue(0.001), '0.001')
    assert.equal(formatValue(1e-7), '1e-7')
    assert.equal(formatValue(Number.POSITIVE_INFINITY), '+Inf')
    assert.equal(formatValue(Number.NEGATIVE_INFINITY), '-Inf')
    assert.equal(formatValue(Number.NaN), 'NaN')
  })
})
