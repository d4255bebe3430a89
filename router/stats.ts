import { DDSketch } from '@datadog/sketches-js'
import {
  CounterFamily,
  type CounterSeries,
  GaugeFamily,
  HistogramFamily,
  type HistogramSeries,
  type MetricsRegistry,
} from '../lib/exposition.ts'
import type { ProcessStats } from '../proto/codec.ts'

/** One finished request, as the router's log pipeline saw it. */
export interface RequestOutcome {
  status: number
  /** The H-code of a router error or refusal. */
  code?: string | undefined
  /** Time queued in front of the dynos (HAProxy's Tw); the autoscaler's main signal. */
  queueMs?: number | undefined
  connectMs?: number | undefined
  /** Time from connected to the response done; undefined when no dyno was reached. */
  serviceMs?: number | undefined
}

/** What the router reads from HAProxy at report time, per app and process type. */
export interface LiveCounts {
  inFlight: number
  queueLength: number
  dynos: number
}

export interface StatsOptions {
  /** Registers the shoal_router_* metrics here when given. */
  registry?: MetricsRegistry
  /** Start of the first window (unix ms); defaults to the wall clock. */
  now?: number
  /** Samples kept per series and window; beyond it a uniform reservoir sample is kept. */
  maxSamples?: number
  random?: () => number
}

interface Series {
  app: string
  processType: string
  requests: number
  errors: number
  live: LiveCounts
  /** In flight + queued at the previous snapshot: arrivals = completions + growth of that. */
  previousOpen: number
  queue: Sampler
  service: Sampler
  queueSketch: DDSketch
  serviceSketch: DDSketch
}

/**
 * Per app/process request metrics over a window that each snapshot() closes. Errors count responses with status
 * ≥ 500 (router H-codes included); a client that hangs up (499) is not the app's error.
 */
export class Stats {
  readonly #series = new Map<string, Series>()
  readonly #maxSamples: number
  readonly #random: () => number
  readonly #prom: PromMetrics | undefined
  #windowStart: number

  constructor(options: StatsOptions = {}) {
    this.#windowStart = options.now ?? Date.now()
    this.#maxSamples = options.maxSamples ?? 2048
    this.#random = options.random ?? Math.random
    this.#prom = options.registry === undefined ? undefined : promMetrics(options.registry)
  }

  /** Counts a finished request. app '' (no app matched: 404, malformed requests) only reaches the metrics. */
  record(app: string, processType: string, o: RequestOutcome): void {
    const p = this.#prom
    if (p !== undefined) {
      // The router's hottest path: the series are kept per app, so a request costs two map lookups and additions.
      let a = p.apps.get(app)
      if (a === undefined) {
        a = {
          requests: new Map(),
          queue: p.queue.series({ app }),
          connect: p.connect.series({ app }),
          service: p.service.series({ app }),
        }
        p.apps.set(app, a)
      }
      const code = o.code ?? ''
      const key = code === '' ? o.status - (o.status % 100) : `${o.status - (o.status % 100)}${code}`
      let counter = a.requests.get(key)
      if (counter === undefined) {
        counter = p.requests.series({ app, status_class: `${Math.floor(o.status / 100)}xx`, code })
        a.requests.set(key, counter)
      }
      counter.inc()
      if (o.queueMs !== undefined) a.queue.observe(o.queueMs / 1000)
      if (o.connectMs !== undefined) a.connect.observe(o.connectMs / 1000)
      if (o.serviceMs !== undefined) a.service.observe(o.serviceMs / 1000)
    }
    if (app === '') return
    const s = this.#get(app, processType)
    s.requests++
    if (o.status >= 500) s.errors++
    if (o.queueMs !== undefined) {
      s.queue.add(o.queueMs)
      s.queueSketch.accept(Math.max(0, o.queueMs))
    }
    if (o.serviceMs !== undefined) {
      s.service.add(o.serviceMs)
      s.serviceSketch.accept(Math.max(0, o.serviceMs))
    }
  }

  /**
   * Sets what is in flight and queued now; apps absent from `live` have nothing in flight, and no backend in this
   * router: their in-flight and queue gauges are dropped.
   */
  setLive(live: ReadonlyMap<string, LiveCounts>, processType = 'web'): void {
    for (const s of this.#series.values()) {
      if (s.processType === processType && !live.has(s.app)) s.live = { inFlight: 0, queueLength: 0, dynos: 0 }
    }
    const p = this.#prom
    p?.inFlight.remove(({ app }) => !live.has(app))
    p?.queueLength.remove(({ app }) => !live.has(app))
    for (const [app, counts] of live) {
      const s = this.#get(app, processType)
      s.live = counts
      p?.inFlight.series({ app }).set(counts.inFlight)
      p?.queueLength.series({ app }).set(counts.queueLength)
    }
  }

  /**
   * Drops the Prometheus series of apps that went away (not in `apps`); '' (requests that matched no app) stays.
   * A request of a dropped app that finishes later starts its series again from zero, as a counter reset.
   */
  retainApps(apps: ReadonlySet<string>): void {
    const p = this.#prom
    if (p === undefined) return
    const gone = (app: string): boolean => app !== '' && !apps.has(app)
    for (const app of p.apps.keys()) if (gone(app)) p.apps.delete(app)
    p.requests.remove(({ app }) => gone(app))
    for (const f of [p.queue, p.connect, p.service]) f.remove(({ app }) => gone(app))
    for (const f of [p.inFlight, p.queueLength]) f.remove(({ app }) => gone(app))
  }

  /** Closes the window: one row per series active in it (or with requests in flight), then starts a new one. */
  snapshot(now: number): ProcessStats[] {
    const seconds = Math.max(0, now - this.#windowStart) / 1000
    this.#windowStart = now
    const rows: ProcessStats[] = []
    for (const [k, s] of this.#series) {
      const open = s.live.inFlight + s.live.queueLength
      rows.push({
        app: s.app,
        processType: s.processType,
        requests: s.requests,
        inFlight: s.live.inFlight,
        ratePerS: seconds > 0 ? s.requests / seconds : 0,
        queueP50Ms: s.queue.percentile(0.5),
        queueP95Ms: s.queue.percentile(0.95),
        serviceP50Ms: s.service.percentile(0.5),
        serviceP95Ms: s.service.percentile(0.95),
        errors: s.errors,
        arrivals: Math.max(0, s.requests + open - s.previousOpen),
        completions: s.requests,
        queueLength: s.live.queueLength,
        queueSketch: s.queueSketch.toProto(),
        serviceSketch: s.serviceSketch.toProto(),
        dynos: s.live.dynos,
      })
      s.previousOpen = open
      // An idle series reports this last zero row, then disappears until it sees traffic again.
      if (s.requests === 0 && open === 0 && s.live.dynos === 0) this.#series.delete(k)
      s.requests = 0
      s.errors = 0
      s.queue.reset()
      s.service.reset()
      s.queueSketch = new DDSketch({ relativeAccuracy: 0.01 })
      s.serviceSketch = new DDSketch({ relativeAccuracy: 0.01 })
    }
    return rows
  }

  #get(app: string, processType: string): Series {
    const k = `${app}\u0000${processType}`
    let s = this.#series.get(k)
    if (s === undefined) {
      const sampler = (): Sampler => new Sampler(this.#maxSamples, this.#random)
      s = {
        app,
        processType,
        requests: 0,
        errors: 0,
        live: { inFlight: 0, queueLength: 0, dynos: 0 },
        previousOpen: 0,
        queue: sampler(),
        service: sampler(),
        queueSketch: new DDSketch({ relativeAccuracy: 0.01 }),
        serviceSketch: new DDSketch({ relativeAccuracy: 0.01 }),
      }
      this.#series.set(k, s)
    }
    return s
  }
}

/** Reservoir of at most `max` samples (Algorithm R), so a hot window costs bounded memory. */
class Sampler {
  readonly #max: number
  readonly #random: () => number
  #values: number[] = []
  #seen = 0

  constructor(max: number, random: () => number) {
    this.#max = max
    this.#random = random
  }

  add(v: number): void {
    this.#seen++
    if (this.#values.length < this.#max) this.#values.push(v)
    else {
      const j = Math.floor(this.#random() * this.#seen)
      if (j < this.#max) this.#values[j] = v
    }
  }

  /** Nearest-rank percentile; 0 when empty. */
  percentile(p: number): number {
    if (this.#values.length === 0) return 0
    const sorted = [...this.#values].sort((a, b) => a - b)
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)))
    return sorted[rank - 1]!
  }

  reset(): void {
    this.#values = []
    this.#seen = 0
  }
}

interface AppSeries {
  /** By status class and H-code (a number for the class alone, `${class}${code}` with one). */
  requests: Map<number | string, CounterSeries>
  queue: HistogramSeries
  connect: HistogramSeries
  service: HistogramSeries
}

interface PromMetrics {
  apps: Map<string, AppSeries>
  requests: CounterFamily<'app' | 'status_class' | 'code'>
  inFlight: GaugeFamily<'app'>
  queueLength: GaugeFamily<'app'>
  queue: HistogramFamily<'app'>
  connect: HistogramFamily<'app'>
  service: HistogramFamily<'app'>
}

// Labels are bounded: app names (from the directory, '' for requests that matched none), status classes, H-codes.
// Rendered by lib/exposition.ts rather than prom-client: with 100 apps these are nearly all of a scrape's lines.
function promMetrics(registry: MetricsRegistry): PromMetrics {
  const fast = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
  const labelNames = ['app'] as const
  return {
    apps: new Map(),
    requests: new CounterFamily({
      name: 'shoal_router_requests_total',
      help: 'Requests answered, by app, status class and H-code (refusals included: 404, H26, H80 …)',
      labelNames: ['app', 'status_class', 'code'],
      registry,
    }),
    inFlight: new GaugeFamily({
      name: 'shoal_router_in_flight',
      help: 'Requests at a dyno through this router (at the last report)',
      labelNames,
      registry,
    }),
    queueLength: new GaugeFamily({
      name: 'shoal_router_queue_length',
      help: 'Requests waiting for a dyno slot in this router (at the last report)',
      labelNames,
      registry,
    }),
    queue: new HistogramFamily({
      name: 'shoal_router_queue_seconds',
      help: 'Time a request waited in the queue for a dyno slot',
      labelNames,
      buckets: fast,
      registry,
    }),
    connect: new HistogramFamily({
      name: 'shoal_router_connect_seconds',
      help: 'Time to connect to the dyno',
      labelNames,
      buckets: fast,
      registry,
    }),
    service: new HistogramFamily({
      name: 'shoal_router_service_seconds',
      help: 'Time from connected to the response done',
      labelNames,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registry,
    }),
  }
}
