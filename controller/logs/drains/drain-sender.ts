import { randomUUID } from 'node:crypto'
import { type Clock, systemClock, type Timer } from '../../../lib/clock.ts'
import { formatTimestamp, type LogLineInput } from '../../../lib/log-format.ts'
import { type DrainError, type DrainTransport, describeError } from './drain-transport.ts'
import { syslogFrame } from './syslog-frame.ts'

export interface DrainSenderOptions {
  token: string
  transport: DrainTransport
  clock?: Clock
  /** Lines waiting at most; further lines are dropped and counted (Logplex's L10). */
  capacity?: number
  /** Lines per batch (one POST, or one socket write). */
  batchLines?: number
  /** Back-off after a failed send: doubles from min to max. */
  retryMinMs?: number
  retryMaxMs?: number
  /** How often at most a drop or error notice is emitted while the condition lasts. */
  noticeEveryMs?: number
  /** Lines to put into the app's log: L10 drops, L13/L14 delivery errors. */
  onNotice?: (kind: 'dropped' | 'error', text: string) => void
  onDelivered?: (lines: number) => void
  onDropped?: (lines: number, reason: 'overflow' | 'rejected') => void
}

export const DEFAULT_DRAIN_CAPACITY = 10_000
const NOTICE_RESERVE = 100

/**
 * One drain's outbox: a bounded queue and one delivery loop. enqueue() is O(1) and never waits, so a slow or dead
 * drain cannot hold up the hub, routing or other drains; when the queue is full the newest lines are dropped and
 * counted, and the drain says so in the app's log (`Error L10 (output buffer overflow): N messages dropped since …`).
 * Failed sends are retried with exponential back-off; a batch the receiver refuses (4xx but 429) is dropped.
 */
export class DrainSender {
  readonly token: string
  readonly #transport: DrainTransport
  readonly #clock: Clock
  readonly #capacity: number
  readonly #batchLines: number
  readonly #retryMinMs: number
  readonly #retryMaxMs: number
  readonly #noticeEveryMs: number
  readonly #options: DrainSenderOptions
  #queue: LogLineInput[] = []
  #head = 0
  #sending = false
  #retryMs = 0
  #retryTimer: Timer | undefined
  #dropped = 0
  #droppedSinceUs = 0
  #dropTimer: Timer | undefined
  #lastErrorNoticeAt = Number.NEGATIVE_INFINITY
  #lastError: DrainError | undefined
  #abort = new AbortController()
  #stopped = false

  constructor(options: DrainSenderOptions) {
    this.token = options.token
    this.#transport = options.transport
    this.#clock = options.clock ?? systemClock
    this.#capacity = options.capacity ?? DEFAULT_DRAIN_CAPACITY
    this.#batchLines = options.batchLines ?? 500
    this.#retryMinMs = options.retryMinMs ?? 500
    this.#retryMaxMs = options.retryMaxMs ?? 30_000
    this.#noticeEveryMs = options.noticeEveryMs ?? 10_000
    this.#options = options
  }

  get pending(): number {
    return this.#queue.length - this.#head
  }

  get lastError(): string | undefined {
    return this.#lastError?.message
  }

  /** Queues a line; drops it when the queue is full. Notices (shoal[logplex]) may use a small reserve. */
  enqueue(line: LogLineInput): void {
    if (this.#stopped) return
    const notice = line.source === 'shoal' && line.dyno === 'logplex'
    if (this.pending >= this.#capacity + (notice ? NOTICE_RESERVE : 0)) {
      if (this.#dropped === 0) this.#droppedSinceUs = line.atUs
      this.#dropped++
      this.#options.onDropped?.(1, 'overflow')
      this.#maybeNoticeDrops()
      return
    }
    this.#queue.push(line)
    this.#pump()
  }

  stop(): void {
    this.#stopped = true
    this.#abort.abort()
    this.#retryTimer?.cancel()
    this.#dropTimer?.cancel()
    this.#transport.close()
    this.#queue = []
    this.#head = 0
  }

  #pump(): void {
    if (this.#sending || this.#retryTimer !== undefined || this.#stopped || this.pending === 0) return
    this.#sending = true
    // Lines that arrive in the same tick go in the same batch.
    queueMicrotask(() => void this.#sendOne())
  }

  async #sendOne(): Promise<void> {
    const batch = this.#queue.slice(this.#head, this.#head + this.#batchLines)
    const frames = batch.map((line) => syslogFrame(line, this.token))
    let outcome: 'delivered' | 'rejected' | 'failed'
    try {
      outcome = await this.#transport.send(frames, randomUUID(), this.#abort.signal)
    } catch (err) {
      outcome = 'failed'
      this.#lastError = describeError(err)
    }
    this.#sending = false
    if (this.#stopped) return
    if (outcome === 'failed') {
      this.#retryMs = this.#retryMs === 0 ? this.#retryMinMs : Math.min(this.#retryMaxMs, this.#retryMs * 2)
      this.#maybeNoticeError()
      this.#retryTimer = this.#clock.setTimeout(() => {
        this.#retryTimer = undefined
        this.#pump()
      }, this.#retryMs)
      return
    }
    this.#retryMs = 0
    this.#lastError = undefined
    this.#head += batch.length
    if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
    if (outcome === 'delivered') this.#options.onDelivered?.(batch.length)
    else {
      // Logplex drops what the receiver refused; it is counted as dropped and said in the next L10 notice.
      if (this.#dropped === 0) this.#droppedSinceUs = batch[0]?.atUs ?? 0
      this.#dropped += batch.length
      this.#options.onDropped?.(batch.length, 'rejected')
    }
    this.#maybeNoticeDrops(true)
    this.#pump()
  }

  /**
   * Drops are told once per notice interval (one line however many were lost), or at once when the drain has caught
   * up again, so a burst of drops costs one line and a recovered drain says what it lost.
   */
  #maybeNoticeDrops(recovered = false): void {
    if (this.#dropped === 0) return
    if (recovered && this.pending === 0) {
      this.#dropTimer?.cancel()
      this.#dropTimer = undefined
      this.#noticeDrops()
      return
    }
    this.#dropTimer ??= this.#clock.setTimeout(() => {
      this.#dropTimer = undefined
      this.#noticeDrops()
    }, this.#noticeEveryMs)
  }

  #noticeDrops(): void {
    if (this.#dropped === 0 || this.#stopped) return
    const count = this.#dropped
    const since = this.#droppedSinceUs
    this.#dropped = 0
    this.#options.onNotice?.(
      'dropped',
      `Error L10 (output buffer overflow): ${count} messages dropped since ${formatTimestamp(since)}.`,
    )
  }

  #maybeNoticeError(): void {
    const now = this.#clock.now()
    if (now - this.#lastErrorNoticeAt < this.#noticeEveryMs || this.#lastError === undefined) return
    this.#lastErrorNoticeAt = now
    const e = this.#lastError
    const what = e.herokuCode === 'L14' ? 'certificate validation error' : 'drain delivery error'
    this.#options.onNotice?.('error', `Error ${e.herokuCode} (${what}): drain ${this.token}: ${e.message}`)
  }
}
