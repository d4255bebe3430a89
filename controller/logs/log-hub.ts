import { Counter, Gauge, type Registry } from 'prom-client'
import { type Clock, systemClock } from '../../lib/clock.ts'
import {
  apiLine,
  type LogLineInput,
  type LogSource,
  microsFromMs,
  normalizeMessage,
  overflowLine,
  parseProcessType,
} from '../../lib/log-format.ts'
import type { LogLine } from '../../proto/codec.ts'
import { LogRing } from './log-ring.ts'

/** Which lines a reader wants; every given field must match (Heroku's --source, --dyno-name, --process-type). */
export interface LogFilter {
  source?: LogSource | undefined
  dyno?: string | undefined
  processType?: string | undefined
}

export interface RecentOptions extends LogFilter {
  /** How many of the newest matching lines; default 100, at most the ring's capacity. */
  num?: number | undefined
}

/**
 * Where a line entered this controller: `local` (shipped here by a host, or an event of this controller's API) or
 * `replica` (copied from another controller of an HA cluster, which had it locally; see log-replication.ts).
 */
export type LineOrigin = 'local' | 'replica'

/** Sees every stored line of every app, synchronously; must not block (drains queue, the journal buffers). */
export type LineListener = (line: LogLineInput, origin: LineOrigin) => void

/** A line handed to a tail; return false when the reader cannot take more now, then call resume() when it can. */
export type TailSink = (line: LogLineInput) => boolean | undefined

export interface TailSubscription {
  /** Delivers what queued up while paused (and an L10 notice for what was dropped), then live lines again. */
  resume(): void
  unsubscribe(): void
  /** Lines waiting for this reader. */
  readonly pending: number
}

export interface LogHubOptions {
  /** Lines kept per app (Logplex keeps 1500). */
  capacity?: number
  /** Lines a paused tail may queue before further lines are dropped for it. */
  tailBuffer?: number
  /** Apps with a ring at most; lines for further apps are dropped, so a buggy producer cannot exhaust memory. */
  maxApps?: number
  clock?: Clock
  registry?: Registry
}

export const DEFAULT_CAPACITY = 1500
export const DEFAULT_NUM = 100
const DEFAULT_TAIL_BUFFER = 1000
const DEFAULT_MAX_APPS = 10_000
// Heroku's rule for app names; lines naming anything else cannot belong to an app and are refused.
const APP_NAME = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/
const DYNO_NAME = /^[A-Za-z0-9_.-]{1,64}$/
// Year 10000: Date cannot format later times.
const MAX_TIME_US = 253_402_300_800_000_000

/** Dropped lines stand in a tail's queue as one marker, so the L10 notice arrives where the gap is. */
interface Gap {
  gap: true
  count: number
  sinceUs: number
}

interface Tail {
  app: string
  filter: LogFilter
  sink: TailSink
  onEnd: (() => void) | undefined
  queue: Array<LogLineInput | Gap>
  queuedLines: number
  paused: boolean
  closed: boolean
}

interface HubMetrics {
  appended: Counter
  dropped: Counter<'reason'>
}

export function matches(line: LogLineInput, filter: LogFilter): boolean {
  if (filter.source !== undefined && line.source !== filter.source) return false
  if (filter.dyno !== undefined && line.dyno !== filter.dyno) return false
  if (filter.processType !== undefined && parseProcessType(line.dyno) !== filter.processType) return false
  return true
}

/**
 * The controller's log hub: a ring of the newest lines per app, and live tails. Memory is bounded everywhere — by
 * the ring capacity, the number of apps, and each tail's queue; a tail that cannot keep up loses lines (counted, and
 * told with Heroku's L10 notice) rather than making the hub buffer without end.
 */
export class LogHub {
  readonly capacity: number
  readonly #tailBuffer: number
  readonly #maxApps: number
  readonly #clock: Clock
  readonly #rings = new Map<string, LogRing<LogLineInput>>()
  readonly #tails = new Map<string, Set<Tail>>()
  readonly #metrics: HubMetrics | undefined
  readonly #listeners = new Set<LineListener>()

  constructor(options: LogHubOptions = {}) {
    this.capacity = options.capacity ?? DEFAULT_CAPACITY
    this.#tailBuffer = options.tailBuffer ?? DEFAULT_TAIL_BUFFER
    this.#maxApps = options.maxApps ?? DEFAULT_MAX_APPS
    this.#clock = options.clock ?? systemClock
    this.#metrics = options.registry === undefined ? undefined : this.#registerMetrics(options.registry)
  }

  /**
   * Stores one line (several when its message has newlines or is over 10000 bytes) and hands it to matching tails.
   * Returns how many lines were stored; 0 when the line is malformed and was dropped. Listeners hear `origin`.
   */
  append(line: LogLine | LogLineInput, origin: LineOrigin = 'local'): number {
    const app = line.app ?? ''
    const dyno = line.dyno ?? ''
    const source = line.source
    if (!APP_NAME.test(app) || !DYNO_NAME.test(dyno) || (source !== 'app' && source !== 'shoal')) {
      this.#metrics?.dropped.inc({ reason: 'invalid' })
      return 0
    }
    let ring = this.#rings.get(app)
    if (ring === undefined) {
      if (this.#rings.size >= this.#maxApps) {
        this.#metrics?.dropped.inc({ reason: 'app_limit' })
        return 0
      }
      ring = new LogRing(this.capacity)
      this.#rings.set(app, ring)
    }
    // A line without a usable time (0 is proto3's "unset") is stamped on arrival rather than shown in 1970 or lost.
    const given = Number(line.atUs ?? 0)
    const atUs = given > 0 && given < MAX_TIME_US ? given : microsFromMs(this.#clock.now())
    const hostId = line.hostId ?? ''
    const parts = normalizeMessage(line.message ?? '')
    const tails = this.#tails.get(app)
    for (const message of parts) {
      const stored: LogLineInput =
        hostId === '' ? { app, atUs, source, dyno, message } : { app, atUs, source, dyno, message, hostId }
      ring.push(stored)
      if (tails !== undefined) for (const tail of tails) this.#offer(tail, stored)
      for (const listener of this.#listeners) {
        try {
          listener(stored, origin)
        } catch {
          // A broken listener must not keep lines from the ring, tails or other listeners.
        }
      }
    }
    this.#metrics?.appended.inc(parts.length)
    return parts.length
  }

  /** Adds a listener for every stored line; returns its removal. */
  listen(listener: LineListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Puts lines kept from before a restart back into an app's ring, oldest first, without handing them to tails or
   * listeners (drains already had them). Lines that do not belong to a valid app are skipped.
   */
  restore(app: string, lines: LogLineInput[]): void {
    if (!APP_NAME.test(app) || lines.length === 0) return
    let ring = this.#rings.get(app)
    if (ring === undefined) {
      if (this.#rings.size >= this.#maxApps) return
      ring = new LogRing(this.capacity)
      this.#rings.set(app, ring)
    }
    for (const line of lines.slice(-this.capacity)) {
      if (line.app === app && DYNO_NAME.test(line.dyno) && (line.source === 'app' || line.source === 'shoal')) {
        ring.push(line)
      }
    }
  }

  /** An API event as `app[api]: …` (Release v3 created by user admin, Set FOO config vars by user admin …). */
  apiEvent(app: string, message: string): void {
    this.append(apiLine(app, message, microsFromMs(this.#clock.now())))
  }

  /** The newest `num` lines of an app that match the filter, oldest first. */
  recent(app: string, options: RecentOptions = {}): LogLineInput[] {
    const ring = this.#rings.get(app)
    const num = Math.min(Math.max(0, Math.floor(options.num ?? DEFAULT_NUM)), this.capacity)
    if (ring === undefined || num === 0) return []
    return ring.newest(num, (line) => matches(line, options))
  }

  /**
   * Hands every new matching line of an app to sink, in order. When sink returns false the tail pauses: lines queue
   * (up to the tail buffer, then are dropped and counted) until resume(). onEnd runs when the hub ends the tail
   * (drop of the app), not on unsubscribe().
   */
  subscribe(app: string, filter: LogFilter, sink: TailSink, options: { onEnd?: () => void } = {}): TailSubscription {
    const tail: Tail = {
      app,
      filter,
      sink,
      onEnd: options.onEnd,
      queue: [],
      queuedLines: 0,
      paused: false,
      closed: false,
    }
    let set = this.#tails.get(app)
    if (set === undefined) {
      set = new Set()
      this.#tails.set(app, set)
    }
    set.add(tail)
    return {
      resume: () => this.#resume(tail),
      unsubscribe: () => this.#remove(tail),
      get pending() {
        return tail.queuedLines
      },
    }
  }

  /** Forgets an app's lines and ends its tails (the app was destroyed). */
  drop(app: string): void {
    this.#rings.delete(app)
    for (const tail of [...(this.#tails.get(app) ?? [])]) {
      this.#remove(tail)
      tail.onEnd?.()
    }
  }

  apps(): string[] {
    return [...this.#rings.keys()]
  }

  tailCount(): number {
    let n = 0
    for (const set of this.#tails.values()) n += set.size
    return n
  }

  #offer(tail: Tail, line: LogLineInput): void {
    if (tail.closed || !matches(line, tail.filter)) return
    if (!tail.paused && tail.queue.length === 0) {
      this.#deliver(tail, line)
      return
    }
    if (tail.queuedLines < this.#tailBuffer) {
      tail.queue.push(line)
      tail.queuedLines++
      return
    }
    this.#metrics?.dropped.inc({ reason: 'tail_overflow' })
    const last = tail.queue.at(-1)
    if (last !== undefined && 'gap' in last) last.count++
    else tail.queue.push({ gap: true, count: 1, sinceUs: line.atUs })
  }

  #resume(tail: Tail): void {
    if (tail.closed) return
    tail.paused = false
    while (tail.queue.length > 0 && !tail.paused && !tail.closed) {
      const next = tail.queue.shift() as LogLineInput | Gap
      if ('gap' in next) {
        this.#deliver(tail, overflowLine(tail.app, next.count, next.sinceUs, microsFromMs(this.#clock.now())))
      } else {
        tail.queuedLines--
        this.#deliver(tail, next)
      }
    }
  }

  // A reader that throws is broken: it is removed so that it cannot stop lines reaching the ring or other tails.
  #deliver(tail: Tail, line: LogLineInput): void {
    try {
      if (tail.sink(line) === false) tail.paused = true
    } catch {
      this.#remove(tail)
    }
  }

  #remove(tail: Tail): void {
    if (tail.closed) return
    tail.closed = true
    tail.queue = []
    tail.queuedLines = 0
    const set = this.#tails.get(tail.app)
    set?.delete(tail)
    if (set?.size === 0) this.#tails.delete(tail.app)
  }

  #registerMetrics(registry: Registry): HubMetrics {
    const hub = this
    new Gauge({
      name: 'shoal_log_hub_apps',
      help: 'Apps with lines in the log hub',
      registers: [registry],
      collect() {
        this.set(hub.#rings.size)
      },
    })
    new Gauge({
      name: 'shoal_log_hub_tails',
      help: 'Live log tails (shoal logs --tail sessions)',
      registers: [registry],
      collect() {
        this.set(hub.tailCount())
      },
    })
    return {
      appended: new Counter({
        name: 'shoal_log_hub_lines_appended_total',
        help: 'Log lines stored in the hub (after splitting long and multi-line messages)',
        registers: [registry],
      }),
      dropped: new Counter({
        name: 'shoal_log_hub_lines_dropped_total',
        help: 'Log lines dropped: invalid (malformed), app_limit (too many apps), tail_overflow (a slow tail)',
        labelNames: ['reason'],
        registers: [registry],
      }),
    }
  }
}
