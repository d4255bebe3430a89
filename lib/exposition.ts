import { type Metric, type PrometheusContentType, Registry } from 'prom-client'
import { ShoalError } from '../proto/errors.ts'

// Metric families rendered straight to the Prometheus text exposition (version 0.0.4), for the series a daemon has
// many of (the router's per-app families: 100 apps are ~6,000 lines a scrape). prom-client hashes a label object on
// every observe and rebuilds and escapes every label set on every scrape; here a series is a plain object whose
// label text is escaped once, when it is created, so observing is a few additions and a scrape is concatenation.

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** A label value as the text format writes it between double quotes: backslash, quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  return /[\\"\n]/.test(value) ? value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`)) : value
}

/** HELP text: backslash and newline escaped (quotes stay). */
function escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'))
}

/** A sample value: Go's ParseFloat reads JavaScript's number text; infinities and NaN are spelt as Prometheus does. */
export function formatValue(n: number): string {
  if (Number.isFinite(n)) return String(n)
  if (Number.isNaN(n)) return 'NaN'
  return n > 0 ? '+Inf' : '-Inf'
}

/** `name="value",…` for the given names and values, escaped. */
function labelText(names: readonly string[], values: readonly string[]): string {
  let text = ''
  for (let i = 0; i < names.length; i++) text += `${i === 0 ? '' : ','}${names[i]}="${escapeLabelValue(values[i]!)}"`
  return text
}

/** `{a,b}` of the non-empty parts, '' when both are empty. */
function braces(a: string, b: string): string {
  if (a === '') return b === '' ? '' : `{${b}}`
  return b === '' ? `{${a}}` : `{${a},${b}}`
}

/** Something a MetricsRegistry renders after prom-client's metrics. */
export interface ExpositionFamily {
  readonly name: string
  /** The family's lines, each ending in a newline; `defaults` are the registry's default labels. */
  render(defaults: ReadonlyMap<string, string>): string
}

interface FamilyOptions<L extends string> {
  name: string
  help: string
  labelNames: readonly L[]
  /** Registers the family there (it renders in the registry's metrics()). */
  registry?: MetricsRegistry
}

type Values<L extends string> = Readonly<Record<L, string>>

/** What every series keeps: its label text, and the starts of its lines for the last default labels seen. */
interface Rendered {
  readonly labels: string
  /** `shared` the heads were rendered with. */
  headsFor: string | undefined
  /** Each line up to its value (`name{labels} `), in order. */
  heads: readonly string[]
}

abstract class Family<L extends string, S extends Rendered> implements ExpositionFamily {
  readonly name: string
  readonly help: string
  readonly labelNames: readonly L[]
  abstract readonly type: 'counter' | 'gauge' | 'histogram'
  readonly #series = new Map<string, { values: readonly string[]; series: S }>()

  constructor(o: FamilyOptions<L>) {
    if (!METRIC_NAME.test(o.name)) {
      throw new ShoalError('INVALID_INPUT', `Cannot create metric "${o.name}": not a Prometheus metric name`)
    }
    for (const l of o.labelNames) {
      if (!LABEL_NAME.test(l) || l.startsWith('__') || l === 'le') {
        throw new ShoalError('INVALID_INPUT', `Cannot create metric "${o.name}": "${l}" is not a usable label name`)
      }
    }
    this.name = o.name
    this.help = o.help
    this.labelNames = o.labelNames
    o.registry?.registerFamily(this)
  }

  /**
   * The series of these label values, created (its label text escaped once) on first use. Callers on a hot path
   * keep the series: observing it costs no lookup.
   */
  series(labels: Values<L>): S {
    const values = this.labelNames.map((n) => labels[n])
    // Length-prefixed, so no pair of different value lists shares a key.
    const key = values.length === 1 ? values[0]! : values.map((v) => `${v.length}:${v}`).join('')
    let entry = this.#series.get(key)
    if (entry === undefined) {
      entry = { values, series: this.create(labelText(this.labelNames, values)) }
      this.#series.set(key, entry)
    }
    return entry.series
  }

  /** Drops the series whose labels match; a kept series object keeps counting but is no longer rendered. */
  remove(match: (labels: Values<L>) => boolean): void {
    for (const [key, { values }] of this.#series) {
      const labels = Object.fromEntries(this.labelNames.map((n, i) => [n, values[i]])) as Values<L>
      if (match(labels)) this.#series.delete(key)
    }
  }

  get size(): number {
    return this.#series.size
  }

  render(defaults: ReadonlyMap<string, string>): string {
    // Default labels a series does not set itself, as prom-client adds them.
    const extra: string[] = []
    for (const [n, v] of defaults) {
      if (!(this.labelNames as readonly string[]).includes(n)) extra.push(`${n}="${escapeLabelValue(v)}"`)
    }
    let out = `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`
    const shared = extra.join(',')
    for (const { series } of this.#series.values()) {
      if (series.headsFor !== shared) {
        series.heads = this.heads(series.labels, shared)
        series.headsFor = shared
      }
      out += this.lines(series)
    }
    return out
  }

  protected abstract create(labels: string): S
  /** The starts of a series' lines, label sets complete, up to the value. */
  protected abstract heads(labels: string, shared: string): string[]
  protected abstract lines(series: S): string
}

/** A series of one sample: a counter's or a gauge's. */
class ValueSeries implements Rendered {
  readonly labels: string
  headsFor: string | undefined
  heads: readonly string[] = []
  value = 0

  constructor(labels: string) {
    this.labels = labels
  }
}

export class CounterSeries extends ValueSeries {
  inc(by = 1): void {
    if (!(by >= 0)) throw new ShoalError('INVALID_INPUT', `Cannot increase a counter by ${by}: not a positive number`)
    this.value += by
  }
}

export class GaugeSeries extends ValueSeries {
  set(value: number): void {
    this.value = value
  }
}

abstract class ValueFamily<L extends string, S extends ValueSeries> extends Family<L, S> {
  protected heads(labels: string, shared: string): string[] {
    return [`${this.name}${braces(labels, shared)} `]
  }
  protected lines(s: S): string {
    return `${s.heads[0]}${formatValue(s.value)}\n`
  }
}

export class CounterFamily<L extends string> extends ValueFamily<L, CounterSeries> {
  readonly type = 'counter'
  protected create(labels: string): CounterSeries {
    return new CounterSeries(labels)
  }
}

export class GaugeFamily<L extends string> extends ValueFamily<L, GaugeSeries> {
  readonly type = 'gauge'
  protected create(labels: string): GaugeSeries {
    return new GaugeSeries(labels)
  }
}

export class HistogramSeries implements Rendered {
  /** Observations per bucket, not cumulative (the bucket of the first upper bound ≥ the value); beyond: none. */
  readonly counts: number[]
  readonly labels: string
  headsFor: string | undefined
  heads: readonly string[] = []
  readonly #bounds: readonly number[]
  sum = 0
  count = 0

  constructor(labels: string, bounds: readonly number[]) {
    this.labels = labels
    this.#bounds = bounds
    this.counts = new Array<number>(bounds.length).fill(0)
  }

  observe(value: number): void {
    if (Number.isNaN(value)) throw new ShoalError('INVALID_INPUT', 'Cannot observe a histogram value: NaN')
    const b = this.#bounds
    for (let i = 0; i < b.length; i++) {
      if (value <= b[i]!) {
        this.counts[i]!++
        break
      }
    }
    this.sum += value
    this.count++
  }
}

export class HistogramFamily<L extends string> extends Family<L, HistogramSeries> {
  readonly type = 'histogram'
  readonly buckets: readonly number[]
  /** `le="…"` of each bucket, rendered once. */
  readonly #le: readonly string[]

  constructor(o: FamilyOptions<L> & { buckets: readonly number[] }) {
    super(o)
    const sorted = [...new Set(o.buckets.filter((b) => Number.isFinite(b)))].sort((a, b) => a - b)
    if (sorted.length === 0) throw new ShoalError('INVALID_INPUT', `Cannot create metric "${o.name}": no buckets`)
    this.buckets = sorted
    this.#le = sorted.map((b) => `le="${formatValue(b)}"`)
  }

  protected create(labels: string): HistogramSeries {
    return new HistogramSeries(labels, this.buckets)
  }

  /** A bucket line per bound, then +Inf, _sum and _count. */
  protected heads(labels: string, shared: string): string[] {
    const set = labels === '' ? shared : shared === '' ? labels : `${labels},${shared}`
    const bucket = `${this.name}_bucket{${set === '' ? '' : `${set},`}`
    return [
      ...this.#le.map((le) => `${bucket}${le}} `),
      `${bucket}le="+Inf"} `,
      `${this.name}_sum${braces(set, '')} `,
      `${this.name}_count${braces(set, '')} `,
    ]
  }

  protected lines(s: HistogramSeries): string {
    const heads = s.heads
    const n = s.counts.length
    let out = ''
    let cumulative = 0
    for (let i = 0; i < n; i++) {
      cumulative += s.counts[i]!
      out += `${heads[i]}${cumulative}\n`
    }
    return `${out}${heads[n]}${s.count}\n${heads[n + 1]}${formatValue(s.sum)}\n${heads[n + 2]}${s.count}\n`
  }
}

/**
 * prom-client's registry, plus families rendered by this module after its own metrics. Always the Prometheus text
 * format (0.0.4): these families have no OpenMetrics rendering.
 */
export class MetricsRegistry extends Registry {
  readonly #families = new Map<string, ExpositionFamily>()
  #defaults = new Map<string, string>()

  registerFamily(family: ExpositionFamily): void {
    if (this.#families.has(family.name) || this.getSingleMetric(family.name) !== undefined) {
      throw new ShoalError('CONFLICT', `Cannot register metric "${family.name}": the name is already registered`)
    }
    this.#families.set(family.name, family)
  }

  override registerMetric<T extends string>(metric: Metric<T>): void {
    // prom-client's metric objects carry their name; its typings do not say so.
    const name = (metric as unknown as { name: string }).name
    if (this.#families.has(name)) {
      throw new ShoalError('CONFLICT', `Cannot register metric "${name}": the name is already registered`)
    }
    super.registerMetric(metric)
  }

  override setDefaultLabels(labels: object): void {
    super.setDefaultLabels(labels)
    this.#defaults = new Map(Object.entries(labels).map(([k, v]) => [k, String(v)]))
  }

  override setContentType(contentType: PrometheusContentType): void {
    if (contentType !== Registry.PROMETHEUS_CONTENT_TYPE) {
      throw new ShoalError('INVALID_INPUT', `Cannot render metrics as ${contentType}: only the Prometheus text format`)
    }
    super.setContentType(contentType)
  }

  override async metrics(): Promise<string> {
    const own = await super.metrics()
    if (this.#families.size === 0) return own
    // prom-client separates its families with a blank line and ends with one newline.
    let out = own === '\n' ? '' : `${own}\n`
    for (const f of this.#families.values()) out += `${f.render(this.#defaults)}\n`
    return out.slice(0, -1)
  }

  override clear(): void {
    super.clear()
    this.#families.clear()
    this.#defaults = new Map()
  }
}
