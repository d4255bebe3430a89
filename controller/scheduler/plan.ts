// plan(snapshot) → Plan: the scheduler's placement core. Pure: no I/O, no clock (snapshot.now is the time), the same
// snapshot always gives the same plan whatever the order of its arrays. The applier persists a plan to the Store,
// then pushes each affected agent its full desired state; agents and routers act on it level-triggered.
//
// Pipeline (the Nomad order):
//   1. reconcile   — per formation, indices 1..quantity must each have one assignment on the formation's release
//                    and size. Extra indices go (scaled-down); app/process types no longer in a formation go
//                    (formation-removed); two assignments for one index keep the better placed (duplicate). What
//                    needs a new placement is sorted into four passes, run in this order:
//        A replace  an old release/size → a new assignment, and the old one is removed (release-replaced, resized).
//                   The plan only says "this replaces that"; the deploy code sequences it start-before-stop (new dyno
//                   up and routed, then the old one drained and stopped), matching add and remove by app, process
//                   type and index. The old dyno's resources count as free, so a full host can still deploy; the
//                   surge while both run is the rollout's batch size to bound. If the new one fits nowhere, the old
//                   one stays (and is reported unplaceable with that note).
//        C gone     on a dead host (or one no longer in the snapshot): removed (host-dead) and re-placed.
//        B missing  no assignment (scale-up, or unplaceable last time).
//        D drain    on an alive draining host: re-placed, and only then removed (host-draining); with nowhere to
//                   go it stays and is deferred.
//      C and D share a budget of options.maxMovesPerPlan moves per plan (lowest indices first, so every app gets
//      its web.1 back before anyone's web.5); the rest are `deferred` until the next plan. Dynos on suspect hosts,
//      and on hosts dead for less than options.deadGraceMs, are never moved: membership's hysteresis, not one
//      missed report, decides that a host is dead.
//   2. feasibility — a host qualifies when it is alive, not draining, has every constraint label, and has free
//                    memory and free CPU shares for the size. Free = allocatable − the sizes of the dynos kept or
//                    placed on it in this plan. CPU: allocatable cores × options.cpuSharesPerCore (default 1, so a
//                    standard-1x books one core's worth, a performance-l eight).
//   3. fit + 4. score — spread first (fewest dynos of the same app/process on the host), then best fit (least free
//                    memory left after placing: packs hosts tightly so large sizes still find a whole host), then
//                    host id. placement.ts indexes hosts so a placement does not score every host.
//   5. health      — with snapshot.upDynos (Nomad's reconciler takes allocation health the same way), removals of
//                    replaced dynos (release-replaced, resized, host-draining, duplicate) wait until a replacement
//                    of the same index is up, or has waited options.replacementGraceMs; until then they are
//                    `deferred`. This is start-before-stop, decided here so the applier only persists and pushes.
//   6. plan        — adds, removes, unplaceable (with a human reason) and deferred, each sorted by app, process type
//                    and index. New dyno ids are `${app}.${type}.${index}.r${release}.${now in base 36}` (with a
//                    `.N` suffix if an assignment of that index has it), so a re-placed dyno never reuses the id of
//                    the one it replaces. App names and process types have no dots, so ids of different indices
//                    cannot collide; ids made elsewhere must not follow this pattern.
//
// Not handled here: rebalancing existing dynos (a new empty host only receives new placements), moving dynos whose
// host labels stopped matching, and hosts already over capacity (their dynos stay; nothing new lands there).

import { DYNO_SIZES, parseDynoSize } from '../../proto/dyno-sizes.ts'
import { ShoalError } from '../../proto/errors.ts'
import { countsOf, Placer } from './placement.ts'
import { type Demand, type HostCondition, reconcile } from './reconcile.ts'
import type { Assignment, Deferred, Plan, RemoveReason, Snapshot, Unplaceable } from './snapshot.ts'

export const DEFAULT_MAX_MOVES_PER_PLAN = 50

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export function plan(snapshot: Snapshot): Plan {
  const { now } = snapshot
  const maxMoves = snapshot.options?.maxMovesPerPlan ?? DEFAULT_MAX_MOVES_PER_PLAN
  const deadGraceMs = snapshot.options?.deadGraceMs ?? 0
  const cpuSharesPerCore = snapshot.options?.cpuSharesPerCore ?? 1
  if (!(maxMoves >= 0)) throw new ShoalError('INVALID_INPUT', `Cannot plan: maxMovesPerPlan is ${maxMoves}, not ≥ 0`)

  const hosts = [...snapshot.hosts].sort((a, b) => cmp(a.id, b.id))
  for (let i = 1; i < hosts.length; i++) {
    if (hosts[i]!.id === hosts[i - 1]!.id) {
      throw new ShoalError('INVALID_INPUT', `Cannot plan: host ${hosts[i]!.id} is listed twice`)
    }
  }
  const placer = new Placer(hosts, cpuSharesPerCore)
  // One-offs and builds in flight hold resources like kept dynos do.
  for (const r of snapshot.reservations ?? []) {
    const rank = placer.rankOf.get(r.hostId)
    if (rank !== undefined) placer.charge(rank, r)
  }
  const conditions: HostCondition[] = hosts.map((h) => {
    if (h.state === 'dead') return h.stateSince !== undefined && now - h.stateSince < deadGraceMs ? 'hold' : 'gone'
    if (h.state === 'suspect') return 'hold'
    return h.draining ? 'draining' : 'ok'
  })

  // 1. reconcile, booking what stays so feasibility sees each host's real free resources.
  const r = reconcile(snapshot, { rankOf: placer.rankOf, conditions }, (rank, size) => {
    if (size !== undefined) placer.charge(rank, DYNO_SIZES[size])
  })

  const add: Assignment[] = []
  const remove: Array<{ assignment: Assignment; reason: RemoveReason }> = r.remove
  const unplaceable: Unplaceable[] = []
  const deferred: Deferred[] = []
  const stamp = Math.trunc(now).toString(36)

  const assign = (d: Demand, rank: number): void => {
    const f = d.group.formation
    const base = `${f.app}.${f.processType}.${d.index}.r${f.release}.${stamp}`
    let dynoId = base
    for (let n = 2; d.takenIds.includes(dynoId); n++) dynoId = `${base}.${n}`
    add.push({
      dynoId,
      app: f.app,
      processType: f.processType,
      index: d.index,
      hostId: placer.ids[rank]!,
      release: f.release,
      size: d.group.size!,
      createdAt: now,
    })
    if (d.old !== undefined) remove.push(d.old)
  }
  const describe = (d: Demand, reason: string) => ({
    app: d.group.formation.app,
    processType: d.group.formation.processType,
    index: d.index,
    reason,
  })
  /** Places demands (grouped by formation, indices ascending) one formation at a time. */
  const placeAll = (demands: Demand[], onFail: (d: Demand, reason: string) => void): void => {
    for (let i = 0; i < demands.length; ) {
      const group = demands[i]!.group
      let j = i
      while (j < demands.length && demands[j]!.group === group) j++
      const result = placer.place(group, j - i)
      for (let t = i; t < j; t++) {
        const rank = result.hosts[t - i]
        if (rank !== undefined) assign(demands[t]!, rank)
        else onFail(demands[t]!, result.reason ?? 'no host fits')
      }
      i = j
    }
  }
  let budget = maxMoves
  /** Admits moves within the budget, lowest indices first; defers the rest. Keeps the demands' order. */
  const ration = (demands: Demand[], why: string): Demand[] => {
    if (demands.length <= budget) {
      budget -= demands.length
      return demands
    }
    const order = [...demands].sort((a, b) => a.index - b.index || cmp(a.group.key, b.group.key))
    const admitted = new Set(order.slice(0, budget))
    for (const d of order.slice(budget)) {
      const old = d.old!.assignment
      deferred.push({
        dynoId: old.dynoId,
        ...describe(d, `host ${old.hostId} is ${why}; waiting for a move slot (at most ${maxMoves} per plan)`),
      })
    }
    budget = 0
    return demands.filter((d) => admitted.has(d))
  }

  // A: new release or size.
  placeAll(r.replace, (d, reason) => {
    const old = d.old!
    const rank = placer.rankOf.get(old.assignment.hostId)
    const size = parseDynoSize(old.assignment.size)
    // On a held host (suspect, or not yet heard from by a new leader: capacity unknown) the old dyno stays even
    // where it does not fit: removing it would leave its slot with nothing until a later plan places the new one.
    if (
      rank !== undefined &&
      size !== undefined &&
      (placer.fits(rank, DYNO_SIZES[size]) || conditions[rank] === 'hold')
    ) {
      placer.charge(rank, DYNO_SIZES[size])
      const counts = countsOf(d.group)
      counts.set(rank, (counts.get(rank) ?? 0) + 1)
      const was = `release ${old.assignment.release} (${old.assignment.size})`
      unplaceable.push(describe(d, `${reason}; ${was} keeps running`))
    } else {
      remove.push(old)
      unplaceable.push(describe(d, reason))
    }
  })
  // C: dead hosts. The dyno is not running anyway, so it goes even when it fits nowhere else.
  placeAll(ration(r.gone, 'dead'), (d, reason) => {
    remove.push(d.old!)
    unplaceable.push(describe(d, reason))
  })
  // B: missing.
  placeAll(r.missing, (d, reason) => unplaceable.push(describe(d, reason)))
  // D: draining hosts. The dyno still serves, so it stays until it has somewhere to go.
  placeAll(ration(r.drain, 'draining'), (d, reason) => {
    const old = d.old!.assignment
    deferred.push({ dynoId: old.dynoId, ...describe(d, `cannot move off draining host ${old.hostId}: ${reason}`) })
  })

  // 5. health: start before stop.
  const removals =
    snapshot.upDynos === undefined
      ? remove
      : holdUntilReplaced(remove, snapshot.assignments, add, snapshot.upDynos, now, snapshot.options, deferred)

  // 6. plan, in a stable order.
  type Keyed = { app: string; processType: string; index: number }
  const byDyno = (a: Keyed, b: Keyed): number =>
    cmp(a.app, b.app) || cmp(a.processType, b.processType) || a.index - b.index
  add.sort(byDyno)
  unplaceable.sort(byDyno)
  deferred.sort(byDyno)
  removals.sort(
    (x, y) =>
      cmp(x.assignment.app, y.assignment.app) ||
      cmp(x.assignment.processType, y.assignment.processType) ||
      y.assignment.index - x.assignment.index ||
      cmp(x.assignment.dynoId, y.assignment.dynoId),
  )
  return {
    add,
    remove: removals.map(({ assignment, reason }) => ({ dynoId: assignment.dynoId, reason })),
    unplaceable,
    deferred,
  }
}

/** Removals that make way for a replacement: they wait for it to be up. */
const REPLACED: ReadonlySet<RemoveReason> = new Set(['release-replaced', 'resized', 'host-draining', 'duplicate'])
export const DEFAULT_REPLACEMENT_GRACE_MS = 120_000

/**
 * Keeps a replaced dyno while no other assignment of its app, process type and index is up, unless that replacement
 * has waited longer than the grace (or there is none); the kept ones are reported in `deferred`.
 */
function holdUntilReplaced(
  remove: Array<{ assignment: Assignment; reason: RemoveReason }>,
  current: readonly Assignment[],
  added: readonly Assignment[],
  up: ReadonlySet<string>,
  now: number,
  options: Snapshot['options'],
  deferred: Deferred[],
): Array<{ assignment: Assignment; reason: RemoveReason }> {
  if (!remove.some((r) => REPLACED.has(r.reason))) return remove
  const grace = options?.replacementGraceMs ?? DEFAULT_REPLACEMENT_GRACE_MS
  const slot = (a: Assignment): string => `${a.app}\0${a.processType}\0${a.index}`
  const wanted = new Set(remove.filter((r) => REPLACED.has(r.reason)).map((r) => slot(r.assignment)))
  const bySlot = new Map<string, Assignment[]>()
  for (const list of [current, added]) {
    for (const a of list) {
      const k = slot(a)
      if (!wanted.has(k)) continue
      const same = bySlot.get(k)
      if (same === undefined) bySlot.set(k, [a])
      else same.push(a)
    }
  }
  return remove.filter(({ assignment: old, reason }) => {
    if (!REPLACED.has(reason)) return true
    const others = (bySlot.get(slot(old)) ?? []).filter((a) => a.dynoId !== old.dynoId)
    if (others.length === 0) return true
    if (others.some((a) => up.has(a.dynoId) || now - a.createdAt > grace)) return true
    const next = others[others.length - 1]!
    deferred.push({
      dynoId: old.dynoId,
      app: old.app,
      processType: old.processType,
      index: old.index,
      reason: `waiting for its replacement ${next.dynoId} to be up before stopping it (${reason})`,
    })
    return false
  })
}
