// The leader's view of request metrics: every router's RouterReport (every ~2 s) is kept per app and process type
// for a while, and any window of the recent past is read back as one WindowFigures: counts summed, DDSketches of
// queue and response time merged across routers and reports (DDSketch `merge`: quantiles of the union, within the
// sketches' 1 % relative accuracy), gauges (in flight, queue length, dynos) combined per router then summed.

import { DDSketch } from '@datadog/sketches-js'
import type { ProcessStats, RouterReport } from '../../proto/codec.ts'
import { EMPTY_FIGURES, type WindowFigures } from './decide.ts'

interface Sample {
  at: number
  host: string
  arrivals: number
  completions: number
  /** In flight plus queued at the report. */
  load: number
  queueLength: number
  dynos: number
  queue: DDSketch | undefined
  service: DDSketch | undefined
}

export interface MetricWindowsOptions {
  /** Samples older than this are dropped (the longest window anybody reads). */
  retentionMs?: number | undefined
  /** Counts sketches that did not decode. */
  onBadSketch?: ((host: string) => void) | undefined
}

export const DEFAULT_RETENTION_MS = 5 * 60_000

function sketchOf(bytes: Uint8Array | null | undefined): DDSketch | undefined | 'bad' {
  if (bytes === null || bytes === undefined || bytes.length === 0) return undefined
  try {
    return DDSketch.fromProto(bytes)
  } catch {
    return 'bad'
  }
}

function key(app: string, type: string): string {
  return `${app}\u0000${type}`
}

function p95(sketches: Array<DDSketch | undefined>): number | null {
  const merged = new DDSketch()
  let n = 0
  for (const s of sketches) {
    if (s === undefined || s.count === 0) continue
    if (!merged.mergeable(s)) continue
    merged.merge(s)
    n += s.count
  }
  return n === 0 ? null : Math.max(0, merged.getValueAtQuantile(0.95))
}

export class MetricWindows {
  readonly #samples = new Map<string, Sample[]>()
  /** The newest sent_at_ms per router, so a replayed or reordered report is not counted twice. */
  readonly #lastSent = new Map<string, number>()
  readonly #retentionMs: number
  readonly #onBadSketch: ((host: string) => void) | undefined

  constructor(options: MetricWindowsOptions = {}) {
    this.#retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS
    this.#onBadSketch = options.onBadSketch
  }

  /** Takes one router's report, received at `now` (the leader's clock: routers' clocks may disagree). */
  ingest(report: RouterReport, host: string, now: number): void {
    const sent = Number(report.sentAtMs ?? 0)
    const last = this.#lastSent.get(host)
    if (last !== undefined && sent <= last) return
    this.#lastSent.set(host, sent)
    for (const stats of report.stats ?? []) this.#add(stats, host, now)
    this.prune(now)
  }

  #add(stats: ProcessStats, host: string, now: number): void {
    const app = stats.app ?? ''
    const type = stats.processType ?? ''
    if (app === '' || type === '') return
    const queue = sketchOf(stats.queueSketch)
    const service = sketchOf(stats.serviceSketch)
    if (queue === 'bad' || service === 'bad') this.#onBadSketch?.(host)
    const sample: Sample = {
      at: now,
      host,
      arrivals: Number(stats.arrivals ?? 0),
      completions: Number(stats.completions ?? 0),
      load: Number(stats.inFlight ?? 0) + Number(stats.queueLength ?? 0),
      queueLength: Number(stats.queueLength ?? 0),
      dynos: Number(stats.dynos ?? 0),
      queue: queue === 'bad' ? undefined : queue,
      service: service === 'bad' ? undefined : service,
    }
    const k = key(app, type)
    const list = this.#samples.get(k) ?? []
    list.push(sample)
    this.#samples.set(k, list)
  }

  /** Drops what is older than the retention, and forgets types nobody reports any more. */
  prune(now: number): void {
    for (const [k, list] of this.#samples) {
      let i = 0
      while (i < list.length && (list[i] as Sample).at <= now - this.#retentionMs) i++
      if (i > 0) list.splice(0, i)
      if (list.length === 0) this.#samples.delete(k)
    }
  }

  /** The window (now − windowMs, now] of one app's process type, merged across routers. */
  figures(app: string, type: string, windowMs: number, now: number): WindowFigures {
    const inside = (this.#samples.get(key(app, type)) ?? []).filter((s) => s.at > now - windowMs && s.at <= now)
    if (inside.length === 0) return { ...EMPTY_FIGURES }
    const byHost = new Map<string, Sample[]>()
    for (const s of inside) byHost.set(s.host, [...(byHost.get(s.host) ?? []), s])
    let load = 0
    let queueFirst = 0
    let queueLast = 0
    let dynos = 0
    for (const list of byHost.values()) {
      load += list.reduce((n, s) => n + s.load, 0) / list.length
      queueFirst += (list[0] as Sample).queueLength
      queueLast += (list.at(-1) as Sample).queueLength
      dynos = Math.max(dynos, (list.at(-1) as Sample).dynos)
    }
    return {
      arrivals: inside.reduce((n, s) => n + s.arrivals, 0),
      completions: inside.reduce((n, s) => n + s.completions, 0),
      queueP95Ms: p95(inside.map((s) => s.queue)),
      serviceP95Ms: p95(inside.map((s) => s.service)),
      load,
      queueFirst,
      queueLast,
      dynos,
      coveredMs: Math.min(windowMs, now - (inside[0] as Sample).at + 2_000),
    }
  }

  /** App/type pairs with samples, for metrics. */
  types(): Array<{ app: string; type: string }> {
    return [...this.#samples.keys()].map((k) => {
      const [app, type] = k.split('\u0000') as [string, string]
      return { app, type }
    })
  }
}
