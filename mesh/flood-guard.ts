// Cuts off a mesh peer that floods gossip: one that keeps sending what no shoal peer sends (unsigned or
// undecodable messages, counted against the peer that relayed them to us) or signs messages far faster than any
// daemon does (a host reports every few seconds; a flood is thousands a second). Such a peer is banned for a while:
// the mesh node's connection gater refuses it and its connections close. Controllers of the join token are never
// banned (a controller sending garbage is a bug to fix, not a peer to shut out). Oversized messages never get this
// far: gossipsub refuses frames over its inbound limit and drops the stream.

import type { Clock } from '../lib/clock.ts'
import type { Logger } from '../lib/logger.ts'

export interface FloodGuardOptions {
  clock: Clock
  logger: Logger
  /** Cuts the peer off for `ms` (MeshNode.ban). */
  ban: (peer: string, ms: number) => void
  /** Peers never banned (controllers). */
  exempt?: (peer: string) => boolean
  /** Counting window (default 10 s). */
  windowMs?: number
  /** Invalid messages relayed by one peer in a window before it is banned (default 20). */
  maxInvalid?: number
  /** Messages signed by one peer in a window before it is banned (default 2000: 200 a second). */
  maxSigned?: number
  /** How long a ban lasts (default 5 min). */
  banMs?: number
}

interface Count {
  start: number
  invalid: number
  signed: number
}

export class FloodGuard {
  readonly #o: Required<Omit<FloodGuardOptions, 'exempt'>> & Pick<FloodGuardOptions, 'exempt'>
  readonly #counts = new Map<string, Count>()
  readonly #banned = new Map<string, number>() // peer → until (clock ms)

  constructor(options: FloodGuardOptions) {
    this.#o = { windowMs: 10_000, maxInvalid: 20, maxSigned: 2000, banMs: 5 * 60_000, ...options }
  }

  /** An unsigned or undecodable message relayed by `peer`. */
  invalid(peer: string): void {
    const c = this.#count(peer)
    c.invalid++
    if (c.invalid > this.#o.maxInvalid) this.#ban(peer, `${c.invalid} invalid messages`)
  }

  /** A well-formed message signed by `signer`; false when the signer is banned (drop it). */
  signed(signer: string): boolean {
    if (this.isBanned(signer)) return false
    const c = this.#count(signer)
    c.signed++
    if (c.signed > this.#o.maxSigned) {
      this.#ban(signer, `${c.signed} messages`)
      return false
    }
    return true
  }

  isBanned(peer: string): boolean {
    const until = this.#banned.get(peer)
    if (until === undefined) return false
    if (until > this.#o.clock.now()) return true
    this.#banned.delete(peer)
    return false
  }

  #count(peer: string): Count {
    const now = this.#o.clock.now()
    let c = this.#counts.get(peer)
    if (c === undefined || now - c.start >= this.#o.windowMs) {
      c = { start: now, invalid: 0, signed: 0 }
      this.#counts.set(peer, c)
      if (this.#counts.size > 10_000) this.#prune(now)
    }
    return c
  }

  #ban(peer: string, why: string): void {
    if (this.#o.exempt?.(peer) === true || this.isBanned(peer)) return
    this.#banned.set(peer, this.#o.clock.now() + this.#o.banMs)
    this.#counts.delete(peer)
    this.#o.logger.warn({ peer, why, banMs: this.#o.banMs }, 'mesh peer flooding: cut off')
    this.#o.ban(peer, this.#o.banMs)
  }

  #prune(now: number): void {
    for (const [peer, c] of this.#counts) if (now - c.start >= this.#o.windowMs) this.#counts.delete(peer)
  }
}
