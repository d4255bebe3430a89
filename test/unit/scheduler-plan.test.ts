import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assignmentsAfter } from '../../controller/scheduler/assignments-after.ts'
import { plan } from '../../controller/scheduler/plan.ts'
import type { Assignment, Plan, Snapshot } from '../../controller/scheduler/snapshot.ts'
import { parseDynoSize } from '../../proto/dyno-sizes.ts'
import { ShoalError } from '../../proto/errors.ts'
import { formation, GiB, host, overCapacity, snapshot } from '../helpers/scheduler-fixtures.ts'

const perHost = (assignments: readonly Assignment[]): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const a of assignments) out[a.hostId] = (out[a.hostId] ?? 0) + 1
  return out
}

/** Plans, applies, and returns the next snapshot with the plan. */
const step = (s: Snapshot): { plan: Plan; next: Snapshot } => {
  const p = plan(s)
  return { plan: p, next: { ...s, assignments: assignmentsAfter(s.assignments, p) } }
}

const assignment = (over: Partial<Assignment> & Pick<Assignment, 'dynoId' | 'hostId' | 'index'>): Assignment => ({
  app: 'a',
  processType: 'web',
  release: 1,
  size: 'standard-1x',
  createdAt: 0,
  ...over,
})

describe('plan: placement', () => {
  it('spreads web=6 over 3 hosts as 2 per host', () => {
    const s = snapshot({ hosts: [host('h1'), host('h2'), host('h3')], formations: [formation('a', 'web', 6)] })
    const p = plan(s)
    assert.equal(p.add.length, 6)
    assert.deepEqual(perHost(p.add), { h1: 2, h2: 2, h3: 2 })
    assert.deepEqual(
      p.add.map((a) => a.index),
      [1, 2, 3, 4, 5, 6],
    )
    assert.deepEqual(p.remove, [])
    assert.deepEqual(p.unplaceable, [])
  })

  it('puts a size that fits only one host on that host', () => {
    const s = snapshot({
      hosts: [host('h1'), host('h2', { allocatable: { cpuCores: 8, memoryBytes: 16 * GiB } }), host('h3')],
      formations: [formation('big', 'web', 1, { size: 'performance-l' })],
    })
    const p = plan(s)
    assert.deepEqual(
      p.add.map((a) => [a.hostId, a.size]),
      [['h2', 'performance-l']],
    )
  })

  it('reports a dyno that fits nowhere with a reason, and places the rest', () => {
    const s = snapshot({
      hosts: [host('h1', { allocatable: { cpuCores: 4, memoryBytes: 1.5 * GiB } })],
      formations: [formation('a', 'web', 2, { size: 'Standard-2X' })],
    })
    const p = plan(s)
    assert.deepEqual(
      p.add.map((a) => [a.index, a.size]),
      [[1, 'standard-2x']],
    )
    assert.deepEqual(p.unplaceable, [
      { app: 'a', processType: 'web', index: 2, reason: 'no alive host has 1.0GB of free memory for standard-2x' },
    ])
  })

  it('counts CPU shares against cores, one share per core by default', () => {
    const roomy = { allocatable: { cpuCores: 1, memoryBytes: 64 * GiB } }
    const s = snapshot({ hosts: [host('h1', roomy)], formations: [formation('a', 'web', 2)] })
    const p = plan(s)
    assert.equal(p.add.length, 1)
    assert.equal(p.unplaceable[0]?.reason, 'no alive host has 1 free CPU share for standard-1x')
    assert.equal(plan({ ...s, options: { cpuSharesPerCore: 4 } }).add.length, 2)
  })

  it('packs: among hosts with equal spread, the one left with the least free memory wins', () => {
    const s = snapshot({
      hosts: [
        host('h1', { allocatable: { cpuCores: 4, memoryBytes: 8 * GiB } }),
        host('h2', { allocatable: { cpuCores: 4, memoryBytes: 2 * GiB } }),
        host('h3', { allocatable: { cpuCores: 4, memoryBytes: 4 * GiB } }),
      ],
      formations: [formation('a', 'web', 1), formation('b', 'web', 1)],
    })
    assert.deepEqual(
      plan(s).add.map((a) => a.hostId),
      ['h2', 'h2'],
    )
  })

  it('breaks exact ties by host id whatever the input order', () => {
    const hosts = [host('h3'), host('h1'), host('h2')]
    assert.equal(plan(snapshot({ hosts, formations: [formation('a', 'web', 1)] })).add[0]?.hostId, 'h1')
  })

  it('honours label constraints and says so when no host matches', () => {
    const s = snapshot({
      hosts: [host('h1', { labels: { region: 'us' } }), host('h2', { labels: { region: 'eu' } })],
      formations: [
        formation('a', 'web', 2, { constraints: { region: 'eu' } }),
        formation('b', 'web', 1, { constraints: { region: 'ap' } }),
      ],
    })
    const p = plan(s)
    assert.deepEqual(
      p.add.map((a) => [a.app, a.hostId]),
      [
        ['a', 'h2'],
        ['a', 'h2'],
      ],
    )
    assert.deepEqual(
      p.unplaceable.map((u) => [u.app, u.reason]),
      [['b', 'no alive host matches the constraints region=ap']],
    )
  })

  it('names an unknown size and accepts sizes case-insensitively', () => {
    assert.equal(parseDynoSize('Performance-M'), 'performance-m')
    assert.equal(parseDynoSize('hobby'), undefined)
    const p = plan(snapshot({ hosts: [host('h1')], formations: [formation('a', 'web', 1, { size: 'hobby' })] }))
    assert.match(p.unplaceable[0]?.reason ?? '', /^unknown dyno size "hobby"; sizes are standard-1x, /)
  })

  it('says when there is no host to use at all', () => {
    const f = [formation('a', 'web', 1)]
    assert.equal(plan(snapshot({ formations: f })).unplaceable[0]?.reason, 'the cluster has no hosts')
    const p = plan(snapshot({ hosts: [host('h1', { draining: true })], formations: f }))
    assert.equal(p.unplaceable[0]?.reason, 'no host is alive and not draining')
  })

  it('does not modify its input', () => {
    const s = snapshot({ hosts: [host('h1'), host('h2')], formations: [formation('a', 'web', 3)] })
    const before = structuredClone(s)
    plan(s)
    assert.deepEqual(s, before)
  })
})

describe('plan: reconcile', () => {
  it('scales down by removing the highest indices first', () => {
    const { next } = step(snapshot({ hosts: [host('h1'), host('h2')], formations: [formation('a', 'web', 4)] }))
    const p = plan({ ...next, formations: [formation('a', 'web', 1)] })
    const byId = new Map(next.assignments.map((a) => [a.dynoId, a]))
    assert.deepEqual(
      p.remove.map((r) => [byId.get(r.dynoId)?.index, r.reason]),
      [
        [4, 'scaled-down'],
        [3, 'scaled-down'],
        [2, 'scaled-down'],
      ],
    )
    assert.deepEqual(p.add, [])
  })

  it('removes the dynos of a process type that is gone', () => {
    const { next } = step(
      snapshot({ hosts: [host('h1')], formations: [formation('a', 'web', 1), formation('a', 'worker', 2)] }),
    )
    const p = plan({ ...next, formations: [formation('a', 'web', 1)] })
    assert.deepEqual(
      p.remove.map((r) => r.reason),
      ['formation-removed', 'formation-removed'],
    )
  })

  it('replaces every dyno of an older release with a deterministic new id', () => {
    const base = snapshot({ hosts: [host('h1'), host('h2')], formations: [formation('a', 'web', 2)] })
    const { next } = step(base)
    const s2 = { ...next, now: 2_000_000, formations: [formation('a', 'web', 2, { release: 2 })] }
    const p = plan(s2)
    assert.deepEqual(
      p.add.map((a) => [a.dynoId, a.release]),
      [
        [`a.web.1.r2.${(2_000_000).toString(36)}`, 2],
        [`a.web.2.r2.${(2_000_000).toString(36)}`, 2],
      ],
    )
    assert.deepEqual(
      p.remove.map((r) => r.reason),
      ['release-replaced', 'release-replaced'],
    )
    assert.deepEqual(plan(s2), p)
  })

  it('deploys onto a full cluster: the old dyno frees its place for its replacement', () => {
    const tight = { allocatable: { cpuCores: 1, memoryBytes: 512 * 1024 * 1024 } }
    const { next } = step(snapshot({ hosts: [host('h1', tight)], formations: [formation('a', 'web', 1)] }))
    const p = plan({ ...next, formations: [formation('a', 'web', 1, { release: 2 })] })
    assert.deepEqual(
      p.add.map((a) => [a.hostId, a.release]),
      [['h1', 2]],
    )
    assert.deepEqual(p.unplaceable, [])
  })

  it('keeps the old release running when its replacement fits nowhere', () => {
    const small = { allocatable: { cpuCores: 4, memoryBytes: 1 * GiB } }
    const { next } = step(snapshot({ hosts: [host('h1', small)], formations: [formation('a', 'web', 1)] }))
    const p = plan({ ...next, formations: [formation('a', 'web', 1, { release: 2, size: 'performance-m' })] })
    assert.deepEqual(p.add, [])
    assert.deepEqual(p.remove, [])
    assert.equal(
      p.unplaceable[0]?.reason,
      'no alive host has 2.5GB of free memory for performance-m; release 1 (standard-1x) keeps running',
    )
  })

  it('keeps the old release running on hosts whose capacity is not known (a new leader before their reports)', () => {
    const { next } = step(snapshot({ hosts: [host('h1'), host('h2')], formations: [formation('a', 'web', 2)] }))
    // What the host registry gives a new leader for an agent that has not reported to it yet.
    const unknown = { state: 'suspect' as const, allocatable: { cpuCores: 0, memoryBytes: 0 } }
    const p = plan({
      ...next,
      hosts: [host('h1', unknown), host('h2', unknown)],
      formations: [formation('a', 'web', 2, { release: 2 })],
    })
    assert.deepEqual([p.add, p.remove], [[], []])
    assert.deepEqual(
      p.unplaceable.map((u) => u.reason),
      [
        'no host is alive and not draining; release 1 (standard-1x) keeps running',
        'no host is alive and not draining; release 1 (standard-1x) keeps running',
      ],
    )
  })

  it('replaces dynos whose size changed', () => {
    const { next } = step(snapshot({ hosts: [host('h1')], formations: [formation('a', 'web', 1)] }))
    const p = plan({ ...next, now: 5, formations: [formation('a', 'web', 1, { size: 'standard-2x' })] })
    assert.deepEqual(
      p.add.map((a) => a.size),
      ['standard-2x'],
    )
    assert.deepEqual(
      p.remove.map((r) => r.reason),
      ['resized'],
    )
  })

  it('keeps one of two assignments for the same index', () => {
    const s = snapshot({
      hosts: [host('h1'), host('h2', { state: 'suspect' })],
      formations: [formation('a', 'web', 1)],
      assignments: [
        assignment({ dynoId: 'x', hostId: 'h2', index: 1 }),
        assignment({ dynoId: 'y', hostId: 'h1', index: 1 }),
      ],
    })
    assert.deepEqual(plan(s).remove, [{ dynoId: 'x', reason: 'duplicate' }])
  })

  it('never reuses an id that is still assigned', () => {
    const now = 36
    const s = snapshot({
      now,
      hosts: [host('h1'), host('h2', { state: 'dead' })],
      formations: [formation('a', 'web', 1)],
      assignments: [assignment({ dynoId: 'a.web.1.r1.10', hostId: 'h2', index: 1 })],
    })
    const p = plan(s)
    assert.deepEqual(
      p.add.map((a) => [a.dynoId, a.hostId]),
      [['a.web.1.r1.10.2', 'h1']],
    )
  })

  it('rejects malformed snapshots with INVALID_INPUT', () => {
    const dupHost = snapshot({ hosts: [host('h1'), host('h1')] })
    assert.throws(
      () => plan(dupHost),
      (e: unknown) => e instanceof ShoalError && e.code === 'INVALID_INPUT',
    )
    const dupFormation = snapshot({ formations: [formation('a', 'web', 1), formation('a', 'web', 2)] })
    assert.throws(() => plan(dupFormation), /formation web of app "a" is listed twice/)
    assert.throws(() => plan(snapshot({ formations: [formation('a', 'web', -1)] })), /quantity -1/)
    assert.throws(() => plan(snapshot({ formations: [formation('a', 'web', 1.5)] })), /quantity 1.5/)
    assert.throws(() => plan(snapshot({ formations: [formation('a', 'web', 1e9)] })), /not a whole number 0..100000/)
  })
})

describe('plan: host loss and drain', () => {
  const fleet = (n: number) => Array.from({ length: n }, (_, i) => host(`h${i + 1}`))

  it('re-places the dynos of a dead host, at most maxMovesPerPlan per plan', () => {
    const { next } = step(
      snapshot({ hosts: fleet(4), formations: [formation('a', 'web', 8), formation('b', 'web', 4)] }),
    )
    const victims = next.assignments.filter((a) => a.hostId === 'h1')
    assert.equal(victims.length, 3)
    const dead = {
      ...next,
      hosts: next.hosts.map((h) => (h.id === 'h1' ? { ...h, state: 'dead' as const } : h)),
      options: { maxMovesPerPlan: 2 },
    }
    const first = step(dead)
    assert.equal(first.plan.add.length, 2)
    assert.deepEqual(
      first.plan.remove.map((r) => r.reason),
      ['host-dead', 'host-dead'],
    )
    assert.ok(first.plan.add.every((a) => a.hostId !== 'h1'))
    assert.equal(first.plan.deferred.length, 1)
    assert.match(first.plan.deferred[0]!.reason, /host h1 is dead; waiting for a move slot \(at most 2 per plan\)/)
    // Lowest indices move first: both web.1-level dynos before the higher one.
    const moved = new Set(first.plan.remove.map((r) => r.dynoId))
    const left = victims.filter((v) => !moved.has(v.dynoId))
    assert.ok(left.every((l) => victims.filter((v) => moved.has(v.dynoId)).every((v) => v.index <= l.index)))
    const second = step(first.next)
    assert.equal(second.plan.add.length, 1)
    assert.deepEqual(second.plan.deferred, [])
    assert.equal(second.next.assignments.filter((a) => a.hostId === 'h1').length, 0, 'no dyno is left on the dead host')
    const third = plan(second.next)
    assert.deepEqual([third.add, third.remove, third.deferred], [[], [], []])
  })

  it('gives a dead host a grace period when asked', () => {
    const { next } = step(snapshot({ hosts: fleet(2), formations: [formation('a', 'web', 2)] }))
    const dead = {
      ...next,
      now: 10_000,
      hosts: next.hosts.map((h) => (h.id === 'h1' ? { ...h, state: 'dead' as const, stateSince: 9_000 } : h)),
      options: { deadGraceMs: 5_000 },
    }
    assert.deepEqual(plan(dead).remove, [])
    assert.equal(plan({ ...dead, now: 14_000 }).remove.length, 1)
  })

  it('leaves dynos on a suspect host alone and places nothing new there', () => {
    const { next } = step(snapshot({ hosts: fleet(3), formations: [formation('a', 'web', 3)] }))
    const suspect = {
      ...next,
      hosts: next.hosts.map((h) => (h.id === 'h2' ? { ...h, state: 'suspect' as const } : h)),
      formations: [formation('a', 'web', 6)],
    }
    const p = plan(suspect)
    assert.deepEqual(p.remove, [])
    assert.equal(p.add.length, 3)
    assert.ok(p.add.every((a) => a.hostId !== 'h2'))
  })

  it('moves dynos off a draining host within the rate limit and never places onto it', () => {
    const { next } = step(snapshot({ hosts: fleet(3), formations: [formation('a', 'web', 6)] }))
    const draining = {
      ...next,
      hosts: next.hosts.map((h) => (h.id === 'h3' ? { ...h, draining: true } : h)),
      formations: [formation('a', 'web', 7)],
      options: { maxMovesPerPlan: 1 },
    }
    const first = step(draining)
    assert.ok(first.plan.add.every((a) => a.hostId !== 'h3'))
    assert.equal(first.plan.add.length, 2, 'web.7 plus one move')
    assert.deepEqual(
      first.plan.remove.map((r) => r.reason),
      ['host-draining'],
    )
    assert.equal(first.plan.deferred.length, 1)
    const second = step(first.next)
    assert.equal(second.plan.add.length, 1)
    assert.equal(second.next.assignments.filter((a) => a.hostId === 'h3').length, 0)
    assert.deepEqual(perHost(second.next.assignments), { h1: 4, h2: 3 })
  })

  it('keeps a dyno on a draining host while it has nowhere to go', () => {
    const one = { allocatable: { cpuCores: 1, memoryBytes: 8 * GiB } }
    const { next } = step(
      snapshot({ hosts: [host('h1', one), host('h2', one)], formations: [formation('a', 'web', 2)] }),
    )
    const p = plan({ ...next, hosts: next.hosts.map((h) => (h.id === 'h1' ? { ...h, draining: true } : h)) })
    assert.deepEqual([p.add, p.remove, p.unplaceable], [[], [], []])
    assert.equal(
      p.deferred[0]?.reason,
      'cannot move off draining host h1: no alive host has 1 free CPU share for standard-1x',
    )
  })

  it('reports dynos of a dead host that fit nowhere as unplaceable, and removes them', () => {
    const { next } = step(snapshot({ hosts: fleet(1), formations: [formation('a', 'web', 1)] }))
    const p = plan({ ...next, hosts: [host('h1', { state: 'dead' })] })
    assert.deepEqual(
      p.remove.map((r) => r.reason),
      ['host-dead'],
    )
    assert.equal(p.unplaceable[0]?.reason, 'no host is alive and not draining')
  })

  it('a returning host gets a desired state without its re-placed dynos, and no duplicates remain', () => {
    const hosts = fleet(3)
    const { next } = step(snapshot({ hosts, formations: [formation('a', 'web', 6)] }))
    const died = step({ ...next, hosts: hosts.map((h) => (h.id === 'h1' ? { ...h, state: 'dead' as const } : h)) })
    const back = { ...died.next, hosts }
    const p = plan(back)
    assert.deepEqual([p.add, p.remove], [[], []])
    assert.equal(back.assignments.length, 6)
    assert.equal(new Set(back.assignments.map((a) => a.index)).size, 6)
    assert.deepEqual(overCapacity(hosts, back.assignments), [])
  })
})
