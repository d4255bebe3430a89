// In-process watch delivery for the embedded backends: each watcher has its own queue, so a slow or async handler
// delays only itself, events reach it in commit order, and no handler runs inside the store's write path.

import type { Logger } from '../../lib/logger.ts'
import type { WatchEvent, WatchHandler, WatchOptions } from './store.ts'

interface Watcher {
  prefix: string
  handler: WatchHandler
  onError: ((err: Error) => void) | undefined
  /** Only events with a higher revision are delivered: those committed after the watch began. */
  after: number
  queue: WatchEvent[]
  draining: boolean
  /** open → ending (deliver what is queued, then report) → ended; an abort goes straight to ended. */
  state: 'open' | 'ending' | 'ended'
  endError: Error | undefined
  detach: () => void
}

export class WatchHub {
  readonly #watchers = new Set<Watcher>()
  readonly #logger: Logger

  constructor(logger: Logger) {
    this.#logger = logger
  }

  /** Watches still open. */
  get size(): number {
    return this.#watchers.size
  }

  /** The caller has already refused an aborted signal. */
  add(prefix: string, handler: WatchHandler, options: WatchOptions, after: number): void {
    const w: Watcher = {
      prefix,
      handler,
      onError: options.onError,
      after,
      queue: [],
      draining: false,
      state: 'open',
      endError: undefined,
      detach: () => {},
    }
    const signal = options.signal
    if (signal !== undefined) {
      const onAbort = (): void => this.#stop(w)
      signal.addEventListener('abort', onAbort, { once: true })
      w.detach = () => signal.removeEventListener('abort', onAbort)
    }
    this.#watchers.add(w)
  }

  /** Hands committed events, in commit order, to every matching watcher. */
  publish(events: readonly WatchEvent[]): void {
    for (const w of this.#watchers) {
      let added = false
      for (const e of events) {
        if (e.revision <= w.after || !e.key.startsWith(w.prefix)) continue
        // Each watcher gets its own copy of the bytes, so one handler cannot change what another sees.
        w.queue.push(e.type === 'put' ? { ...e, value: new Uint8Array(e.value) } : e)
        added = true
      }
      if (added && !w.draining) void this.#drain(w)
    }
  }

  /** Ends every watch: each still gets what was already queued, then its onError gets `err`. */
  endAll(err: Error): void {
    for (const w of [...this.#watchers]) this.#end(w, err)
  }

  #stop(w: Watcher): void {
    this.#watchers.delete(w)
    w.detach()
    w.queue.length = 0
    w.state = 'ended'
  }

  #end(w: Watcher, err: Error): void {
    if (w.state !== 'open') return
    this.#watchers.delete(w)
    w.detach()
    w.state = 'ending'
    w.endError = err
    if (!w.draining) this.#report(w)
  }

  async #drain(w: Watcher): Promise<void> {
    w.draining = true
    // Start on a later microtask: the publisher is inside a write and must not run handler code.
    await undefined
    while (w.state !== 'ended') {
      const event = w.queue.shift()
      if (event === undefined) break
      try {
        await w.handler(event)
      } catch (err) {
        w.queue.length = 0
        this.#end(w, err instanceof Error ? err : new Error(String(err)))
      }
    }
    w.draining = false
    if (w.state === 'ending') this.#report(w)
  }

  #report(w: Watcher): void {
    w.state = 'ended'
    const err = w.endError ?? new Error('watch ended')
    if (w.onError === undefined) {
      this.#logger.error({ err, prefix: w.prefix }, 'store watch ended with no onError to tell')
      return
    }
    try {
      w.onError(err)
    } catch (reportErr) {
      this.#logger.error({ err: reportErr, prefix: w.prefix }, 'store watch onError threw')
    }
  }
}
