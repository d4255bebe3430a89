import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DESIRED_STATE_KEY, type DesiredStateStore, DynoManager } from '../../agent/dynos/dyno-manager.ts'
import { ManualClock } from '../../lib/clock.ts'
import { type DesiredState, type DynoSpec, DynoState, type LogLine } from '../../proto/codec.ts'
import { FakeDocker, FakeImages, settle } from '../helpers/dyno-fake-docker.ts'

const SHA1 = '11'.repeat(32)
const SHA2 = '22'.repeat(32)

function dyno(name: string, over: Partial<DynoSpec> = {}): DynoSpec {
  return {
    id: `id-${name}`,
    app: 'hello',
    name,
    release: 1,
    slugSha256: SHA1,
    command: name.startsWith('web') ? 'npm start' : 'node worker.js',
    env: {},
    size: 'standard-1x',
    stack: 'shoal/stack:bookworm-1',
    ...over,
  }
}

function desired(epoch: number, generation: number, dynos: DynoSpec[]): DesiredState {
  return { epoch, generation, hostId: 'host-a', dynos }
}

class MemoryStateStore implements DesiredStateStore {
  readonly data = new Map<string, string>()
  async getJson<T>(key: string): Promise<T | undefined> {
    const v = this.data.get(key)
    return v === undefined ? undefined : (JSON.parse(v) as T)
  }
  async putJson(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.stringify(value))
  }
}

function world() {
  const clock = new ManualClock(5_000_000)
  const docker = new FakeDocker(clock)
  const images = new FakeImages()
  const store = new MemoryStateStore()
  const lines: LogLine[] = []
  const routes = new Map<string, number>()
  const manager = (opts = {}) =>
    DynoManager.start(
      {
        docker,
        images,
        clock,
        store,
        hostId: 'host-a',
        probePort: docker.probe,
        log: (l) => lines.push(l),
        hooks: {
          onUp: (d) => routes.set(d.name, d.port),
          onDown: (d) => routes.delete(d.name),
        },
      },
      { portRange: { min: 20000, max: 20009 }, ...opts },
    )
  const states = (m: DynoManager) =>
    Object.fromEntries(m.statuses().map((s) => [s.name, DynoState[s.state ?? 0]?.replace('DYNO_STATE_', '')]))
  const systemOf = (name: string) => lines.filter((l) => l.dyno === name && l.source === 'shoal').map((l) => l.message)
  return { clock, docker, images, store, lines, routes, manager, states, systemOf }
}

test('reconcile starts missing dynos on distinct ports and stops extra ones', async () => {
  const w = world()
  const m = await w.manager()
  await m.apply(desired(1, 1, [dyno('web.1'), dyno('web.2'), dyno('worker.1')]))
  await settle()
  assert.deepEqual(w.states(m), { 'web.1': 'UP', 'web.2': 'UP', 'worker.1': 'UP' })
  assert.equal(w.docker.running().length, 3)
  const ports = [...w.routes.values()]
  assert.equal(new Set(ports).size, 3)
  assert.ok(ports.every((p) => p >= 20000 && p <= 20009))

  await m.apply(desired(1, 2, [dyno('web.1')]))
  await m.settled()
  assert.deepEqual(w.states(m), { 'web.1': 'UP' })
  assert.equal(w.docker.running().length, 1)
  assert.equal(w.docker.containers.size, 1, 'stopped containers are removed')
  assert.deepEqual([...w.routes.keys()], ['web.1'])
  assert.deepEqual(w.systemOf('web.2').slice(-3), [
    'State changed from up to down',
    'Stopping all processes with SIGTERM',
    'Process exited with status 143',
  ])
  // applying the same set again changes nothing
  const calls = w.docker.calls.length
  await m.apply(desired(1, 3, [dyno('web.1')]))
  await m.settled()
  assert.deepEqual(w.docker.calls.slice(calls), [])
})

test('a changed spec (new release) replaces the dyno: the old one stops before the new one starts, same port', async () => {
  const w = world()
  const m = await w.manager()
  await m.apply(desired(1, 1, [dyno('web.1')]))
  await settle()
  const port = w.routes.get('web.1')
  const [old] = w.docker.running()
  await m.apply(desired(1, 2, [dyno('web.1', { release: 2, slugSha256: SHA2, env: { FOO: '1' } })]))
  await m.settled()
  await settle()
  const [now] = w.docker.running()
  assert.ok(old && now && old.id !== now.id)
  assert.equal(now.spec.labels?.['shoal.release'], '2')
  assert.equal(now.spec.env?.['FOO'], '1')
  assert.ok(w.docker.calls.indexOf(`remove ${old.id}`) < w.docker.calls.lastIndexOf('create web.1'))
  assert.equal(w.routes.get('web.1'), port)
  assert.deepEqual(w.states(m), { 'web.1': 'UP' })
  assert.equal(m.statuses()[0]?.release, 2)
})

test('desired states are fenced by epoch and generation', async () => {
  const w = world()
  const m = await w.manager()
  await m.apply(desired(5, 10, [dyno('web.1')]))
  await assert.rejects(m.apply(desired(4, 99, [])), { code: 'STALE_EPOCH' })
  await assert.rejects(m.apply(desired(5, 10, [])), { code: 'STALE_GENERATION' })
  await assert.rejects(m.apply(desired(5, 9, [])), { code: 'STALE_GENERATION' })
  await settle()
  assert.equal(w.docker.running().length, 1, 'refused states change nothing')
  const ack = await m.apply(desired(6, 1, [dyno('web.1'), dyno('web.2')]))
  assert.deepEqual(ack, { accepted: true, code: '', message: '', epoch: 6, generation: 1 })
  assert.deepEqual(m.fence, { epoch: 6, generation: 1 })
  await assert.rejects(m.apply({ ...desired(7, 1, []), hostId: 'host-b' }), { code: 'INVALID_INPUT' })
  await assert.rejects(m.apply(desired(7, 1, [dyno('web.1'), dyno('web.1')])), { code: 'INVALID_INPUT' })
  await assert.rejects(m.apply(desired(7, 1, [dyno('web.1', { slugSha256: 'nope' })])), { code: 'INVALID_INPUT' })
  assert.deepEqual(m.fence, { epoch: 6, generation: 1 }, 'an invalid state does not move the fence')
})

test('a restarted agent adopts matching containers, removes the others, and duplicates nothing', async () => {
  const w = world()
  const first = await w.manager()
  await first.apply(desired(2, 4, [dyno('web.1'), dyno('web.2'), dyno('worker.1')]))
  await settle()
  const before = new Map(w.docker.running().map((c) => [c.spec.labels?.['shoal.name'], c.id]))
  const ports = new Map(w.routes)
  await first.close() // the agent goes away; its dynos keep running
  assert.equal(w.docker.running().length, 3)
  // a container from some earlier life that nothing wants any more
  w.docker.behaviour = () => ({ bindAfterMs: 0, ignoreTerm: false })
  const strayId = await w.docker.createContainer({
    image: 'x',
    name: 'stray',
    env: { PORT: '20009' },
    labels: {
      'shoal.managed': 'true',
      'shoal.host': 'host-a',
      'shoal.dyno-id': 'id-gone',
      'shoal.name': 'web.9',
      'shoal.app': 'old',
      'shoal.port': '20009',
    },
  })
  await w.docker.startContainer(strayId)
  // and one of another agent sharing the engine (tests do): never touched
  const otherId = await w.docker.createContainer({
    image: 'x',
    name: 'other-host',
    env: { PORT: '20008' },
    labels: { 'shoal.managed': 'true', 'shoal.host': 'host-b', 'shoal.dyno-id': 'id-web.1', 'shoal.name': 'web.1' },
  })
  await w.docker.startContainer(otherId)
  w.routes.clear()

  const createsBefore = w.docker.count('create')
  const second = await w.manager()
  await second.settled()
  await settle()
  assert.equal(w.docker.count('create'), createsBefore, 'no container created')
  assert.deepEqual(
    new Map(
      w.docker
        .running()
        .filter((c) => c.id !== otherId)
        .map((c) => [c.spec.labels?.['shoal.name'], c.id]),
    ),
    before,
    'the same containers run',
  )
  assert.equal(w.docker.containers.has(strayId), false, 'the stray container is removed')
  assert.equal(w.docker.containers.get(otherId)?.status, 'running', "another agent's container is left alone")
  assert.equal(w.docker.calls.filter((c) => c.includes(otherId)).length, 1, 'only its own start')
  assert.deepEqual(w.states(second), { 'web.1': 'UP', 'web.2': 'UP', 'worker.1': 'UP' })
  assert.deepEqual(w.routes, ports, 'routes re-announced on the same ports')
  assert.deepEqual(second.fence, { epoch: 2, generation: 4 })
  assert.deepEqual(w.systemOf('web.9'), ['Stopping all processes with SIGTERM', 'Process exited with status 143'])

  // the adopted dynos are supervised: a crash restarts, on its port
  const web1 = before.get('web.1') ?? ''
  w.docker.exit(web1, 1)
  await settle()
  assert.equal(w.docker.byName('web.1').filter((c) => c.id !== otherId).length, 1)
  assert.equal(w.routes.get('web.1'), ports.get('web.1'))
  // and a new dyno does not take an adopted port
  await second.apply(desired(2, 5, [dyno('web.1'), dyno('web.2'), dyno('worker.1'), dyno('web.3')]))
  await settle()
  assert.equal(new Set(w.routes.values()).size, 4)
})

test('adoption replaces a container whose spec no longer matches the persisted desired state', async () => {
  const w = world()
  const first = await w.manager()
  await first.apply(desired(1, 1, [dyno('web.1')]))
  await settle()
  await first.close()
  // the leader moved on while the agent was down; the persisted state is what the agent last accepted
  await w.store.putJson(DESIRED_STATE_KEY, desired(1, 2, [dyno('web.1', { release: 2 })]))
  const old = w.docker.running()[0]?.id
  const second = await w.manager()
  await second.settled()
  await settle()
  assert.equal(w.docker.containers.has(old ?? ''), false)
  assert.equal(w.docker.running().length, 1)
  assert.equal(w.docker.running()[0]?.spec.labels?.['shoal.release'], '2')
})

test('without a persisted state, found containers keep running until the first desired state judges them', async () => {
  const w = world()
  const first = await w.manager()
  await first.apply(desired(1, 1, [dyno('web.1'), dyno('worker.1')]))
  await settle()
  await first.close()
  w.store.data.clear()
  const second = await w.manager()
  await settle()
  assert.equal(w.docker.running().length, 2)
  assert.deepEqual(second.statuses(), [])
  const createsBefore = w.docker.count('create')
  await second.apply(desired(3, 1, [dyno('web.1')]))
  await second.settled()
  await settle()
  assert.equal(w.docker.count('create'), createsBefore, 'web.1 adopted, not recreated')
  assert.deepEqual(
    w.docker.running().map((c) => c.spec.labels?.['shoal.name']),
    ['web.1'],
  )
})

test('one slow dyno never holds up the others', async () => {
  const w = world()
  const m = await w.manager()
  let release = () => {}
  w.images.gates.set(SHA2, new Promise<void>((r) => (release = r)))
  await m.apply(desired(1, 1, [dyno('web.1', { app: 'slow', slugSha256: SHA2 }), dyno('web.1', { id: 'fast' })]))
  await settle()
  const byId = Object.fromEntries(m.statuses().map((s) => [s.id, s.state]))
  assert.equal(byId['fast'], DynoState.DYNO_STATE_UP)
  assert.equal(byId['id-web.1'], DynoState.DYNO_STATE_PENDING)
  // a stop of the slow one while its image is pending does not wait for the image
  await m.apply(desired(1, 2, [dyno('web.1', { id: 'fast' })]))
  await m.settled()
  assert.deepEqual(
    m.statuses().map((s) => s.id),
    ['fast'],
  )
  release()
  await settle()
  assert.equal(w.docker.count('create'), 1)
})

test('a dyno that crashes is restarted by its runner, not by the next desired state', async () => {
  const w = world()
  const m = await w.manager()
  await m.apply(desired(1, 1, [dyno('worker.1'), dyno('run.1', { oneOff: true, processType: 'run', command: 'bash' })]))
  await settle()
  const worker = w.docker.byName('worker.1')[0]?.id ?? ''
  const run = w.docker.byName('run.1')[0]?.id ?? ''
  w.docker.exit(worker, 1)
  w.docker.exit(run, 0)
  await settle()
  assert.equal(w.docker.byName('worker.1')[0]?.status, 'running')
  assert.equal(w.docker.byName('run.1').length, 0)
  const restarts = Object.fromEntries(m.statuses().map((s) => [s.name, s.restarts]))
  assert.deepEqual(restarts, { 'worker.1': 1, 'run.1': 0 })
  assert.deepEqual(w.states(m), { 'worker.1': 'UP', 'run.1': 'DOWN' })
})

test('ports run out with a clear error for that dyno only', async () => {
  const w = world()
  const m = await w.manager({ portRange: { min: 20000, max: 20001 } })
  const ack = await m.apply(desired(1, 1, [dyno('web.1'), dyno('web.2'), dyno('web.3')]))
  assert.match(ack.message ?? '', /Cannot start web\.3 of app hello: every port in 20000-20001 is in use/)
  await settle()
  assert.equal(w.docker.running().length, 2)
})
