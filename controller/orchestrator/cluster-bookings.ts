// Where one-offs and builds go: the one placer for single pieces of work (scheduler/place-one.ts) over the same
// bookings the round plans with — the formation dynos the leader assigned, the one-offs in flight and the builds in
// flight. A build books its container's limits (proto/dyno-sizes.ts BUILD_RESOURCES) until it ends, and every round
// sees those bookings as reservations, so a formation dyno is never placed into memory a build or one-off holds.

import { ShoalError } from '../../proto/errors.ts'
import { type PlaceOneRequest, placeOne } from '../scheduler/place-one.ts'
import type { Assignment, HostSnapshot, Reservation } from '../scheduler/snapshot.ts'

export interface ClusterBookingsDeps {
  hosts: () => HostSnapshot[]
  assignments: () => Iterable<Assignment>
  /** One-offs in flight, as reservations. */
  oneOffs: () => Reservation[]
  cpuSharesPerCore: number
}

export class ClusterBookings {
  readonly #d: ClusterBookingsDeps
  readonly #builds = new Map<string, Reservation>()

  constructor(deps: ClusterBookingsDeps) {
    this.#d = deps
  }

  /** Picks the host for one piece of work, or throws UNAVAILABLE saying why none fits (after `what`). */
  place(request: PlaceOneRequest, what: string): string {
    const result = placeOne(
      {
        hosts: this.#d.hosts(),
        assignments: [...this.#d.assignments()],
        reservations: this.reservations(),
        cpuSharesPerCore: this.#d.cpuSharesPerCore,
      },
      request,
    )
    if (result.hostId === undefined) throw new ShoalError('UNAVAILABLE', `${what}: ${result.reason}`)
    return result.hostId
  }

  /** Books a build on its host until the returned function is called. */
  bookBuild(id: string, hostId: string, resources: { memoryBytes: number; cpuShares: number }): () => void {
    this.#builds.set(id, { id, hostId, kind: 'build', ...resources })
    return () => {
      this.#builds.delete(id)
    }
  }

  builds(): Reservation[] {
    return [...this.#builds.values()]
  }

  reservations(): Reservation[] {
    return [...this.#d.oneOffs(), ...this.#builds.values()]
  }
}
