import { DDSketch } from '@datadog/sketches-js'
import type { Clock } from '../../lib/clock.ts'
import type { DynoStatus, ProcessStats } from '../../proto/codec.ts'

/** One point of an app's charts: requests in a bucket and their timings (ms), summed or merged over routers. */
export interface MetricsPoint {
  /** Bucket start, unix seconds (uPlot's x). */
  t: number
  requests: number
  errors: number
  /** Requests per second over the bucket. */
  rate: number
  serviceP50: number | null
  serviceP95: number | null
  serviceP99: number | null
  queueP50: number | null
  queueP95: number | null
  inFlight: number
}

/** One point of an app's dyno charts: the memory and CPU load its dynos last reported (Heroku's Metrics tab shows
 *  memory mean/max per dyno against the quota, and dyno load mean/max). */
export interface DynoPoint {
  t: number
  dynos: number
  memoryMeanMb: number
  memoryMaxMb: number
  memoryQuotaMb: number
  loadMean: number
  loadMax: number
}

interface DynoBucket {
  start: number
  /** by dyno id: the latest reading in the bucket */
  readings: Map<string, { memory: number; quota: number; load: number }>
}

interface Bucket {
  start: number
  requests: number
  errors: number
  inFlight: number
  service: DDSketch | undefined
  queue: DDSketch | undefined
  // Without sketches (an older router), request-weighted means of the routers' percentiles.
  weighted: { service50: number; service95: number; queue50: number; queue95: number; weight: number }
}

export interface MetricsHistoryOptions {
  clock: Clock
  bucketMs?: number
  /** Buckets kept per app (default 1 h of 5 s buckets). */
  keep?: number
  maxApps?: number
}

/**
 * The controller's short history of what routers report (RouterReport.stats every ~2 s), per app, for the
 * dashboard's charts: no Prometheus needed. Memory is bounded by apps × buckets; each bucket merges the routers'
 * DDSketches, so p50/p95/p99 are over all routers, not an average of averages.
 */
export class MetricsHistory {
  readonly #clock: Clock
  readonly #bucketMs: number
  readonly #keep: number
  readonly #maxApps: number
  readonly #apps = new Map<string, Bucket[]>()
  readonly #dynos = new Map<string, DynoBucket[]>()

  constructor(options: MetricsHistoryOptions) {
    this.#clock = options.clock
    this.#bucketMs = options.bucketMs ?? 5000
    this.#keep = options.keep ?? 720
    this.#maxApps = options.maxApps ?? 1000
  }

  record(stats: ProcessStats[]): void {
    const now = this.#clock.now()
    const start = now - (now % this.#bucketMs)
    for (const s of stats) {
      const app = s.app ?? ''
      if (app === '') continue
      const b = this.#bucket(this.#apps, app, start, () => ({
        start,
        requests: 0,
        errors: 0,
        inFlight: 0,
        service: undefined,
        queue: undefined,
        weighted: { service50: 0, service95: 0, queue50: 0, queue95: 0, weight: 0 },
      }))
      if (b === undefined) continue
      const requests = Number(s.requests ?? 0) || Number(s.completions ?? 0)
      b.requests += requests
      b.errors += Number(s.errors ?? 0)
      b.inFlight = Math.max(b.inFlight, s.inFlight ?? 0)
      b.service = merge(b.service, s.serviceSketch)
      b.queue = merge(b.queue, s.queueSketch)
      if (requests > 0) {
        b.weighted.service50 += (s.serviceP50Ms ?? 0) * requests
        b.weighted.service95 += (s.serviceP95Ms ?? 0) * requests
        b.weighted.queue50 += (s.queueP50Ms ?? 0) * requests
        b.weighted.queue95 += (s.queueP95Ms ?? 0) * requests
        b.weighted.weight += requests
      }
    }
  }

  /** A host's dyno statuses, with the memory and CPU readings of the dynos it sampled. */
  recordDynos(statuses: DynoStatus[]): void {
    const now = this.#clock.now()
    const start = now - (now % this.#bucketMs)
    for (const d of statuses) {
      const app = d.app ?? ''
      const memory = Number(d.memoryBytes ?? 0)
      if (app === '' || memory <= 0) continue
      const b = this.#bucket(this.#dynos, app, start, () => ({ start, readings: new Map() }))
      if (b === undefined) continue
      b.readings.set(d.id ?? '', { memory, quota: Number(d.memoryQuotaBytes ?? 0), load: d.cpuLoad ?? 0 })
    }
  }

  /** The app's bucket starting at `start`, made when new (the oldest dropped past `keep`); undefined when the app
   *  is new and `maxApps` are kept already. */
  #bucket<B extends { start: number }>(
    byApp: Map<string, B[]>,
    app: string,
    start: number,
    make: () => B,
  ): B | undefined {
    let buckets = byApp.get(app)
    if (buckets === undefined) {
      if (byApp.size >= this.#maxApps) return undefined
      buckets = []
      byApp.set(app, buckets)
    }
    let b = buckets.at(-1)
    if (b === undefined || b.start !== start) {
      b = make()
      buckets.push(b)
      if (buckets.length > this.#keep) buckets.shift()
    }
    return b
  }

  dynoPoints(app: string): DynoPoint[] {
    const MB = 1024 * 1024
    return (this.#dynos.get(app) ?? []).map((b) => {
      const rs = [...b.readings.values()]
      const n = rs.length
      const sum = (f: (r: (typeof rs)[number]) => number): number => rs.reduce((a, r) => a + f(r), 0)
      const max = (f: (r: (typeof rs)[number]) => number): number => Math.max(...rs.map(f))
      return {
        t: b.start / 1000,
        dynos: n,
        memoryMeanMb: round(sum((r) => r.memory) / n / MB),
        memoryMaxMb: round(max((r) => r.memory) / MB),
        memoryQuotaMb: round(max((r) => r.quota) / MB),
        loadMean: round(sum((r) => r.load) / n),
        loadMax: round(max((r) => r.load)),
      }
    })
  }

  points(app: string): MetricsPoint[] {
    return (this.#apps.get(app) ?? []).map((b) => {
      const w = b.weighted.weight
      const mean = (v: number): number | null => (w > 0 ? round(v / w) : null)
      return {
        t: b.start / 1000,
        requests: b.requests,
        errors: b.errors,
        rate: round(b.requests / (this.#bucketMs / 1000)),
        serviceP50: quantile(b.service, 0.5) ?? mean(b.weighted.service50),
        serviceP95: quantile(b.service, 0.95) ?? mean(b.weighted.service95),
        serviceP99: quantile(b.service, 0.99),
        queueP50: quantile(b.queue, 0.5) ?? mean(b.weighted.queue50),
        queueP95: quantile(b.queue, 0.95) ?? mean(b.weighted.queue95),
        inFlight: b.inFlight,
      }
    })
  }

  drop(app: string): void {
    this.#apps.delete(app)
    this.#dynos.delete(app)
  }
}

function merge(into: DDSketch | undefined, bytes: Uint8Array | null | undefined): DDSketch | undefined {
  if (bytes === undefined || bytes === null || bytes.length === 0) return into
  try {
    const sketch = DDSketch.fromProto(bytes)
    if (into === undefined) return sketch
    if (into.mergeable(sketch)) into.merge(sketch)
    return into
  } catch {
    return into
  }
}

function quantile(sketch: DDSketch | undefined, q: number): number | null {
  if (sketch === undefined || sketch.count === 0) return null
  return round(sketch.getValueAtQuantile(q))
}

function round(v: number): number {
  return Math.round(v * 100) / 100
}
