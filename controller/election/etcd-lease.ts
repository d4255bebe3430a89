// Keeps an etcd lease alive and knows, from this controller's own clock, until when it is surely still held.
//
// etcd expires a lease TTL after the last keep-alive it *received*; a keep-alive is received after it was *sent*.
// So a lease whose keep-alive sent at time S was acknowledged lives at least until S + TTL on etcd's side, and
// no other controller can take the leader key before then. The keeper declares the lease lost at
// S + TTL − margin (the margin absorbs clock drift and a late timer), i.e. strictly before anyone else can win:
// the leader steps down first. A keep-alive answered with TTL 0 means etcd already dropped the lease: lost at once.

import type { Clock, Timer } from '../../lib/clock.ts'

export interface LeaseKeeperInit {
  clock: Clock
  ttlMs: number
  /** Safety margin before the earliest possible expiry on etcd (default ttl/4). */
  marginMs?: number | undefined
  /** Keep-alive period (default ttl/4). */
  intervalMs?: number | undefined
  /** One keep-alive: resolves true while etcd still holds the lease, false once it does not; rejects when unreachable. */
  renew: () => Promise<boolean>
  /** Called once, synchronously, when the lease is (or may be) lost. */
  onLost: (reason: 'expired' | 'revoked') => void
}

export class LeaseKeeper {
  readonly #init: LeaseKeeperInit
  readonly #margin: number
  readonly #interval: number
  #validUntil: number
  #deadline: Timer | undefined
  #ticker: Timer | undefined
  #renewing = false
  #state: 'running' | 'lost' | 'stopped' = 'running'

  /** `grantedAt`: when the grant request was sent (the lease lives TTL from etcd's receipt of it). */
  constructor(init: LeaseKeeperInit, grantedAt: number) {
    this.#init = init
    this.#margin = init.marginMs ?? Math.floor(init.ttlMs / 4)
    this.#interval = init.intervalMs ?? Math.floor(init.ttlMs / 4)
    this.#validUntil = grantedAt + init.ttlMs - this.#margin
    this.#arm()
    this.#ticker = init.clock.setInterval(() => this.#tick(), this.#interval)
  }

  /** Whether the lease is still surely held now. */
  get held(): boolean {
    return this.#state === 'running' && this.#init.clock.now() < this.#validUntil
  }

  /** Until when (this clock) the lease is surely held. */
  get validUntil(): number {
    return this.#validUntil
  }

  stop(): void {
    if (this.#state === 'running') this.#state = 'stopped'
    this.#deadline?.cancel()
    this.#ticker?.cancel()
  }

  #tick(): void {
    // One keep-alive at a time: a hung one (partition) is covered by the deadline, not by piling up more.
    if (this.#state !== 'running' || this.#renewing) return
    this.#renewing = true
    const sentAt = this.#init.clock.now()
    this.#init.renew().then(
      (alive) => {
        this.#renewing = false
        if (this.#state !== 'running') return
        if (!alive) {
          this.#lose('revoked')
          return
        }
        const until = sentAt + this.#init.ttlMs - this.#margin
        if (until > this.#validUntil) {
          this.#validUntil = until
          this.#arm()
        }
      },
      () => {
        // Unreachable: keep trying; the deadline decides when the lease may be gone.
        this.#renewing = false
      },
    )
  }

  #arm(): void {
    this.#deadline?.cancel()
    // At least 1 ms: a timer due now that fired early would otherwise be set for "now" again and again.
    const wait = Math.max(1, this.#validUntil - this.#init.clock.now())
    this.#deadline = this.#init.clock.setTimeout(() => {
      if (this.#state !== 'running') return
      if (this.#init.clock.now() >= this.#validUntil) this.#lose('expired')
      // Node's timers count from the event loop's cached time, so one can fire a few ms before the wall clock
      // reaches its due time (more so on a busy machine): wait out the rest rather than never looking again.
      else this.#arm()
    }, wait)
  }

  #lose(reason: 'expired' | 'revoked'): void {
    this.stop()
    this.#state = 'lost'
    this.#init.onLost(reason)
  }
}
