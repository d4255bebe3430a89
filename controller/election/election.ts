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
