// One dyno's life, Heroku's way: starting → up (a web dyno only once its PORT accepts connections, else R10 and
// SIGKILL) → crashed on any exit, restarted with back-off (never for one-off dynos) — until stop(): route withdrawn
// and drained (beforeStop), SIGTERM, a grace period, SIGKILL with R12. Each runner drives its own container; time
// comes from the injected clock, Docker from the injected client, so tests run it against a fake.
// System lines use source `shoal` where Heroku says `heroku`; the texts are Heroku's.

import { type Logger, silentLogger } from '../../lib/logger.ts'
import { DynoState, type DynoStatus } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { ContainerState, OutputStreams } from '../docker/docker-client.ts'
import { type BackoffPolicy, type BackoffState, DEFAULT_BACKOFF, INITIAL_BACKOFF, onCrash } from './backoff.ts'
import { waitForBoot } from './boot-probe.ts'
import {
  type ContainerOptions,
  containerName,
  DEFAULT_CONTAINER_OPTIONS,
  dynoContainerSpec,
  type RunSpec,
} from './dyno-container.ts'
import type { DynoInfo } from './dyno-hooks.ts'
import { DYNO_MESSAGES, R10_STATUS, R12_STATUS, R15_STATUS } from './dyno-messages.ts'
import { pipeOutput } from './dyno-output.ts'
import { dynoSize, R15_QUOTA_MULTIPLE } from './dyno-sizes.ts'
import { watchExit } from './exit-watch.ts'
import { stopGracefully } from './graceful-stop.ts'
import { defaultProbeHost } from './port-probe.ts'
import type { DynoRunnerDeps, DynoRunnerOptions } from './runner-deps.ts'
import { ABORTED, untilAborted } from './until-aborted.ts'

export type { DynoHooks, DynoInfo } from './dyno-hooks.ts'
export type { DynoRunnerDeps, DynoRunnerOptions, ImageProvider, RunnerDocker } from './runner-deps.ts'

/** Heroku's state names; `stopping` is shoal's view between down and the exit, never logged. */
export type Phase = 'starting' | 'up' | 'crashed' | 'stopping' | 'down' | 'complete'

const PHASE_STATE: Record<Phase, DynoState> = {
  starting: DynoState.DYNO_STATE_STARTING,
  up: DynoState.DYNO_STATE_UP,
  crashed: DynoState.DYNO_STATE_CRASHED,
  stopping: DynoState.DYNO_STATE_STOPPING,
  down: DynoState.DYNO_STATE_DOWN,
  complete: DynoState.DYNO_STATE_DOWN,
}

const STOP: typeof ABORTED = ABORTED
type Stop = typeof ABORTED

interface Current {
  id: string
  started: boolean
  startedAt: number
  /** when the boot timeout starts counting: the start, or the adoption (whether it was up before is unknown) */
  bootFrom: number
  exit: Promise<number>
  exitCode: number | null
  streams: OutputStreams | null
  /** where the boot probe connects when not the runner's default: the container's own address on a bridge */
  probeHost?: string
}

export class DynoRunner {
  readonly spec: RunSpec
  readonly port: number
  readonly #deps: DynoRunnerDeps
  readonly #container: ContainerOptions
  readonly #bootTimeoutMs: number
  readonly #stopTimeoutMs: number
  readonly #probeIntervalMs: number
  readonly #probeHost: string
  readonly #probeHostGiven: boolean
  readonly #backoff: BackoffPolicy
  readonly #logger: Logger
  #phase: Phase = 'starting'
  #preparing = false
  #since: number
  #restarts = 0
  #exitCode = 0
  #message = ''
  #backoffState: BackoffState = INITIAL_BACKOFF
  #announced = false
  #current: Current | null = null
  #mode: 'run' | 'stop' | 'detach' = 'run'
  #adopting = false
  /** aborted by stop() and detach(): ends image preparation, probes, back-off waits */
  readonly #cancel = new AbortController()
  readonly #detached = new AbortController()
  #loop: Promise<void> | null = null

  constructor(spec: RunSpec, deps: DynoRunnerDeps, opts: DynoRunnerOptions) {
    this.spec = spec
    this.port = opts.port
    this.#deps = deps
    this.#stopTimeoutMs = opts.stopTimeoutMs ?? 30_000
    this.#container = { ...(opts.container ?? DEFAULT_CONTAINER_OPTIONS), stopTimeoutMs: this.#stopTimeoutMs }
    this.#bootTimeoutMs = opts.bootTimeoutMs ?? 60_000
    this.#probeIntervalMs = opts.probeIntervalMs ?? 100
    this.#probeHost = opts.probeHost ?? defaultProbeHost(this.#container.network)
    this.#probeHostGiven = opts.probeHost !== undefined
    this.#backoff = opts.backoff ?? DEFAULT_BACKOFF
    this.#logger = (deps.logger ?? silentLogger).child({ app: spec.app, dyno: spec.name, dynoId: spec.id })
    this.#since = deps.clock.now()
  }

  get phase(): Phase {
    return this.#phase
  }

  get containerId(): string | null {
    return this.#current?.id ?? null
  }

  /** Starts a new container for this dyno. */
  start(): void {
    if (this.#loop !== null) throw new ShoalError('CONFLICT', `Cannot start ${this.spec.name}: it is already running`)
    this.#loop = this.#run(null)
  }

  /** Takes over a container a previous agent process started (running or exited). */
  adopt(container: ContainerState): void {
    if (this.#loop !== null) throw new ShoalError('CONFLICT', `Cannot adopt ${this.spec.name}: it is already running`)
    this.#loop = this.#run(container)
  }

  /** Stops the dyno for good: withdraw, SIGTERM, grace, SIGKILL; removes its container. */
  async stop(): Promise<void> {
    if (this.#mode === 'run') {
      this.#mode = 'stop'
      this.#cancel.abort()
    }
    await this.#loop
  }

  /** Lets go of the dyno without touching its container: the agent is shutting down and a successor adopts it. */
  async detach(): Promise<void> {
    if (this.#mode === 'run') {
      this.#mode = 'detach'
      this.#detached.abort()
      this.#cancel.abort()
    }
    await this.#loop
    this.#current?.streams?.close()
  }

  info(): DynoInfo {
    const s = this.spec
    return {
      id: s.id,
      app: s.app,
      processType: s.processType,
      name: s.name,
      release: s.release,
      port: this.port,
      hostId: this.#deps.hostId ?? '',
    }
  }

  status(): DynoStatus {
    return {
      id: this.spec.id,
      app: this.spec.app,
      name: this.spec.name,
      hostId: this.#deps.hostId ?? '',
      state: this.#preparing ? DynoState.DYNO_STATE_PENDING : PHASE_STATE[this.#phase],
      release: this.spec.release,
      sinceMs: this.#since,
      exitCode: this.#exitCode,
      restarts: this.#restarts,
      message: this.#message,
    }
  }

  // ---- the loop ---------------------------------------------------------------------------------------------------

  async #run(adopted: ContainerState | null): Promise<void> {
    let first = true
    for (;;) {
      let current: Current | null = null
      this.#current = null
      try {
        if (adopted !== null) {
          current = await this.#adoptContainer(adopted)
          adopted = null
        } else {
          if (!first) this.#setPhase('starting')
          current = await this.#launch()
        }
      } catch (err) {
        if (this.#current !== null && this.#mode !== 'detach') await this.#removeContainer(this.#current)
        this.#current = null
        if (this.#mode !== 'run') return this.#endLoop()
        // Image or engine trouble counts as a crash: the same back-off keeps a broken host from spinning.
        const message = err instanceof Error ? err.message : String(err)
        this.#logger.warn({ err: message }, 'dyno failed to start')
        this.#message = message
        this.#setPhase('crashed')
        if (!(await this.#coolOff(this.#deps.clock.now(), this.#deps.clock.now()))) return this.#endLoop()
        first = false
        this.#restarts++
        continue
      }
      first = false
      if (current === null) return this.#endLoop()
      const ended = await this.#supervise(current)
      if (ended === STOP) return this.#endLoop()
      if (this.spec.oneOff) return
      if (!(await this.#coolOff(current.startedAt, this.#deps.clock.now()))) return this.#endLoop()
      this.#restarts++
    }
  }

  /** Ends the loop after a stop or detach was requested between steps. */
  async #endLoop(): Promise<void> {
    if (this.#mode === 'stop') await this.#finishStop(this.#current)
  }

  async #launch(): Promise<Current | null> {
    const { docker, clock } = this.#deps
    this.#preparing = true
    this.#emitStatus()
    let image: string | Stop
    try {
      image = await this.#orStop(this.#deps.images.ensure(this.spec.slugSha256, this.spec.stack, this.#cancel.signal))
    } finally {
      this.#preparing = false
    }
    if (image === STOP) return null
    const placement = { image, port: this.port, hostId: this.#deps.hostId ?? '' }
    const spec = dynoContainerSpec(this.spec, placement, this.#container)
    let id: string
    try {
      id = await docker.createContainer(spec)
    } catch (err) {
      if (!(err instanceof ShoalError && err.code === 'CONFLICT')) throw err
      // A container of an earlier attempt kept the name (its removal failed): remove it and try once more.
      await docker.removeContainer(containerName(this.spec), { force: true })
      id = await docker.createContainer(spec)
    }
    const current: Current = {
      id,
      started: false,
      startedAt: clock.now(),
      bootFrom: clock.now(),
      exit: Promise.resolve(0),
      exitCode: null,
      streams: null,
    }
    this.#current = current
    if (this.#mode !== 'run') return null
    // Attached before the start, so not one line of output is missed.
    current.streams = await docker.attachContainer(id)
    pipeOutput(current.streams, (m) => this.#emit('app', m))
    if (this.#mode !== 'run') return null
    this.#system(DYNO_MESSAGES.starting(this.spec.command))
    current.started = true
    await docker.startContainer(id)
    current.startedAt = clock.now()
    current.bootFrom = current.startedAt
    await this.#findProbeHost(current)
    current.exit = this.#watchExit(current)
    return current
  }

  async #adoptContainer(c: ContainerState): Promise<Current | null> {
    const { docker, clock } = this.#deps
    const current: Current = {
      id: c.id,
      started: true,
      startedAt: c.startedAt ?? clock.now(),
      bootFrom: clock.now(),
      exit: Promise.resolve(c.exitCode ?? 0),
      exitCode: null,
      streams: null,
    }
    this.#current = current
    this.#logger.info({ container: c.id, running: c.running }, 'adopting dyno container')
    // The dyno was up all along as far as anyone could see: its first transition is not news.
    this.#adopting = true
    if (c.running) {
      const since = Math.floor(clock.now() / 1000)
      current.streams = await docker.containerLogs(c.id, { follow: true, sinceSeconds: since })
      pipeOutput(current.streams, (m) => this.#emit('app', m))
    }
    if (this.#container.network.mode === 'bridge' && !this.#probeHostGiven && c.ipAddress)
      current.probeHost = c.ipAddress
    current.exit = this.#watchExit(current)
    return current
  }

  /**
   * On a bridge the boot probe connects to the container itself: its published port on the host may be held by
   * docker-proxy (loopback), which accepts before the app has bound.
   */
  async #findProbeHost(current: Current): Promise<void> {
    if (this.#container.network.mode !== 'bridge' || this.#probeHostGiven) return
    const state = await this.#deps.docker.inspectContainer(current.id).catch(() => null)
    if (state?.ipAddress) current.probeHost = state.ipAddress
  }

  #watchExit(current: Current): Promise<number> {
    const { docker, clock } = this.#deps
    const onRetry = (err: unknown) => this.#logger.warn({ err: String(err) }, 'waiting for dyno exit failed, retrying')
    return watchExit(docker, clock, current.id, this.#detached.signal, onRetry).then((code) => {
      current.exitCode = code
      return code
    })
  }

  /** Runs one container to its end: boot, up, exit (a crash) or stop. */
  async #supervise(c: Current): Promise<Stop | number> {
    if (this.#mode !== 'run') return STOP
    let bootTimedOut = false
    if (this.spec.processType === 'web' && !this.spec.oneOff) {
      const boot = await waitForBoot({
        clock: this.#deps.clock,
        probePort: this.#deps.probePort,
        host: c.probeHost ?? this.#probeHost,
        port: this.port,
        timeoutMs: this.#bootTimeoutMs - (this.#deps.clock.now() - c.bootFrom),
        intervalMs: this.#probeIntervalMs,
        exit: c.exit,
        signal: this.#cancel.signal,
      })
      if (boot === 'cancelled') return STOP
      if (boot === 'up') this.#goUp()
      if (boot === 'timeout') {
        bootTimedOut = true
        this.#system(DYNO_MESSAGES.r10(Math.round(this.#bootTimeoutMs / 1000)))
        this.#system(DYNO_MESSAGES.sigkill)
        await this.#deps.docker.killContainer(c.id, 'SIGKILL')
      }
    } else if (c.exitCode === null) {
      this.#goUp()
    }
    this.#adopting = false
    const ended = await this.#orStop(c.exit)
    if (ended === STOP) return STOP
    const r15 = !bootTimedOut && (await this.#oomKilled(c))
    this.#system(DYNO_MESSAGES.exited(ended))
    this.#exitCode = ended
    this.#message = bootTimedOut ? R10_STATUS : r15 ? R15_STATUS : DYNO_MESSAGES.exited(ended)
    this.#goDown()
    this.#setPhase(this.spec.oneOff ? 'complete' : 'crashed')
    await this.#removeContainer(c)
    this.#current = null
    return ended
  }

  /** The kernel killed the dyno at its hard limit, R15_QUOTA_MULTIPLE × its quota: Heroku's R15 lines. */
  async #oomKilled(c: Current): Promise<boolean> {
    const state = await this.#deps.docker.inspectContainer(c.id).catch(() => null)
    if (state?.oomKilled !== true) return false
    const quota = dynoSize(this.spec.size).memoryBytes
    this.#system(DYNO_MESSAGES.memory(quota * R15_QUOTA_MULTIPLE, quota))
    this.#system(DYNO_MESSAGES.r15)
    this.#system(DYNO_MESSAGES.sigkill)
    return true
  }

  /** Waits out the back-off after a crash; false when a stop or detach came instead. */
  async #coolOff(startedAt: number, exitedAt: number): Promise<boolean> {
    const decision = onCrash(this.#backoffState, { startedAt, exitedAt }, this.#backoff)
    this.#backoffState = decision.state
    if (decision.delayMs > 0) this.#logger.info({ delayMs: decision.delayMs }, 'dyno crashed, restart delayed')
    let timer: { cancel(): void } | undefined
    const slept = new Promise<void>((r) => {
      timer = decision.delayMs > 0 ? this.#deps.clock.setTimeout(r, decision.delayMs) : undefined
      if (decision.delayMs <= 0) r()
    })
    const r = await this.#orStop(slept)
    timer?.cancel()
    return r !== STOP && this.#mode === 'run'
  }

  /** The graceful stop of a container (null: none is running). */
  async #finishStop(c: Current | null): Promise<Stop> {
    const { docker, clock } = this.#deps
    const wasUp = this.#announced
    if (this.#phase !== 'complete') this.#setPhase('down')
    this.#phase = 'stopping'
    this.#emitStatus()
    if (wasUp) {
      try {
        await this.#deps.hooks?.beforeStop?.(this.info())
      } catch (err) {
        this.#logger.warn({ err: String(err) }, 'beforeStop hook failed; stopping anyway')
      }
    }
    if (c?.started === true && c.exitCode === null) {
      const system = (m: string) => this.#system(m)
      const { code, killed } = await stopGracefully({
        docker,
        clock,
        id: c.id,
        exit: c.exit,
        graceMs: this.#stopTimeoutMs,
        system,
      })
      this.#exitCode = code
      if (killed) this.#message = R12_STATUS
    }
    this.#goDown()
    if (c !== null) await this.#removeContainer(c)
    this.#current = null
    this.#phase = 'down'
    this.#since = clock.now()
    this.#emitStatus()
    return STOP
  }

  async #removeContainer(c: Current): Promise<void> {
    c.streams?.close()
    try {
      await this.#deps.docker.removeContainer(c.id, { force: true })
    } catch (err) {
      // A leftover is removed by the next launch (name conflict) or the next adoption sweep.
      this.#logger.warn({ container: c.id, err: String(err) }, 'removing dyno container failed')
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  #goUp(): void {
    this.#setPhase('up')
    this.#message = ''
    this.#announced = true
    this.#deps.hooks?.onUp?.(this.info())
  }

  #goDown(): void {
    if (!this.#announced) return
    this.#announced = false
    this.#deps.hooks?.onDown?.(this.info())
  }

  #setPhase(next: Phase): void {
    if (next === this.#phase) return
    if (!this.#adopting)
      this.#system(DYNO_MESSAGES.stateChanged(this.#phase === 'stopping' ? 'down' : this.#phase, next))
    this.#phase = next
    this.#since = this.#deps.clock.now()
    this.#emitStatus()
  }

  #emitStatus(): void {
    this.#deps.hooks?.onStatus?.(this.status())
  }

  #system(message: string): void {
    this.#emit('shoal', message)
  }

  #emit(source: 'app' | 'shoal', message: string): void {
    const s = this.spec
    this.#deps.log({
      app: s.app,
      atUs: this.#deps.clock.now() * 1000,
      source,
      dyno: s.name,
      message,
      hostId: this.#deps.hostId ?? '',
    })
  }

  /** Races work against stop()/detach(). */
  #orStop<T>(p: Promise<T>): Promise<T | Stop> {
    return untilAborted(p, this.#cancel.signal)
  }
}
