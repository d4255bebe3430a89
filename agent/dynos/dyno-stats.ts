// Per-dyno CPU and memory, read from the engine: one one-shot stats read per running dyno per interval (20 s, as
// Heroku samples; the reads of a round go out together), never a stream held open per dyno. Each round feeds three things:
//  - Prometheus gauges on the agent's /metrics (app, process type, dyno; only the dynos running now);
//  - for apps with the `log-runtime-metrics` labs feature, Heroku's sample lines in the app's log stream;
//  - R14 (total memory over the size's quota, every round while it stays over) and R15 (over R15_QUOTA_MULTIPLE ×
//    the quota: SIGKILL). The container's hard limit is that same multiple (dyno-container.ts), so the kernel's OOM
//    kill usually comes first; the runner reports R15 for it (dyno-runner.ts).
// Heroku's memory_total is RSS + swap; load averages are exponentially-damped averages of the CPU cores the dyno
// kept busy over each interval (the engine has no per-container run queue), with Linux's 1/5/15 min windows.

import { Counter, Gauge, type Registry } from 'prom-client'
import type { Clock, Timer } from '../../lib/clock.ts'
import { type Logger, silentLogger } from '../../lib/logger.ts'
import type { LogLine } from '../../proto/codec.ts'
import type { ContainerStats, DockerClient } from '../docker/docker-client.ts'
import type { RunSpec } from './dyno-container.ts'
import { DYNO_MESSAGES } from './dyno-messages.ts'
import { dynoSize, R15_QUOTA_MULTIPLE } from './dyno-sizes.ts'

/** Heroku's interval between runtime metric samples. */
export const DYNO_STATS_INTERVAL_MS = 20_000

const MB = 1024 * 1024
/** Stats reads in flight at once (one HTTP request to the engine each). */
const READ_CONCURRENCY = 32
const WINDOWS_S = [60, 300, 900] as const

/** A running dyno as the sampler sees it. */
export interface SampledDyno {
  containerId: string
  spec: RunSpec
}

/** The latest reading of one dyno. */
export interface DynoReading {
  app: string
  processType: string
  dyno: string
  /** RSS + swap, bytes (Heroku's memory_total) */
  memoryTotal: number
  stats: ContainerStats
  quotaBytes: number
  /** cores busy over the last interval; null after the first reading of a container */
  cpuLoad: number | null
  /** load_avg_1m, 5m, 15m; null until a CPU load is known */
  loadAvg: [number, number, number] | null
}

interface Track {
  containerId: string
  cpuNs: number
  atMs: number
  loadAvg: [number, number, number] | null
}

export interface DynoStatsDeps {
  docker: Pick<DockerClient, 'containerStats' | 'killContainer'>
  clock: Clock
  /** the dynos running now */
  dynos: () => SampledDyno[]
  /** whether an app has the log-runtime-metrics labs feature enabled */
  runtimeMetrics: (app: string) => boolean
  log: (line: LogLine) => void
  registry?: Registry | undefined
  hostId?: string | undefined
  logger?: Logger | undefined
  intervalMs?: number | undefined
  /** called after each round (the status report carries the readings) */
  onRound?: (() => void) | undefined
}

export class DynoStats {
  readonly #deps: DynoStatsDeps
  readonly #log: Logger
  readonly #intervalMs: number
  /** by dyno id */
  readonly #tracks = new Map<string, Track>()
  #readings = new Map<string, DynoReading>()
  #timer: Timer | undefined
  #sampling = false
  readonly #reads: Counter<'outcome'> | undefined

  constructor(deps: DynoStatsDeps) {
    this.#deps = deps
    this.#log = (deps.logger ?? silentLogger).child({ component: 'dyno-stats' })
    this.#intervalMs = deps.intervalMs ?? DYNO_STATS_INTERVAL_MS
    this.#reads = deps.registry === undefined ? undefined : registerDynoMetrics(deps.registry, () => this.readings())
  }

  start(): void {
    this.#timer ??= this.#deps.clock.setInterval(() => this.tick(), this.#intervalMs)
  }

  stop(): void {
    this.#timer?.cancel()
    this.#timer = undefined
  }

  /** One round unless one is still under way (a slow engine never queues rounds up). */
  tick(): void {
    if (this.#sampling) return
    this.#sampling = true
    this.sample()
      .catch((err: unknown) => this.#log.warn({ err: String(err) }, 'dyno stats round failed'))
      .finally(() => {
        this.#sampling = false
      })
  }

  /** The latest reading of every dyno running at the last round, by dyno id. */
  readings(): ReadonlyMap<string, DynoReading> {
    return this.#readings
  }

  /**
   * Reads every running dyno once. The reads go out together (at most READ_CONCURRENCY at a time): the engine
   * answers a one-shot read at its stats collector's next tick (~1 s) once the collector is running, so reads one
   * after the other would take about a second per dyno (measured: `npm run bench:metrics`).
   */
  async sample(): Promise<void> {
    const dynos = this.#deps.dynos()
    const results = await mapLimited(dynos, READ_CONCURRENCY, async (d) => {
      try {
        const stats = await this.#deps.docker.containerStats(d.containerId)
        this.#reads?.inc({ outcome: stats === null ? 'gone' : 'ok' })
        return stats
      } catch (err) {
        this.#reads?.inc({ outcome: 'error' })
        this.#log.debug({ err: String(err), dyno: d.spec.name }, 'dyno stats read failed')
        return null
      }
    })
    const next = new Map<string, DynoReading>()
    for (const [i, d] of dynos.entries()) {
      const stats = results[i] ?? null
      if (stats === null) continue
      const reading = this.#read(d, stats)
      next.set(d.spec.id, reading)
      await this.#report(d, reading)
    }
    for (const id of this.#tracks.keys()) if (!next.has(id)) this.#tracks.delete(id)
    this.#readings = next
    this.#deps.onRound?.()
  }

  #read(d: SampledDyno, stats: ContainerStats): DynoReading {
    const now = this.#deps.clock.now()
    const prev = this.#tracks.get(d.spec.id)
    let cpuLoad: number | null = null
    let loadAvg: [number, number, number] | null = null
    if (prev !== undefined && prev.containerId === d.containerId && now > prev.atMs && stats.cpuUsageNs >= prev.cpuNs) {
      const dtS = (now - prev.atMs) / 1000
      cpuLoad = (stats.cpuUsageNs - prev.cpuNs) / 1e9 / dtS
      const load = cpuLoad
      const damp = (old: number, windowS: number): number => {
        const e = Math.exp(-dtS / windowS)
        return old * e + load * (1 - e)
      }
      const old = prev.loadAvg ?? [load, load, load]
      loadAvg = [damp(old[0], WINDOWS_S[0]), damp(old[1], WINDOWS_S[1]), damp(old[2], WINDOWS_S[2])]
    }
    this.#tracks.set(d.spec.id, {
      containerId: d.containerId,
      cpuNs: stats.cpuUsageNs,
      atMs: now,
      loadAvg: loadAvg ?? prev?.loadAvg ?? null,
    })
    return {
      app: d.spec.app,
      processType: d.spec.processType,
      dyno: d.spec.name,
      memoryTotal: stats.rssBytes + stats.swapBytes,
      stats,
      quotaBytes: dynoSize(d.spec.size).memoryBytes,
      cpuLoad,
      loadAvg,
    }
  }

  async #report(d: SampledDyno, r: DynoReading): Promise<void> {
    const emit = (message: string): void =>
      this.#deps.log({
        app: d.spec.app,
        atUs: this.#deps.clock.now() * 1000,
        source: 'shoal',
        dyno: d.spec.name,
        message,
        hostId: this.#deps.hostId ?? '',
      })
    if (this.#deps.runtimeMetrics(d.spec.app)) {
      for (const line of runtimeMetricLines(d.spec, r)) emit(line)
    }
    if (r.memoryTotal > r.quotaBytes * R15_QUOTA_MULTIPLE) {
      emit(DYNO_MESSAGES.memory(r.memoryTotal, r.quotaBytes))
      emit(DYNO_MESSAGES.r15)
      emit(DYNO_MESSAGES.sigkill)
      await this.#deps.docker
        .killContainer(d.containerId, 'SIGKILL')
        .catch((err: unknown) => this.#log.warn({ err: String(err), dyno: d.spec.name }, 'R15 kill failed'))
    } else if (r.memoryTotal > r.quotaBytes) {
      emit(DYNO_MESSAGES.memory(r.memoryTotal, r.quotaBytes))
      emit(DYNO_MESSAGES.r14)
    }
  }
}

/** fn over items, at most `limit` at a time; results in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/** Heroku's log-runtime-metrics lines: the load line (once a CPU load is known), then the memory line. */
export function runtimeMetricLines(spec: RunSpec, r: DynoReading): string[] {
  const head = `source=${spec.name} dyno=heroku.${spec.id}`
  const mb = (bytes: number): string => `${(bytes / MB).toFixed(2)}MB`
  const lines: string[] = []
  if (r.loadAvg !== null) {
    const [l1, l5, l15] = r.loadAvg.map((v) => v.toFixed(2))
    lines.push(`${head} sample#load_avg_1m=${l1} sample#load_avg_5m=${l5} sample#load_avg_15m=${l15}`)
  }
  lines.push(
    `${head} sample#memory_total=${mb(r.memoryTotal)} sample#memory_rss=${mb(r.stats.rssBytes)} ` +
      `sample#memory_cache=${mb(r.stats.cacheBytes)} sample#memory_swap=${mb(r.stats.swapBytes)} ` +
      `sample#memory_pgpgin=${r.stats.pgpgin}pages sample#memory_pgpgout=${r.stats.pgpgout}pages ` +
      `sample#memory_quota=${mb(r.quotaBytes)}`,
  )
  return lines
}

function registerDynoMetrics(registry: Registry, readings: () => ReadonlyMap<string, DynoReading>): Counter<'outcome'> {
  const labels = (r: DynoReading) => ({ app: r.app, process_type: r.processType, dyno: r.dyno })
  new Gauge({
    name: 'shoal_dyno_memory_bytes',
    help: 'Memory of each running dyno at the last stats read: total (RSS + swap, Heroku memory_total), rss, cache, swap',
    labelNames: ['app', 'process_type', 'dyno', 'kind'],
    registers: [registry],
    collect() {
      this.reset()
      for (const r of readings().values()) {
        const l = labels(r)
        this.set({ ...l, kind: 'total' }, r.memoryTotal)
        this.set({ ...l, kind: 'rss' }, r.stats.rssBytes)
        this.set({ ...l, kind: 'cache' }, r.stats.cacheBytes)
        this.set({ ...l, kind: 'swap' }, r.stats.swapBytes)
      }
    },
  })
  new Gauge({
    name: 'shoal_dyno_memory_quota_bytes',
    help: "Memory quota of each running dyno's size (R14 above it)",
    labelNames: ['app', 'process_type', 'dyno'],
    registers: [registry],
    collect() {
      this.reset()
      for (const r of readings().values()) this.set(labels(r), r.quotaBytes)
    },
  })
  new Gauge({
    name: 'shoal_dyno_cpu_load',
    help: 'CPU cores each running dyno kept busy over the last stats interval',
    labelNames: ['app', 'process_type', 'dyno'],
    registers: [registry],
    collect() {
      this.reset()
      for (const r of readings().values()) if (r.cpuLoad !== null) this.set(labels(r), r.cpuLoad)
    },
  })
  new Gauge({
    name: 'shoal_dyno_load_average',
    help: 'Damped average of the CPU load of each running dyno over 1, 5 and 15 minutes (Heroku load_avg_*)',
    labelNames: ['app', 'process_type', 'dyno', 'window'],
    registers: [registry],
    collect() {
      this.reset()
      for (const r of readings().values()) {
        if (r.loadAvg === null) continue
        const l = labels(r)
        this.set({ ...l, window: '1m' }, r.loadAvg[0])
        this.set({ ...l, window: '5m' }, r.loadAvg[1])
        this.set({ ...l, window: '15m' }, r.loadAvg[2])
      }
    },
  })
  return new Counter({
    name: 'shoal_dyno_stats_reads_total',
    help: 'Stats reads of dyno containers by outcome (ok, gone, error)',
    labelNames: ['outcome'],
    registers: [registry],
  })
}
