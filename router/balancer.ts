import { type Clock, systemClock } from '../lib/clock.ts'

export interface BalancerOptions {
  clock?: Clock
  /** How long a backend that refused or timed out a connect gets no traffic (Heroku: up to 5 s). */
  quarantineMs?: number
}

/**
 * Spreads requests by in-flight count with the power of two choices: sample two backends at random and take the
 * less loaded one. Cheaper than a global least-outstanding scan, and it avoids every router herding onto the
 * same "least loaded" dyno when their views are stale.
 */
export class Balancer {
  readonly #clock: Clock
  readonly #quarantineMs: number
  readonly #inFlight = new Map<string, number>()
  readonly #quarantinedUntil = new Map<string, number>()

  constructor(options: BalancerOptions = {}) {
    this.#clock = options.clock ?? systemClock
    this.#quarantineMs = options.quarantineMs ?? 5000
  }

  inFlight(dynoId: string): number {
    return this.#inFlight.get(dynoId) ?? 0
  }

  /** Counts one request against a backend; the returned release is idempotent. */
  acquire(dynoId: string): () => void {
    this.#inFlight.set(dynoId, this.inFlight(dynoId) + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const n = this.inFlight(dynoId) - 1
      if (n <= 0) this.#inFlight.delete(dynoId)
      else this.#inFlight.set(dynoId, n)
    }
  }

  quarantine(dynoId: string): void {
    this.#quarantinedUntil.set(dynoId, this.#clock.now() + this.#quarantineMs)
  }

  isQuarantined(dynoId: string): boolean {
    const until = this.#quarantinedUntil.get(dynoId)
    if (until === undefined) return false
    if (this.#clock.now() < until) return true
    this.#quarantinedUntil.delete(dynoId)
    return false
  }

  /**
   * Picks a backend not in `exclude` (already tried for this request). Quarantined backends are used only when
   * nothing else is left: a lone dyno that refused one connect should get the next request rather than an error.
   */
  pick<T extends { readonly dynoId: string }>(
    backends: readonly T[],
    exclude: ReadonlySet<string>,
    random: () => number = Math.random,
  ): T | undefined {
    const open = backends.filter((b) => !exclude.has(b.dynoId))
    const healthy = open.filter((b) => !this.isQuarantined(b.dynoId))
    const pool = healthy.length > 0 ? healthy : open
    if (pool.length <= 1) return pool[0]
    const i = index(random(), pool.length)
    let j = index(random(), pool.length - 1)
    if (j >= i) j++
    const a = pool[i]!
    const b = pool[j]!
    return this.inFlight(b.dynoId) < this.inFlight(a.dynoId) ? b : a
  }
}

const index = (r: number, n: number): number => Math.min(n - 1, Math.max(0, Math.floor(r * n)))
