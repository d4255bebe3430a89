// Feasibility, fit and score for one formation at a time, over the hosts' free resources for the whole plan.
//
// Score, best first: fewest dynos of this app/process on the host (spread), then least free memory left after
// placing (best fit, so large sizes still find room later: bin packing), then host id. Only the lowest "spread
// level" that has a feasible host matters, so placing k dynos walks the levels instead of scoring every host:
//   level 0 (hosts without this formation): one min-heap per (constraint set, size) holds exactly the feasible
//     hosts ordered by (free memory, host id); popping skips the few hosts that already run this formation.
//   level n ≥ 1: the hosts holding n dynos of the formation are listed from its own count map, sorted once.
// Placing one dyno is O(log hosts) plus the hosts the formation already occupies, not O(hosts).

import { DYNO_SIZE_NAMES, DYNO_SIZES, type DynoSize, type DynoSizeName, formatBytes } from '../../proto/dyno-sizes.ts'
import { HostHeap } from './host-heap.ts'
import type { HostSnapshot } from './snapshot.ts'

/** What a dyno, a one-off or a build books on a host. */
export type Resources = Pick<DynoSize, 'memoryBytes' | 'cpuShares'>

/** One formation as the placer sees it. */
export interface PlacementGroup {
  /** Host ranks of the dynos of this app/process that stay, one entry per dyno. */
  keptRanks: number[]
  /**
   * Dynos of this app/process per host rank (kept plus placed so far; never zeros). Built from keptRanks on first
   * use (countsOf), so a plan where a formation needs nothing never builds it.
   */
  counts: Map<number, number> | undefined
  size: DynoSizeName | undefined
  /** The formation's size as written, for the message when it is not a size. */
  sizeLabel: string
  constraints: Record<string, string> | undefined
  /** constraintKey(constraints): formations with equal selectors share indexes. */
  constraintKey: string
}

export interface PlaceResult {
  /** Host ranks in placement order (one per dyno; a host may repeat when there are more dynos than hosts). */
  hosts: number[]
  /** Set when fewer than asked were placed: why the rest fit nowhere. */
  reason?: string
}

interface FitIndex {
  key: string
  match: Uint8Array
  size: DynoSize
  heap: HostHeap
}

export function constraintKey(constraints: Record<string, string> | undefined): string {
  if (constraints === undefined) return ''
  const entries = Object.entries(constraints)
  if (entries.length === 0) return ''
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify(entries)
}

export function countsOf(group: PlacementGroup): Map<number, number> {
  if (group.counts !== undefined) return group.counts
  const counts = new Map<number, number>()
  for (const rank of group.keptRanks) counts.set(rank, (counts.get(rank) ?? 0) + 1)
  group.counts = counts
  return counts
}

export class Placer {
  /** Host ids in rank order (sorted), so every tie-break by rank is a tie-break by id. */
  readonly ids: string[]
  readonly rankOf = new Map<string, number>()
  readonly freeMem: Float64Array
  readonly freeCpu: Float64Array
  /** Alive and not draining: the only hosts that receive new dynos. */
  readonly schedulable: Uint8Array
  readonly #labels: Record<string, string>[]
  readonly #ver: Uint32Array
  readonly #matches = new Map<string, Uint8Array>()
  readonly #indexes = new Map<string, FitIndex>()
  readonly #indexList: FitIndex[] = []
  readonly #failures = new Map<string, string>()

  /** `hosts` must be sorted by id and unique. */
  constructor(hosts: readonly HostSnapshot[], cpuSharesPerCore: number) {
    const n = hosts.length
    this.ids = hosts.map((h) => h.id)
    this.#labels = hosts.map((h) => h.labels)
    this.freeMem = new Float64Array(n)
    this.freeCpu = new Float64Array(n)
    this.schedulable = new Uint8Array(n)
    this.#ver = new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      const h = hosts[i]!
      this.rankOf.set(h.id, i)
      this.freeMem[i] = h.allocatable.memoryBytes
      this.freeCpu[i] = h.allocatable.cpuCores * cpuSharesPerCore
      this.schedulable[i] = h.state === 'alive' && !h.draining ? 1 : 0
    }
  }

  fits(rank: number, size: Resources): boolean {
    return this.freeMem[rank]! >= size.memoryBytes && this.freeCpu[rank]! >= size.cpuShares
  }

  /** Books a dyno's resources on a host (an existing dyno, or one kept after all) and keeps the indexes current. */
  charge(rank: number, size: Resources): void {
    this.freeMem[rank]! -= size.memoryBytes
    this.freeCpu[rank]! -= size.cpuShares
    this.#ver[rank]!++
    this.#reindex(rank)
  }

  /** Places up to k dynos of a group, booking resources and counts; returns the chosen hosts in order. */
  place(group: PlacementGroup, k: number): PlaceResult {
    const chosen: number[] = []
    if (k <= 0) return { hosts: chosen }
    if (group.size === undefined) {
      return {
        hosts: chosen,
        reason: `unknown dyno size "${group.sizeLabel}"; sizes are ${DYNO_SIZE_NAMES.join(', ')}`,
      }
    }
    const size = DYNO_SIZES[group.size]
    const index = this.#index(group, group.size)
    const counts = countsOf(group)
    const touched = new Set<number>()
    const take = (rank: number): void => {
      this.freeMem[rank]! -= size.memoryBytes
      this.freeCpu[rank]! -= size.cpuShares
      this.#ver[rank]!++
      counts.set(rank, (counts.get(rank) ?? 0) + 1)
      chosen.push(rank)
      touched.add(rank)
    }

    // Level 0: best-fit feasible hosts that do not run this formation yet.
    const aside: number[] = []
    const asideMem: number[] = []
    const asideVer: number[] = []
    const heap = index.heap
    while (chosen.length < k) {
      const rank = heap.pop()
      if (rank < 0) break
      if (heap.poppedVer !== this.#ver[rank]) continue // stale entry: the host changed since it was pushed
      if (counts.has(rank)) {
        aside.push(rank)
        asideMem.push(heap.poppedMem)
        asideVer.push(heap.poppedVer)
        continue
      }
      take(rank)
    }

    // Levels ≥ 1: only hosts that already run this formation; each level is one pass in best-fit order.
    if (chosen.length < k) {
      let maxCount = 0
      for (const c of counts.values()) if (c > maxCount) maxCount = c
      for (let level = 1; level <= maxCount && chosen.length < k; level++) {
        const candidates: number[] = []
        for (const [rank, c] of counts) if (c === level && this.#feasible(rank, index)) candidates.push(rank)
        candidates.sort((a, b) => this.freeMem[a]! - this.freeMem[b]! || a - b)
        for (const rank of candidates) {
          if (chosen.length >= k) break
          take(rank)
          if (level + 1 > maxCount) maxCount = level + 1
        }
      }
    }

    for (let i = 0; i < aside.length; i++) {
      const rank = aside[i]!
      if (asideVer[i] === this.#ver[rank]) heap.push(rank, asideMem[i]!, asideVer[i]!)
    }
    for (const rank of touched) this.#reindex(rank)
    if (chosen.length < k) return { hosts: chosen, reason: this.#diagnose(group, group.size, index) }
    return { hosts: chosen }
  }

  #feasible(rank: number, index: FitIndex): boolean {
    return this.schedulable[rank] === 1 && index.match[rank] === 1 && this.fits(rank, index.size)
  }

  /** Pushes a changed host into every index it is now feasible for; its older entries turn stale by version. */
  #reindex(rank: number): void {
    if (this.schedulable[rank] !== 1) return
    for (const index of this.#indexList) {
      if (index.match[rank] === 1 && this.fits(rank, index.size))
        index.heap.push(rank, this.freeMem[rank]!, this.#ver[rank]!)
    }
  }

  #index(group: PlacementGroup, sizeName: DynoSizeName): FitIndex {
    const key = `${sizeName} ${group.constraintKey}`
    let index = this.#indexes.get(key)
    if (index !== undefined) return index
    const match = this.#matchFor(group)
    const size = DYNO_SIZES[sizeName]
    const heap = new HostHeap()
    index = { key, match, size, heap }
    for (let rank = 0; rank < this.ids.length; rank++) {
      if (this.#feasible(rank, index)) heap.add(rank, this.freeMem[rank]!, this.#ver[rank]!)
    }
    heap.heapify()
    this.#indexes.set(key, index)
    this.#indexList.push(index)
    return index
  }

  #matchFor(group: PlacementGroup): Uint8Array {
    let match = this.#matches.get(group.constraintKey)
    if (match !== undefined) return match
    match = new Uint8Array(this.ids.length)
    const wanted = Object.entries(group.constraints ?? {})
    for (let rank = 0; rank < match.length; rank++) {
      const labels = this.#labels[rank]!
      match[rank] = wanted.every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v) ? 1 : 0
    }
    this.#matches.set(group.constraintKey, match)
    return match
  }

  /**
   * Why nothing fits. Free resources only shrink during a plan, so the first answer per index stays true and is
   * cached: a full cluster with many waiting formations costs one host scan per (size, constraints), not each.
   */
  #diagnose(group: PlacementGroup, sizeName: DynoSizeName, index: FitIndex): string {
    const cached = this.#failures.get(index.key)
    if (cached !== undefined) return cached
    const size = index.size
    let schedulable = 0
    let matching = 0
    let memOk = 0
    let cpuOk = 0
    for (let rank = 0; rank < this.ids.length; rank++) {
      if (this.schedulable[rank] !== 1) continue
      schedulable++
      if (index.match[rank] !== 1) continue
      matching++
      if (this.freeMem[rank]! >= size.memoryBytes) memOk++
      if (this.freeCpu[rank]! >= size.cpuShares) cpuOk++
    }
    const selector = Object.entries(group.constraints ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(', ')
    const who = selector === '' ? 'no alive host' : `no alive host matching ${selector}`
    const mem = `${formatBytes(size.memoryBytes)} of free memory`
    const cpu = `${size.cpuShares} free CPU share${size.cpuShares === 1 ? '' : 's'}`
    let reason: string
    if (this.ids.length === 0) reason = 'the cluster has no hosts'
    else if (schedulable === 0) reason = 'no host is alive and not draining'
    else if (matching === 0) reason = `no alive host matches the constraints ${selector}`
    else if (memOk === 0 && cpuOk === 0) reason = `${who} has ${mem} or ${cpu} for ${sizeName}`
    else if (memOk === 0) reason = `${who} has ${mem} for ${sizeName}`
    else if (cpuOk === 0) reason = `${who} has ${cpu} for ${sizeName}`
    else reason = `${who} has both ${mem} and ${cpu} for ${sizeName}`
    this.#failures.set(index.key, reason)
    return reason
  }
}
