import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { ProcessStats } from '../proto/codec.ts'

export interface RequestOutcome {
  status: number
  /** Time waiting for a backend plus connecting to it (all attempts); the autoscaler's main signal. */
  queueMs?: number | undefined
  /** Time from connected to the response done; undefined when no backend was reached. */
  serviceMs?: number | undefined
}

export interface RequestTracker {
  /** Ends the request; later calls are ignored. */
  finish(outcome: RequestOutcome): void
}

export interface StatsOptions {
  /** Registers the shoal_router_* metrics here when given. */
  registry?: Registry
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
  inFlight: number
  queue: Sampler
  service: Sampler
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

  start(app: string, processType = 'web'): RequestTracker {
    const s = this.#get(app, processType)
    s.inFlight++
    const labels = { app, process_type: processType }
    this.#prom?.inFlight.inc(labels)
    let done = false
    return {
      finish: (o) => {
        if (done) return
        done = true
        s.inFlight--
        s.requests++
        if (o.status >= 500) s.errors++
        if (o.queueMs !== undefined) s.queue.add(o.queueMs)
        if (o.serviceMs !== undefined) s.service.add(o.serviceMs)
        const p = this.#prom
        if (p === undefined) return
        p.inFlight.dec(labels)
        p.requests.inc({ ...labels, status: String(o.status) })
        if (o.queueMs !== undefined) p.queue.observe(labels, o.queueMs / 1000)
        if (o.serviceMs !== undefined) p.service.observe(labels, o.serviceMs / 1000)
      },
    }
  }

  /** Closes the window: one row per series active in it (or with requests in flight), then starts a new one. */
  snapshot(now: number): ProcessStats[] {
    const seconds = Math.max(0, now - this.#windowStart) / 1000
    this.#windowStart = now
    const rows: ProcessStats[] = []
    for (const [k, s] of this.#series) {
      rows.push({
        app: s.app,
        processType: s.processType,
        requests: s.requests,
        inFlight: s.inFlight,
        ratePerS: seconds > 0 ? s.requests / seconds : 0,
        queueP50Ms: s.queue.percentile(0.5),
        queueP95Ms: s.queue.percentile(0.95),
        serviceP50Ms: s.service.percentile(0.5),
        serviceP95Ms: s.service.percentile(0.95),
        errors: s.errors,
      })
      // An idle series reports this last zero row, then disappears until it sees traffic again.
      if (s.requests === 0 && s.inFlight === 0) this.#series.delete(k)
      s.requests = 0
      s.errors = 0
      s.queue.reset()
      s.service.reset()
    }
    return rows
  }

  #get(app: string, processType: string): Series {
    const k = `${app}\u0000${processType}`
    let s = this.#series.get(k)
    if (s === undefined) {
      const sampler = (): Sampler => new Sampler(this.#maxSamples, this.#random)
      s = { app, processType, requests: 0, errors: 0, inFlight: 0, queue: sampler(), service: sampler() }
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

interface PromMetrics {
  requests: Counter<'app' | 'process_type' | 'status'>
  inFlight: Gauge<'app' | 'process_type'>
  queue: Histogram<'app' | 'process_type'>
  service: Histogram<'app' | 'process_type'>
}

function promMetrics(registry: Registry): PromMetrics {
  const registers = [registry]
  return {
    requests: new Counter({
      name: 'shoal_router_requests_total',
      help: 'Requests routed, by app, process type and response status',
      labelNames: ['app', 'process_type', 'status'],
      registers,
    }),
    inFlight: new Gauge({
      name: 'shoal_router_in_flight',
      help: 'Requests in flight through this router',
      labelNames: ['app', 'process_type'],
      registers,
    }),
    queue: new Histogram({
      name: 'shoal_router_queue_seconds',
      help: 'Time a request waited for a backend and its connect',
      labelNames: ['app', 'process_type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    service: new Histogram({
      name: 'shoal_router_service_seconds',
      help: 'Time from backend connected to response done',
      labelNames: ['app', 'process_type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
  }
}
