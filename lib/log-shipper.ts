// Ships log lines from a daemon (agent: dyno output and platform lines; router: request lines) to the log hub.
// Lines are batched — a batch leaves 200 ms after its first line or as soon as it has 500 lines — and one batch is in
// flight at a time, so lines arrive in the order they were shipped. While the hub is unreachable lines wait in a bounded
// queue (the oldest are dropped first, counted, and announced later with Heroku's L10 notice) and sends are retried
// with exponential back-off. The transport is injected; a daemon wires it to the mesh, e.g.
//   send: (peer, batch, signal) => request(node, peerIdFromString(peer), PROTOCOL_LOGS,
//     { request: LogBatchCodec, response: LogBatchCodec }, batch, { signal }).then(() => {})

import { Counter, Gauge, type Registry } from 'prom-client'
import type { LogBatch } from '../proto/codec.ts'
import type { Clock, Timer } from './clock.ts'
import { type LogLineInput, microsFromMs, normalizeMessage, overflowLine } from './log-format.ts'
import { type Logger, silentLogger } from './logger.ts'

export interface LogShipperOptions {
  clock: Clock
  /** The peer id of the current log hub (the leader); undefined while none is known, which counts as a failure. */
  target: () => string | undefined
  /** Sends one batch and resolves when the hub acknowledged it; rejects on any failure. */
  send: (target: string, batch: LogBatch, signal: AbortSignal) => Promise<void>
  flushMs?: number
  batchLines?: number
  maxQueue?: number
  backoffInitialMs?: number
  backoffMaxMs?: number
  /** [0, 1); jitter for the back-off. */
  random?: () => number
  registry?: Registry
  logger?: Logger
}

export interface LogShipperStats {
  queued: number
  sent: number
  dropped: number
  failures: number
}

interface Drop {
  count: number
  sinceUs: number
}

interface ShipperMetrics {
  sent: Counter
  dropped: Counter
  failures: Counter
}

export class LogShipper {
  readonly #o: Required<Omit<LogShipperOptions, 'registry' | 'logger'>> & { logger: Logger }
  readonly #metrics: ShipperMetrics | undefined
  readonly #abort = new AbortController()
  #queue: LogLineInput[] = []
  #drops = new Map<string, Drop>()
  #timer: Timer | undefined
  #inflight: Promise<boolean> | undefined
  #backingOff = false
  #failuresInARow = 0
  #stopped = false
  #stats: LogShipperStats = { queued: 0, sent: 0, dropped: 0, failures: 0 }

  constructor(options: LogShipperOptions) {
    this.#o = {
      clock: options.clock,
      target: options.target,
      send: options.send,
      flushMs: options.flushMs ?? 200,
      batchLines: options.batchLines ?? 500,
      maxQueue: options.maxQueue ?? 10_000,
      backoffInitialMs: options.backoffInitialMs ?? 250,
      backoffMaxMs: options.backoffMaxMs ?? 15_000,
      random: options.random ?? Math.random,
      logger: options.logger ?? silentLogger,
    }
    this.#metrics = options.registry === undefined ? undefined : this.#registerMetrics(options.registry)
  }

  /** Queues one line (several when it has newlines or is over 10000 bytes); never blocks, never throws. */
  ship(line: LogLineInput): void {
    if (this.#stopped) return
    for (const message of normalizeMessage(line.message)) this.#queue.push({ ...line, message })
    this.#trim()
    if (this.#inflight !== undefined || this.#backingOff) return
    if (this.#queue.length >= this.#o.batchLines) this.#pump()
    else this.#timer ??= this.#o.clock.setTimeout(() => this.#pump(), this.#o.flushMs)
  }

  stats(): LogShipperStats {
    return { ...this.#stats, queued: this.#queue.length }
  }

  /**
   * Stops shipping after a last attempt to deliver what is queued (bounded by the signal; 2 s by default), so the lines
   * a daemon writes while shutting down still reach the hub when it is up.
   */
  async stop(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    this.#timer?.cancel()
    this.#timer = undefined
    // The default deadline runs on the injected clock: a pending real timer would hold up the daemon's exit.
    const deadline = new AbortController()
    const timer = options.signal === undefined ? this.#o.clock.setTimeout(() => deadline.abort(), 2000) : undefined
    const signal = options.signal ?? deadline.signal
    const onAbort = (): void => this.#abort.abort(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    if (signal.aborted) onAbort()
    try {
      if (this.#inflight !== undefined) await this.#inflight
      while (this.#queue.length > 0 && !signal.aborted) {
        if (!(await this.#sendBatch())) break
      }
    } finally {
      timer?.cancel()
      signal.removeEventListener('abort', onAbort)
      this.#abort.abort()
    }
  }

  #pump(): void {
    this.#timer?.cancel()
    this.#timer = undefined
    if (this.#stopped || this.#inflight !== undefined || this.#queue.length === 0) return
    this.#sendBatch().then((ok) => {
      if (this.#stopped) return
      if (!ok) {
        this.#backingOff = true
        this.#timer = this.#o.clock.setTimeout(() => {
          this.#backingOff = false
          this.#pump()
        }, this.#backoffMs())
      } else if (this.#queue.length >= this.#o.batchLines) {
        this.#pump()
      } else if (this.#queue.length > 0) {
        this.#timer = this.#o.clock.setTimeout(() => this.#pump(), this.#o.flushMs)
      }
    })
  }

  /** Sends the oldest lines (and notices of dropped ones) once; on failure they go back to the front of the queue. */
  #sendBatch(): Promise<boolean> {
    const lines = this.#queue.splice(0, this.#o.batchLines)
    const drops = this.#drops
    this.#drops = new Map()
    const nowUs = microsFromMs(this.#o.clock.now())
    const notices = [...drops].map(([app, d]) => overflowLine(app, d.count, d.sinceUs, nowUs))
    const target = this.#o.target()
    let attempt: Promise<void>
    try {
      attempt =
        target === undefined
          ? Promise.reject(new Error('no log hub is known yet'))
          : this.#o.send(target, { lines: [...notices, ...lines] }, this.#abort.signal)
    } catch (err) {
      attempt = Promise.reject(err)
    }
    const done = attempt.then(
      () => {
        this.#inflight = undefined
        if (this.#failuresInARow > 0) this.#o.logger.info({ lines: lines.length }, 'log hub reachable again')
        this.#failuresInARow = 0
        this.#stats.sent += lines.length
        this.#metrics?.sent.inc(lines.length)
        return true
      },
      (err: unknown) => {
        this.#inflight = undefined
        if (this.#failuresInARow === 0) {
          this.#o.logger.warn({ err: String(err), queued: this.#queue.length + lines.length }, 'log hub unreachable')
        }
        this.#failuresInARow++
        this.#stats.failures++
        this.#metrics?.failures.inc()
        this.#queue = lines.concat(this.#queue)
        for (const [app, d] of drops) this.#noteDrop(app, d.count, d.sinceUs)
        this.#trim()
        return false
      },
    )
    this.#inflight = done
    return done
  }

  #backoffMs(): number {
    const base = Math.min(this.#o.backoffMaxMs, this.#o.backoffInitialMs * 2 ** (this.#failuresInARow - 1))
    // Half fixed, half random: hosts that lost the hub together do not all retry in the same instant.
    return Math.round(base / 2 + (base / 2) * this.#o.random())
  }

  #trim(): void {
    const over = this.#queue.length - this.#o.maxQueue
    if (over <= 0) return
    for (const line of this.#queue.splice(0, over)) this.#noteDrop(line.app, 1, line.atUs)
    this.#stats.dropped += over
    this.#metrics?.dropped.inc(over)
  }

  #noteDrop(app: string, count: number, sinceUs: number): void {
    const d = this.#drops.get(app)
    if (d === undefined) this.#drops.set(app, { count, sinceUs })
    else {
      d.count += count
      d.sinceUs = Math.min(d.sinceUs, sinceUs)
    }
  }

  #registerMetrics(registry: Registry): ShipperMetrics {
    const queue = (): number => this.#queue.length
    new Gauge({
      name: 'shoal_log_shipper_queued_lines',
      help: 'Log lines waiting to be shipped to the log hub',
      registers: [registry],
      collect() {
        this.set(queue())
      },
    })
    return {
      sent: new Counter({
        name: 'shoal_log_shipper_lines_sent_total',
        help: 'Log lines the log hub acknowledged',
        registers: [registry],
      }),
      dropped: new Counter({
        name: 'shoal_log_shipper_lines_dropped_total',
        help: 'Log lines dropped (oldest first) because the queue was full while the hub was unreachable',
        registers: [registry],
      }),
      failures: new Counter({
        name: 'shoal_log_shipper_send_failures_total',
        help: 'Batches the log hub did not acknowledge (retried with back-off)',
        registers: [registry],
      }),
    }
  }
}
