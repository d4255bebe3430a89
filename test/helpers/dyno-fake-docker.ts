// A fake Docker engine for the dyno runtime's unit tests: containers are records, processes are behaviours
// (bind the PORT or not, honour SIGTERM or not), every call is counted, and time is the test's ManualClock.

import { PassThrough } from 'node:stream'
import type {
  AttachedStreams,
  ContainerSpec,
  ContainerState,
  ContainerStats,
  ContainerSummary,
  OutputStreams,
} from '../../agent/docker/docker-client.ts'
import type { ManagerDocker } from '../../agent/dynos/dyno-manager.ts'
import type { ImageProvider } from '../../agent/dynos/dyno-runner.ts'
import type { ProbePort } from '../../agent/dynos/port-probe.ts'
import type { Clock } from '../../lib/clock.ts'
import { ShoalError } from '../../proto/errors.ts'

export interface Behaviour {
  /** binds its PORT this many ms after start (null: never) */
  bindAfterMs: number | null
  /** ignores SIGTERM (only SIGKILL ends it) */
  ignoreTerm: boolean
}

export interface FakeContainer {
  id: string
  spec: ContainerSpec
  status: 'created' | 'running' | 'exited'
  exitCode: number | null
  startedAt: number | null
  behaviour: Behaviour
  stdout: PassThrough
  stderr: PassThrough
  waiters: Array<(code: number) => void>
  /** what the next stats read returns while it runs (null: no reading) */
  stats: ContainerStats | null
  oomKilled: boolean
}

export class FakeDocker implements ManagerDocker {
  readonly containers = new Map<string, FakeContainer>()
  readonly calls: string[] = []
  /** ports that accept connections now */
  readonly bound = new Set<number>()
  behaviour: (spec: ContainerSpec) => Behaviour = () => ({ bindAfterMs: 0, ignoreTerm: false })
  readonly #clock: Clock
  #seq = 0

  constructor(clock: Clock) {
    this.#clock = clock
  }

  readonly probe: ProbePort = async (_host, port) => this.bound.has(port)

  /** containers that exist now (any state) */
  list(): FakeContainer[] {
    return [...this.containers.values()]
  }

  running(): FakeContainer[] {
    return this.list().filter((c) => c.status === 'running')
  }

  count(prefix: string): number {
    return this.calls.filter((c) => c.startsWith(prefix)).length
  }

  /** The process ends by itself with `code`. */
  exit(id: string, code: number): void {
    const c = this.#get(id)
    if (c.status !== 'running') return
    c.status = 'exited'
    c.exitCode = code
    this.bound.delete(portOf(c))
    c.stdout.end()
    c.stderr.end()
    for (const w of c.waiters.splice(0)) w(code)
  }

  /** The kernel's OOM killer ends the process at the container's memory limit. */
  oomKill(id: string): void {
    this.#get(id).oomKilled = true
    this.exit(id, 137)
  }

  async containerStats(id: string): Promise<ContainerStats | null> {
    this.calls.push(`stats ${id}`)
    const c = this.containers.get(id)
    return c?.status === 'running' ? c.stats : null
  }

  write(id: string, stream: 'stdout' | 'stderr', text: string): void {
    this.#get(id)[stream].write(Buffer.from(text))
  }

  byName(dyno: string): FakeContainer[] {
    return this.list().filter((c) => c.spec.labels?.['shoal.name'] === dyno)
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    this.calls.push(`create ${spec.labels?.['shoal.name'] ?? spec.name}`)
    if (spec.name !== undefined && this.list().some((c) => c.spec.name === spec.name)) {
      throw new ShoalError('CONFLICT', `Cannot create container ${spec.name}: name in use`)
    }
    const id = `c${++this.#seq}`
    this.containers.set(id, {
      id,
      spec,
      status: 'created',
      exitCode: null,
      startedAt: null,
      behaviour: this.behaviour(spec),
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      waiters: [],
      stats: null,
      oomKilled: false,
    })
    return id
  }

  async startContainer(id: string): Promise<void> {
    this.calls.push(`start ${id}`)
    const c = this.#get(id)
    c.status = 'running'
    c.startedAt = this.#clock.now()
    const after = c.behaviour.bindAfterMs
    if (after === 0) this.bound.add(portOf(c))
    else if (after !== null) {
      this.#clock.setTimeout(() => {
        if (c.status === 'running') this.bound.add(portOf(c))
      }, after)
    }
  }

  /** SIGTERM, then SIGKILL at the end of the grace (at once here) for a process that ignores it: 143 or 137. */
  async stopContainer(id: string, _timeoutSeconds: number): Promise<void> {
    this.calls.push(`stop ${id}`)
    this.exit(id, this.#get(id).behaviour.ignoreTerm ? 137 : 143)
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    this.calls.push(`kill ${id} ${signal}`)
    const c = this.#get(id)
    if (c.status !== 'running') return
    if (signal === 'SIGKILL') this.exit(id, 137)
    else if (signal === 'SIGTERM' && !c.behaviour.ignoreTerm) this.exit(id, 143)
  }

  async removeContainer(idOrName: string, opts: { force?: boolean } = {}): Promise<void> {
    this.calls.push(`remove ${idOrName}`)
    const c = this.containers.get(idOrName) ?? this.list().find((x) => x.spec.name === idOrName)
    if (c === undefined) return
    if (c.status === 'running') {
      if (opts.force !== true) throw new ShoalError('CONFLICT', `Cannot remove container ${c.id}: it is running`)
      this.exit(c.id, 137)
    }
    this.containers.delete(c.id)
  }

  async inspectContainer(id: string): Promise<ContainerState | null> {
    const c = this.containers.get(id)
    if (c === undefined) return null
    return {
      id: c.id,
      name: c.spec.name ?? c.id,
      image: c.spec.image,
      labels: c.spec.labels ?? {},
      status: c.status,
      running: c.status === 'running',
      exitCode: c.status === 'exited' ? c.exitCode : null,
      oomKilled: c.oomKilled,
      pid: c.status === 'running' ? 1000 : 0,
      startedAt: c.startedAt,
      finishedAt: null,
    }
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    this.calls.push('list')
    return this.list()
      .filter((c) =>
        Object.entries(labels).every(([k, v]) => (v === '' ? k in (c.spec.labels ?? {}) : c.spec.labels?.[k] === v)),
      )
      .map((c) => ({
        id: c.id,
        name: c.spec.name ?? c.id,
        image: c.spec.image,
        labels: c.spec.labels ?? {},
        status: c.status,
      }))
  }

  async attachContainer(id: string): Promise<AttachedStreams> {
    this.calls.push(`attach ${id}`)
    const c = this.#get(id)
    return { stdout: c.stdout, stderr: c.stderr, stdin: null, close: () => {} }
  }

  async containerLogs(id: string): Promise<OutputStreams> {
    this.calls.push(`logs ${id}`)
    const c = this.#get(id)
    return { stdout: c.stdout, stderr: c.stderr, close: () => {} }
  }

  async waitContainer(id: string, opts: { signal?: AbortSignal } = {}): Promise<{ exitCode: number }> {
    const c = this.#get(id)
    if (c.status !== 'running') return { exitCode: c.exitCode ?? 0 }
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new ShoalError('TIMEOUT', `Cannot wait for container ${id}: aborted`))
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      c.waiters.push((exitCode) => {
        opts.signal?.removeEventListener('abort', onAbort)
        resolve({ exitCode })
      })
    })
  }

  #get(id: string): FakeContainer {
    const c = this.containers.get(id)
    if (c === undefined) throw new ShoalError('NOT_FOUND', `Cannot find container ${id}: no such container`)
    return c
  }
}

function portOf(c: FakeContainer): number {
  return Number(c.spec.env?.['PORT'])
}

/** Release images that are always there, unless a test makes one slow or broken. */
export class FakeImages implements ImageProvider {
  ensures = 0
  /** slug sha → a promise the test resolves; the ensure waits for it */
  readonly gates = new Map<string, Promise<void>>()
  failWith: Error | null = null

  async ensure(slugSha256: string, stackTag: string, signal?: AbortSignal): Promise<string> {
    this.ensures++
    const gate = this.gates.get(slugSha256)
    if (gate !== undefined) {
      await new Promise<void>((resolve, reject) => {
        gate.then(resolve, reject)
        signal?.addEventListener('abort', () => reject(new ShoalError('TIMEOUT', 'aborted')), { once: true })
      })
    }
    if (this.failWith !== null) throw this.failWith
    return `shoal/slug:${slugSha256.slice(0, 16)}-${stackTag.split(':')[1] ?? 'x'}`
  }
}

/** Lets promise chains run to quiescence without moving any clock. */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r))
}
