// Which routes a router takes (mesh/cluster-trust.ts says why): a RouteAnnouncement counts only when its signer is
// the host it names, that host is admitted, and each route is to a web dyno the leader assigned to that host. Routes
// refused for want of an assignment are kept aside and taken as soon as a directory assigns them (the directory
// trails a new dyno by up to its 3 s period); routes the directory no longer backs are dropped when it arrives.

import type { ClusterTrust } from '../mesh/cluster-trust.ts'
import type { Route, RouteAnnouncement } from '../proto/codec.ts'

export interface Gated {
  /** what to apply to the route table (null: nothing) */
  announcement: RouteAnnouncement | null
  refused: number
}

export class RouteGate {
  readonly #trust: ClusterTrust
  /** per host: the sequence of its latest announcement and its routes waiting for an assignment */
  readonly #hosts = new Map<string, { seq: number; pending: Map<string, Route> }>()

  constructor(trust: ClusterTrust) {
    this.#trust = trust
  }

  /** Filters an announcement signed by `from`. */
  announcement(message: RouteAnnouncement, from: string): Gated {
    if (message.hostId !== from || !this.#trust.isAdmitted(from)) {
      return { announcement: null, refused: (message.up ?? []).length }
    }
    const seq = Number(message.seq ?? 0)
    const host = this.#hosts.get(from) ?? { seq, pending: new Map<string, Route>() }
    if (seq < host.seq) return { announcement: null, refused: 0 }
    host.seq = seq
    if (message.snapshot === true) host.pending.clear()
    for (const id of message.withdrawn ?? []) host.pending.delete(id)
    const up: Route[] = []
    for (const r of message.up ?? []) {
      if (this.#trust.mayRoute(from, r.app ?? '', r.dynoId ?? '')) up.push(r)
      else host.pending.set(r.dynoId ?? '', r)
    }
    this.#hosts.set(from, host)
    return { announcement: { ...message, up }, refused: (message.up ?? []).length - up.length }
  }

  /**
   * After a new directory: announcements that add the routes it now backs, and withdraw the routes in `current`
   * (hostId, app, dynoId of the table's routes) it no longer backs.
   */
  reconcile(current: ReadonlyArray<{ hostId: string; app: string; dynoId: string }>): RouteAnnouncement[] {
    const out = new Map<string, RouteAnnouncement>()
    const of = (hostId: string): RouteAnnouncement => {
      let a = out.get(hostId)
      if (a === undefined) {
        a = { hostId, seq: this.#hosts.get(hostId)?.seq ?? 0, up: [], withdrawn: [], snapshot: false }
        out.set(hostId, a)
      }
      return a
    }
    for (const b of current) {
      if (!this.#trust.mayRoute(b.hostId, b.app, b.dynoId)) of(b.hostId).withdrawn?.push(b.dynoId)
    }
    for (const [hostId, host] of this.#hosts) {
      for (const [id, r] of host.pending) {
        if (!this.#trust.mayRoute(hostId, r.app ?? '', id)) continue
        host.pending.delete(id)
        of(hostId).up?.push(r)
      }
    }
    return [...out.values()]
  }

  /** A dead host's state goes with its routes. */
  forget(hostId: string): void {
    this.#hosts.delete(hostId)
  }
}
