// Property-style tests over seeded random clusters: each failure names its seed, so it can be replayed.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assignmentsAfter } from '../../controller/scheduler/assignments-after.ts'
import { plan } from '../../controller/scheduler/plan.ts'
import type { Assignment, HostSnapshot, Plan, Snapshot } from '../../controller/scheduler/snapshot.ts'
import { DYNO_SIZES, parseDynoSize } from '../../proto/dyno-sizes.ts'
import {
  between,
  overCapacity,
  pick,
  prng,
  randomFormations,
  randomHosts,
  shuffle,
} from '../helpers/scheduler-fixtures.ts'

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1)

const schedulable = (h: HostSnapshot): boolean => h.state === 'alive' && !h.draining
const matches = (h: HostSnapshot, constraints: Record<string, string> | undefined): boolean =>
  Object.entries(constraints ?? {}).every(([k, v]) => h.labels[k] === v)
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The definition of placement, scored the slow way: every host, for every dyno, in formation and index order. */
function referencePlacements(s: Snapshot): string[] {
  const hosts = [...s.hosts].sort((a, b) => cmp(a.id, b.id))
  const freeMem = new Map(hosts.map((h) => [h.id, h.allocatable.memoryBytes]))
  const freeCpu = new Map(hosts.map((h) => [h.id, h.allocatable.cpuCores * (s.options?.cpuSharesPerCore ?? 1)]))
  const counts = new Map<string, number>()
  const taken = new Set<string>()
  for (const a of s.assignments) {
    const size = DYNO_SIZES[parseDynoSize(a.size)!]
    freeMem.set(a.hostId, freeMem.get(a.hostId)! - size.memoryBytes)
    freeCpu.set(a.hostId, freeCpu.get(a.hostId)! - size.cpuShares)
    counts.set(`${a.app}/${a.processType}@${a.hostId}`, (counts.get(`${a.app}/${a.processType}@${a.hostId}`) ?? 0) + 1)
    taken.add(`${a.app}/${a.processType}.${a.index}`)
  }
  const out: string[] = []
  const formations = [...s.formations].sort((a, b) => cmp(a.app, b.app) || cmp(a.processType, b.processType))
  for (const f of formations) {
    const name = parseDynoSize(f.size)
    if (name === undefined) continue
    const size = DYNO_SIZES[name]
    for (let index = 1; index <= f.quantity; index++) {
      if (taken.has(`${f.app}/${f.processType}.${index}`)) continue
      let best: { id: string; count: number; left: number } | undefined
      for (const h of hosts) {
        if (!schedulable(h) || !matches(h, f.constraints)) continue
        if (freeMem.get(h.id)! < size.memoryBytes || freeCpu.get(h.id)! < size.cpuShares) continue
        const count = counts.get(`${f.app}/${f.processType}@${h.id}`) ?? 0
        const left = freeMem.get(h.id)! - size.memoryBytes
        if (best === undefined || count < best.count || (count === best.count && left < best.left)) {
          best = { id: h.id, count, left }
        }
      }
      if (best === undefined) continue
      freeMem.set(best.id, freeMem.get(best.id)! - size.memoryBytes)
      freeCpu.set(best.id, freeCpu.get(best.id)! - size.cpuShares)
      counts.set(`${f.app}/${f.processType}@${best.id}`, best.count + 1)
      out.push(`${f.app}/${f.processType}.${index}@${best.id}`)
    }
  }
  return out.sort()
}

/** A random cluster: some hosts not schedulable, some formations constrained, some sizes odd. */
function randomSnapshot(seed: number, over: { hosts?: number; dynos?: number } = {}): Snapshot {
  const rng = prng(seed)
  const hosts = randomHosts(rng, over.hosts ?? between(rng, 1, 40)).map((h) => {
    const r = rng()
    if (r < 0.08) return { ...h, state: 'dead' as const }
    if (r < 0.16) return { ...h, state: 'suspect' as const }
    if (r < 0.22) return { ...h, draining: true }
    return h
  })
  const formations = randomFormations(rng, {
    hosts: hosts.length,
    dynos: over.dynos ?? between(rng, 0, hosts.length * 8),
    maxQuantity: between(rng, 1, 30),
    constrainedShare: 0.3,
  })
  if (formations.length > 0 && rng() < 0.2) pick(rng, formations).size = 'Standard-2X'
  if (formations.length > 0 && rng() < 0.1) pick(rng, formations).constraints = { disk: 'ssd', region: 'eu' }
  return { now: 1_700_000_000_000 + seed, hosts, formations, assignments: [] }
}

/** Invariants that hold for any plan of any snapshot. */
function checkPlan(s: Snapshot, p: Plan, seed: number): Assignment[] {
  const at = `seed ${seed}`
  const next = assignmentsAfter(s.assignments, p)
  assert.deepEqual(overCapacity(s.hosts, next, s.options?.cpuSharesPerCore ?? 1), [], at)
  const hostById = new Map(s.hosts.map((h) => [h.id, h]))
  const formationOf = new Map(s.formations.map((f) => [`${f.app}/${f.processType}`, f]))
  for (const a of p.add) {
    const h = hostById.get(a.hostId)!
    const f = formationOf.get(`${a.app}/${a.processType}`)!
    assert.ok(
      schedulable(h),
      `${at}: ${a.dynoId} added to ${h.id}, which is ${h.state}${h.draining ? ', draining' : ''}`,
    )
    assert.ok(matches(h, f.constraints), `${at}: ${a.dynoId} on ${h.id} breaks its constraints`)
    assert.equal(a.release, f.release, at)
    assert.equal(a.createdAt, s.now, at)
  }
  const before = new Map(s.assignments.map((a) => [a.dynoId, a]))
  let moves = 0
  for (const r of p.remove) {
    const a = before.get(r.dynoId)
    assert.ok(a, `${at}: removes unknown dyno ${r.dynoId}`)
    const h = hostById.get(a.hostId)
    if (r.reason === 'host-dead') assert.ok(h === undefined || h.state === 'dead', `${at}: host-dead on ${h?.state}`)
    if (r.reason === 'host-draining') assert.ok(h?.draining && h.state === 'alive', `${at}: host-draining`)
    if (r.reason === 'host-dead' || r.reason === 'host-draining') moves++
    if (h?.state === 'suspect') assert.ok(r.reason !== 'host-dead' && r.reason !== 'host-draining', at)
  }
  assert.ok(moves <= (s.options?.maxMovesPerPlan ?? 50), `${at}: ${moves} moves`)
  assert.equal(new Set(next.map((a) => a.dynoId)).size, next.length, `${at}: duplicate dyno ids`)

  // Every requested dyno is placed (once), unplaceable with a reason, or deferred where it is.
  const unplaceable = new Set(p.unplaceable.map((u) => `${u.app}/${u.processType}.${u.index}`))
  const deferred = new Set(p.deferred.map((d) => `${d.app}/${d.processType}.${d.index}`))
  for (const u of p.unplaceable) assert.ok(u.reason.length > 10, `${at}: empty reason`)
  const placed = new Set<string>()
  for (const a of next) {
    const f = formationOf.get(`${a.app}/${a.processType}`)
    assert.ok(f && a.index >= 1 && a.index <= f.quantity, `${at}: ${a.dynoId} should have been removed`)
    const current = a.release === f.release && parseDynoSize(a.size) === parseDynoSize(f.size)
    if (current) placed.add(`${a.app}/${a.processType}.${a.index}`)
  }
  for (const f of s.formations) {
    for (let i = 1; i <= f.quantity; i++) {
      const key = `${f.app}/${f.processType}.${i}`
      const n = next.filter((a) => `${a.app}/${a.processType}.${a.index}` === key).length
      assert.ok(n <= 1, `${at}: ${key} assigned ${n} times`)
      const states = [placed.has(key), unplaceable.has(key)].filter(Boolean).length
      assert.ok(states === 1 || deferred.has(key), `${at}: ${key} neither placed nor reported`)
    }
  }
  return next
}

const shuffled = (s: Snapshot, seed: number): Snapshot => {
  const rng = prng(seed * 7919)
  return {
    ...s,
    hosts: shuffle(rng, s.hosts),
    formations: shuffle(rng, s.formations),
    assignments: shuffle(rng, s.assignments),
  }
}

describe('plan properties (seeded)', () => {
  it('from empty: within capacity, every dyno placed or reported, same as scoring every host', () => {
    for (const seed of SEEDS) {
      const s = randomSnapshot(seed)
      const p = plan(s)
      checkPlan(s, p, seed)
      assert.deepEqual(
        p.add.map((a) => `${a.app}/${a.processType}.${a.index}@${a.hostId}`).sort(),
        referencePlacements(s),
        `seed ${seed}`,
      )
    }
  })

  it('scale-up over existing dynos matches scoring every host (spread levels above 0 included)', () => {
    for (const seed of SEEDS) {
      // Few hosts: formations outgrow them (spread levels ≥ 1). Many: each formation's hosts leave and rejoin the heap.
      const s = randomSnapshot(seed, {
        hosts: seed % 2 === 0 ? between(prng(seed), 2, 8) : between(prng(seed), 20, 60),
      })
      const first = assignmentsAfter([], plan(s))
      const rng = prng(seed + 1000)
      const grown = {
        ...s,
        assignments: first,
        formations: s.formations.map((f) => ({ ...f, quantity: f.quantity + between(rng, 0, 12) })),
      }
      const p = plan(grown)
      checkPlan(grown, p, seed)
      assert.deepEqual(p.remove, [], `seed ${seed}`)
      assert.deepEqual(
        p.add.map((a) => `${a.app}/${a.processType}.${a.index}@${a.hostId}`).sort(),
        referencePlacements(grown),
        `seed ${seed}`,
      )
    }
  })

  it('is deterministic, whatever the order of hosts, formations and assignments', () => {
    for (const seed of SEEDS) {
      const s = randomSnapshot(seed)
      const p = plan(s)
      assert.deepEqual(plan(s), p, `seed ${seed}`)
      assert.deepEqual(plan(shuffled(s, seed)), p, `seed ${seed} (shuffled)`)
      const next = {
        ...s,
        assignments: assignmentsAfter([], p),
        formations: s.formations.map((f) => ({ ...f, release: 10 })),
      }
      assert.deepEqual(plan(shuffled(next, seed)), plan(next), `seed ${seed} (deploy, shuffled)`)
    }
  })

  it('is idempotent: planning again after applying a plan changes nothing', () => {
    for (const seed of SEEDS) {
      const s = randomSnapshot(seed)
      const p = plan(s)
      const again = plan({ ...s, assignments: assignmentsAfter(s.assignments, p) })
      assert.deepEqual(again.add, [], `seed ${seed}`)
      assert.deepEqual(again.remove, [], `seed ${seed}`)
      assert.deepEqual(again.unplaceable, p.unplaceable, `seed ${seed}`)
    }
  })

  it('spreads each app/process evenly (max − min ≤ 1 over the hosts it may use) when capacity allows', () => {
    for (const seed of SEEDS) {
      const rng = prng(seed)
      const hosts = randomHosts(rng, between(rng, 1, 25)).map((h) => ({
        ...h,
        allocatable: { cpuCores: 4096, memoryBytes: 2 ** 50 },
      }))
      const formations = randomFormations(rng, {
        hosts: hosts.length,
        dynos: between(rng, 1, 300),
        constrainedShare: 0.3,
      })
      const s: Snapshot = { now: 1, hosts, formations, assignments: [] }
      const p = plan(s)
      for (const f of formations) {
        const eligible = hosts.filter((h) => matches(h, f.constraints))
        const reported = p.unplaceable.filter((u) => u.app === f.app && u.processType === f.processType)
        assert.equal(reported.length, eligible.length === 0 ? f.quantity : 0, `seed ${seed}`)
        if (eligible.length === 0) continue
        const counts = eligible.map(
          (h) => p.add.filter((a) => a.app === f.app && a.processType === f.processType && a.hostId === h.id).length,
        )
        assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `seed ${seed}: ${f.app}/${f.processType} ${counts}`)
      }
    }
  })

  it('survives churn: scaling, deploys, resizes, deaths, suspicion, drains and returns, one plan at a time', () => {
    for (const seed of SEEDS.slice(0, 20)) {
      const rng = prng(seed)
      let s: Snapshot = { ...randomSnapshot(seed, { hosts: between(rng, 3, 20) }), options: { maxMovesPerPlan: 5 } }
      s = { ...s, hosts: s.hosts.map((h) => ({ ...h, state: 'alive' as const, draining: false })) }
      for (let round = 0; round < 30; round++) {
        const hosts = s.hosts.map((h) => {
          const r = rng()
          if (r < 0.05) return { ...h, state: 'dead' as const }
          if (r < 0.1) return { ...h, state: 'suspect' as const }
          if (r < 0.13) return { ...h, draining: !h.draining }
          if (r < 0.25) return { ...h, state: 'alive' as const }
          return h
        })
        const formations = s.formations.map((f) => {
          const r = rng()
          if (r < 0.1) return { ...f, quantity: between(rng, 0, 25) }
          if (r < 0.15) return { ...f, release: f.release + 1 }
          if (r < 0.18) return { ...f, size: pick(rng, ['standard-1x', 'standard-2x', 'performance-m']) }
          return f
        })
        const kept = formations.filter(() => rng() > 0.02)
        s = { ...s, now: s.now + 1000, hosts, formations: kept }
        const p = plan(s)
        assert.deepEqual(plan(shuffled(s, seed + round)), p, `seed ${seed} round ${round}: shuffled`)
        s = { ...s, assignments: checkPlan(s, p, seed) }
      }
      // Once the cluster is quiet, plans converge: rate-limited moves drain away, then nothing changes.
      const waiting = (p: Plan): boolean => p.deferred.some((d) => d.reason.includes('waiting for a move slot'))
      let rounds = 0
      for (let p = plan(s); waiting(p); p = plan(s), rounds++) {
        assert.ok(rounds < 100, `seed ${seed}: moves never finish`)
        s = { ...s, now: s.now + 1000, assignments: checkPlan(s, p, seed) }
      }
      s = { ...s, now: s.now + 1000, assignments: checkPlan(s, plan(s), seed) }
      const last = plan(s)
      assert.deepEqual([last.add, last.remove], [[], []], `seed ${seed}: not converged`)
    }
  })
})
