// What the current leader says about who belongs to the cluster, as every agent and router holds it: the admitted
// hosts (a removed or revoked host drops out) and which host each web dyno was assigned to. Both come in the app
// directory (TOPIC_APPS), which is believed only from the peer the LeaderTracker names as leader, and never from an
// epoch older than one already heard, so neither an unadmitted peer holding the network key nor a deposed leader
// can change them. Until a leader's directory arrives nothing is admitted (fail closed). The directory also lists the
// revoked peers (hosts:remove), which the owner hands to its mesh node's connection gater (mesh/mesh-node.ts).

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
  #revoked = new Set<string>()
  #stackHashes = new Map<string, string>()
  readonly #onRevoked: (peers: string[]) => void

  /** `onRevoked` gets the revoked peers of every directory taken (e.g. MeshNode.refuse). */
  constructor(leader: LeaderView, onRevoked: (peers: string[]) => void = () => {}) {
    this.#leader = leader
    this.#onRevoked = onRevoked
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
    this.#stackHashes = new Map(Object.entries(message.stackHashes ?? {}))
    const revoked = (message.revoked ?? []).filter((p) => !this.#leader.isController(p))
    for (const p of revoked) this.#revoked.add(p) // a revocation is for good, even if a later directory omits it
    if (revoked.length > 0) this.#onRevoked(revoked)
    return 'accepted'
  }

  /** Whether a leader's directory has been heard. */
  get known(): boolean {
    return this.#known
  }

  get epoch(): number {
    return this.#epoch
  }

  /** The stack tarball sha256 the leader vouches for (controller/stack-hashes.ts), or undefined. */
  stackHash(version: string): string | undefined {
    return this.#stackHashes.get(version)
  }

  /** Controllers (named in the join token) always; hosts only while the leader lists them. */
  isAdmitted(peer: string): boolean {
    if (this.#leader.isController(peer)) return true
    if (this.#revoked.has(peer)) return false
    if (this.#known && !this.#enforced) return true // a leader from before trust was published
    return this.#admitted.has(peer)
  }

  /** Whether `hostId` may announce a route to `dynoId` of `app`. */
  mayRoute(hostId: string, app: string, dynoId: string): boolean {
    if (this.#revoked.has(hostId)) return false
    if (this.#known && !this.#enforced) return true
    if (!this.#admitted.has(hostId)) return false
    const d = this.#webDynos.get(dynoId)
    return d !== undefined && d.hostId === hostId && d.app === app
  }
}
