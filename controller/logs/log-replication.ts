// Log rings on every controller of an HA cluster. Hosts ship their lines to the leader, and each controller makes
// lines of its own (API events: `app[api]: Set FOO config vars …`); a controller copies every line it stored
// *locally* to each other controller, which stores it as a replica (ring, tails, journal). So every controller
// holds every app's recent lines: `shoal logs` works through any of them, and a new leader starts with the rings
// the old one had (minus what was in flight). Replicas are never copied on, so a line travels once per controller.
// Drains are fed by the leader alone (DrainManager's `delivering`), so a line is not delivered twice.
//
// Each peer controller gets its own LogShipper (batching, one batch in flight, bounded queue with L10 notices,
// back-off): a dead controller costs at most the shipper's queue, and one that comes back receives what queued up.

import type { Clock } from '../../lib/clock.ts'
import type { Startable } from '../../lib/lifecycle.ts'
import { LogShipper } from '../../lib/log-shipper.ts'
import type { Logger } from '../../lib/logger.ts'
import type { LogBatch } from '../../proto/codec.ts'
import type { LogHub } from './log-hub.ts'

export interface LogReplicationDeps {
  hub: LogHub
  clock: Clock
  logger: Logger
  /** The peer ids of the other controllers now (this one excluded). */
  peers: () => string[]
  /** Sends a batch to a controller (PROTOCOL_LOGS on the mesh) and resolves when it acknowledged it. */
  send: (peer: string, batch: LogBatch, signal: AbortSignal) => Promise<void>
  /** Shipper tuning (tests shorten the flush interval). */
  flushMs?: number | undefined
  maxQueue?: number | undefined
}

export class LogReplication implements Startable {
  readonly #deps: LogReplicationDeps
  readonly #shippers = new Map<string, LogShipper>()
  #unlisten: (() => void) | undefined

  constructor(deps: LogReplicationDeps) {
    this.#deps = deps
  }

  start(): void {
    this.#unlisten = this.#deps.hub.listen((line, origin) => {
      if (origin !== 'local') return
      for (const shipper of this.#current()) shipper.ship(line)
    })
  }

  async stop(): Promise<void> {
    this.#unlisten?.()
    const shippers = [...this.#shippers.values()]
    this.#shippers.clear()
    // Lines still queued for a peer are given up: it reads them from the journal of whoever holds them, or not.
    await Promise.all(shippers.map((s) => s.stop({ signal: AbortSignal.timeout(1000) })))
  }

  /** Lines queued per peer (for tests and status). */
  queued(): Record<string, number> {
    return Object.fromEntries([...this.#shippers].map(([peer, s]) => [peer, s.stats().queued]))
  }

  /** The shippers of the controllers there are now: new ones get one, removed ones lose theirs. */
  #current(): LogShipper[] {
    const peers = new Set(this.#deps.peers())
    for (const [peer, shipper] of this.#shippers) {
      if (peers.has(peer)) continue
      this.#shippers.delete(peer)
      shipper.stop().catch(() => {})
    }
    for (const peer of peers) {
      if (this.#shippers.has(peer)) continue
      this.#shippers.set(
        peer,
        new LogShipper({
          clock: this.#deps.clock,
          target: () => peer,
          send: this.#deps.send,
          logger: this.#deps.logger.child({ component: 'log-replication', peer }),
          ...(this.#deps.flushMs === undefined ? {} : { flushMs: this.#deps.flushMs }),
          ...(this.#deps.maxQueue === undefined ? {} : { maxQueue: this.#deps.maxQueue }),
        }),
      )
    }
    return [...this.#shippers.values()]
  }
}
