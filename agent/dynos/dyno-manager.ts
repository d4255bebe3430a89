// The host's dynos, reconciled level-triggered against the whole desired set the leader pushes: start what is
// missing, stop what is extra, replace what changed. Desired states are fenced by (epoch, generation) and persisted,
// so a restarted agent knows its formation without a controller, and adopts the containers it finds (labels) instead
// of duplicating or orphaning them. apply() returns once the plan is under way: every dyno moves on its own, so one
// slow image build or a 30 s stop never holds up the others.

import { type Logger, silentLogger } from '../../lib/logger.ts'
import type { DesiredState, DesiredStateAck, DynoSpec, DynoStatus } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { ContainerSummary, DockerClient } from '../docker/docker-client.ts'
import { LABEL, type RunSpec, specHash, toRunSpec } from './dyno-container.ts'
import { DynoRunner, type DynoRunnerDeps, type DynoRunnerOptions, type RunnerDocker } from './dyno-runner.ts'
import { DEFAULT_PORT_RANGE, PortAllocator, type PortRange } from './port-allocator.ts'

export type ManagerDocker = RunnerDocker & Pick<DockerClient, 'listContainers'>

/** Where the last applied desired state survives an agent restart; AgentState fits. */
export interface DesiredStateStore {
  getJson<T>(key: string): Promise<T | undefined>
  putJson(key: string, value: unknown): Promise<void>
}

export const DESIRED_STATE_KEY = 'dynos/desired'

interface Persisted {
  epoch: number
  generation: number
  dynos: DynoSpec[]
}

export interface DynoManagerDeps extends Omit<DynoRunnerDeps, 'docker'> {
  docker: ManagerDocker
  store?: DesiredStateStore
}

export interface DynoManagerOptions extends Omit<DynoRunnerOptions, 'port'> {
  portRange?: PortRange
  /** Whether a port is already taken on this host by something else (host networking); none by default. */
  portBusy?: (port: number) => boolean
}

export class DynoManager {
  readonly #deps: DynoManagerDeps
  readonly #opts: DynoManagerOptions
  readonly #log: Logger
  readonly #ports: PortAllocator
  readonly #runners = new Map<string, DynoRunner>()
  readonly #stopping = new Set<DynoRunner>()
  /** per dyno id: the last operation (stop, then start of its replacement) so operations on one dyno never overlap */
  readonly #chains = new Map<string, Promise<void>>()
  #epoch = 0
  #generation = 0
  #applied = false
  #queue: Promise<void> = Promise.resolve()
  /** containers found at startup with no desired state to judge them by yet: left running untouched */
  #unclaimed: ContainerSummary[] | null = null
  #closed = false

  private constructor(deps: DynoManagerDeps, opts: DynoManagerOptions) {
    this.#deps = deps
    this.#opts = opts
    this.#log = (deps.logger ?? silentLogger).child({ component: 'dynos' })
    this.#ports = new PortAllocator(opts.portRange ?? DEFAULT_PORT_RANGE, opts.portBusy)
  }

  /** Loads the last applied desired state, finds this host's dyno containers, and adopts or removes them. */
  static async start(deps: DynoManagerDeps, opts: DynoManagerOptions = {}): Promise<DynoManager> {
    const m = new DynoManager(deps, opts)
    const hostId = deps.hostId ?? ''
    const found = await deps.docker.listContainers({
      [LABEL.managed]: 'true',
      ...(hostId !== '' ? { [LABEL.host]: hostId } : {}),
    })
    const persisted = await deps.store?.getJson<Persisted>(DESIRED_STATE_KEY)
    if (persisted === undefined) {
      // Nothing to judge them by until the leader speaks: keep them running, keep their ports.
      m.#unclaimed = found
      for (const c of found) {
        const port = Number(c.labels[LABEL.port])
        if (port > 0) m.#ports.reserve(port)
      }
      m.#log.info({ containers: found.length }, 'no desired state yet; leaving existing dyno containers running')
      return m
    }
    m.#epoch = persisted.epoch
    m.#generation = persisted.generation
    m.#applied = true
    const specs: RunSpec[] = []
    for (const d of persisted.dynos) {
      try {
        specs.push(toRunSpec(d))
      } catch (err) {
        m.#log.warn({ err: String(err) }, 'dropping a persisted dyno spec that no longer checks')
      }
    }
    await m.#adopt(specs, found)
    return m
  }

  /** The highest epoch seen and the generation applied in it. */
  get fence(): { epoch: number; generation: number } {
    return { epoch: this.#epoch, generation: this.#generation }
  }

  /**
   * Accepts a desired state and sets the host moving toward it. Throws STALE_EPOCH / STALE_GENERATION for a state
   * older than the one applied, INVALID_INPUT for a malformed one (nothing changes then).
   */
  async apply(desired: DesiredState): Promise<DesiredStateAck> {
    if (this.#closed) throw new ShoalError('UNAVAILABLE', 'Cannot apply desired state: the dyno manager is closed')
    const epoch = desired.epoch ?? 0
    const generation = desired.generation ?? 0
    if (this.#applied && epoch < this.#epoch) {
      throw new ShoalError('STALE_EPOCH', `Cannot apply desired state: epoch ${epoch} is older than ${this.#epoch}`)
    }
    if (this.#applied && epoch === this.#epoch && generation <= this.#generation) {
      throw new ShoalError(
        'STALE_GENERATION',
        `Cannot apply desired state: generation ${generation} of epoch ${epoch} is not newer than ${this.#generation}`,
      )
    }
    const hostId = this.#deps.hostId ?? ''
    if (desired.hostId && hostId !== '' && desired.hostId !== hostId) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot apply desired state: it is for host ${desired.hostId}, not ${hostId}`,
      )
    }
    const dynos = desired.dynos ?? []
    const specs = dynos.map(toRunSpec)
    const ids = new Set<string>()
    for (const s of specs) {
      if (ids.has(s.id)) throw new ShoalError('INVALID_INPUT', `Cannot apply desired state: dyno id ${s.id} repeats`)
      ids.add(s.id)
    }
    // Fenced at once, so a second apply racing this one is judged against it.
    this.#epoch = epoch
    this.#generation = generation
    this.#applied = true
    const run = this.#queue.then(async (): Promise<string[]> => {
      await this.#deps.store?.putJson(DESIRED_STATE_KEY, { epoch, generation, dynos } satisfies Persisted)
      if (this.#closed) return []
      if (this.#unclaimed === null) return this.#reconcile(specs)
      const found = this.#unclaimed
      this.#unclaimed = null
      for (const c of found) {
        const port = Number(c.labels[LABEL.port])
        if (port > 0) this.#ports.release(port)
      }
      return this.#adopt(specs, found)
    })
    this.#queue = run.then(
      () => {},
      () => {},
    )
    const failures = await run
    this.#log.info({ epoch, generation, dynos: specs.length, failures: failures.length }, 'desired state applied')
    return { accepted: true, code: '', message: failures.join('; '), epoch, generation }
  }

  statuses(): DynoStatus[] {
    const out = [...this.#runners.values()].map((r) => r.status())
    for (const r of this.#stopping) out.push(r.status())
    return out
  }

  /** The dynos whose container runs now (starting or up), for the stats sampler (dyno-stats.ts). */
  running(): Array<{ containerId: string; spec: RunSpec }> {
    const out: Array<{ containerId: string; spec: RunSpec }> = []
    for (const r of this.#runners.values()) {
      const containerId = r.containerId
      if (containerId !== null && (r.phase === 'up' || r.phase === 'starting')) out.push({ containerId, spec: r.spec })
    }
    return out
  }

  /** Resolves when every stop and start under way has been carried out (the dynos may still be booting). */
  async settled(): Promise<void> {
    await this.#queue
    for (;;) {
      const pending = [...this.#chains.values()]
      if (pending.length === 0) return
      await Promise.all(pending)
    }
  }

  /** Lets go of every dyno without stopping it: the agent is going away and its successor adopts them. */
  async close(): Promise<void> {
    this.#closed = true
    await this.#queue
    await Promise.all([...this.#runners.values(), ...this.#stopping].map((r) => r.detach()))
  }

  /** Stops every dyno (the host leaves the cluster). */
  async stopAll(): Promise<void> {
    this.#reconcile([])
    await this.settled()
  }

  // ---- reconcile ----------------------------------------------------------------------------------------------------

  /** Returns why dynos could not be started (e.g. no free port); the others go ahead regardless. */
  #reconcile(specs: RunSpec[]): string[] {
    const wanted = new Map(specs.map((s) => [s.id, s]))
    for (const [id, runner] of this.#runners) {
      if (!wanted.has(id)) this.#retire(id, runner, null)
    }
    const failures: string[] = []
    for (const spec of specs) {
      try {
        const runner = this.#runners.get(spec.id)
        if (runner === undefined) {
          const next = this.#newRunner(spec, null)
          this.#chain(spec.id, async () => next.start())
        } else if (specHash(runner.spec) !== specHash(spec)) {
          // Heroku restarts a dyno on a new release or config: the old one stops, then the new one starts on its port.
          this.#retire(spec.id, runner, spec)
        }
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err))
        this.#log.error({ dynoId: spec.id, err: String(err) }, 'cannot start dyno')
      }
    }
    return failures
  }

  /** Stops a runner; with a replacement spec, starts that once the old one is gone. */
  #retire(id: string, runner: DynoRunner, replacement: RunSpec | null): void {
    this.#runners.delete(id)
    this.#stopping.add(runner)
    const next = replacement === null ? null : this.#newRunner(replacement, runner.port)
    this.#chain(id, async () => {
      await runner.stop()
      this.#stopping.delete(runner)
      this.#ports.release(runner.port)
      if (next !== null && this.#runners.get(id) === next && !this.#closed) next.start()
    })
  }

  #newRunner(spec: RunSpec, inheritedPort: number | null): DynoRunner {
    let port: number
    if (spec.port > 0) {
      port = spec.port
      this.#ports.reserve(port)
    } else if (inheritedPort !== null) {
      port = inheritedPort
      this.#ports.reserve(port)
    } else {
      port = this.#ports.take(`${spec.name} of app ${spec.app}`)
    }
    const runner = new DynoRunner(spec, this.#deps, { ...this.#opts, port })
    this.#runners.set(spec.id, runner)
    return runner
  }

  #chain(id: string, op: () => Promise<void>): void {
    const prev = this.#chains.get(id) ?? Promise.resolve()
    const next = prev.then(op).catch((err: unknown) => {
      this.#log.error({ dynoId: id, err: String(err) }, 'dyno operation failed')
    })
    this.#chains.set(id, next)
    next.then(() => {
      if (this.#chains.get(id) === next) this.#chains.delete(id)
    })
  }

  // ---- adoption -------------------------------------------------------------------------------------------------------

  /** Takes over found containers that match a desired dyno exactly; stops and removes every other one. */
  async #adopt(specs: RunSpec[], found: ContainerSummary[]): Promise<string[]> {
    const { docker } = this.#deps
    const byId = new Map<string, ContainerSummary[]>()
    for (const c of found) {
      const id = c.labels[LABEL.dynoId] ?? ''
      byId.set(id, [...(byId.get(id) ?? []), c])
    }
    const extras: ContainerSummary[] = []
    for (const spec of specs) {
      const candidates = byId.get(spec.id) ?? []
      byId.delete(spec.id)
      const hash = specHash(spec)
      const port = (c: ContainerSummary) => Number(c.labels[LABEL.port])
      const matching = candidates.filter(
        (c) => c.labels[LABEL.spec] === hash && port(c) > 0 && (spec.port === 0 || port(c) === spec.port),
      )
      const chosen = matching.find((c) => c.status === 'running') ?? matching[0]
      extras.push(...candidates.filter((c) => c !== chosen))
      const state = chosen === undefined ? null : await docker.inspectContainer(chosen.id)
      if (chosen === undefined || state === null) continue
      this.#ports.reserve(port(chosen))
      const runner = new DynoRunner(spec, this.#deps, { ...this.#opts, port: port(chosen) })
      this.#runners.set(spec.id, runner)
      this.#chain(spec.id, async () => runner.adopt(state))
      this.#log.info({ dynoId: spec.id, dyno: spec.name, container: chosen.id }, 'adopted dyno container')
    }
    for (const list of byId.values()) extras.push(...list)
    for (const c of extras) await this.#removeExtra(c)
    return this.#reconcile(specs)
  }

  /** A container no desired dyno claims: stopped the graceful way (its logs say so), then removed. */
  async #removeExtra(c: ContainerSummary): Promise<void> {
    const state = await this.#deps.docker.inspectContainer(c.id)
    if (state === null) return
    const l = c.labels
    const name = l[LABEL.name] ?? 'unknown.0'
    const spec: RunSpec = {
      id: l[LABEL.dynoId] ?? c.id,
      app: l[LABEL.app] ?? 'unknown',
      processType: l[LABEL.processType] ?? name.split('.')[0] ?? 'unknown',
      name,
      release: Number(l[LABEL.release] ?? 0),
      slugSha256: '',
      command: '',
      env: {},
      size: 'standard-1x',
      port: Number(l[LABEL.port] ?? 0),
      stack: '',
      oneOff: false,
    }
    const runner = new DynoRunner(spec, { ...this.#deps, hooks: {} }, { ...this.#opts, port: spec.port })
    this.#stopping.add(runner)
    this.#log.info({ container: c.id, dyno: name }, 'stopping a dyno container no desired dyno claims')
    runner.adopt(state)
    this.#chain(`extra:${c.id}`, async () => {
      await runner.stop()
      this.#stopping.delete(runner)
    })
  }
}
