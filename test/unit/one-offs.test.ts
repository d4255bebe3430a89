// One-off dynos on the controller: placement, run.N naming, the records and their settling each orchestrator round
// (exit, time to live, lost host, gone app), the specs they run as and their `ps` views — on a MemoryStore with the
// real AppService and a ManualClock.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppService } from '../../controller/apps/app-service.ts'
import { ClusterBookings } from '../../controller/orchestrator/cluster-bookings.ts'
import { endOf, type OneOffRecord, OneOffs, oneOffSpec } from '../../controller/orchestrator/one-offs.ts'
import { oneOffReservation } from '../../controller/orchestrator/orchestrator.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import type { HostView } from '../../proto/api.ts'
import { DynoState, type DynoStatus } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { hostSnapshotOf } from '../helpers/host-views.ts'

const GiB = 1024 ** 3
const SLUG = { sha256: 'b'.repeat(64), size: 10, processTypes: { web: 'node server.js', release: 'echo migrated' } }

function host(id: string, over: Partial<HostView> = {}, freeGiB = 4): HostView {
  return {
    id,
    hostname: `h-${id}`,
    address: '10.0.0.1',
    state: 'alive',
    cpu: { cores: 4, allocatable: 4, percent: 0 },
    memory: { total: 8 * GiB, allocatable: 7 * GiB, used: 8 * GiB - freeGiB * GiB },
    load: 0,
    dynos: 0,
    labels: {},
    draining: false,
    version: '0.1.0',
    admittedAt: '2026-11-26T15:00:00.000Z',
    lastSeen: null,
    ...over,
  }
}

const code = (c: string) => (err: unknown) => err instanceof ShoalError && err.code === c

async function setup(options: { hosts?: HostView[]; random?: number[] } = {}) {
  const store = new MemoryStore()
  const clock = new ManualClock(Date.parse('2026-11-26T15:00:00Z'))
  const apps = new AppService({ store, clock })
  await apps.createApp({ name: 'app' })
  await apps.createRelease('app', {
    slug: { ...SLUG, processTypes: { web: 'node server.js' } },
    description: 'Deploy b',
  })
  let hosts = options.hosts ?? [host('h1')]
  const random = [...(options.random ?? [])]
  const bookings = new ClusterBookings({
    hosts: () => hosts.map(hostSnapshotOf),
    assignments: () => [],
    oneOffs: () => oneOffs.live().map(oneOffReservation),
    cpuSharesPerCore: 8,
  })
  const oneOffs: OneOffs = new OneOffs({
    store,
    hosts: () => hosts,
    place: (request, what) => bookings.place(request, what),
    apps,
    clock,
    logger: silentLogger,
    randomBelow: (n) => (random.length > 0 ? (random.shift() as number) : n - 1),
  })
  return {
    store,
    clock,
    apps,
    oneOffs,
    setHosts: (h: HostView[]) => {
      hosts = h
    },
  }
}

function status(id: string, state: DynoState, exitCode = 0, message = ''): DynoStatus {
  return { id, app: 'app', name: 'run.1', hostId: 'h1', state, release: 2, sinceMs: 1, exitCode, restarts: 0, message }
}

describe('one-off placement', () => {
  it('books each one-off on its host, so the next one goes to the host with the most memory left', async () => {
    const { oneOffs } = await setup({
      hosts: [host('a'), host('b', { memory: { total: 8 * GiB, allocatable: 6 * GiB, used: 0 } })],
      random: [1, 2],
    })
    const first = await oneOffs.create({ app: 'app', command: 'x', attach: false, size: 'performance-m' })
    assert.equal(first.hostId, 'a', 'a has 7 GiB allocatable, b 6')
    const second = await oneOffs.create({ app: 'app', command: 'y', attach: false, size: 'standard-2x' })
    assert.equal(second.hostId, 'b', 'a has 4.5 GiB left once the performance-m is booked')
  })

  it('refuses with UNAVAILABLE when the bookings leave no host the memory, and nothing is stored', async () => {
    const { oneOffs, store } = await setup({
      hosts: [host('a', { memory: { total: 4 * GiB, allocatable: 3 * GiB, used: 0 } })],
    })
    await oneOffs.create({ app: 'app', command: 'x', attach: false, size: 'performance-m' })
    await assert.rejects(
      oneOffs.create({ app: 'app', command: 'y', attach: false, size: 'standard-2x' }),
      (err: unknown) => code('UNAVAILABLE')(err) && /no alive host has 1\.0GB of free memory/.test(String(err)),
    )
    assert.equal((await store.list('oneoffs/')).length, 1)
  })
})

describe('one-off records', () => {
  it('stores a run.N on the current release with its size, ttl, env and host', async () => {
    const { oneOffs, store } = await setup({ random: [520] })
    const o = await oneOffs.create({ app: 'app', command: ' bash ', attach: true, env: { FOO: 'bar' }, ttlS: 60 })
    assert.equal(o.name, 'run.1520')
    assert.equal(o.type, 'run')
    assert.equal(o.command, 'bash')
    assert.equal(o.release, 2)
    assert.equal(o.size, 'standard-1x')
    assert.equal(o.hostId, 'h1')
    assert.equal(o.ttlS, 60)
    assert.deepEqual(o.env, { FOO: 'bar' })
    const keys = (await store.list('')).map((e) => e.key).filter((k) => k.startsWith('oneoff'))
    assert.deepEqual(keys.sort(), [`oneoff-names/app/run.1520`, `oneoffs/app/${o.id}`])
    assert.deepEqual(await oneOffs.list('app'), [o])
  })

  it('gives run.N names unique per app, retrying a number already taken', async () => {
    const { oneOffs } = await setup({ random: [7, 7, 7, 8] })
    const a = await oneOffs.create({ app: 'app', command: 'a', attach: false })
    const b = await oneOffs.create({ app: 'app', command: 'b', attach: false })
    assert.equal(a.name, 'run.1007')
    assert.equal(b.name, 'run.1008')
  })

  it('refuses bad input, an app without a slug and a cluster without a host, writing nothing', async () => {
    const { oneOffs, apps, store, setHosts } = await setup()
    await assert.rejects(oneOffs.create({ app: 'app', command: '  ', attach: true }), code('INVALID_INPUT'))
    await assert.rejects(
      oneOffs.create({ app: 'app', command: 'x', size: 'huge', attach: true }),
      code('INVALID_INPUT'),
    )
    await assert.rejects(
      oneOffs.create({ app: 'app', command: 'x', ttlS: 86_401, attach: true }),
      code('INVALID_INPUT'),
    )
    await assert.rejects(oneOffs.create({ app: 'app', command: 'x', ttlS: 0, attach: true }), code('INVALID_INPUT'))
    await assert.rejects(
      oneOffs.create({ app: 'app', command: 'x', env: { 'BAD-NAME': '1' }, attach: true }),
      code('INVALID_INPUT'),
    )
    await assert.rejects(oneOffs.create({ app: 'nope', command: 'x', attach: true }), code('NOT_FOUND'))
    await apps.createApp({ name: 'fresh' })
    await assert.rejects(oneOffs.create({ app: 'fresh', command: 'x', attach: true }), /deploy it first/)
    setHosts([host('h1', { state: 'dead' })])
    await assert.rejects(oneOffs.create({ app: 'app', command: 'x', attach: true }), code('UNAVAILABLE'))
    assert.equal((await store.list('oneoff')).length, 0)
  })

  it('accepts the largest size by any case and a release other than the current one', async () => {
    const { oneOffs, apps } = await setup({
      hosts: [host('h1', { memory: { total: 32 * GiB, allocatable: 30 * GiB, used: 0 } })],
    })
    const r = await apps.createRelease('app', { slug: SLUG, description: 'Deploy c' })
    assert.equal(r.status, 'pending')
    const o = await oneOffs.create({
      app: 'app',
      command: 'echo migrated',
      attach: true,
      type: 'release',
      release: r.version,
      size: 'Performance-L',
    })
    assert.match(o.name, /^release\.\d{4}$/)
    assert.equal(o.release, 3)
    assert.equal(o.size, 'performance-l')
  })

  it('runs as a oneOff spec on its release with the config vars under its own env', () => {
    const o: OneOffRecord = {
      id: 'd1',
      app: 'app',
      name: 'run.1234',
      type: 'run',
      command: 'bash',
      release: 4,
      size: 'standard-2x',
      hostId: 'h1',
      createdAt: 0,
      attach: true,
      ttlS: 3600,
      env: { FOO: 'mine' },
    }
    const spec = oneOffSpec(o, { slug: 'c'.repeat(64), env: { FOO: 'config', BAR: '1' } })
    assert.deepEqual(spec, {
      id: 'd1',
      app: 'app',
      processType: 'run',
      name: 'run.1234',
      release: 4,
      slugSha256: 'c'.repeat(64),
      command: 'bash',
      env: { FOO: 'mine', BAR: '1' },
      size: 'standard-2x',
      port: 0,
      stack: '',
      oneOff: true,
      attach: true,
    })
  })
})

describe('one-off settling', () => {
  it('reads an end from a status: down with its exit code, crashed as a failed start, others not yet', () => {
    assert.equal(endOf(undefined), null)
    assert.equal(endOf(status('x', DynoState.DYNO_STATE_UP)), null)
    assert.equal(endOf(status('x', DynoState.DYNO_STATE_STARTING)), null)
    assert.deepEqual(endOf(status('x', DynoState.DYNO_STATE_DOWN, 7, 'Process exited with status 7')), {
      exitCode: 7,
      message: 'Process exited with status 7',
    })
    assert.equal(endOf(status('x', DynoState.DYNO_STATE_CRASHED, 0, 'no image'))?.exitCode, 255)
  })

  it('keeps a running one-off, then finishes it when it exits: waiters learn the code, the record goes', async () => {
    const { oneOffs, clock, store } = await setup()
    const o = await oneOffs.create({ app: 'app', command: 'sh -c "exit 7"', attach: false })
    const statuses = new Map<string, DynoStatus>()
    const ended = oneOffs.ended(o.id)
    assert.deepEqual(
      (await oneOffs.round(clock.now(), (id) => statuses.get(id))).map((r) => r.id),
      [o.id],
    )
    statuses.set(o.id, status(o.id, DynoState.DYNO_STATE_UP))
    assert.equal((await oneOffs.round(clock.now(), (id) => statuses.get(id))).length, 1)
    statuses.set(o.id, status(o.id, DynoState.DYNO_STATE_DOWN, 7, 'Process exited with status 7'))
    assert.deepEqual(await oneOffs.round(clock.now(), (id) => statuses.get(id)), [])
    assert.deepEqual(await ended, { exitCode: 7, message: 'Process exited with status 7' })
    assert.deepEqual(await oneOffs.ended(o.id), { exitCode: 7, message: 'Process exited with status 7' })
    assert.equal((await store.list('oneoff')).length, 0)
  })

  it('stops a one-off whose time to live ran out', async () => {
    const { oneOffs, clock } = await setup()
    const o = await oneOffs.create({ app: 'app', command: 'sleep 1000', attach: false, ttlS: 60 })
    clock.advance(59_999)
    assert.equal((await oneOffs.round(clock.now(), () => undefined)).length, 1)
    clock.advance(1)
    assert.deepEqual(await oneOffs.round(clock.now(), () => undefined), [])
    assert.match((await oneOffs.ended(o.id)).message, /time to live of 60s/)
  })

  it('gives up a one-off whose host died (not one whose host is only suspect) or whose app is gone', async () => {
    const { oneOffs, clock, setHosts, apps } = await setup({ hosts: [host('h1'), host('h2', {}, 1)] })
    const o = await oneOffs.create({ app: 'app', command: 'x', attach: false })
    assert.equal(o.hostId, 'h1')
    setHosts([host('h1', { state: 'suspect' }), host('h2')])
    assert.equal((await oneOffs.round(clock.now(), () => undefined)).length, 1)
    setHosts([host('h1', { state: 'dead' }), host('h2')])
    assert.deepEqual(await oneOffs.round(clock.now(), () => undefined), [])
    assert.match((await oneOffs.ended(o.id)).message, /lost with its host/)
    const p = await oneOffs.create({ app: 'app', command: 'y', attach: false })
    await apps.destroyApp('app')
    assert.deepEqual(await oneOffs.round(clock.now(), () => undefined), [])
    assert.match((await oneOffs.ended(p.id)).message, /its app is gone/)
  })

  it('stops one-offs by name or by type (ps:stop run.N, ps:stop run), and a stopped one ends', async () => {
    const { oneOffs } = await setup({ random: [1, 2, 3] })
    const a = await oneOffs.create({ app: 'app', command: 'a', attach: false })
    await oneOffs.create({ app: 'app', command: 'b', attach: false })
    await oneOffs.create({ app: 'app', command: 'c', attach: false })
    assert.equal(await oneOffs.stop('app', 'run.1001'), 1)
    assert.match((await oneOffs.ended(a.id)).message, /run\.1001 was stopped/)
    assert.equal(await oneOffs.stop('app', 'run.9999'), 0)
    assert.equal(await oneOffs.stop('app', 'run'), 2)
    assert.deepEqual(await oneOffs.list('app'), [])
  })

  it('shows one-offs in ps with their status, host name and command', async () => {
    const { oneOffs } = await setup({ random: [3520] })
    const o = await oneOffs.create({ app: 'app', command: 'bash', attach: true })
    const none = await oneOffs.views('app', () => undefined, new Map([['h1', 'box1']]))
    assert.equal(none[0]?.state, 'pending')
    const up = { ...status(o.id, DynoState.DYNO_STATE_UP), sinceMs: Date.parse('2026-11-26T15:01:00Z') }
    const [view] = await oneOffs.views('app', () => up, new Map([['h1', 'box1']]))
    assert.deepEqual(view, {
      id: o.id,
      name: 'run.4520',
      type: 'run',
      size: 'standard-1x',
      state: 'up',
      since: '2026-11-26T15:01:00.000Z',
      command: 'bash',
      release: 2,
      host: 'box1',
      hostId: 'h1',
    })
  })
})
