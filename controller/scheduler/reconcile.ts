// Reconcile: compare each formation (indices 1..quantity on its release and size) with the current assignments and
// sort every dyno into what stays, what goes now, and what needs a new placement (and of which kind). One pass over
// the assignments into per-formation index slots, then one pass over each formation's indices: no per-dyno sorting
// or string building, since at 100k dynos this is most of a plan's fixed cost.

import { type DynoSizeName, parseDynoSize } from '../../proto/dyno-sizes.ts'
import { ShoalError } from '../../proto/errors.ts'
import { constraintKey, type PlacementGroup } from './placement.ts'
import type { Assignment, ProcessFormation, RemoveReason, Snapshot } from './snapshot.ts'

/** Beyond any sane formation; it bounds the per-index work and the size of an `unplaceable` list. */
export const MAX_QUANTITY = 100_000

/**
 * Where an assignment's host leaves it: ok (alive), hold (suspect, or dead within the grace period: never moved on
 * suspicion), draining (alive but draining: move away, rate-limited), gone (dead or unknown: re-place, rate-limited).
 */
export type HostCondition = 'ok' | 'hold' | 'draining' | 'gone'

const CONDITION_RANK: Record<HostCondition, number> = { ok: 0, hold: 1, draining: 2, gone: 3 }

export interface FormationState extends PlacementGroup {
  /** app, NUL, process type: sorts like (app, process type). */
  key: string
  formation: ProcessFormation
}

/** One dyno index that needs a new assignment, and the assignment it replaces (if any) with why that one goes. */
export interface Demand {
  group: FormationState
  index: number
  old: { assignment: Assignment; reason: RemoveReason } | undefined
  /** Ids of every assignment of this index (old and duplicates): the only ids a new one could collide with. */
  takenIds: readonly string[]
}

export interface Reconciled {
  /** Sorted by key. */
  groups: FormationState[]
  /** Removed unconditionally: scaled down, formation gone, duplicates, superseded old releases. */
  remove: Array<{ assignment: Assignment; reason: RemoveReason }>
  /** On an old release or size, on a host that is not gone: replaced, then removed (unlimited; deploys sequence). */
  replace: Demand[]
  /** On a gone host: re-placed elsewhere, rate-limited. */
  gone: Demand[]
  /** No assignment at all (scale-up, or unplaceable before). */
  missing: Demand[]
  /** On a draining host: moved away, rate-limited, only once a new place is found. */
  drain: Demand[]
}

export interface HostConditions {
  rankOf: ReadonlyMap<string, number>
  /** By rank. Hosts not in rankOf are gone. */
  conditions: readonly HostCondition[]
}

interface Bucket {
  group: FormationState
  /** slots[base + index]: 1 + position in snapshot.assignments of the index's first assignment, 0 when none. */
  base: number
  /** Further assignments of an index (duplicates; rare). */
  extra: Map<number, number[]> | undefined
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * `book` is called for every assignment that stays (for now) on a known host, with its parsed size, so the caller
 * can charge its resources; group.keptRanks lists the same hosts.
 */
export function reconcile(
  snapshot: Snapshot,
  hosts: HostConditions,
  book: (rank: number, size: DynoSizeName | undefined) => void,
): Reconciled {
  const out: Reconciled = { groups: [], remove: [], replace: [], gone: [], missing: [], drain: [] }
  const byApp = new Map<string, Map<string, Bucket>>()
  const buckets: Bucket[] = []
  let slotCount = 0
  for (const formation of snapshot.formations) {
    const what = `formation ${formation.processType} of app "${formation.app}"`
    let byType = byApp.get(formation.app)
    if (byType === undefined) {
      byType = new Map()
      byApp.set(formation.app, byType)
    }
    if (byType.has(formation.processType)) throw new ShoalError('INVALID_INPUT', `Cannot plan: ${what} is listed twice`)
    const q = formation.quantity
    if (!Number.isSafeInteger(q) || q < 0 || q > MAX_QUANTITY) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot plan: ${what} has quantity ${q}, not a whole number 0..${MAX_QUANTITY}`,
      )
    }
    const group: FormationState = {
      key: `${formation.app}\u0000${formation.processType}`,
      formation,
      keptRanks: [],
      counts: undefined,
      size: parseDynoSize(formation.size),
      sizeLabel: formation.size,
      constraints: formation.constraints,
      constraintKey: constraintKey(formation.constraints),
    }
    const bucket: Bucket = { group, base: slotCount, extra: undefined }
    slotCount += q + 1
    byType.set(formation.processType, bucket)
    buckets.push(bucket)
  }

  const { assignments } = snapshot
  const ranks = new Int32Array(assignments.length)
  const slots = new Int32Array(slotCount) // one array for all formations: thousands of small ones cost more
  // Dyno ids are taken as unique (the Store keys assignments by them): checking costs a 100k-entry set per plan.
  for (let pos = 0; pos < assignments.length; pos++) {
    const a = assignments[pos]!
    ranks[pos] = hosts.rankOf.get(a.hostId) ?? -1
    const bucket = byApp.get(a.app)?.get(a.processType)
    if (bucket === undefined) {
      out.remove.push({ assignment: a, reason: 'formation-removed' })
    } else if (!Number.isSafeInteger(a.index) || a.index < 1 || a.index > bucket.group.formation.quantity) {
      out.remove.push({ assignment: a, reason: 'scaled-down' })
    } else if (slots[bucket.base + a.index] === 0) {
      slots[bucket.base + a.index] = pos + 1
    } else {
      bucket.extra ??= new Map()
      const more = bucket.extra.get(a.index)
      if (more === undefined) bucket.extra.set(a.index, [pos])
      else more.push(pos)
    }
  }

  const conditionAt = (pos: number): HostCondition => {
    const rank = ranks[pos]!
    return rank < 0 ? 'gone' : hosts.conditions[rank]!
  }
  buckets.sort((x, y) => cmp(x.group.key, y.group.key))
  for (const { group, base, extra } of buckets) {
    out.groups.push(group)
    const { quantity, release } = group.formation
    /** `current`: the assignment has the formation's size, so it need not be parsed again. */
    const keep = (pos: number, current: boolean): void => {
      const rank = ranks[pos]!
      if (rank < 0) return
      group.keptRanks.push(rank)
      book(rank, current && group.size !== undefined ? group.size : parseDynoSize(assignments[pos]!.size))
    }
    // An unknown formation size cannot be placed anywhere, so then only a release change makes a dyno outdated.
    const isCurrent = (a: Assignment): boolean =>
      a.release === release && (group.size === undefined || parseDynoSize(a.size) === group.size)
    const outdatedReason = (a: Assignment): RemoveReason => (a.release !== release ? 'release-replaced' : 'resized')
    /** Keeps an index's current assignment; sends it to drain or re-placement if its host says so. */
    const settle = (index: number, pos: number, allIds: readonly string[] | undefined): void => {
      keep(pos, true)
      const condition = conditionAt(pos)
      if (condition === 'ok' || condition === 'hold') return
      const assignment = assignments[pos]!
      const takenIds = allIds ?? [assignment.dynoId] // built only here: most dynos need nothing
      if (condition === 'draining')
        out.drain.push({ group, index, old: { assignment, reason: 'host-draining' }, takenIds })
      else if (condition === 'gone') out.gone.push({ group, index, old: { assignment, reason: 'host-dead' }, takenIds })
    }
    /** An index whose only assignment is outdated: a dead one is re-placed like any dead dyno, others replaced. */
    const supersede = (index: number, pos: number, allIds: readonly string[] | undefined): void => {
      const assignment = assignments[pos]!
      const takenIds = allIds ?? [assignment.dynoId]
      if (conditionAt(pos) === 'gone') {
        keep(pos, false)
        out.gone.push({ group, index, old: { assignment, reason: 'host-dead' }, takenIds })
      } else {
        // Not kept: its resources are free for its replacement, which may land in the very same place.
        out.replace.push({ group, index, old: { assignment, reason: outdatedReason(assignment) }, takenIds })
      }
    }

    for (let index = 1; index <= quantity; index++) {
      const first = slots[base + index]!
      if (first === 0) {
        out.missing.push({ group, index, old: undefined, takenIds: [] })
        continue
      }
      const more = extra?.get(index)
      if (more === undefined) {
        const only = assignments[first - 1]!
        if (isCurrent(only)) settle(index, first - 1, undefined)
        else supersede(index, first - 1, undefined)
        continue
      }
      // Several assignments for one index: keep the best placed current one (else the best placed outdated one).
      const byPlacement = (x: number, y: number): number =>
        CONDITION_RANK[conditionAt(x)] - CONDITION_RANK[conditionAt(y)] ||
        cmp(assignments[x]!.dynoId, assignments[y]!.dynoId)
      const all = [first - 1, ...more]
      const takenIds = all.map((pos) => assignments[pos]!.dynoId)
      const current = all.filter((pos) => isCurrent(assignments[pos]!)).sort(byPlacement)
      const outdated = all.filter((pos) => !isCurrent(assignments[pos]!)).sort(byPlacement)
      const drop = (pos: number, reason: RemoveReason): void => {
        out.remove.push({ assignment: assignments[pos]!, reason })
      }
      if (current.length > 0) {
        for (const pos of current.slice(1)) drop(pos, 'duplicate')
        for (const pos of outdated) drop(pos, outdatedReason(assignments[pos]!))
        settle(index, current[0]!, takenIds)
      } else {
        for (const pos of outdated.slice(1)) drop(pos, 'duplicate')
        supersede(index, outdated[0]!, takenIds)
      }
    }
  }
  return out
}
