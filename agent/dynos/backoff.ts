// Crash restart back-off, after Heroku's published policy (2014): the first crash restarts at once; further crashes
// of runs that did not last `stableRunMs` wait a growing cool-off; a run that lasted `stableRunMs` resets the count.
// Heroku's cool-offs are 10, 20, 40… minutes capped at 24 h. A self-hosted platform whose operator watches the
// dyno wants it back sooner, so shoal's defaults are seconds: 10 s, 20 s, 40 s … capped at 5 min.
// Pure: time is passed in, nothing here reads a clock.

import { ShoalError } from '../../proto/errors.ts'

export interface BackoffPolicy {
  /** crashes in a row that restart at once (Heroku: 1) */
  immediateRestarts: number
  /** cool-off after the first non-immediate crash */
  initialDelayMs: number
  /** growth of the cool-off per further crash */
  factor: number
  maxDelayMs: number
  /** a run at least this long counts as stable: the crash after it restarts at once again */
  stableRunMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  immediateRestarts: 1,
  initialDelayMs: 10_000,
  factor: 2,
  maxDelayMs: 5 * 60_000,
  stableRunMs: 10 * 60_000,
}

/** Consecutive crashes of short runs; 0 for a dyno that has never crashed or last ran stably. */
export interface BackoffState {
  crashes: number
}

export const INITIAL_BACKOFF: BackoffState = { crashes: 0 }

export interface CrashDecision {
  /** how long the dyno stays crashed before it starts again */
  delayMs: number
  state: BackoffState
}

/** Decides the cool-off after a run that started at `startedAt` and ended at `exitedAt` (ms). */
export function onCrash(
  state: BackoffState,
  run: { startedAt: number; exitedAt: number },
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): CrashDecision {
  const stable = run.exitedAt - run.startedAt >= policy.stableRunMs
  const crashes = (stable ? 0 : state.crashes) + 1
  return { delayMs: delayFor(crashes, policy), state: { crashes } }
}

/** The cool-off before restart number `crashes` (1-based). */
export function delayFor(crashes: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const slow = crashes - policy.immediateRestarts
  if (slow <= 0) return 0
  // Exponent capped so a long crash loop never overflows to Infinity before the cap applies.
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** Math.min(slow - 1, 64))
}

export function backoffPolicy(overrides: Partial<BackoffPolicy> = {}): BackoffPolicy {
  const p = { ...DEFAULT_BACKOFF, ...overrides }
  if (!(p.immediateRestarts >= 0 && p.initialDelayMs >= 0 && p.factor >= 1 && p.maxDelayMs >= 0 && p.stableRunMs > 0)) {
    throw new ShoalError('INVALID_INPUT', `Cannot use back-off policy ${JSON.stringify(p)}: a value is out of range`)
  }
  return p
}
