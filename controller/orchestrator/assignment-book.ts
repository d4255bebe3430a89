// The leader's in-memory copy of `assignments/` for one term (the leader is their only writer), indexed by dyno id
// and by host, with a version per host that changes whenever the host's assignments do. The version is what tells
// the round a host's desired state changed: comparing it costs O(hosts) per round, never O(dynos), and nothing is
// serialized to find out.

import type { Assignment } from '../scheduler/snapshot.ts'

// Shared by every book, so a version is never handed out twice in a process (a reload never repeats an old one).
let nextVersion = 1

export class AssignmentBook {
  readonly #byId = new Map<string, Assignment>()
  readonly #byHost = new Map<string, Map<string, Assignment>>()
  readonly #version = new Map<string, number>()

  constructor(assignments: Iterable<Assignment> = []) {
    for (const a of assignments) this.add(a)
  }

  get size(): number {
    return this.#byId.size
  }

  get(dynoId: string): Assignment | undefined {
    return this.#byId.get(dynoId)
  }

  values(): IterableIterator<Assignment> {
    return this.#byId.values()
  }

  onHost(hostId: string): Iterable<Assignment> {
    return this.#byHost.get(hostId)?.values() ?? []
  }

  /** Changes whenever the host's assignments change; 0 for a host that never had any. */
  version(hostId: string): number {
    return this.#version.get(hostId) ?? 0
  }

  add(a: Assignment): void {
    this.delete(a.dynoId)
    this.#byId.set(a.dynoId, a)
    let host = this.#byHost.get(a.hostId)
    if (host === undefined) {
      host = new Map()
      this.#byHost.set(a.hostId, host)
    }
    host.set(a.dynoId, a)
    this.#version.set(a.hostId, nextVersion++)
  }

  delete(dynoId: string): Assignment | undefined {
    const a = this.#byId.get(dynoId)
    if (a === undefined) return undefined
    this.#byId.delete(dynoId)
    this.#byHost.get(a.hostId)?.delete(dynoId)
    this.#version.set(a.hostId, nextVersion++)
    return a
  }
}
