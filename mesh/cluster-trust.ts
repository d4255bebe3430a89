// What the current leader says about who belongs to the cluster, as every agent and router holds it: the admitted
// hosts (a removed or revoked host drops out) and which host each web dyno was assigned to. Both come in the app
// directory (TOPIC_APPS), which is believed only from the peer the LeaderTracker names as leader, and never from an
// epoch older than one already heard, so neither an unadmitted peer holding the network key nor a deposed leader
// can change them. Until a leader's directory arrives nothing is admitted (fail closed).

import type { AppDirectory } from '../proto/codec.ts'

export interface LeaderView {
  leader(): string | undefined
  isController(peer: string): boolean
}

export interface WebDyno {
  app: string
  hostId: string
}

export type DirectoryVerdict = 'accepted' | 'not-leader' | 'stale-epoch'

export class ClusterTrust {
  readonly #leader: LeaderView
  #epoch = -1
  #admitted = new Set<string>()
  #webDynos = new Map<string, WebDyno>()
  #enforced = true
  #known = false

  constructor(leader: LeaderView) {
    this.#leader = leader
  }

  /** Takes a directory heard from `from` if that peer leads now and its epoch is not older than the last one. */
  directory(message: AppDirectory, from: string): DirectoryVerdict {
    if (!this.#leader.isController(from) || this.#leader.leader() !== from) return 'not-leader'
    const epoch = Number(message.epoch ?? 0)
    if (epoch < this.#epoch) return 'stale-epoch'
    this.#epoch = epoch
    this.#known = true
    this.#enforced = message.trust === true
    this.#admitted = new Set(message.admitted ?? [])
    const dynos = new Map<string, WebDyno>()
    for (const app of message.apps ?? []) {
      for (const [dynoId, hostId] of Object.entries(app.webDynos ?? {}))
        dynos.set(dynoId, { app: app.name ?? '', hostId })
    }
    this.#webDynos = dynos
    return 'accepted'
  }

  /** Whether a leader's directory has been heard. */
  get known(): boolean {
    return this.#known
  }

  get epoch(): number {
    return this.#epoch
  }

  /** Controllers (named in the join token) always; hosts only while the leader lists them. */
  isAdmitted(peer: string): boolean {
    if (this.#leader.isController(peer)) return true
    if (this.#known && !this.#enforced) return true // a leader from before trust was published
    return this.#admitted.has(peer)
  }

  /** Whether `hostId` may announce a route to `dynoId` of `app`. */
  mayRoute(hostId: string, app: string, dynoId: string): boolean {
    if (this.#known && !this.#enforced) return true
    if (!this.#admitted.has(hostId)) return false
    const d = this.#webDynos.get(dynoId)
    return d !== undefined && d.hostId === hostId && d.app === app
  }
}
