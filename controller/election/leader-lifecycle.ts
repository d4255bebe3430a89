// The leader-only components (the orchestrator's round, the app directory, the leader announcement, and later the
// autoscaler) as one nested Lifecycle driven by an Election: started in order when a term begins, stopped in reverse
// when it ends. Transitions are serialized and level-triggered: each one moves the components toward the latest
// state the election reported, so a quick lost/gained pair ends with one running term under the newer epoch.
// A start that fails while this controller goes on leading (a store call lost to an etcd member's machine going
// down, say) is tried again after a backoff: waiting for the next term would leave a leader that orchestrates
// nothing for as long as it keeps its lease.

import { type Clock, systemClock, type Timer } from '../../lib/clock.ts'
import { Lifecycle, type Startable } from '../../lib/lifecycle.ts'
import { type Logger, silentLogger } from '../../lib/logger.ts'
import type { Election, LeaderState } from './election.ts'

export interface LeaderTerm {
  epoch: number
  /** Aborts when the term ends (before the components are stopped). */
  signal: AbortSignal
}

export interface LeaderLifecycleComponents {
  election: Election
  logger?: Logger | undefined
  clock?: Clock | undefined
}

/** The wait before a failed start is tried again in the same term: doubling from the first, up to the last. */
export const RESTART_BACKOFF_MS = { first: 1000, max: 10_000 }

export class LeaderLifecycle implements Startable {
  readonly name = 'leader-lifecycle'
  readonly #election: Election
  readonly #logger: Logger
  readonly #clock: Clock
  readonly #components: Lifecycle
  #wanted: LeaderState = { leader: false, epoch: 0 }
  #term: { epoch: number; abort: AbortController } | undefined
  #queue: Promise<void> = Promise.resolve()
  #unsubscribe: (() => void) | undefined
  #startError: unknown
  /** Failed starts in a row (the retry backoff), and the pending retry. */
  #failures = 0
  #retry: Timer | undefined
  /** Inside start(): a failed start is rethrown to the caller, not retried. */
  #starting = false

  constructor(components: LeaderLifecycleComponents) {
    this.#election = components.election
    this.#logger = components.logger ?? silentLogger
    this.#clock = components.clock ?? systemClock
    this.#components = new Lifecycle({
      onStopError: (err, component) => this.#logger.error({ err, component }, 'a leader-only component failed to stop'),
    })
  }

  /** Adds a leader-only component; it must start again after a stop (a later term). */
  add<T extends Startable>(component: T): T {
    return this.#components.add(component)
  }

  /** The term the components run under, if they run. */
  term(): LeaderTerm | undefined {
    const t = this.#term
    return t === undefined ? undefined : { epoch: t.epoch, signal: t.abort.signal }
  }

  /** Follows the election from now on; resolves once the components run if this controller already leads. */
  async start(): Promise<void> {
    this.#unsubscribe ??= this.#election.onChange((state) => {
      this.#wanted = state
      void this.#reconcile()
    })
    this.#wanted = { leader: this.#election.isLeader(), epoch: this.#election.epoch() }
    this.#startError = undefined
    this.#starting = true
    try {
      await this.#reconcile()
    } finally {
      this.#starting = false
    }
    // A root starting up fails as a whole when its leader-only part cannot start.
    if (this.#startError !== undefined) throw this.#startError
  }

  /** Stops following the election and stops the components of a running term. */
  async stop(): Promise<void> {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    this.#retry?.cancel()
    this.#retry = undefined
    this.#wanted = { leader: false, epoch: this.#wanted.epoch }
    await this.#reconcile()
  }

  /** Resolves when every transition reported so far has been carried out. */
  settled(): Promise<void> {
    return this.#queue
  }

  /** Tries the start again after a backoff, if this controller still leads then; returns the wait. */
  #scheduleRetry(): number {
    const delay = Math.min(RESTART_BACKOFF_MS.max, RESTART_BACKOFF_MS.first * 2 ** this.#failures++)
    this.#retry?.cancel()
    this.#retry = this.#clock.setTimeout(() => {
      this.#retry = undefined
      if (this.#unsubscribe !== undefined) void this.#reconcile()
    }, delay)
    return delay
  }

  #reconcile(): Promise<void> {
    this.#queue = this.#queue.then(() => this.#step())
    return this.#queue
  }

  async #step(): Promise<void> {
    const wanted = this.#wanted
    const term = this.#term
    if (term !== undefined && (!wanted.leader || wanted.epoch !== term.epoch)) {
      this.#term = undefined
      term.abort.abort()
      this.#logger.info({ epoch: term.epoch }, 'leadership lost: stopping leader-only components')
      await this.#components.stop()
    }
    if (wanted.leader && this.#term === undefined) {
      const abort = new AbortController()
      this.#term = { epoch: wanted.epoch, abort }
      try {
        await this.#components.start(abort.signal)
        this.#failures = 0
        this.#logger.info({ epoch: wanted.epoch }, 'leadership gained: leader-only components started')
      } catch (err) {
        // Lifecycle.start already stopped what had started; a retry (or the next gained event) tries again.
        this.#term = undefined
        abort.abort()
        this.#startError = err
        const retryInMs = this.#starting ? undefined : this.#scheduleRetry()
        this.#logger.error({ err, epoch: wanted.epoch, retryInMs }, 'leader-only components failed to start')
      }
    }
  }
}
