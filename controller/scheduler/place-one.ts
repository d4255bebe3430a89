// The placer for single pieces of work outside the formations: one-off dynos and builds. It books exactly what
// plan() books (formation dynos by size, one-offs and builds in flight as reservations, on each host's allocatable
// resources) and uses plan()'s feasibility (alive, not draining, every constraint label, free memory and CPU
// shares), through the same Placer. Only the score differs: short-lived work goes to the feasible host with the most
// free memory (spreading it, and leaving the tight hosts to long-running dynos), ties to the lower host id.

import { DYNO_SIZES, formatBytes, parseDynoSize } from '../../proto/dyno-sizes.ts'
import { Placer, type Resources } from './placement.ts'
import type { Assignment, HostSnapshot, Reservation } from './snapshot.ts'

export interface BookedCluster {
  hosts: readonly HostSnapshot[]
  assignments: readonly Assignment[]
  reservations: readonly Reservation[]
  /** As in PlanOptions. */
  cpuSharesPerCore: number
}

export interface PlaceOneRequest {
  resources: Resources
  constraints?: Record<string, string> | undefined
}

export type PlaceOneResult = { hostId: string } | { hostId?: undefined; reason: string }

export function placeOne(cluster: BookedCluster, request: PlaceOneRequest): PlaceOneResult {
  const hosts = [...cluster.hosts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const placer = new Placer(hosts, cluster.cpuSharesPerCore)
  for (const a of cluster.assignments) {
    const rank = placer.rankOf.get(a.hostId)
    const size = parseDynoSize(a.size)
    if (rank !== undefined && size !== undefined) placer.charge(rank, DYNO_SIZES[size])
  }
  for (const r of cluster.reservations) {
    const rank = placer.rankOf.get(r.hostId)
    if (rank !== undefined) placer.charge(rank, r)
  }
  const wanted = Object.entries(request.constraints ?? {})
  let best = -1
  let schedulable = 0
  for (let rank = 0; rank < hosts.length; rank++) {
    if (placer.schedulable[rank] !== 1) continue
    schedulable++
    const labels = hosts[rank]!.labels
    if (!wanted.every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v)) continue
    if (!placer.fits(rank, request.resources)) continue
    if (best < 0 || placer.freeMem[rank]! > placer.freeMem[best]!) best = rank
  }
  if (best >= 0) return { hostId: placer.ids[best]! }
  const { memoryBytes, cpuShares } = request.resources
  const need = `${formatBytes(memoryBytes)} of free memory and ${cpuShares} free CPU share${cpuShares === 1 ? '' : 's'}`
  if (hosts.length === 0) return { reason: 'the cluster has no hosts' }
  if (schedulable === 0) return { reason: 'no alive host is ready (every host is dead, suspect or draining)' }
  const selector = wanted.map(([k, v]) => `${k}=${v}`).join(', ')
  return { reason: `no alive host${selector === '' ? '' : ` matching ${selector}`} has ${need}` }
}
