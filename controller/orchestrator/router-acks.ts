// Which app directory each router has taken, from the reports routers send every 2 s (RouterReport's
// directory_epoch and directory_sent_at_ms). Routers take a web dyno's route only once a directory names it (route
// trust), so the leader may stop a dyno that a replacement makes way for only once every router has a directory
// published after the replacement was persisted: before that, a router could be left with the old dyno withdrawn and
// the new one not yet taken (H14). A leader that died after persisting its last placements and before publishing
// them is the sharp case; a directory lost in gossip the everyday one.

import type { Clock } from '../../lib/clock.ts'

/** A router not heard from for this long is not waited for (the agents' drain handshake uses the same bound). */
export const ROUTER_SILENT_MS = 10_000

export interface DirectoryCover {
  /** Whether every router heard from lately has taken a directory of `epoch` stamped at or after `since`. */
  covers(epoch: number, since: number): boolean
}

export class RouterAcks implements DirectoryCover {
  readonly #clock: Clock
  readonly #startedAt: number
  readonly #routers = new Map<string, { heardAt: number; epoch: number; sentAtMs: number }>()

  constructor(clock: Clock) {
    this.#clock = clock
    this.#startedAt = clock.now()
  }

  record(routerId: string, report: { directoryEpoch?: number | null; directorySentAtMs?: number | null }): void {
    this.#routers.set(routerId, {
      heardAt: this.#clock.now(),
      epoch: Number(report.directoryEpoch ?? 0),
      sentAtMs: Number(report.directorySentAtMs ?? 0),
    })
  }

  covers(epoch: number, since: number): boolean {
    const now = this.#clock.now()
    // Just started: routers that report every 2 s may not have been heard yet, and "none lags" would be vacuous.
    if (now - this.#startedAt < ROUTER_SILENT_MS / 2) return false
    for (const [id, r] of this.#routers) {
      if (now - r.heardAt >= ROUTER_SILENT_MS) {
        this.#routers.delete(id)
        continue
      }
      if (r.epoch !== epoch || r.sentAtMs < since) return false
    }
    return true
  }
}
