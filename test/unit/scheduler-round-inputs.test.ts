// plan()'s round inputs beyond formations and assignments: reservations (one-offs and builds in flight) and health
// (which dynos are up, for start-before-stop); and placeOne, the placer for one-offs and builds.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { placeOne } from '../../controller/scheduler/place-one.ts'
import { plan } from '../../controller/scheduler/plan.ts'
import type { Assignment, Reservation } from '../../controller/scheduler/snapshot.ts'
import { BUILD_RESOURCES, DYNO_SIZES } from '../../proto/dyno-sizes.ts'
import { formation, GiB, host, snapshot } from '../helpers/scheduler-fixtures.ts'

const assignment = (over: Partial<Assignment> & Pick<Assignment, 'dynoId' | 'hostId' | 'index'>): Assignment => ({
  app: 'a',
  processType: 'web',
  release: 1,
  size: 'standard-1x',
  createdAt: 0,
  ...over,
})

const build = (hostId: string): Reservation => ({ id: `b-${hostId}`, hostId, kind: 'build', ...BUILD_RESOURCES })

describe('plan: reservations', () => {
  it('never places a formation dyno into memory a build or a one-off holds', () => {
    const small = { allocatable: { cpuCores: 4, memoryBytes: 2.5 * GiB } }
    const s = snapshot({
      hosts: [host('h1', small), host('h2', small)],
      formations: [formation('a', 'web', 2, { size: 'standard-2x' })],
    })
    assert.deepEqual(
      plan(s).add.map((a) => a.hostId),
      ['h1', 'h2'],
    )
    const oneOff: Reservation = { id: 'o1', hostId: 'h2', kind: 'one-off', ...DYNO_SIZES['standard-2x'] }
    const p = plan({ ...s, reservations: [build('h1'), oneOff] })
    assert.deepEqual(
      p.add.map((a) => a.hostId),
      ['h2'],
      'h1 has 0.5 GiB left beside the build; h2 1.5 GiB beside the one-off',
    )
    assert.match(p.unplaceable[0]?.reason ?? '', /no alive host has 1\.0GB of free memory/)
  })
})

describe('plan: start before stop (health as an input)', () => {
  const s = snapshot({
    now: 200_000,
    hosts: [host('h1'), host('h2')],
    formations: [formation('a', 'web', 1, { release: 2 })],
    assignments: [assignment({ dynoId: 'old', hostId: 'h1', index: 1 })],
  })

  it('without health, the plan replaces at once (it only says what replaces what)', () => {
    const p = plan(s)
    assert.equal(p.add.length, 1)
    assert.deepEqual(p.remove, [{ dynoId: 'old', reason: 'release-replaced' }])
  })

  it('keeps the replaced dyno, deferred, until its replacement is up', () => {
    const first = plan({ ...s, upDynos: new Set(['old']) })
    assert.equal(first.add.length, 1)
    assert.deepEqual(first.remove, [])
    assert.equal(first.deferred[0]?.dynoId, 'old')
    assert.match(first.deferred[0]?.reason ?? '', /waiting for its replacement .* to be up/)
    const fresh = first.add[0]!
    const next = { ...s, now: s.now + 5000, assignments: [...s.assignments, fresh] }
    // The replacement is starting: the old one stays.
    assert.deepEqual(plan({ ...next, upDynos: new Set(['old']) }).remove, [])
    // It is up: the old one goes.
    const done = plan({ ...next, upDynos: new Set(['old', fresh.dynoId]) })
    assert.deepEqual(done.remove, [{ dynoId: 'old', reason: 'release-replaced' }])
    assert.deepEqual(done.deferred, [])
  })

  it('gives up waiting after the grace, and never holds a removal that replaces nothing', () => {
    const fresh = plan({ ...s, upDynos: new Set() }).add[0]!
    const later = { ...s, assignments: [...s.assignments, fresh], upDynos: new Set<string>() }
    assert.deepEqual(plan({ ...later, now: s.now + 120_000 }).remove, [])
    assert.equal(plan({ ...later, now: s.now + 120_001 }).remove.length, 1)
    assert.equal(plan({ ...later, now: s.now + 1000, options: { replacementGraceMs: 500 } }).remove.length, 1)
    const scaledDown = plan({ ...s, formations: [], upDynos: new Set() })
    assert.deepEqual(scaledDown.remove, [{ dynoId: 'old', reason: 'formation-removed' }])
  })

  it('holds a dyno moving off a draining host until its copy is up', () => {
    const d = snapshot({
      now: 1000,
      hosts: [host('h1', { draining: true }), host('h2')],
      formations: [formation('a', 'web', 1)],
      assignments: [assignment({ dynoId: 'old', hostId: 'h1', index: 1 })],
      upDynos: new Set(['old']),
    })
    const p = plan(d)
    assert.equal(p.add[0]?.hostId, 'h2')
    assert.deepEqual(p.remove, [])
    const copy = p.add[0]!
    const q = plan({ ...d, assignments: [...d.assignments, copy], upDynos: new Set(['old', copy.dynoId]) })
    assert.deepEqual(q.remove, [{ dynoId: 'old', reason: 'duplicate' }])
  })
})

describe('placeOne (one-offs and builds)', () => {
  const cluster = (over: Partial<Parameters<typeof placeOne>[0]> = {}) => ({
    hosts: [
      host('a'),
      host('b'),
      host('c', { state: 'suspect' }),
      host('d', { draining: true }),
      host('e', { state: 'dead' }),
    ],
    assignments: [],
    reservations: [],
    cpuSharesPerCore: 8,
    ...over,
  })
  const req = { resources: DYNO_SIZES['standard-2x'] }

  it('takes the feasible host with the most memory left after the bookings; ties to the lower id', () => {
    assert.deepEqual(placeOne(cluster(), req), { hostId: 'a' })
    const onA = [assignment({ dynoId: 'x', hostId: 'a', index: 1 })]
    assert.deepEqual(placeOne(cluster({ assignments: onA }), req), { hostId: 'b' })
    assert.deepEqual(placeOne(cluster({ reservations: [build('a')] }), req), { hostId: 'b' })
  })

  it('honours constraints and never uses a suspect, draining or dead host', () => {
    const labelled = cluster({
      hosts: [
        host('a'),
        host('z', { labels: { gpu: 'yes' } }),
        host('y', { state: 'suspect', labels: { gpu: 'yes' } }),
      ],
    })
    assert.deepEqual(placeOne(labelled, { ...req, constraints: { gpu: 'yes' } }), { hostId: 'z' })
    const onlyBad = cluster({
      hosts: [host('c', { state: 'suspect' }), host('d', { draining: true }), host('e', { state: 'dead' })],
    })
    assert.match((placeOne(onlyBad, req) as { reason: string }).reason, /no alive host is ready/)
    assert.deepEqual(placeOne(cluster({ hosts: [] }), req), { reason: 'the cluster has no hosts' })
  })

  it('says what is missing when the bookings fill every host', () => {
    const full = cluster({ hosts: [host('a', { allocatable: { cpuCores: 1, memoryBytes: 2.5 * GiB } })] })
    assert.deepEqual(placeOne({ ...full, reservations: [build('a')] }, req), {
      reason: 'no alive host has 1.0GB of free memory and 2 free CPU shares',
    })
  })
})
