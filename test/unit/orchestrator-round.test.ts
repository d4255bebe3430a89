// The leader's round end to end in memory: snapshot → plan → persist → push, with the pushes going to simulated
// hosts through the DesiredStateSender seam, statuses fed as agents would report them.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppService } from '../../controller/apps/app-service.ts'
import { DynoControl } from '../../controller/orchestrator/dyno-control.ts'
import {
  ASSIGNMENTS_PREFIX,
  type HostSource,
  Orchestrator,
  ROUTABLE_WAIT_MAX_MS,
} from '../../controller/orchestrator/orchestrator.ts'
import type { HostSnapshot, ProcessFormation } from '../../controller/scheduler/snapshot.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { type DesiredState, DynoState } from '../../proto/codec.ts'
import { host } from '../helpers/scheduler-fixtures.ts'

const SLUG = { sha256: 'c'.repeat(64), size: 1, processTypes: { web: 'node web.js' } }

async function setup(hostList: HostSnapshot[]) {
  const store = new MemoryStore()
  const clock = new ManualClock(Date.parse('2026-12-01T00:00:00Z'))
  const apps = new AppService({ store, clock })
  await apps.createApp({ name: 'app' })
  await apps.createRelease('app', { slug: SLUG, description: 'Deploy 1' })
  let formations: ProcessFormation[] = [
    { app: 'app', processType: 'web', quantity: 2, size: 'standard-1x', release: 2, command: 'node web.js' },
  ]
  const pushes: DesiredState[] = []
  const hosts: HostSource = { snapshots: () => hostList, onTransition: () => () => {} }
  let epoch = 7
  /** The directory every router has taken (router reports); by default each has the newest. */
  let acked: { epoch: number; sentAtMs: number } | undefined
  const orchestrator = new Orchestrator({
    store,
    hosts,
    release: (app, v) => apps.getRelease(app, v),
    send: async (_hostId, desired) => {
      pushes.push(desired)
      return { accepted: true, epoch: desired.epoch ?? 0, generation: desired.generation ?? 0 }
    },
    clock,
    logger: silentLogger,
    epoch: () => epoch,
    formations: async () => formations,
    directories: {
      covers: (e, since) => acked === undefined || (acked.epoch === e && acked.sentAtMs >= since),
    },
  })
  const round = async (): Promise<DesiredState[]> => {
    pushes.length = 0
    await orchestrator.runOnce()
    await orchestrator.pushesSettled()
    return [...pushes].sort((x, y) => (x.hostId ?? '').localeCompare(y.hostId ?? ''))
  }
  /** Reports every dyno in the host's last pushed state as up (an agent's status report). */
  const reportUp = (d: DesiredState, up: (id: string) => boolean = () => true): void =>
    orchestrator.statuses.update({
      hostId: d.hostId ?? '',
      dynos: (d.dynos ?? []).map((s) => ({
        id: s.id ?? '',
        app: s.app ?? '',
        name: s.name ?? '',
        state: up(s.id ?? '') ? DynoState.DYNO_STATE_UP : DynoState.DYNO_STATE_STARTING,
      })),
    })
  return {
    store,
    clock,
    apps,
    orchestrator,
    round,
    reportUp,
    setFormations: (f: ProcessFormation[]) => {
      formations = f
    },
    setEpoch: (e: number) => {
      epoch = e
    },
    /** Every router reports it took the directory of `e` stamped `at` (default now). */
    routersTook: (e: number, at = clock.now()) => {
      acked = { epoch: e, sentAtMs: at }
    },
  }
}

const ids = (d: DesiredState | undefined): string[] => (d?.dynos ?? []).map((s) => s.name ?? '').sort()
const releases = (d: DesiredState | undefined): number[] => (d?.dynos ?? []).map((s) => Number(s.release))

/** One host, web=1 on release 2 reported up, then release 3: the push with both dynos. */
async function newReleaseBesideOld() {
  const t = await setup([host('h1')])
  await t.orchestrator.start(new AbortController().signal)
  const [v2] = await t.round()
  t.reportUp(v2!)
  await t.apps.createRelease('app', { slug: { ...SLUG, sha256: 'd'.repeat(64) }, description: 'Deploy 2' })
  t.setFormations([{ app: 'app', processType: 'web', quantity: 1, size: 'standard-1x', release: 3, command: '' }])
  const [both] = await t.round()
  return { t, both }
}

describe('orchestrator round', () => {
  it('persists the plan, pushes each changed host once, and pushes nothing when nothing changed', async () => {
    const t = await setup([host('h1'), host('h2'), host('h3', { state: 'dead' })])
    await t.orchestrator.start(new AbortController().signal)
    const first = await t.round()
    assert.deepEqual(
      first.map((d) => [d.hostId, ids(d)]),
      [
        ['h1', ['web.1']],
        ['h2', ['web.2']],
      ],
      'the dead host gets nothing',
    )
    assert.equal(first[0]?.epoch, 7)
    assert.equal((await t.store.list(ASSIGNMENTS_PREFIX)).length, 2)
    assert.equal(first[0]?.dynos?.[0]?.slugSha256, SLUG.sha256)
    assert.deepEqual(await t.round(), [], 'the hosts accepted these states: no second push')
    const timings = t.orchestrator.timings()!
    assert.equal(timings.pushedHosts, 0)
    for (const k of ['snapshot', 'plan', 'persist', 'push'] as const) assert.ok(timings[k] >= 0)
    t.orchestrator.schedule(true)
    await t.orchestrator.stop()
    assert.equal((await t.round()).length, 2, 'a full re-sync pushes every host again')
  })

  it('starts before it stops: the old release runs until its replacement is reported up', async () => {
    const { t, both } = await newReleaseBesideOld()
    assert.deepEqual(releases(both), [2, 3], 'the new dyno is added beside the old')
    const fresh = both!.dynos!.find((d) => d.release === 3)!.id!
    t.reportUp(both!, (id) => id !== fresh)
    assert.deepEqual(await t.round(), [], 'still starting: nothing changes')
    t.reportUp(both!)
    const [after] = await t.round()
    assert.deepEqual(releases(after), [3])
    await t.orchestrator.stop()
  })

  it('stops a replaced dyno only once every router has a directory naming its replacement', async () => {
    const { t, both } = await newReleaseBesideOld()
    // The routers' last directory was stamped before the replacement was persisted: it does not name it.
    t.routersTook(7, t.clock.now() - 1)
    t.clock.advance(100)
    t.reportUp(both!)
    assert.deepEqual(await t.round(), [], 'the replacement is up, but a router would not route to it yet')
    t.routersTook(7)
    const [after] = await t.round()
    assert.deepEqual(releases(after), [3])
    await t.orchestrator.stop()
  })

  it('a new term waits for its own directory: its predecessor may have died before publishing the replacement', async () => {
    const { t, both } = await newReleaseBesideOld()
    t.routersTook(7)
    // The leader dies here; the next one finds the replacement up at once.
    await t.orchestrator.stop()
    t.setEpoch(8)
    t.clock.advance(100)
    await t.orchestrator.start(new AbortController().signal)
    t.reportUp(both!)
    const [held] = await t.round()
    assert.deepEqual(releases(held), [2, 3], 'both kept while the routers have only the last term’s directory')
    t.clock.advance(1000)
    t.routersTook(8)
    const [after] = await t.round()
    assert.deepEqual(releases(after), [3])
    await t.orchestrator.stop()
  })

  it('does not wait for the routers forever: a router stuck on an old directory holds a rollout at most a while', async () => {
    const { t, both } = await newReleaseBesideOld()
    t.routersTook(6)
    t.reportUp(both!)
    t.clock.advance(ROUTABLE_WAIT_MAX_MS - 1)
    assert.deepEqual(await t.round(), [])
    t.clock.advance(1)
    const [after] = await t.round()
    assert.deepEqual(releases(after), [3])
    await t.orchestrator.stop()
  })

  it('starts a new term from the store: it reloads the assignments and pushes every host again', async () => {
    const t = await setup([host('h1'), host('h2')])
    await t.orchestrator.start(new AbortController().signal)
    const before = await t.round()
    await t.orchestrator.stop()
    // Another leader could have written the store meanwhile; this one must not trust its memory.
    const [entry] = await t.store.list(ASSIGNMENTS_PREFIX)
    await t.store.txn({ compare: [], success: [{ type: 'delete', key: entry!.key }] })
    t.setEpoch(8)
    t.clock.advance(60_000)
    await t.orchestrator.start(new AbortController().signal)
    const after = await t.round()
    assert.equal(after.length, 2)
    assert.ok(after.every((d) => d.epoch === 8))
    assert.deepEqual(after.flatMap(ids).sort(), ['web.1', 'web.2'])
    assert.notDeepEqual(
      after.flatMap((d) => d.dynos?.map((s) => s.id)).sort(),
      before.flatMap((d) => d.dynos?.map((s) => s.id)).sort(),
      'the deleted assignment was placed again under a new id',
    )
    await t.orchestrator.stop()
  })

  it('restarts through DynoControl: web.1 gets a new id, web.2 is untouched', async () => {
    const t = await setup([host('h1')])
    await t.orchestrator.start(new AbortController().signal)
    const [first] = await t.round()
    const control = new DynoControl({
      store: t.store,
      hosts: { views: () => [] },
      orchestrator: t.orchestrator,
      formations: async () => [],
      oneOffs: { stop: async () => 0, views: async () => [] } as never,
    })
    assert.equal(await control.restart('app', 'web.1'), 1)
    await t.orchestrator.pushesSettled()
    const [second] = await t.round()
    const idOf = (d: DesiredState | undefined, name: string) => d?.dynos?.find((s) => s.name === name)?.id
    const pushedAfterRestart = second ?? first
    assert.equal(idOf(pushedAfterRestart, 'web.2'), idOf(first, 'web.2'))
    assert.equal(await control.restart('app', 'worker'), 0)
    await t.orchestrator.stop()
  })
})
