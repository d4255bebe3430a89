import { Counter, Gauge, type Registry } from 'prom-client'
import { type Clock, systemClock } from '../../../lib/clock.ts'
import type { Startable } from '../../../lib/lifecycle.ts'
import { type LogLineInput, microsFromMs } from '../../../lib/log-format.ts'
import type { Logger } from '../../../lib/logger.ts'
import type { Store } from '../../store/store.ts'
import type { LogHub } from '../log-hub.ts'
import { DrainSender, type DrainSenderOptions } from './drain-sender.ts'
import { DRAINS_PREFIX, type DrainRecord, decodeDrain } from './drain-service.ts'
import { createTransport } from './drain-transport.ts'
import { parseDrainUrl } from './drain-url.ts'

export interface DrainManagerDeps {
  store: Store
  hub: LogHub
  logger: Logger
  clock?: Clock
  registry?: Registry
  /**
   * Whether this controller delivers drains now (HA: the leader only; every controller holds every line, so each
   * line is delivered by one). Lines heard while false are not delivered. Default: always.
   */
  delivering?: (() => boolean) | undefined
  /** Overrides for every sender (tests shorten back-off and notice intervals). */
  sender?: Partial<Pick<DrainSenderOptions, 'capacity' | 'batchLines' | 'retryMinMs' | 'retryMaxMs' | 'noticeEveryMs'>>
}

interface Active {
  key: string
  record: DrainRecord
  sender: DrainSender
}

interface DrainMetrics {
  lines: Counter<'outcome'>
}

/**
 * Runs the drains the store lists: one DrainSender each, fed from the hub's line listener (app drains get their app's
 * lines, cluster drains every app's). Follows `log-drains/` with a store watch, so drains added through any
 * controller start at once and every drain resumes after a restart. Drop and error notices go to the app's own log as
 * `shoal[logplex]` lines (for a cluster drain, to the controller's log and metrics).
 */
export class DrainManager implements Startable {
  readonly #deps: DrainManagerDeps
  readonly #clock: Clock
  readonly #active = new Map<string, Active>()
  readonly #byApp = new Map<string, Set<Active>>()
  readonly #cluster = new Set<Active>()
  readonly #metrics: DrainMetrics | undefined
  #unlisten: (() => void) | undefined
  #watch = new AbortController()

  constructor(deps: DrainManagerDeps) {
    this.#deps = deps
    this.#clock = deps.clock ?? systemClock
    this.#metrics = deps.registry === undefined ? undefined : this.#registerMetrics(deps.registry)
  }

  async start(): Promise<void> {
    this.#watch = new AbortController()
    const seen = new Map<string, number>()
    await this.#deps.store.watch(
      DRAINS_PREFIX,
      (event) => {
        if ((seen.get(event.key) ?? 0) >= event.revision) return
        seen.set(event.key, event.revision)
        if (event.type === 'delete') this.#remove(event.key)
        else this.#upsert(event.key, event.value)
      },
      {
        signal: this.#watch.signal,
        onError: (err) =>
          this.#deps.logger.error({ err: String(err) }, 'drain watch ended; drains no longer follow the store'),
      },
    )
    for (const entry of await this.#deps.store.list(DRAINS_PREFIX)) {
      if ((seen.get(entry.key) ?? 0) >= entry.revision) continue
      seen.set(entry.key, entry.revision)
      this.#upsert(entry.key, entry.value)
    }
    this.#unlisten = this.#deps.hub.listen((line) => {
      if (this.#deps.delivering?.() ?? true) this.#offer(line)
    })
  }

  stop(): void {
    this.#watch.abort()
    this.#unlisten?.()
    for (const key of [...this.#active.keys()]) this.#remove(key)
  }

  /** Tokens of the running drains (for tests and status). */
  running(): Array<{ token: string; app: string | null; pending: number; lastError: string | undefined }> {
    return [...this.#active.values()].map((a) => ({
      token: a.record.token,
      app: a.record.app,
      pending: a.sender.pending,
      lastError: a.sender.lastError,
    }))
  }

  #offer(line: LogLineInput): void {
    const app = this.#byApp.get(line.app)
    if (app !== undefined) for (const a of app) a.sender.enqueue(line)
    for (const a of this.#cluster) a.sender.enqueue(line)
  }

  #upsert(key: string, value: Uint8Array): void {
    const record = decodeDrain(value)
    if (record === undefined) {
      this.#deps.logger.warn({ key }, 'drain record unreadable; skipped')
      return
    }
    this.#remove(key)
    let target: ReturnType<typeof parseDrainUrl>
    try {
      target = parseDrainUrl(record.url)
    } catch (err) {
      this.#deps.logger.warn({ key, err: String(err) }, 'drain URL no longer valid; skipped')
      return
    }
    const log = this.#deps.logger.child({ component: 'drain', drain: record.token, app: record.app })
    const sender = new DrainSender({
      token: record.token,
      transport: createTransport(target, { token: record.token, ca: record.ca }),
      clock: this.#clock,
      ...this.#deps.sender,
      onDelivered: (n) => this.#metrics?.lines.inc({ outcome: 'delivered' }, n),
      onDropped: (n, reason) =>
        this.#metrics?.lines.inc({ outcome: reason === 'overflow' ? 'dropped' : 'rejected' }, n),
      onNotice: (kind, text) => {
        log.warn({ kind }, text)
        if (record.app !== null) {
          this.#deps.hub.append({
            app: record.app,
            atUs: microsFromMs(this.#clock.now()),
            source: 'shoal',
            dyno: 'logplex',
            message: text,
          })
        }
      },
    })
    const active: Active = { key, record, sender }
    this.#active.set(key, active)
    if (record.app === null) this.#cluster.add(active)
    else {
      let set = this.#byApp.get(record.app)
      if (set === undefined) {
        set = new Set()
        this.#byApp.set(record.app, set)
      }
      set.add(active)
    }
    log.info({ url: redact(record.url) }, 'drain running')
  }

  #remove(key: string): void {
    const active = this.#active.get(key)
    if (active === undefined) return
    this.#active.delete(key)
    active.sender.stop()
    if (active.record.app === null) this.#cluster.delete(active)
    else {
      const set = this.#byApp.get(active.record.app)
      set?.delete(active)
      if (set?.size === 0) this.#byApp.delete(active.record.app)
    }
  }

  #registerMetrics(registry: Registry): DrainMetrics {
    const manager = this
    new Gauge({
      name: 'shoal_log_drains',
      help: 'Log drains running on this controller, by scope (app or cluster)',
      labelNames: ['scope'],
      registers: [registry],
      collect() {
        this.set({ scope: 'cluster' }, manager.#cluster.size)
        this.set({ scope: 'app' }, manager.#active.size - manager.#cluster.size)
      },
    })
    new Gauge({
      name: 'shoal_log_drain_queued_lines',
      help: 'Lines waiting in drain queues, summed over drains',
      registers: [registry],
      collect() {
        let n = 0
        for (const a of manager.#active.values()) n += a.sender.pending
        this.set(n)
      },
    })
    return {
      lines: new Counter({
        name: 'shoal_log_drain_lines_total',
        help: 'Lines handed to drains by outcome: delivered, dropped (queue full), rejected (the drain answered 4xx)',
        labelNames: ['outcome'],
        registers: [registry],
      }),
    }
  }
}

/** A drain URL may carry credentials (https://user:pass@…); logs show it without them. */
function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password !== '') u.password = '***'
    return u.toString()
  } catch {
    return '(unparsable)'
  }
}
