// One Store watch over an etcd watch stream. It remembers the revision it delivered last and the keys it has seen
// (key → mod revision), so:
// - a dropped stream (member restart, network cut) is re-created from the next revision: nothing is missed or
//   delivered twice;
// - a compacted start revision (etcd no longer has the history) is met by re-listing the prefix and delivering the
//   difference as events (puts for changed keys, deletes for vanished ones) before watching on: the handler sees
//   the current state with the intermediate steps collapsed, never a silent gap.
// - a stream the member does not confirm within createTimeoutMs (its machine gone, not refusing: nothing comes back)
//   is given up and the member reported failed to the client's pool, so the next attempt goes to another member;
//   the first attach of start() retries that way too, rather than failing the watch's owner (a new leader's start).
// Events reach the handler one at a time, in revision order; an async handler is awaited before the next.

import { castGrpcError, GRPCDeadlineExceededError, GRPCUnavailableError, type IWatchResponse } from 'etcd3'
import type { Logger } from '../../lib/logger.ts'
import type { EtcdStoreMetrics } from './etcd-metrics.ts'
import type { EtcdStore } from './etcd-store.ts'
import { prefixEnd } from './etcd-store.ts'
import type { WatchEvent, WatchHandler } from './store.ts'

type Stream = Awaited<ReturnType<EtcdStore['openWatchStream']>>

export interface EtcdWatchInit {
  store: EtcdStore
  prefix: string
  handler: WatchHandler
  onError: ((err: Error) => void) | undefined
  logger: Logger
  metrics: EtcdStoreMetrics
  onEnd: () => void
  /** Delay before re-opening a dropped stream, doubling up to maxBackoffMs. */
  backoffMs?: number | undefined
  maxBackoffMs?: number | undefined
  /** How long a new stream may wait for etcd's confirmation before it is given up (default 5000 ms). */
  createTimeoutMs?: number | undefined
}

export class EtcdWatch {
  readonly #init: EtcdWatchInit
  readonly #known = new Map<string, number>()
  readonly #queue: WatchEvent[] = []
  /** Every change up to this revision has been queued. */
  #after = 0
  #stream: Stream | undefined
  #draining = false
  #state: 'open' | 'ending' | 'ended' = 'open'
  #endError: Error | undefined
  #backoff: number
  #retry: NodeJS.Timeout | undefined
  readonly #ended: Promise<void>
  #resolveEnded!: () => void

  constructor(init: EtcdWatchInit) {
    this.#init = init
    this.#backoff = init.backoffMs ?? 50
    this.#ended = new Promise((resolve) => {
      this.#resolveEnded = resolve
    })
  }

  /** Settles once the watch has ended and reported. */
  get ended(): Promise<void> {
    return this.#ended
  }

  /** Lists the prefix (what the watch compares against after a compaction) and attaches from the next revision. */
  async start(): Promise<void> {
    const { entries, revision } = await this.#init.store.snapshot(this.#init.prefix)
    for (const e of entries) this.#known.set(e.key, e.revision)
    this.#after = revision
    try {
      await this.#attach()
    } catch (err) {
      // The member the stream went to is unreachable: the watch is established all the same (it resumes after the
      // listed revision, so nothing is missed) and attaches to another member shortly. (A stream fails with gRPC's
      // untyped error, e.g. `14 UNAVAILABLE: Channel closed before call started`: cast it to tell.)
      const typed = err instanceof Error ? castGrpcError(err) : err
      if (!(typed instanceof GRPCUnavailableError || typed instanceof GRPCDeadlineExceededError)) throw err
      this.#onDrop(typed)
    }
  }

  /** Stops at once (the signal aborted): nothing more is delivered and onError is not called. */
  stop(): void {
    if (this.#state === 'ended') return
    this.#queue.length = 0
    this.#finish()
  }

  /** Ends after delivering what is queued; then onError hears `err`. */
  end(err: Error): void {
    if (this.#state !== 'open') return
    this.#state = 'ending'
    this.#endError = err
    this.#detach()
    if (!this.#draining) this.#report()
  }

  async #attach(): Promise<void> {
    const store = this.#init.store
    const stream = await store.openWatchStream()
    if (this.#state !== 'open') {
      stream.cancel()
      return
    }
    this.#stream = stream
    const start = this.#after + 1
    const key = store.etcdKey(this.#init.prefix)
    const timeoutMs = this.#init.createTimeoutMs ?? 5000
    await new Promise<void>((resolve, reject) => {
      let created = false
      const timer = setTimeout(() => {
        if (created || stream !== this.#stream) return
        const err = new GRPCDeadlineExceededError(`etcd did not confirm the watch within ${timeoutMs} ms`)
        this.#stream = undefined
        reject(err)
        // The pool's own error listener on the stream (a gRPC duplex, an EventEmitter) reports the member failed,
        // so its breaker leaves it out of the next attempt.
        ;(stream as unknown as NodeJS.EventEmitter).emit('error', err)
        try {
          stream.cancel()
        } catch {
          // Already gone.
        }
      }, timeoutMs)
      timer.unref?.()
      stream.on('data', (res: IWatchResponse) => {
        if (stream !== this.#stream) return
        if (!created && res.created) {
          created = true
          clearTimeout(timer)
          resolve()
        }
        this.#onResponse(res)
      })
      const dropped = (err: Error): void => {
        if (stream !== this.#stream) return
        clearTimeout(timer)
        // Before creation the caller hears it (start rejects; a re-attach goes back through #onDrop once).
        if (!created) reject(err)
        else this.#onDrop(err)
      }
      stream.on('error', dropped)
      stream.on('end', () => dropped(new Error('the watch stream ended')))
      stream.write({ create_request: { key, range_end: prefixEnd(key), start_revision: start, progress_notify: true } })
    })
  }

  #onResponse(res: IWatchResponse): void {
    if (Number(res.compact_revision ?? 0) > 0) {
      void this.#resync()
      return
    }
    if (res.canceled) {
      this.#onDrop(new Error(`etcd canceled the watch (${res.cancel_reason || 'no reason given'})`))
      return
    }
    let top = this.#after
    for (const ev of res.events ?? []) {
      const revision = Number(ev.kv.mod_revision)
      // After a resume etcd may repeat what this watch already queued; the revision tells.
      if (revision <= this.#after) continue
      const key = this.#init.store.storeKey(ev.kv.key)
      if (ev.type === 'Delete') {
        this.#known.delete(key)
        this.#push({ type: 'delete', key, revision })
      } else {
        this.#known.set(key, revision)
        this.#push({ type: 'put', key, value: new Uint8Array(ev.kv.value), revision })
      }
      top = Math.max(top, revision)
    }
    // A progress notification (no events) promises every later event has a higher revision than its header.
    if ((res.events ?? []).length === 0 && !res.created) top = Math.max(top, Number(res.header.revision))
    this.#after = top
    this.#backoff = this.#init.backoffMs ?? 50
  }

  #onDrop(err: Error): void {
    if (this.#state !== 'open') return
    this.#detach()
    this.#init.metrics.watchRestart('dropped')
    this.#init.logger.debug({ err: err.message, prefix: this.#init.prefix, after: this.#after }, 'etcd watch dropped')
    this.#schedule(() => this.#attach())
  }

  /** The history this watch needs is compacted away: re-list, deliver the difference, watch on from the list. */
  async #resync(): Promise<void> {
    if (this.#state !== 'open') return
    this.#detach()
    this.#init.metrics.watchRestart('compacted')
    this.#init.logger.info({ prefix: this.#init.prefix, after: this.#after }, 'etcd watch compacted: re-listing')
    try {
      const { entries, revision } = await this.#init.store.snapshot(this.#init.prefix)
      if (this.#state !== 'open') return
      const present = new Set<string>()
      const puts = entries.filter((e) => {
        present.add(e.key)
        return this.#known.get(e.key) !== e.revision
      })
      puts.sort((a, b) => a.revision - b.revision)
      for (const e of puts) {
        this.#known.set(e.key, e.revision)
        this.#push({ type: 'put', key: e.key, value: e.value, revision: e.revision })
      }
      for (const key of [...this.#known.keys()]) {
        if (present.has(key)) continue
        this.#known.delete(key)
        this.#push({ type: 'delete', key, revision })
      }
      this.#after = revision
      await this.#attach()
    } catch (err) {
      if (this.#state !== 'open') return
      this.#init.logger.debug({ err: String(err), prefix: this.#init.prefix }, 'etcd watch re-list failed')
      this.#schedule(() => this.#resync())
    }
  }

  #schedule(again: () => Promise<void>): void {
    if (this.#state !== 'open' || this.#retry !== undefined) return
    const delay = this.#backoff
    this.#backoff = Math.min(this.#backoff * 2, this.#init.maxBackoffMs ?? 1000)
    this.#retry = setTimeout(() => {
      this.#retry = undefined
      if (this.#state !== 'open') return
      again().catch((err: unknown) => this.#onDrop(err instanceof Error ? err : new Error(String(err))))
    }, delay)
  }

  #detach(): void {
    const stream = this.#stream
    this.#stream = undefined
    if (stream !== undefined) {
      try {
        stream.cancel()
      } catch {
        // Already gone.
      }
    }
    if (this.#retry !== undefined && this.#state !== 'open') {
      clearTimeout(this.#retry)
      this.#retry = undefined
    }
  }

  #push(event: WatchEvent): void {
    if (this.#state !== 'open') return
    this.#queue.push(event)
    if (!this.#draining) void this.#drain()
  }

  async #drain(): Promise<void> {
    this.#draining = true
    await undefined
    while (this.#state !== 'ended') {
      const event = this.#queue.shift()
      if (event === undefined) break
      try {
        await this.#init.handler(event)
      } catch (err) {
        this.#queue.length = 0
        this.end(err instanceof Error ? err : new Error(String(err)))
      }
    }
    this.#draining = false
    if (this.#state === 'ending') this.#report()
  }

  #report(): void {
    const err = this.#endError ?? new Error('watch ended')
    this.#finish()
    if (this.#init.onError === undefined) {
      this.#init.logger.error({ err, prefix: this.#init.prefix }, 'store watch ended with no onError to tell')
      return
    }
    try {
      this.#init.onError(err)
    } catch (reportErr) {
      this.#init.logger.error({ err: reportErr, prefix: this.#init.prefix }, 'store watch onError threw')
    }
  }

  #finish(): void {
    this.#state = 'ended'
    this.#detach()
    this.#init.onEnd()
    this.#resolveEnded()
  }
}
