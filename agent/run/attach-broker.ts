// Attached one-off dynos (`shoal run`) on the agent. The DynoRunner drives every dyno's container the same way; the
// broker decorates the narrow Docker client the runners are given, so that for a dyno the desired state marks
// `attach` the container is created with stdin open, attached with stdin, and started only once a controller has
// attached over PROTOCOL_ATTACH (Heroku's rendezvous). When no controller comes within the rendezvous time, the
// container starts with stdin closed and runs like a detached one-off. The exit code the runner waits for is handed
// to the attached session as well, so the client learns it from the same stream as the output.

import type { Clock, Timer } from '../../lib/clock.ts'
import { type Logger, silentLogger } from '../../lib/logger.ts'
import type { DynoSpec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { AttachedStreams, DockerClient } from '../docker/docker-client.ts'
import { LABEL } from '../dynos/dyno-container.ts'

/** The calls the broker decorates (the runner's slice of the client, minus what it passes through untouched). */
export type BrokeredDocker = Pick<
  DockerClient,
  'createContainer' | 'attachContainer' | 'startContainer' | 'waitContainer' | 'removeContainer'
>

/** One attached dyno's container, from its attach (before start) to its removal. */
export interface AttachSession {
  readonly dynoId: string
  readonly containerId: string
  readonly streams: AttachedStreams
  /** Whether a client has the session, or the container started without one: either way it is not free. */
  readonly taken: boolean
  /** Lets the container start; resolves once it runs, rejects when the start failed or was cancelled. */
  claim(): Promise<void>
  /** The process's exit code; rejects when the container went away without one. */
  readonly exit: Promise<number>
}

export interface AttachBrokerOptions {
  clock: Clock
  logger?: Logger
  /** How long a created container waits for its client before it starts without one. Default 60 s. */
  rendezvousMs?: number
}

interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(err: Error): void
  settled: boolean
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void
  let reject!: (e: Error) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  // Nobody may be listening (no client ever came): a rejection here must not become an unhandled one.
  promise.catch(() => {})
  const d: Deferred<T> = {
    promise,
    settled: false,
    resolve: (v) => {
      if (d.settled) return
      d.settled = true
      resolve(v)
    },
    reject: (e) => {
      if (d.settled) return
      d.settled = true
      reject(e)
    },
  }
  return d
}

class Entry implements AttachSession {
  readonly dynoId: string
  readonly containerId: string
  readonly streams: AttachedStreams
  readonly rendezvous = deferred<'claimed' | 'timeout'>()
  readonly started = deferred<void>()
  readonly exited = deferred<number>()
  claimed = false
  timer: Timer | null = null

  constructor(dynoId: string, containerId: string, streams: AttachedStreams) {
    this.dynoId = dynoId
    this.containerId = containerId
    this.streams = streams
  }

  get exit(): Promise<number> {
    return this.exited.promise
  }

  get taken(): boolean {
    return this.claimed || this.rendezvous.settled
  }

  claim(): Promise<void> {
    if (this.taken) {
      return Promise.reject(
        new ShoalError('CONFLICT', `Cannot attach to ${this.dynoId}: another client has it, or it started without one`),
      )
    }
    this.claimed = true
    this.timer?.cancel()
    this.rendezvous.resolve('claimed')
    return this.started.promise
  }

  fail(err: Error): void {
    this.timer?.cancel()
    this.rendezvous.reject(err)
    this.started.reject(err)
    this.exited.reject(err)
  }
}

export class AttachBroker {
  readonly #clock: Clock
  readonly #log: Logger
  readonly #rendezvousMs: number
  /** dyno ids the last desired state marked attach */
  #wanted = new Set<string>()
  #fence = { epoch: 0, generation: 0 }
  /** created containers of attached dynos, until their attach */
  readonly #created = new Map<string, string>()
  readonly #byContainer = new Map<string, Entry>()
  readonly #byDyno = new Map<string, Entry>()
  readonly #waiters = new Map<string, Set<(e: Entry) => void>>()

  constructor(options: AttachBrokerOptions) {
    this.#clock = options.clock
    this.#log = (options.logger ?? silentLogger).child({ component: 'attach' })
    this.#rendezvousMs = options.rendezvousMs ?? 60_000
  }

  /**
   * Takes the dynos of a desired state before the manager applies it (one older than the last taken is ignored, as
   * the manager refuses it). An attached dyno that left the desired set while it waited for its client is let go
   * shortly after, so that its runner, told to stop meanwhile, gives up the start.
   */
  desired(fence: { epoch?: number | null; generation?: number | null }, dynos: readonly DynoSpec[]): void {
    const epoch = fence.epoch ?? 0
    const generation = fence.generation ?? 0
    if (epoch < this.#fence.epoch || (epoch === this.#fence.epoch && generation < this.#fence.generation)) return
    this.#fence = { epoch, generation }
    this.#wanted = new Set(dynos.filter((d) => d.oneOff === true && d.attach === true).map((d) => d.id ?? ''))
    for (const e of this.#byDyno.values()) {
      if (this.#wanted.has(e.dynoId) || e.claimed) continue
      this.#clock.setTimeout(() => {
        if (!this.#wanted.has(e.dynoId) && !e.claimed) {
          e.fail(new ShoalError('UNAVAILABLE', `Cannot start ${e.dynoId}: it was stopped before a client attached`))
        }
      }, 1000)
    }
  }

  /** The session of an attached dyno once its container exists (waiting as long as `signal` allows). */
  waitForSession(dynoId: string, signal: AbortSignal): Promise<AttachSession> {
    const found = this.#byDyno.get(dynoId)
    if (found !== undefined) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const waiters = this.#waiters.get(dynoId) ?? new Set()
      this.#waiters.set(dynoId, waiters)
      const done = (e: Entry): void => {
        signal.removeEventListener('abort', onAbort)
        resolve(e)
      }
      const onAbort = (): void => {
        waiters.delete(done)
        if (waiters.size === 0) this.#waiters.delete(dynoId)
        reject(new ShoalError('TIMEOUT', `Cannot attach to ${dynoId}: the dyno did not start in time`))
      }
      if (signal.aborted) return onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      waiters.add(done)
    })
  }

  /** The client with attached dynos brokered; every other call and every other dyno goes straight through. */
  wrap<D extends BrokeredDocker>(docker: D): D {
    return {
      ...docker,
      createContainer: async (spec) => {
        const dynoId = spec.labels?.[LABEL.dynoId] ?? ''
        if (!this.#wanted.has(dynoId)) return docker.createContainer(spec)
        const id = await docker.createContainer({ ...spec, openStdin: true })
        this.#created.set(id, dynoId)
        return id
      },
      attachContainer: async (id, opts) => {
        const dynoId = this.#created.get(id)
        if (dynoId === undefined) return docker.attachContainer(id, opts)
        this.#created.delete(id)
        const streams = await docker.attachContainer(id, { ...opts, stdin: true })
        this.#register(new Entry(dynoId, id, streams))
        return streams
      },
      startContainer: async (id) => {
        const e = this.#byContainer.get(id)
        if (e === undefined) return docker.startContainer(id)
        const how = await e.rendezvous.promise
        if (how === 'timeout') {
          this.#log.info({ dynoId: e.dynoId }, 'no client attached in time; starting the one-off dyno without stdin')
          e.streams.stdin?.end()
        }
        try {
          await docker.startContainer(id)
          e.started.resolve()
        } catch (err) {
          e.fail(err instanceof Error ? err : new Error(String(err)))
          throw err
        }
      },
      waitContainer: async (id, opts) => {
        const result = await docker.waitContainer(id, opts)
        this.#byContainer.get(id)?.exited.resolve(result.exitCode)
        return result
      },
      removeContainer: async (id, opts) => {
        try {
          await docker.removeContainer(id, opts)
        } finally {
          this.#created.delete(id)
          const e = this.#byContainer.get(id)
          if (e !== undefined) {
            e.fail(new ShoalError('UNAVAILABLE', `Cannot attach to ${e.dynoId}: its container was removed`))
            this.#byContainer.delete(id)
            if (this.#byDyno.get(e.dynoId) === e) this.#byDyno.delete(e.dynoId)
          }
        }
      },
    }
  }

  /** Sessions waiting for a client or running (for tests and metrics). */
  get size(): number {
    return this.#byContainer.size
  }

  #register(e: Entry): void {
    const previous = this.#byDyno.get(e.dynoId)
    previous?.fail(new ShoalError('UNAVAILABLE', `Cannot attach to ${e.dynoId}: a new container replaced it`))
    this.#byContainer.set(e.containerId, e)
    this.#byDyno.set(e.dynoId, e)
    e.timer = this.#clock.setTimeout(() => e.rendezvous.resolve('timeout'), this.#rendezvousMs)
    const waiters = this.#waiters.get(e.dynoId)
    this.#waiters.delete(e.dynoId)
    for (const w of waiters ?? []) w(e)
  }
}
