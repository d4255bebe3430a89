// Attached one-off dynos: the agent's broker (stdin open, start held until a client attaches or the rendezvous time
// passes, exit code handed over), the attach protocol end to end over a real mesh (agent service ↔ controller
// client), and the controller's session deciding how a run ended (stream, status, cancel).
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import type { AttachedStreams, ContainerSpec } from '../../agent/docker/docker-client.ts'
import { LABEL } from '../../agent/dynos/dyno-container.ts'
import { AttachBroker, type BrokeredDocker } from '../../agent/run/attach-broker.ts'
import { serveAttach } from '../../agent/run/attach-service.ts'
import { type AttachHandle, type AttachHandlers, meshAttach } from '../../controller/orchestrator/attach-client.ts'
import { startSession } from '../../controller/orchestrator/one-off-session.ts'
import type { OneOffEnd, OneOffRecord } from '../../controller/orchestrator/one-offs.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { newSwarmKey } from '../../mesh/identity.ts'
import type { DynoSpec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { eventually, type TestPeer, testPeer } from '../helpers/mesh.ts'

interface Box {
  spec: ContainerSpec
  stdinAttached: boolean
  started: boolean
  stdin: PassThrough
  stdout: PassThrough
  stderr: PassThrough
  input: string
  stdinEnded: boolean
  exit: (code: number) => void
  exited: Promise<number>
}

/** Just the calls the broker decorates; a container is a record, its process is driven by the test. */
class Engine implements BrokeredDocker {
  readonly boxes = new Map<string, Box>()
  #seq = 0

  box(i = 0): Box {
    const b = [...this.boxes.values()][i]
    assert.ok(b, `container ${i} exists`)
    return b
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const id = `c${++this.#seq}`
    let exit!: (code: number) => void
    const exited = new Promise<number>((r) => {
      exit = r
    })
    const b: Box = {
      spec,
      stdinAttached: false,
      started: false,
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      input: '',
      stdinEnded: false,
      exit: (code) => {
        b.stdout.end()
        b.stderr.end()
        exit(code)
      },
      exited,
    }
    b.stdin.on('data', (c: Buffer) => {
      b.input += c.toString()
    })
    b.stdin.on('finish', () => {
      b.stdinEnded = true
    })
    this.boxes.set(id, b)
    return id
  }

  async attachContainer(id: string, opts: { stdin?: boolean } = {}): Promise<AttachedStreams> {
    const b = this.boxes.get(id) as Box
    b.stdinAttached = opts.stdin === true
    return { stdout: b.stdout, stderr: b.stderr, stdin: b.stdinAttached ? b.stdin : null, close: () => {} }
  }

  async startContainer(id: string): Promise<void> {
    ;(this.boxes.get(id) as Box).started = true
  }

  async waitContainer(id: string): Promise<{ exitCode: number }> {
    return { exitCode: await (this.boxes.get(id) as Box).exited }
  }

  async removeContainer(id: string, _opts?: { force?: boolean }): Promise<void> {
    this.boxes.delete(id)
  }
}

const spec = (id: string, attach: boolean): DynoSpec => ({ id, name: 'run.1', oneOff: true, attach })
const labels = (dynoId: string) => ({ [LABEL.dynoId]: dynoId })
const tick = () => new Promise((r) => setImmediate(r))

/** What a DynoRunner does with an attached one-off: create, attach, start, wait. */
async function launch(docker: BrokeredDocker, dynoId: string) {
  const id = await docker.createContainer({ image: 'img', labels: labels(dynoId) })
  const streams = await docker.attachContainer(id)
  const started = docker.startContainer(id)
  started.catch(() => {})
  const exit = started.then(() => docker.waitContainer(id))
  exit.catch(() => {})
  return { id, streams, started, exit }
}

describe('attach broker', () => {
  it('passes dynos without attach straight through', async () => {
    const engine = new Engine()
    const broker = new AttachBroker({ clock: new ManualClock() })
    const docker = broker.wrap(engine)
    broker.desired({ epoch: 1, generation: 1 }, [spec('d1', false)])
    const run = await launch(docker, 'd1')
    await run.started
    assert.equal(engine.box().spec.openStdin, undefined)
    assert.equal(engine.box().stdinAttached, false)
    assert.equal(engine.box().started, true)
    assert.equal(broker.size, 0)
  })

  it('opens stdin and holds the start until a client claims the session, then hands over the exit code', async () => {
    const engine = new Engine()
    const broker = new AttachBroker({ clock: new ManualClock() })
    const docker = broker.wrap(engine)
    broker.desired({ epoch: 1, generation: 1 }, [spec('d1', true)])
    const waiting = broker.waitForSession('d1', new AbortController().signal)
    const run = await launch(docker, 'd1')
    assert.equal(engine.box().spec.openStdin, true)
    assert.equal(engine.box().stdinAttached, true)
    await tick()
    assert.equal(engine.box().started, false)
    const session = await waiting
    assert.equal(session.containerId, run.id)
    session.streams.stdin?.write('abc\n')
    await session.claim()
    assert.equal(engine.box().started, true)
    await assert.rejects(session.claim(), (e: unknown) => e instanceof ShoalError && e.code === 'CONFLICT')
    engine.box().exit(3)
    assert.equal(await session.exit, 3)
    assert.equal((await run.exit).exitCode, 3)
    assert.equal(engine.box().input, 'abc\n')
  })

  it('starts without stdin once the rendezvous time passes with no client', async () => {
    const clock = new ManualClock()
    const engine = new Engine()
    const broker = new AttachBroker({ clock, rendezvousMs: 60_000 })
    const docker = broker.wrap(engine)
    broker.desired({ epoch: 1, generation: 1 }, [spec('d1', true)])
    const run = await launch(docker, 'd1')
    clock.advance(59_999)
    await tick()
    assert.equal(engine.box().started, false)
    clock.advance(1)
    await run.started
    assert.equal(engine.box().started, true)
    assert.equal(engine.box().stdin.writableEnded, true)
    // A client that comes after that finds it taken: it would have missed the start of the output.
    const late = await broker.waitForSession('d1', new AbortController().signal)
    assert.equal(late.taken, true)
    await assert.rejects(late.claim(), (e: unknown) => e instanceof ShoalError && e.code === 'CONFLICT')
  })

  it('gives up the start of a dyno that left the desired state before a client came; older states are ignored', async () => {
    const clock = new ManualClock()
    const engine = new Engine()
    const broker = new AttachBroker({ clock })
    const docker = broker.wrap(engine)
    broker.desired({ epoch: 2, generation: 5 }, [spec('d1', true)])
    const run = await launch(docker, 'd1')
    broker.desired({ epoch: 2, generation: 4 }, [])
    broker.desired({ epoch: 1, generation: 9 }, [])
    clock.advance(5000)
    await tick()
    assert.equal(engine.box().started, false)
    broker.desired({ epoch: 2, generation: 6 }, [])
    clock.advance(1000)
    await assert.rejects(run.started, (e: unknown) => e instanceof ShoalError && e.code === 'UNAVAILABLE')
    assert.equal(engine.box().started, false)
  })

  it('fails a session whose container is removed before it exits, and times out a wait for none', async () => {
    const engine = new Engine()
    const broker = new AttachBroker({ clock: new ManualClock() })
    const docker = broker.wrap(engine)
    broker.desired({ epoch: 1, generation: 1 }, [spec('d1', true)])
    const run = await launch(docker, 'd1')
    const session = await broker.waitForSession('d1', new AbortController().signal)
    await docker.removeContainer(run.id, { force: true })
    await assert.rejects(session.exit, (e: unknown) => e instanceof ShoalError && e.code === 'UNAVAILABLE')
    assert.equal(broker.size, 0)
    const gone = new AbortController()
    const wait = broker.waitForSession('d2', gone.signal)
    gone.abort()
    await assert.rejects(wait, (e: unknown) => e instanceof ShoalError && e.code === 'TIMEOUT')
  })
})

describe('attach over the mesh', () => {
  const key = newSwarmKey()
  let agent: TestPeer
  let controller: TestPeer
  const engine = new Engine()
  const broker = new AttachBroker({ clock: new ManualClock() })
  const docker = broker.wrap(engine)
  let trusted = true
  before(async () => {
    agent = await testPeer(key)
    controller = await testPeer(key)
    await serveAttach(agent.node.libp2p, broker, {
      logger: silentLogger,
      clock: new ManualClock(),
      isController: () => trusted,
      epoch: () => 3,
      drainMs: 2000,
    })
    controller.node.want(agent.node.peerId.toString(), agent.node.addresses())
    await eventually(() => controller.node.isConnected(agent.node.peerId.toString()))
  })
  after(async () => {
    await controller.stop()
    await agent.stop()
  })

  const collect = () => {
    const seen = { attached: false, stdout: '', stderr: '' }
    const handlers: AttachHandlers = {
      onAttached: () => {
        seen.attached = true
      },
      onStdout: (b) => {
        seen.stdout += Buffer.from(b).toString()
      },
      onStderr: (b) => {
        seen.stderr += Buffer.from(b).toString()
      },
    }
    return { seen, handlers }
  }

  it('relays stdin, stdout, stderr and the exit code; the process starts only after the attach', async () => {
    broker.desired({ epoch: 3, generation: 1 }, [spec('m1', true)])
    const dial = meshAttach(controller.node.libp2p, () => 3)
    const { seen, handlers } = collect()
    // The controller may dial before the container exists: the agent waits for it.
    const handle = dial(agent.node.peerId.toString(), 'm1', handlers)
    await handle.write(Buffer.from('hello '))
    const run = await launch(docker, 'm1')
    await eventually(() => engine.boxes.get(run.id)?.started)
    await eventually(() => seen.attached)
    await handle.write(Buffer.from('world\n'))
    await handle.end()
    const box = engine.boxes.get(run.id) as Box
    await eventually(() => box.stdinEnded)
    assert.equal(box.input, 'hello world\n')
    box.stdout.write('out 1\n')
    box.stderr.write('err 1\n')
    box.stdout.write('out 2\n')
    await eventually(() => seen.stdout === 'out 1\nout 2\n' && seen.stderr === 'err 1\n')
    box.exit(7)
    assert.equal(await handle.done, 7)
  })

  it('refuses a peer that is not a controller, and a request from an older epoch', async () => {
    broker.desired({ epoch: 3, generation: 2 }, [spec('m2', true)])
    trusted = false
    const refused = meshAttach(controller.node.libp2p, () => 3)(agent.node.peerId.toString(), 'm2', collect().handlers)
    await assert.rejects(refused.done, (e: unknown) => e instanceof ShoalError && e.code === 'FORBIDDEN')
    trusted = true
    const stale = meshAttach(controller.node.libp2p, () => 2)(agent.node.peerId.toString(), 'm2', collect().handlers)
    await assert.rejects(stale.done, (e: unknown) => e instanceof ShoalError && e.code === 'STALE_EPOCH')
  })
})

describe('one-off session', () => {
  const record: OneOffRecord = {
    id: 'd1',
    app: 'app',
    name: 'run.1234',
    type: 'run',
    command: 'x',
    release: 2,
    size: 'standard-1x',
    hostId: 'h1',
    createdAt: 0,
    attach: true,
    ttlS: 60,
    env: {},
  }

  /** A dialer whose stream the test drives, and one-offs whose end the test announces. */
  function rig() {
    const clock = new ManualClock()
    let handlers!: AttachHandlers
    let finish!: (code: number) => void
    let fail!: (err: Error) => void
    let closed = false
    const done = new Promise<number>((res, rej) => {
      finish = res
      fail = rej
    })
    done.catch(() => {})
    let announce!: (end: OneOffEnd) => void
    const ended = new Promise<OneOffEnd>((r) => {
      announce = r
    })
    const removed: string[] = []
    const session = startSession(
      {
        clock,
        graceMs: 5000,
        attach: (_host, _dyno, h): AttachHandle => {
          handlers = h
          return {
            write: async () => {},
            end: async () => {},
            pause: () => {},
            resume: () => {},
            done,
            close: () => {
              closed = true
            },
          }
        },
        oneOffs: {
          ended: () => ended,
          remove: async (o) => {
            removed.push(o.id)
            return true
          },
        },
      },
      record,
      { onAttached: () => {}, onStdout: () => {}, onStderr: () => {} },
    )
    return { clock, session, handlers: () => handlers, finish, fail, announce, removed, closed: () => closed }
  }

  it('ends with the exit code from the stream and removes the one-off', async () => {
    const r = rig()
    r.handlers().onAttached()
    r.finish(42)
    assert.deepEqual(await r.session.result, { exitCode: 42, message: 'Process exited with status 42' })
    assert.deepEqual(r.removed, ['d1'])
    assert.equal(r.closed(), true)
  })

  it('ends with the status when the dyno never attached (it could not start, its host died)', async () => {
    const r = rig()
    r.announce({ exitCode: 255, message: 'The dyno failed to start: no image' })
    assert.deepEqual(await r.session.result, { exitCode: 255, message: 'The dyno failed to start: no image' })
    assert.equal(r.closed(), true)
  })

  it('after the status, waits a little for an attached stream to bring the last output and its code', async () => {
    const r = rig()
    r.handlers().onAttached()
    r.announce({ exitCode: 1, message: 'Process exited with status 1' })
    await tick()
    r.finish(1)
    assert.deepEqual(await r.session.result, { exitCode: 1, message: 'Process exited with status 1' })
    const late = rig()
    late.handlers().onAttached()
    late.announce({ exitCode: 9, message: 'Process exited with status 9' })
    await tick()
    late.clock.advance(5000)
    assert.deepEqual(await late.session.result, { exitCode: 9, message: 'Process exited with status 9' })
  })

  it('falls back on the status when the stream breaks, and stops the dyno when the client goes away', async () => {
    const r = rig()
    r.fail(new ShoalError('UNAVAILABLE', 'stream broke'))
    await tick()
    r.announce({ exitCode: 0, message: 'Process exited with status 0' })
    assert.deepEqual(await r.session.result, { exitCode: 0, message: 'Process exited with status 0' })
    const broken = rig()
    broken.fail(new ShoalError('UNAVAILABLE', 'stream broke'))
    await tick()
    broken.clock.advance(5000)
    assert.deepEqual(await broken.session.result, { exitCode: 255, message: 'stream broke' })
    const gone = rig()
    gone.session.cancel()
    assert.equal((await gone.session.result).exitCode, 255)
    assert.deepEqual(gone.removed, ['d1'])
  })
})
