// The Lab's implementation: bring-up order, kill/revive, and teardown. lab.ts holds the public types.

import { readFileSync } from 'node:fs'
import { cp, readFile, rm } from 'node:fs/promises'
import type { HostView } from '../../proto/api.ts'
import { mountSmallDisk } from '../helpers/small-disk.ts'
import type {
  AddedHost,
  AddHostOptions,
  HttpOptions,
  Lab,
  LabHost,
  LabOptions,
  LabTimings,
  MemoryUse,
  RestartOptions,
} from './lab.ts'
import { destroyLabResources } from './lab-cleanup.ts'
import {
  agentHasDockerSocketFlag,
  type ControllerContext,
  type DaemonName,
  type HostDaemonContext,
  initController,
  logFile,
  METRICS_PORTS,
  PORTS,
  SHOAL,
  startAgent,
  startController,
  startEtcdMember,
  startRouter,
} from './lab-daemons.ts'
import { startDockerd, waitForDocker } from './lab-dockerd.ts'
import { LabHttpClient, type LoadRun } from './lab-http-client.ts'
import { addNamespace, createSwitch, killNamespace, namespaceMemory, plugIn, setPort } from './lab-network.ts'
import {
  controllerIndex,
  controllerTarget,
  hostDirs,
  type LabTarget,
  labDirs,
  switchNs,
  targetKey,
  targetNs,
} from './lab-paths.ts'
import { type LabProcess, labEnv, type RunOptions, type RunResult, runInNs, WaitAborted, waitFor } from './lab-shell.ts'
import { type LabSsh, labSshClient, startSshd } from './lab-sshd.ts'
import { preloadStack } from './lab-stack.ts'
import { type Cidr, formatCidr, hostAddress } from './lab-subnet.ts'
import type { HttpResult, LoadSpec } from './load-report.ts'

const DEFAULT_STACK_DIR = '/var/lib/shoal/stack'
const CONTROLLER_HOST_PART = 2

export class LabImpl implements Lab {
  readonly id: string
  readonly subnet: string
  readonly switchNs: string
  readonly controllerNs: string
  readonly controllerIp: string
  readonly apiUrl: string
  readonly domain: string
  readonly env: { SHOAL_CONFIG: string }
  readonly hosts: LabHost[]
  /** `controller`, then `controller2` … in an HA lab (each with an etcd member beside it) */
  readonly controllers: LabTarget[]
  readonly timings: LabTimings = { createMs: 0, networkMs: 0, dockerdMs: 0, controllerMs: 0, aliveMs: 0 }
  token = ''
  /** SHA-256 fingerprint of the controller API's certificate (pinned by every API request). */
  apiFingerprint = ''
  joinToken = ''
  readonly #options: LabOptions
  readonly #stackDir: string
  readonly #subnet: Cidr
  readonly #hostStackDirs = new Map<number, string>() // hosts added with a stack cache of their own
  readonly #dirs: ReturnType<typeof labDirs>
  readonly #procs = new Map<string, LabProcess>()
  readonly #clients = new Map<string, LabHttpClient>()
  /** Extra environment per `<target key>-<daemon>` (restart's env). */
  readonly #env = new Map<string, NodeJS.ProcessEnv>()
  #ssh: Promise<LabSsh> | undefined
  /** targetKey of controllers whose namespace is killed or cut */
  readonly #controllersDown = new Set<string>()
  #destroyed: Promise<{ ms: number; logs?: string }> | undefined
  #onDestroy: () => void

  constructor(id: string, subnet: Cidr, options: LabOptions, onDestroy: () => void) {
    this.id = id
    this.subnet = formatCidr(subnet)
    this.#subnet = subnet
    this.#options = options
    this.#onDestroy = onDestroy
    this.#dirs = labDirs(id)
    this.#stackDir = options.stackDir ?? process.env['SHOAL_STACK_DIR'] ?? DEFAULT_STACK_DIR
    this.switchNs = switchNs(id)
    this.controllerNs = targetNs(id, 'controller')
    this.controllerIp = hostAddress(subnet, CONTROLLER_HOST_PART)
    this.apiUrl = `https://${this.controllerIp}:${PORTS.api}`
    this.domain = options.domain ?? 'shoal.localhost'
    this.env = { SHOAL_CONFIG: this.#dirs.cliConfig }
    this.hosts = Array.from({ length: options.hosts }, (_, i) => this.#newHost(i + 1))
    this.controllers = Array.from({ length: options.controllers ?? 1 }, (_, i) => controllerTarget(i + 1))
  }

  get #ha(): boolean {
    return this.controllers.length > 1
  }

  /** The HTTPS API of a controller of this lab. */
  controllerUrl(target: LabTarget): string {
    return `https://${this.#ip(target)}:${PORTS.api}`
  }

  controllerDisk(target: LabTarget): string {
    return `${this.#dirs.data}/${targetKey(target)}`
  }

  /** The first controller whose namespace is up: where the CLI runs and API calls go from. */
  #liveController(): LabTarget {
    const live = this.controllers.find((c) => !this.#controllersDown.has(targetKey(c)))
    if (live === undefined) throw new Error(`Lab ${this.id}: every controller is down`)
    return live
  }

  #newHost(index: number): LabHost {
    const ip = hostAddress(this.#subnet, 10 + index)
    return {
      index,
      ns: targetNs(this.id, index),
      ip,
      routerUrl: `http://${ip}${PORTS.http === 80 ? '' : `:${PORTS.http}`}`,
      agentMetricsUrl: `http://${ip}:${METRICS_PORTS.agent}/metrics`,
      routerMetricsUrl: `http://${ip}:${METRICS_PORTS.router}/metrics`,
      dockerSocket: hostDirs(this.id, index).dockerSocket,
      hostId: undefined,
      down: false,
    }
  }

  async addHost(options: AddHostOptions = {}): Promise<AddedHost> {
    if (this.#destroyed !== undefined) throw new Error(`Lab ${this.id} is destroyed`)
    const index = this.hosts.length + 1
    if (index > 50) throw new Error(`Cannot add a host to lab ${this.id}: it has 50 already`)
    const host = this.#newHost(index)
    this.hosts.push(host)
    const stackDir = options.ownStackDir === true ? `${this.#dirs.data}/${targetKey(index)}/stack` : this.#stackDir
    this.#hostStackDirs.set(index, stackDir)
    await addNamespace(host.ns)
    await plugIn(this.switchNs, host.ns, targetKey(index), host.ip)
    await this.#startDockerd(index)
    if (options.sshd === true) {
      if (options.preloadStack === true) await preloadStack([host], this.#stackDir)
      const { proc, prefix } = await startSshd(
        {
          ns: host.ns,
          ip: host.ip,
          dir: `${this.#dirs.data}/${targetKey(index)}`,
          dockerSocket: host.dockerSocket,
          log: logFile(this.#dirs.logs, index, 'sshd'),
        },
        await this.#sshClient(),
      )
      this.#track(`${targetKey(index)}-sshd`, proc)
      return { host, agentStartedAt: Date.now(), stackDir, ssh: { url: `ssh://root@${host.ip}`, prefix } }
    }
    const agentStartedAt = Date.now()
    await this.#startHostDaemons(index)
    if (options.wait !== false) await this.waitForHost(index, 'alive', options.timeoutMs)
    return { host, agentStartedAt, stackDir }
  }

  #sshClient(): Promise<LabSsh> {
    this.#ssh ??= labSshClient(`${this.#dirs.data}/ssh`)
    return this.#ssh
  }

  async sshOptions(): Promise<string[]> {
    return (await this.#sshClient()).options
  }

  // --- bring-up -----------------------------------------------------------------------------------------------

  async start(startedAt: number): Promise<void> {
    const progress = (line: string) => this.#options.onProgress?.(line)
    const phase = async <T>(name: keyof Omit<LabTimings, 'stack' | 'createMs'>, fn: () => Promise<T>) => {
      this.#options.signal?.throwIfAborted()
      const t = performance.now()
      try {
        return await fn()
      } finally {
        this.timings[name] = Math.round(performance.now() - t)
      }
    }
    progress(`lab ${this.id}: network ${this.subnet} (switch ${this.switchNs})`)
    await phase('networkMs', async () => {
      await createSwitch(this.switchNs)
      const targets: LabTarget[] = [...this.controllers, ...this.hosts.map((h) => h.index)]
      await Promise.all(
        targets.map(async (t) => {
          await addNamespace(this.ns(t))
          await plugIn(this.switchNs, this.ns(t), targetKey(t), this.#ip(t))
        }),
      )
    })
    void agentHasDockerSocketFlag() // warm the cache while engines start
    progress(
      `lab ${this.id}: starting ${this.hosts.length} Docker engines and ${this.controllers.length} controller(s)`,
    )
    await Promise.all([
      phase('dockerdMs', () => Promise.all(this.hosts.map((h) => this.#startDockerd(h.index)))),
      phase('controllerMs', () => this.#startControllers()),
    ])
    progress(`lab ${this.id}: starting agents and routers`)
    const stack = this.#options.preloadStack === true ? this.#preload() : Promise.resolve()
    stack.catch(() => {}) // awaited below; a failure while hosts come up must not go unhandled meanwhile
    await phase('aliveMs', async () => {
      await Promise.all(this.hosts.map((h) => this.#startHostDaemons(h.index)))
      await Promise.all(this.hosts.map((h) => this.waitForHost(h.index, 'alive', this.#options.aliveTimeoutMs)))
    })
    await stack
    this.#options.signal?.throwIfAborted()
    this.timings.createMs = Math.round(performance.now() - startedAt)
    progress(`lab ${this.id}: ${this.hosts.length} hosts alive in ${(this.timings.createMs / 1000).toFixed(1)} s`)
  }

  async #preload(): Promise<void> {
    this.timings.stack = await preloadStack(this.hosts, this.#stackDir)
  }

  #ip(target: LabTarget): string {
    const k = controllerIndex(target)
    if (k === undefined) return this.host(target as number).ip
    if (k < 1 || k > this.controllers.length) throw new Error(`Lab ${this.id} has no ${target}`)
    return hostAddress(this.#subnet, CONTROLLER_HOST_PART - 1 + k)
  }

  #track(key: string, proc: LabProcess): LabProcess {
    this.#procs.set(key, proc)
    return proc
  }

  async #startDockerd(index: number): Promise<void> {
    const dirs = hostDirs(this.id, index)
    // A SIGKILLed engine leaves its pid file; a recycled pid in it would stop the new engine from starting.
    await rm(dirs.dockerPid, { force: true })
    const proc = this.#track(
      `${targetKey(index)}-dockerd`,
      startDockerd(this.ns(index), dirs, this.#dirs.logs, `${targetKey(index)}-dockerd`),
    )
    await waitForDocker(proc, dirs.dockerSocket)
  }

  #controllerContext(target: LabTarget): ControllerContext {
    return {
      target,
      ns: this.ns(target),
      ip: this.#ip(target),
      dataDir: `${this.controllerDisk(target)}/controller`,
      cliConfig: this.#dirs.cliConfig,
      logDir: this.#dirs.logs,
      domain: this.domain,
      env: this.#env.get(`${targetKey(target)}-controller`) ?? {},
      args: this.#options.controllerArgs,
      store: this.#ha
        ? `etcd://${this.controllers.map((c) => `${this.#ip(c)}:${PORTS.etcdClient}`).join(',')}/lab/`
        : undefined,
    }
  }

  /**
   * One controller on level; or, in an HA lab, a 3-member etcd (one member in each controller's namespace) and
   * the controllers on it: the first `shoal init` makes the cluster's keys in etcd, the others join them.
   */
  async #startControllers(): Promise<void> {
    const diskMb = this.#options.controllerDiskMb
    if (diskMb !== undefined) for (const c of this.controllers) mountSmallDisk(this.controllerDisk(c), diskMb)
    if (this.#ha) await Promise.all(this.controllers.map((c) => this.#startEtcd(c)))
    for (const c of this.controllers) await this.#startController(c, true)
    this.joinToken = (await this.api<{ token: string }>('GET', '/v1/join-token')).token
  }

  async #startEtcd(target: LabTarget): Promise<void> {
    const proc = this.#track(
      `${targetKey(target)}-etcd`,
      startEtcdMember({
        target,
        ns: this.ns(target),
        ip: this.#ip(target),
        dataDir: `${this.controllerDisk(target)}/etcd`,
        logDir: this.#dirs.logs,
        initial: this.controllers.map((c) => `${targetKey(c)}=http://${this.#ip(c)}:${PORTS.etcdPeer}`).join(','),
        token: `shoal-lab-${this.id}`,
      }),
    )
    // A member answers /health only once a quorum has met: the caller starts all members before any waits here.
    await waitFor(
      `etcd member ${targetKey(target)}`,
      async () => {
        if (!proc.alive()) throw new WaitAborted(`etcd ${targetKey(target)} exited; see ${proc.log}`)
        const res = await this.client(target).request({
          url: `http://${this.#ip(target)}:${PORTS.etcdClient}/health`,
          timeoutMs: 2000,
        })
        return res.status === 200 && res.body.includes('"health":"true"')
      },
      60_000,
      150,
    )
  }

  async #startController(target: LabTarget, init: boolean): Promise<void> {
    const ctx = this.#controllerContext(target)
    if (init) {
      await initController(ctx)
      const cli = JSON.parse(readFileSync(ctx.cliConfig, 'utf8')) as {
        apiUrl: string
        token: string
        fingerprint: string
      }
      this.token = cli.token
      this.apiFingerprint = cli.fingerprint
    }
    const proc = this.#track(`${targetKey(target)}-controller`, startController(ctx))
    await waitFor(
      `the lab controller API (${targetKey(target)})`,
      async () => {
        if (!proc.alive()) throw new WaitAborted(`the controller exited; see ${proc.log}`)
        return (
          (
            await this.client(target).request({
              url: `${this.controllerUrl(target)}/healthz`,
              pin: this.apiFingerprint,
              timeoutMs: 2000,
            })
          ).status === 200
        )
      },
      60_000,
      150,
    )
  }

  #hostContext(index: number): HostDaemonContext {
    const h = this.host(index)
    return {
      id: this.id,
      ns: h.ns,
      host: index,
      ip: h.ip,
      joinToken: this.joinToken,
      logDir: this.#dirs.logs,
      stackDir: this.#hostStackDirs.get(index) ?? this.#stackDir,
      routerTimeoutMs: this.#options.routerTimeoutMs,
      agentArgs: this.#options.agentArgs?.(index) ?? [],
      env: {
        agent: this.#env.get(`${targetKey(index)}-agent`) ?? {},
        router: this.#env.get(`${targetKey(index)}-router`) ?? {},
      },
    }
  }

  async #startHostDaemons(index: number): Promise<void> {
    const ctx = this.#hostContext(index)
    this.#track(`${targetKey(index)}-agent`, await startAgent(ctx))
    this.#track(`${targetKey(index)}-router`, startRouter(ctx))
  }

  // --- lookups and clients ------------------------------------------------------------------------------------

  host(index: number): LabHost {
    const h = this.hosts[index - 1]
    if (h === undefined) throw new Error(`Lab ${this.id} has no host ${index} (hosts are 1..${this.hosts.length})`)
    return h
  }

  ns(target: LabTarget): string {
    return typeof target === 'number' ? this.host(target).ns : targetNs(this.id, target)
  }

  appHost(app: string): string {
    return `${app}.${this.domain}`
  }

  routerUrls(): string[] {
    return this.hosts.filter((h) => !h.down).map((h) => h.routerUrl)
  }

  exec(target: LabTarget, argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return runInNs(this.ns(target), argv, options)
  }

  shoal(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return runInNs(this.ns(this.#liveController()), [SHOAL, ...args], {
      ...options,
      env: labEnv({ ...this.env, SHOAL_APP: '', ...options.env }),
    })
  }

  async ok(args: readonly string[], options: RunOptions = {}): Promise<string> {
    const res = await this.shoal(args, options)
    if (res.code !== 0) throw new Error(`shoal ${args.join(' ')} exited ${res.code}\n${res.stdout}\n${res.stderr}`)
    return res.stdout
  }

  async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const from = this.#liveController()
    const ask = (base: string) =>
      this.client(from).request({
        url: `${base}${path}`,
        pin: this.apiFingerprint,
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        timeoutMs: 30_000,
      })
    let res = await ask(this.controllerUrl(from))
    // In an HA lab a follower answers what needs the leader (hosts, dynos) with NOT_LEADER, naming the leader.
    const leader = res.headers['shoal-leader']
    if (res.status === 503 && typeof leader === 'string' && leader !== '') res = await ask(leader)
    if (res.error !== undefined || res.status < 200 || res.status >= 300) {
      throw new Error(`Cannot ${method} ${path}: ${res.error ?? `HTTP ${res.status}`} ${res.body.slice(0, 500)}`)
    }
    return (res.body === '' ? undefined : JSON.parse(res.body)) as T
  }

  client(from: LabTarget): LabHttpClient {
    const ns = this.ns(from)
    let c = this.#clients.get(ns)
    if (c === undefined || !c.alive) {
      if (this.#destroyed !== undefined) throw new Error(`Lab ${this.id} is destroyed`)
      c = new LabHttpClient(ns)
      this.#clients.set(ns, c)
    }
    return c
  }

  http(from: LabTarget, url: string, options: HttpOptions = {}): Promise<HttpResult> {
    return this.client(from).request({
      url,
      headers: { ...options.headers, ...(options.host === undefined ? {} : { host: options.host }) },
      ...(options.method === undefined ? {} : { method: options.method }),
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    })
  }

  load(from: LabTarget, spec: LoadSpec & { host?: string }): LoadRun {
    const { host, ...rest } = spec
    return this.client(from).load({
      ...rest,
      headers: { ...rest.headers, ...(host === undefined ? {} : { host }) },
    })
  }

  async hostsView(): Promise<HostView[]> {
    return (await this.api<{ hosts: HostView[] }>('GET', '/v1/hosts')).hosts
  }

  async hostView(index: number): Promise<HostView | undefined> {
    const h = this.host(index)
    const views = await this.hostsView()
    return views.find((v) => (h.hostId !== undefined ? v.id === h.hostId : v.address === h.ip))
  }

  /** `heardSince`: also wait for a report received at or after this time (a restarted agent's own, not the hold). */
  async waitForHost(
    index: number,
    state: HostView['state'],
    timeoutMs = 90_000,
    heardSince?: number,
  ): Promise<HostView> {
    const h = this.host(index)
    const view = await waitFor(
      `lab host ${index} (${h.ip}) to be ${state}`,
      async () => {
        const agent = this.#procs.get(`${targetKey(index)}-agent`)
        if (state === 'alive' && agent !== undefined && !agent.alive()) {
          throw new WaitAborted(`the agent of host ${index} exited; see ${agent.log}`)
        }
        const v = await this.hostView(index)
        if (heardSince !== undefined && (v?.lastSeen == null || Date.parse(v.lastSeen) < heardSince)) return undefined
        return v?.state === state ? v : undefined
      },
      timeoutMs,
      250,
    )
    h.hostId ??= view.id
    return view
  }

  // --- faults -------------------------------------------------------------------------------------------------

  async kill(target: LabTarget): Promise<void> {
    await setPort(this.switchNs, targetKey(target), 'down')
    await killNamespace(this.ns(target))
    const prefix = `${targetKey(target)}-`
    await Promise.all([...this.#procs].filter(([key]) => key.startsWith(prefix)).map(([, p]) => reaped(p)))
    if (typeof target === 'number') this.host(target).down = true
    else this.#controllersDown.add(targetKey(target))
  }

  async killDaemon(target: LabTarget, daemon: DaemonName): Promise<void> {
    const proc = this.#procs.get(`${targetKey(target)}-${daemon}`)
    if (proc === undefined || !proc.alive()) return
    process.kill(proc.pid, 'SIGKILL')
    await reaped(proc)
  }

  async revive(target: LabTarget, options: { wait?: boolean; timeoutMs?: number } = {}): Promise<void> {
    await setPort(this.switchNs, targetKey(target), 'up')
    if (typeof target !== 'number') {
      // What is dead of the controller's namespace starts again on its data: its etcd member, then the controller.
      const dead = (daemon: DaemonName) => this.#procs.get(`${targetKey(target)}-${daemon}`)?.alive() !== true
      if (this.#ha && dead('etcd')) await this.#startEtcd(target)
      if (dead('controller')) await this.#startController(target, false)
      this.#controllersDown.delete(targetKey(target))
      return
    }
    await this.#startDockerd(target)
    await this.#startHostDaemons(target)
    this.host(target).down = false
    if (options.wait !== false) await this.waitForHost(target, 'alive', options.timeoutMs)
  }

  async restart(target: LabTarget, daemon: DaemonName, options: RestartOptions = {}): Promise<void> {
    const key = `${targetKey(target)}-${daemon}`
    const controller = typeof target !== 'number'
    if (controller !== (daemon === 'controller' || daemon === 'etcd')) {
      throw new Error(`Cannot restart ${daemon} of lab target ${target}: it does not run there`)
    }
    if (options.env !== undefined) this.#env.set(key, { ...this.#env.get(key), ...options.env })
    const proc = this.#procs.get(key)
    if (proc?.alive() === true) {
      process.kill(proc.pid, options.signal ?? 'SIGTERM')
      await reaped(proc)
    }
    if (controller) return daemon === 'etcd' ? this.#startEtcd(target) : this.#startController(target, false)
    // A stopping agent asks the leader to hold its host alive: "alive" alone would not mean the new one reports.
    const startedAt = Date.now()
    if (daemon === 'dockerd') await this.#startDockerd(target)
    else {
      const ctx = this.#hostContext(target)
      this.#track(key, daemon === 'agent' ? await startAgent(ctx) : startRouter(ctx))
    }
    if (options.wait !== false && daemon !== 'router') {
      await this.waitForHost(target, 'alive', undefined, daemon === 'agent' ? startedAt : undefined)
    }
  }

  async cut(target: LabTarget): Promise<void> {
    await setPort(this.switchNs, targetKey(target), 'down')
    if (typeof target !== 'number') this.#controllersDown.add(targetKey(target))
  }

  async heal(target: LabTarget): Promise<void> {
    await setPort(this.switchNs, targetKey(target), 'up')
    if (typeof target !== 'number') this.#controllersDown.delete(targetKey(target))
  }

  // --- figures and logs ---------------------------------------------------------------------------------------

  async memory(target: LabTarget): Promise<MemoryUse> {
    const known = new Map<number, string>()
    for (const [key, p] of this.#procs) if (p.alive()) known.set(p.pid, key.slice(key.indexOf('-') + 1))
    const { total, byRole } = await namespaceMemory(this.ns(target), known)
    const role = (name: string) => byRole[name] ?? 0
    return {
      total,
      ...{ dockerd: role('dockerd'), containerd: role('containerd'), agent: role('agent'), router: role('router') },
      ...{ controller: role('controller'), other: role('other') },
    }
  }

  async logs(target: LabTarget, daemon: DaemonName, lines = 60): Promise<string> {
    const text = await readFile(logFile(this.#dirs.logs, target, daemon), 'utf8').catch(() => '')
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
  }

  async allLogTails(lines = 30): Promise<string> {
    const out: string[] = []
    for (const [key, p] of this.#procs) {
      const text = await readFile(p.log, 'utf8').catch(() => '')
      // dockerd logs every gRPC reconnect at info level: only its warnings and errors say why something failed.
      const kept = key.endsWith('-dockerd')
        ? text.split('\n').filter((l) => !l.includes('level=info'))
        : text.split('\n')
      out.push(`--- ${key} (${p.log}) ---\n${kept.slice(-lines - 1).join('\n')}`)
    }
    return out.join('\n')
  }

  // --- teardown -----------------------------------------------------------------------------------------------

  destroy(options: { keepLogs?: boolean } = {}): Promise<{ ms: number; logs?: string }> {
    this.#destroyed ??= (async () => {
      const started = performance.now()
      for (const c of this.#clients.values()) c.close()
      let logs: string | undefined
      if (options.keepLogs === true || process.env['SHOAL_LAB_KEEP_LOGS'] === '1') {
        logs = `/tmp/shoal-lab-${this.id}-logs`
        await cp(this.#dirs.logs, logs, { recursive: true }).catch(() => {})
      }
      await destroyLabResources(this.id)
      // Reap what this process spawned (SIGKILLed above), so nothing lingers as a zombie.
      await Promise.all([
        ...[...this.#procs.values()].map((p) => reaped(p)),
        ...[...this.#clients.values()].map((c) => c.exited()),
      ])
      this.#onDestroy()
      return { ms: Math.round(performance.now() - started), ...(logs === undefined ? {} : { logs }) }
    })()
    return this.#destroyed
  }
}

/** Waits for a lab process's exit, holding the event loop open meanwhile (lab processes are unreferenced). */
function reaped(p: LabProcess): Promise<void> {
  if (!p.alive()) return Promise.resolve()
  p.child.ref()
  return p.exited
}
