import assert from 'node:assert/strict'
import { test } from 'node:test'
import { toRunSpec } from '../../agent/dynos/dyno-container.ts'
import { type DynoInfo, DynoRunner, type DynoRunnerOptions } from '../../agent/dynos/dyno-runner.ts'
import { ManualClock } from '../../lib/clock.ts'
import { type DynoSpec, DynoState, type LogLine } from '../../proto/codec.ts'
import { FakeDocker, FakeImages, settle } from '../helpers/dyno-fake-docker.ts'

const SHA = 'ab'.repeat(32)

function dynoSpec(over: Partial<DynoSpec> = {}): DynoSpec {
  return {
    id: 'd-web-1',
    app: 'hello',
    processType: 'web',
    name: 'web.1',
    release: 3,
    slugSha256: SHA,
    command: 'npm start',
    env: { FOO: 'bar' },
    size: 'standard-1x',
    stack: 'shoal/stack:bookworm-1',
    ...over,
  }
}

function setup(over: Partial<DynoSpec> = {}, opts: Partial<DynoRunnerOptions> = {}) {
  const clock = new ManualClock(1_000_000)
  const docker = new FakeDocker(clock)
  const images = new FakeImages()
  const lines: LogLine[] = []
  const events: string[] = []
  const hooks = {
    onUp: (d: DynoInfo) => events.push(`up ${d.name}:${d.port}`),
    onDown: (d: DynoInfo) => events.push(`down ${d.name}`),
    beforeStop: async (d: DynoInfo) => {
      events.push(`beforeStop ${d.name}`)
      docker.calls.push('beforeStop')
    },
  }
  const runner = new DynoRunner(
    toRunSpec(dynoSpec(over)),
    { docker, images, clock, log: (l) => lines.push(l), probePort: docker.probe, hooks, hostId: 'host-a' },
    { port: 20001, ...opts },
  )
  const system = () => lines.filter((l) => l.source === 'shoal').map((l) => l.message)
  const app = () => lines.filter((l) => l.source === 'app').map((l) => l.message)
  return { clock, docker, images, lines, events, runner, system, app }
}

test('a web dyno is up once its PORT accepts connections, and its route is announced then', async () => {
  const t = setup()
  t.docker.behaviour = () => ({ bindAfterMs: 3000, ignoreTerm: false })
  t.runner.start()
  await settle()
  assert.equal(t.runner.status().state, DynoState.DYNO_STATE_STARTING)
  assert.deepEqual(t.events, [])
  t.clock.advance(2999)
  await settle()
  assert.equal(t.runner.phase, 'starting')
  t.clock.advance(250)
  await settle()
  assert.equal(t.runner.phase, 'up')
  assert.deepEqual(t.system(), ['Starting process with command `npm start`', 'State changed from starting to up'])
  assert.deepEqual(t.events, ['up web.1:20001'])
  const line = t.lines[0]
  assert.equal(line?.source, 'shoal')
  assert.equal(line?.app, 'hello')
  assert.equal(line?.dyno, 'web.1')
  assert.equal(line?.hostId, 'host-a')
  assert.equal(line?.atUs, 1_000_000_000)
  const [c] = t.docker.list()
  assert.equal(c?.spec.env?.['PORT'], '20001')
  assert.equal(c?.spec.env?.['DYNO'], 'web.1')
  assert.equal(c?.spec.env?.['FOO'], 'bar')
  assert.equal(c?.spec.labels?.['shoal.managed'], 'true')
  assert.equal(c?.spec.image, 'shoal/slug:abababababababab-bookworm-1')
})

test('R10: a web dyno that never binds is killed after the boot timeout, then restarted', async () => {
  const t = setup()
  t.docker.behaviour = () => ({ bindAfterMs: null, ignoreTerm: false })
  t.runner.start()
  await settle()
  t.clock.advance(59_999)
  await settle()
  assert.equal(t.runner.phase, 'starting')
  assert.equal(t.docker.count('kill'), 0)
  t.clock.advance(1)
  await settle()
  assert.deepEqual(t.system(), [
    'Starting process with command `npm start`',
    'Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch',
    'Stopping process with SIGKILL',
    'Process exited with status 137',
    'State changed from starting to crashed',
    // the first crash restarts at once
    'State changed from crashed to starting',
    'Starting process with command `npm start`',
  ])
  assert.equal(t.docker.count('kill c1 SIGKILL'), 1)
  assert.equal(t.docker.containers.has('c1'), false, 'the crashed container is removed')
  assert.equal(t.runner.status().restarts, 1)
  assert.deepEqual(t.events, [], 'a dyno that never bound is never announced')
})

test('R10 honours a configured boot timeout in its message', async () => {
  const t = setup({}, { bootTimeoutMs: 3000 })
  t.docker.behaviour = () => ({ bindAfterMs: null, ignoreTerm: false })
  t.runner.start()
  await settle()
  t.clock.advance(3000)
  await settle()
  assert.ok(
    t.system().includes('Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 3 seconds of launch'),
  )
  assert.equal(t.runner.status().message, 'Error R10 (Boot timeout)')
})

test('stop: route withdrawn first, SIGTERM, exit 143, container removed', async () => {
  const t = setup()
  t.runner.start()
  await settle()
  assert.equal(t.runner.phase, 'up')
  await t.runner.stop()
  assert.deepEqual(t.system().slice(2), [
    'State changed from up to down',
    'Stopping all processes with SIGTERM',
    'Process exited with status 143',
  ])
  const beforeStop = t.docker.calls.indexOf('beforeStop')
  assert.ok(beforeStop >= 0 && beforeStop < t.docker.calls.indexOf('kill c1 SIGTERM'))
  assert.deepEqual(t.events, ['up web.1:20001', 'beforeStop web.1', 'down web.1'])
  assert.equal(t.docker.containers.size, 0)
  assert.equal(t.runner.status().state, DynoState.DYNO_STATE_DOWN)
  assert.equal(t.runner.status().exitCode, 143)
})

test('R12: a dyno that ignores SIGTERM is SIGKILLed after the grace period', async () => {
  const t = setup({}, { stopTimeoutMs: 30_000 })
  t.docker.behaviour = () => ({ bindAfterMs: 0, ignoreTerm: true })
  t.runner.start()
  await settle()
  const stopped = t.runner.stop()
  await settle()
  assert.equal(t.runner.status().state, DynoState.DYNO_STATE_STOPPING)
  t.clock.advance(29_999)
  await settle()
  assert.equal(t.docker.count('kill c1 SIGKILL'), 0)
  t.clock.advance(1)
  await stopped
  assert.deepEqual(t.system().slice(2), [
    'State changed from up to down',
    'Stopping all processes with SIGTERM',
    'Error R12 (Exit timeout) -> At least one process failed to exit within 30 seconds of SIGTERM',
    'Stopping process with SIGKILL',
    'Process exited with status 137',
  ])
  assert.equal(t.docker.containers.size, 0)
})

test('a crash restarts at once the first time, then after growing delays; a stable run resets', async () => {
  const t = setup({ id: 'd-w', processType: 'worker', name: 'worker.1', command: 'node worker.js' })
  t.runner.start()
  await settle()
  assert.equal(t.runner.phase, 'up', 'a non-web dyno is up once running')
  const current = () => t.docker.running()[0]?.id ?? ''
  t.docker.exit(current(), 1)
  await settle()
  assert.deepEqual(t.system(), [
    'Starting process with command `node worker.js`',
    'State changed from starting to up',
    'Process exited with status 1',
    'State changed from up to crashed',
    'State changed from crashed to starting',
    'Starting process with command `node worker.js`',
    'State changed from starting to up',
  ])
  assert.equal(t.docker.count('create'), 2)
  // second crash within 10 minutes: crashed for 10 s
  t.clock.advance(5000)
  t.docker.exit(current(), 1)
  await settle()
  assert.equal(t.runner.phase, 'crashed')
  assert.equal(t.runner.status().state, DynoState.DYNO_STATE_CRASHED)
  t.clock.advance(9_999)
  await settle()
  assert.equal(t.docker.count('create'), 2)
  t.clock.advance(1)
  await settle()
  assert.equal(t.docker.count('create'), 3)
  // third: 20 s
  t.docker.exit(current(), 2)
  await settle()
  t.clock.advance(19_999)
  await settle()
  assert.equal(t.docker.count('create'), 3)
  t.clock.advance(1)
  await settle()
  assert.equal(t.docker.count('create'), 4)
  assert.equal(t.runner.status().restarts, 3)
  // a 10-minute run resets the back-off: the next crash restarts at once
  t.clock.advance(10 * 60_000)
  t.docker.exit(current(), 1)
  await settle()
  assert.equal(t.docker.count('create'), 5)
  assert.equal(t.runner.phase, 'up')
})

test('a one-off dyno is never restarted', async () => {
  const t = setup({ id: 'd-run', processType: 'run', name: 'run.4520', command: 'rake db:migrate', oneOff: true })
  t.runner.start()
  await settle()
  t.docker.exit('c1', 0)
  await settle()
  t.clock.advance(3_600_000)
  await settle()
  assert.deepEqual(t.system(), [
    'Starting process with command `rake db:migrate`',
    'State changed from starting to up',
    'Process exited with status 0',
    'State changed from up to complete',
  ])
  assert.equal(t.docker.count('create'), 1)
  assert.equal(t.docker.containers.size, 0)
  assert.equal(t.runner.status().state, DynoState.DYNO_STATE_DOWN)
  await t.runner.stop()
  assert.equal(t.system().length, 4, 'stopping a finished one-off says nothing more')
})

test("the dyno's output becomes app lines", async () => {
  const t = setup()
  t.runner.start()
  await settle()
  t.docker.write('c1', 'stdout', 'listening on 20001\npartial')
  t.docker.write('c1', 'stderr', 'warn: x\r\n')
  t.docker.write('c1', 'stdout', ' line\n')
  await settle()
  assert.deepEqual(t.app(), ['listening on 20001', 'warn: x', 'partial line'])
  assert.ok(t.lines.filter((l) => l.source === 'app').every((l) => l.dyno === 'web.1' && l.app === 'hello'))
})

test('a stop during the boot kills the starting dyno without announcing it', async () => {
  const t = setup()
  t.docker.behaviour = () => ({ bindAfterMs: null, ignoreTerm: false })
  t.runner.start()
  await settle()
  await t.runner.stop()
  assert.deepEqual(t.system(), [
    'Starting process with command `npm start`',
    'State changed from starting to down',
    'Stopping all processes with SIGTERM',
    'Process exited with status 143',
  ])
  assert.deepEqual(t.events, [])
})

test('a stop while crashed (cooling off) ends the dyno without a new container', async () => {
  const t = setup({ processType: 'worker', name: 'worker.1' })
  t.runner.start()
  await settle()
  t.docker.exit('c1', 1)
  await settle()
  t.docker.exit('c2', 1)
  await settle()
  assert.equal(t.runner.phase, 'crashed')
  await t.runner.stop()
  t.clock.advance(60_000)
  await settle()
  assert.equal(t.docker.count('create'), 2)
  assert.equal(t.system().at(-1), 'State changed from crashed to down')
})

test('an image that cannot be prepared counts as a crash and is retried with back-off', async () => {
  const t = setup()
  t.images.failWith = new Error('Cannot build image for slug abab: stack image missing')
  t.runner.start()
  await settle()
  assert.equal(t.runner.phase, 'crashed')
  assert.match(t.runner.status().message ?? '', /stack image missing/)
  assert.equal(t.images.ensures, 2, 'first failure retried at once')
  t.images.failWith = null
  t.clock.advance(10_000)
  await settle()
  assert.equal(t.runner.phase, 'up')
  assert.equal(t.docker.count('create'), 1)
})

test('detach lets go of a running dyno without touching its container', async () => {
  const t = setup()
  t.runner.start()
  await settle()
  const before = t.docker.calls.length
  await t.runner.detach()
  assert.deepEqual(t.docker.calls.slice(before), [])
  assert.equal(t.docker.running().length, 1)
})

test('an adopted running web dyno is re-announced without new state lines', async () => {
  const t = setup()
  t.runner.start()
  await settle()
  await t.runner.detach()
  // it has run for an hour: far past its boot timeout, which must count from the adoption
  t.clock.advance(3_600_000)
  const state = await t.docker.inspectContainer('c1')
  assert.ok(state)
  const lines: LogLine[] = []
  const ups: string[] = []
  const again = new DynoRunner(
    toRunSpec(dynoSpec()),
    {
      docker: t.docker,
      images: t.images,
      clock: t.clock,
      log: (l) => lines.push(l),
      probePort: t.docker.probe,
      hooks: { onUp: (d) => ups.push(d.name) },
    },
    { port: 20001 },
  )
  again.adopt(state)
  await settle()
  assert.equal(again.phase, 'up')
  assert.deepEqual(ups, ['web.1'])
  assert.equal(lines.length, 0)
  assert.equal(t.docker.count('create'), 1)
  t.docker.write('c1', 'stdout', 'after adoption\n')
  t.docker.exit('c1', 3)
  await settle()
  assert.deepEqual(
    lines.map((l) => l.message),
    [
      'after adoption',
      'Process exited with status 3',
      'State changed from up to crashed',
      'State changed from crashed to starting',
      'Starting process with command `npm start`',
      'State changed from starting to up',
    ],
  )
})

test('an adopted web dyno gets its full boot timeout from the adoption, not from its start long ago', async () => {
  const t = setup()
  t.docker.behaviour = () => ({ bindAfterMs: null, ignoreTerm: false })
  t.runner.start()
  await settle()
  await t.runner.detach()
  t.clock.advance(3_600_000)
  const state = await t.docker.inspectContainer('c1')
  assert.ok(state)
  const lines: LogLine[] = []
  const again = new DynoRunner(
    toRunSpec(dynoSpec()),
    { docker: t.docker, images: t.images, clock: t.clock, log: (l) => lines.push(l), probePort: t.docker.probe },
    { port: 20001 },
  )
  again.adopt(state)
  await settle()
  t.clock.advance(59_999)
  await settle()
  assert.equal(again.phase, 'starting')
  assert.equal(t.docker.count('kill'), 0)
  t.clock.advance(1)
  await settle()
  assert.equal(
    lines[0]?.message,
    'Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch',
  )
})

test('R15: a dyno the kernel OOM-kills at twice its quota logs R15 and SIGKILL, and crashes', async () => {
  const t = setup({ id: 'd-w', processType: 'worker', name: 'worker.1', command: 'node worker.js' })
  t.runner.start()
  await settle()
  const [c] = t.docker.running()
  assert.equal(c?.spec.memoryBytes, 1024 * 1024 * 1024, 'hard limit: 2 × the 512 MB quota')
  t.docker.oomKill(c?.id ?? '')
  await settle()
  assert.deepEqual(t.system().slice(2, 7), [
    'Process running mem=1024MB(200.0%)',
    'Error R15 (Memory quota vastly exceeded)',
    'Stopping process with SIGKILL',
    'Process exited with status 137',
    'State changed from up to crashed',
  ])
  assert.equal(t.docker.count('create'), 2, 'restarted like any crash')
})

test('a plain exit with status 137 (not the OOM killer) is no R15', async () => {
  const t = setup({ id: 'd-w', processType: 'worker', name: 'worker.1', command: 'node worker.js' })
  t.runner.start()
  await settle()
  t.docker.exit(t.docker.running()[0]?.id ?? '', 137)
  await settle()
  assert.equal(t.system()[2], 'Process exited with status 137')
  assert.equal(
    t.system().some((m) => m?.includes('R15') === true),
    false,
  )
})
