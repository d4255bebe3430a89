import type { Clock } from '../lib/clock.ts'
import { type LeaderAnnouncement, LeaderAnnouncementCodec } from '../proto/codec.ts'
import { TOPIC_LEADER } from '../proto/topics.ts'
import type { Bus } from './bus.ts'

/**
 * Who leads, as agents and routers see it: the announcer with the highest epoch heard within the last 15 s, else
 * the first controller of the join token. Only the controllers named in the token (or announced by a leader they
 * trust later) are believed.
 */
export class LeaderTracker {
  readonly #clock: Clock
  readonly #controllers: Set<string>
  readonly #fallback: string | undefined
  #leader: { peerId: string; epoch: number; at: number } | undefined

  constructor(bus: Bus, controllers: Iterable<string>, clock: Clock) {
    this.#clock = clock
    this.#controllers = new Set(controllers)
    this.#fallback = [...this.#controllers][0]
    bus.subscribe(TOPIC_LEADER, LeaderAnnouncementCodec, ({ message, from }) => this.#heard(message, from))
  }

  /** The peer id to send leader-bound traffic (statuses, logs) to. */
  leader(): string | undefined {
    const l = this.#leader
    if (l !== undefined && this.#clock.now() - l.at < 15_000) return l.peerId
    return this.#fallback
  }

  isController(peer: string): boolean {
    return this.#controllers.has(peer)
  }

  #heard(message: LeaderAnnouncement, from: string): boolean {
    if (!this.#controllers.has(from) || message.peerId !== from) return false
    const epoch = Number(message.epoch ?? 0)
    const now = this.#clock.now()
    const current = this.#leader
    if (current === undefined || epoch >= current.epoch || now - current.at >= 15_000) {
      this.#leader = { peerId: from, epoch, at: now }
    }
    return true
  }
}
