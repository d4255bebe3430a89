// Which controller may run the leader-only loops (scheduler, autoscaler, deploys), and under which epoch. Every
// leadership term has a higher epoch than any before it in the cluster; whatever a leader sends carries it, so
// agents can refuse commands from a deposed leader.
//
// How leadership is gained and lost: an Election is a Startable. While started it takes part in the election and
// reports every change through onChange, synchronously and in order:
//   gained → { leader: true,  epoch: e }   the term e begins; e is higher than any epoch handed out before
//   lost   → { leader: false, epoch: e }   the term e is over (lease expired, store unreachable, or stop())
// A term is never resumed: leading again is a new `gained` with a higher epoch. stop() ends a term in progress
// (handlers hear `lost`) before it resolves. LeaderLifecycle (leader-lifecycle.ts) turns these events into the start
// and stop of the leader-only components, so an implementation only has to emit them in this order.

import type { Startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'

export interface LeaderState {
  leader: boolean
  /** The epoch of the current or last term this controller led; 0 before it ever led. */
  epoch: number
}

export interface Election extends Startable {
  /**
   * Begins taking part; resolves once the first outcome is known (the embedded election: once it leads). The signal
   * aborts a start still in progress.
   */
  start(signal?: AbortSignal): Promise<void>
  /** Gives up leadership (handlers hear leader: false) and stops taking part. */
  stop(): Promise<void>
  isLeader(): boolean
  epoch(): number
  /** Called on every change of leadership, synchronously, in order; returns the unsubscribe function. */
  onChange(handler: (state: LeaderState) => void): () => void
}

/**
 * What every Election keeps the same way: the current state, the change handlers, and the notification of a change
 * to each handler in order (a handler that throws is logged and never stops the others).
 */
export abstract class ElectionState {
  readonly #handlers = new Set<(state: LeaderState) => void>()
  #state: LeaderState = { leader: false, epoch: 0 }
  readonly #stateLogger: Logger

  constructor(logger: Logger) {
    this.#stateLogger = logger
  }

  protected get state(): LeaderState {
    return this.#state
  }

  isLeader(): boolean {
    return this.#state.leader
  }

  epoch(): number {
    return this.#state.epoch
  }

  onChange(handler: (state: LeaderState) => void): () => void {
    this.#handlers.add(handler)
    return () => {
      this.#handlers.delete(handler)
    }
  }

  protected setState(state: LeaderState): void {
    this.#state = state
    for (const handler of [...this.#handlers]) {
      try {
        handler({ ...state })
      } catch (err) {
        this.#stateLogger.error({ err, ...state }, 'an election change handler threw')
      }
    }
  }
}
