import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import type { Clock, Timer } from '../lib/clock.ts'
import type { Startable } from '../lib/lifecycle.ts'
import type { Logger } from '../lib/logger.ts'
import type { HaproxyPaths } from './haproxy-config.ts'
import { HaproxyRuntime } from './haproxy-runtime.ts'

export type StartKind = 'spawned' | 'adopted' | 'reloaded'

export interface HaproxyProcessOptions {
  paths: HaproxyPaths
  binary?: string | undefined
  log: Logger
  clock: Clock
  /** Writes the configuration file; called before every spawn and reload. */
  render: () => Promise<void>
  /** HAProxy answers with a state the router must (re)apply: all of it after a spawn or reload, a diff on adoption. */
  onReady: (kind: StartKind) => Promise<void>
  /** How often the master's pid is checked. */
  pollMs?: number
  /** Leave HAProxy running when the router stops (it keeps serving its last state). Default: stop it. */
  keepRunning?: boolean | undefined
}

/**
 * Runs HAProxy in master-worker mode as a daemon of its own (so it outlives `shoal router`), adopts one that is
 * already running for this data dir, restarts it when it dies, and reloads it hitlessly (SIGUSR2 to the master:
 * the new worker takes over the listening sockets, the old one finishes its connections).
 */
export class HaproxyProcess implements Startable {
  readonly name = 'haproxy'
  readonly runtime: HaproxyRuntime
  readonly #o: HaproxyProcessOptions
  #pid = 0
  #watch: Timer | undefined
  #restarting: Promise<void> | undefined
  #stopped = false
  restarts = 0
  /** How HAProxy came to run under this router last: spawned, adopted from a previous router, or reloaded. */
  startedAs: StartKind | undefined

  constructor(options: HaproxyProcessOptions) {
    this.#o = options
    this.runtime = new HaproxyRuntime(options.paths.adminSocket)
  }

  get pid(): number {
    return this.#pid
  }

  async start(signal: AbortSignal): Promise<void> {
    const adopted = await this.#adopt(signal)
    if (adopted) {
      this.#o.log.info({ pid: this.#pid }, 'adopted running haproxy')
      this.startedAs = 'adopted'
      await this.#o.onReady('adopted')
    } else {
      await this.#spawn(signal)
      this.startedAs = 'spawned'
      await this.#o.onReady('spawned')
    }
    this.#schedule()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#watch?.cancel()
    await this.#restarting?.catch(() => {})
    if (this.#o.keepRunning === true || this.#pid === 0) return
    const pid = this.#pid
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      return
    }
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50))
    if (isAlive(pid)) process.kill(pid, 'SIGKILL')
  }

  /** Re-renders the configuration and reloads without dropping a connection; resolves once the new worker answers. */
  async reload(): Promise<void> {
    await this.#o.render()
    const before = await this.#workerPid()
    process.kill(this.#pid, 'SIGUSR2')
    for (let i = 0; i < 200; i++) {
      const now = await this.#workerPid()
      if (now !== 0 && now !== before) {
        await this.#o.onReady('reloaded')
        return
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('Cannot reload HAProxy: no new worker answered within 10 s (see its configuration)')
  }

  async #workerPid(): Promise<number> {
    try {
      const info = await this.runtime.raw('show info')
      return Number(/^Pid: (\d+)/m.exec(info)?.[1] ?? 0)
    } catch {
      return 0
    }
  }

  async #adopt(signal: AbortSignal): Promise<boolean> {
    const pid = Number((await readFile(this.#o.paths.pidFile, 'utf8').catch(() => '')).trim())
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (!cmdline.includes('haproxy') || !cmdline.includes(this.#o.paths.config)) return false
    if (!(await this.runtime.alive(signal))) return false
    this.#pid = pid
    return true
  }

  async #spawn(signal: AbortSignal): Promise<void> {
    await this.#o.render()
    await rm(this.#o.paths.adminSocket, { force: true })
    const p = this.#o.paths
    const args = ['-W', '-D', '-S', `${p.masterSocket},mode,600`, '-f', p.config, '-p', p.pidFile]
    await new Promise<void>((resolve, reject) => {
      execFile(this.#o.binary ?? 'haproxy', args, { signal }, (err, _stdout, stderr) => {
        if (err === null) resolve()
        else reject(new Error(`Cannot start HAProxy: ${stderr.trim().split('\n').slice(-3).join('; ') || err.message}`))
      })
    })
    this.#pid = Number((await readFile(p.pidFile, 'utf8')).trim())
    for (let i = 0; i < 200 && !(await this.runtime.alive(signal)); i++) await new Promise((r) => setTimeout(r, 25))
    this.#o.log.info({ pid: this.#pid }, 'haproxy started')
  }

  #schedule(): void {
    if (this.#stopped) return
    this.#watch = this.#o.clock.setTimeout(() => {
      if (this.#stopped) return
      if (isAlive(this.#pid)) {
        this.#schedule()
        return
      }
      this.#o.log.warn({ pid: this.#pid }, 'haproxy exited; restarting it')
      this.#restarting = this.#restart().finally(() => {
        this.#restarting = undefined
        this.#schedule()
      })
    }, this.#o.pollMs ?? 250)
  }

  async #restart(): Promise<void> {
    const ac = new AbortController()
    try {
      await this.#spawn(ac.signal)
      this.restarts++
      await this.#o.onReady('spawned')
    } catch (err) {
      this.#o.log.error({ err: String(err) }, 'haproxy restart failed; retrying')
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  // A zombie (exited, not yet reaped by its parent) counts as dead.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat[stat.lastIndexOf(')') + 2] !== 'Z'
  } catch {
    return false
  }
}
