// One lifecycle for every long-lived component, after js-libp2p's Startable: a composition root lists its
// components in start order; `startAll` starts them one after another and, if one fails, stops the ones already
// started (in reverse) before rethrowing; `stop` stops everything that started, in reverse, once. Leader-only
// components are a nested Lifecycle started on gaining leadership and stopped on losing it.

export interface Startable {
  /** The signal aborts when the component's owner is stopping; long start work should honour it. */
  start(signal: AbortSignal): Promise<void> | void
  stop(): Promise<void> | void
}

/** A component from a pair of closures, for the small parts of a root that are not classes of their own. */
export function startable(
  name: string,
  start: (signal: AbortSignal) => Promise<unknown> | unknown,
  stop?: () => Promise<unknown> | unknown,
): Startable & { name: string } {
  return {
    name,
    start: async (signal) => {
      await start(signal)
    },
    stop: async () => {
      await stop?.()
    },
  }
}

/** Only a stop: a resource that already exists (a socket, a database) and must be closed in order with the rest. */
export function stopper(name: string, stop: () => Promise<unknown> | unknown): Startable & { name: string } {
  return startable(name, () => {}, stop)
}

export type LifecycleErrorSink = (err: unknown, component: string) => void

export class Lifecycle implements Startable {
  readonly #components: Array<Startable & { name?: string }> = []
  readonly #started: Array<Startable & { name?: string }> = []
  readonly #onStopError: LifecycleErrorSink
  #abort = new AbortController()
  #stopping: Promise<void> | undefined

  constructor(options: { onStopError?: LifecycleErrorSink } = {}) {
    this.#onStopError = options.onStopError ?? (() => {})
  }

  /** Appends a component; returns it so a root can write `const x = life.add(new X(...))`. */
  add<T extends Startable>(component: T): T {
    this.#components.push(component)
    return component
  }

  get signal(): AbortSignal {
    return this.#abort.signal
  }

  get running(): boolean {
    return this.#started.length > 0 && this.#stopping === undefined
  }

  /** Starts every component not yet started, in order. Components added later start on the next call. */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.#stopping !== undefined) {
      await this.#stopping
      this.#stopping = undefined
      this.#abort = new AbortController()
    }
    const onOuterAbort = (): void => this.#abort.abort()
    signal?.addEventListener('abort', onOuterAbort, { once: true })
    try {
      for (const c of this.#components) {
        if (this.#started.includes(c)) continue
        this.#abort.signal.throwIfAborted()
        await c.start(this.#abort.signal)
        this.#started.push(c)
      }
    } catch (err) {
      await this.stop()
      throw err
    } finally {
      signal?.removeEventListener('abort', onOuterAbort)
    }
  }

  /** Stops what started, in reverse order; errors are reported, never stop the rest. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#abort.abort()
      while (this.#started.length > 0) {
        const c = this.#started.pop() as Startable & { name?: string }
        try {
          await c.stop()
        } catch (err) {
          this.#onStopError(err, c.name ?? c.constructor.name)
        }
      }
    })()
    return this.#stopping
  }
}
