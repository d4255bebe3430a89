// The lab: N shoal hosts on one machine, each a network namespace with its own Docker engine, agent and router,
// plus a controller in a namespace of its own, all joined through a bridge in a "switch" namespace. Every daemon
// talks over the lab network, and so must every client: the root namespace has no route into the lab (a request
// to a lab address from the root would leave the machine by its default route). So the CLI, HTTP requests and
// load loops all run inside lab namespaces: see exec(), shoal(), http(), load().
//
//   const lab = await createLab({ hosts: 3 })
//   after(() => lab.destroy())
//   await lab.ok(['ps:scale', 'web=6', '--app', 'demo'])
//   const res = await lab.http(1, lab.host(2).routerUrl, { host: lab.appHost('demo') })

import type { HostView } from '../../proto/api.ts'
import { cleanupLeftovers } from './lab-cleanup.ts'
import type { DaemonName } from './lab-daemons.ts'
import type { LabHttpClient, LoadRun } from './lab-http-client.ts'
import { LabImpl } from './lab-impl.ts'
import { claimLab } from './lab-owner.ts'
import type { LabTarget } from './lab-paths.ts'
import type { RunOptions, RunResult } from './lab-shell.ts'
import type { StackPreload } from './lab-stack.ts'
import type { HttpResult, LoadSpec } from './load-report.ts'

export type { LabHttpClient, LoadRun } from './lab-http-client.ts'
export type { LabTarget } from './lab-paths.ts'
export type { RunOptions, RunResult } from './lab-shell.ts'
export type { HttpResult, LoadReport, LoadSpec } from './load-report.ts'

export interface LabOptions {
  /** how many shoal hosts (0..50; 0: a controller alone, servers come with addHost) */
  hosts: number
  /** the routers' --request-timeout (ms to first byte before H12) */
  routerTimeoutMs?: number
  /** extra `shoal controller` arguments, e.g. `--acme-directory` for a test ACME server, `--packages DIR` */
  controllerArgs?: string[]
  /**
   * How many controllers (default 1, on level). More makes an HA control plane: each controller in a namespace of
   * its own (`controller`, `controller2`, …) with a member of one etcd cluster beside it, every controller on etcd.
   */
  controllers?: number
  /** extra `shoal agent` arguments per host (1-based), e.g. `--reserve-memory` to make hosts differ in size */
  agentArgs?: (host: number) => string[]
  /**
   * Each controller's data (its store, blobs, logs; its etcd member in HA) on a tmpfs of this many MiB of its own,
   * so a test can fill it (test/helpers/small-disk.ts). Default: the lab's data directory.
   */
  controllerDiskMb?: number
  /** import the stack image into every host's engine before createLab returns (default false: on first use) */
  preloadStack?: boolean
  /** the shared stack tarball cache (default $SHOAL_STACK_DIR or /var/lib/shoal/stack) */
  stackDir?: string
  /** cluster domain: apps answer at APP.DOMAIN (default shoal.localhost) */
  domain?: string
  /** how long to wait for every host to be alive (default 90 s) */
  aliveTimeoutMs?: number
  /** destroy the lab, then exit, on SIGINT/SIGTERM of this process (default true) */
  handleSignals?: boolean
  /** progress lines while the lab comes up */
  onProgress?: (line: string) => void
  /** aborts the bring-up (between steps); what was started is torn down */
  signal?: AbortSignal
}

export interface AddHostOptions {
  /** An empty stack cache of its own (in the lab's data dir) instead of the shared one: it must get the stack elsewhere. */
  ownStackDir?: boolean
  /** Wait until the controller sees it alive (default true). */
  wait?: boolean
  timeoutMs?: number
  /**
   * An empty server instead: its namespace, cable and Docker engine, plus a real sshd (test/lab/lab-sshd.ts), and
   * no shoal at all; `shoal hosts:add ssh://root@IP --ssh-option …lab.sshOptions()` installs it. Implies wait false.
   */
  sshd?: boolean
  /** import the stack image into its engine first (for an `sshd` server; default false) */
  preloadStack?: boolean
}

export interface RestartOptions {
  signal?: 'SIGTERM' | 'SIGKILL'
  env?: NodeJS.ProcessEnv
  /** Wait until the host is alive again (agent and dockerd; default true). */
  wait?: boolean
}

export interface AddedHost {
  host: LabHost
  /** Date.now() when its agent process was spawned */
  agentStartedAt: number
  /** the SHOAL_STACK_DIR its agent got */
  stackDir: string
  /** for an `sshd` server: ssh://root@IP, and the install root its SSH sessions get as SHOAL_PREFIX */
  ssh?: { url: string; prefix: string }
}

export interface LabHost {
  /** 1..N: namespace shoal-h<index>-<id>, address .<10+index> */
  readonly index: number
  readonly ns: string
  readonly ip: string
  /** http://IP (port 80): send requests here with a Host header, from inside the lab */
  readonly routerUrl: string
  readonly agentMetricsUrl: string
  readonly routerMetricsUrl: string
  /** the host's Docker engine; a unix socket, so usable from the root namespace (docker -H unix://...) */
  readonly dockerSocket: string
  /** the agent's host id (its peer id), known once the host has been alive */
  hostId: string | undefined
  /** killed and not revived */
  down: boolean
}

export interface LabTimings {
  createMs: number
  networkMs: number
  dockerdMs: number
  controllerMs: number
  aliveMs: number
  stack?: StackPreload
}

export interface HttpOptions {
  /** Host header, e.g. lab.appHost('demo') */
  host?: string
  method?: string
  headers?: Record<string, string>
  body?: string
  timeoutMs?: number
}

export interface MemoryUse {
  total: number
  dockerd: number
  /** containerd and its shims */
  containerd: number
  agent: number
  router: number
  controller: number
  /** dynos, builds and lab HTTP clients */
  other: number
}

export interface Lab {
  readonly id: string
  /** `198.18.K.0/24` */
  readonly subnet: string
  readonly switchNs: string
  readonly controllerNs: string
  readonly controllerIp: string
  readonly apiUrl: string
  readonly token: string
  readonly joinToken: string
  readonly domain: string
  /** SHOAL_CONFIG for running the CLI inside the controller's namespace */
  readonly env: { SHOAL_CONFIG: string }
  readonly hosts: readonly LabHost[]
  /** `controller` (the first), then `controller2` … in an HA lab */
  readonly controllers: readonly LabTarget[]
  readonly timings: LabTimings
  host(index: number): LabHost
  ns(target: LabTarget): string
  /** `APP.DOMAIN`, the Host header routers route to APP */
  appHost(app: string): string
  /** The routers of the hosts that are not down. */
  routerUrls(): string[]
  /** Runs argv inside a namespace (nsenter). Never throws on a non-zero exit. */
  exec(target: LabTarget, argv: readonly string[], options?: RunOptions): Promise<RunResult>
  /** The HTTPS API URL of one of the lab's controllers. */
  controllerUrl(target: LabTarget): string
  /** The directory holding a controller's data (the tmpfs of `controllerDiskMb`). */
  controllerDisk(target: LabTarget): string
  /** Runs bin/shoal in the first live controller's namespace with the lab's CLI config (every controller's URL). */
  shoal(args: readonly string[], options?: RunOptions): Promise<RunResult>
  /** shoal(), asserting exit 0; returns stdout. */
  ok(args: readonly string[], options?: RunOptions): Promise<string>
  /** The controller's HTTP API from inside the controller's namespace; throws on a non-2xx answer. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>
  /** The long-lived HTTP client process in a namespace (started on first use, restarted after a kill). */
  client(from: LabTarget): LabHttpClient
  /** One HTTP request from inside a namespace. */
  http(from: LabTarget, url: string, options?: HttpOptions): Promise<HttpResult>
  /** A bounded load loop from inside a namespace; `host` sets the Host header. */
  load(from: LabTarget, spec: LoadSpec & { host?: string }): LoadRun
  hostsView(): Promise<HostView[]>
  /** The controller's view of lab host `index` (matched by address), or undefined before it joined. */
  hostView(index: number): Promise<HostView | undefined>
  waitForHost(index: number, state: HostView['state'], timeoutMs?: number, heardSince?: number): Promise<HostView>
  /** A host joins the running lab: namespace, cable, an empty Docker engine of its own, agent and router. */
  addHost(options?: AddHostOptions): Promise<AddedHost>
  /** ssh `-o` options for the lab's sshd servers: the lab's client key and known_hosts (host keys checked). */
  sshOptions(): Promise<string[]>
  /** Power loss: cut the link at the switch, then SIGKILL every process in the namespace (dynos included). */
  kill(target: LabTarget): Promise<void>
  /** SIGKILL of one daemon (say the controller, not its etcd member); revive() starts it again. */
  killDaemon(target: LabTarget, daemon: DaemonName): Promise<void>
  /** Link up, then the daemons again with the same data dirs (same host id); waits until alive by default. */
  revive(target: LabTarget, options?: { wait?: boolean; timeoutMs?: number }): Promise<void>
  /**
   * One daemon stopped (SIGTERM by default: a restart; SIGKILL: a crash) and started again with the same data dir,
   * the rest of the target untouched (dockerd: its containers stop with it, unless the agent adopts them later).
   * `env` is added to that daemon's environment from now on (e.g. `skewedClock(30_000)`); `{}` keeps the last.
   */
  restart(target: LabTarget, daemon: DaemonName, options?: RestartOptions): Promise<void>
  /** Network partition only: the cable is cut at the switch, every process keeps running. */
  cut(target: LabTarget): Promise<void>
  heal(target: LabTarget): Promise<void>
  memory(target: LabTarget): Promise<MemoryUse>
  /** The last `lines` lines of a daemon's log. */
  logs(target: LabTarget, daemon: DaemonName, lines?: number): Promise<string>
  /** Idempotent. keepLogs copies the logs to /tmp/shoal-lab-<id>-logs first (also with SHOAL_LAB_KEEP_LOGS=1). */
  destroy(options?: { keepLogs?: boolean }): Promise<{ ms: number; logs?: string }>
}

const live = new Set<Lab>()
let signalsHandled = false

function handleSignals(): void {
  if (signalsHandled) return
  signalsHandled = true
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(sig, () => {
      void Promise.allSettled([...live].map((l) => l.destroy())).then(() => process.exit(code))
    })
  }
}

export async function createLab(options: LabOptions): Promise<Lab> {
  if (!Number.isInteger(options.hosts) || options.hosts < 0 || options.hosts > 50) {
    throw new Error(`Cannot create a lab of ${options.hosts} hosts: give 0..50`)
  }
  const controllers = options.controllers ?? 1
  if (!Number.isInteger(controllers) || controllers < 1 || controllers > 7) {
    throw new Error(`Cannot create a lab of ${controllers} controllers: give 1..7`)
  }
  if (process.getuid?.() !== 0) throw new Error('Cannot create a lab: network namespaces need root')
  const started = performance.now()
  const removed = await cleanupLeftovers()
  if (removed.length > 0) options.onProgress?.(`removed leftovers of crashed labs ${removed.join(', ')}`)
  const claim = await claimLab()
  const lab: LabImpl = new LabImpl(claim.id, claim.subnet, options, () => live.delete(lab))
  live.add(lab)
  if (options.handleSignals !== false) handleSignals()
  try {
    await lab.start(started)
  } catch (err) {
    const tails = options.signal?.aborted === true ? '' : `\n${await lab.allLogTails()}`
    await lab.destroy()
    throw new Error(`Cannot create the lab: ${err instanceof Error ? err.message : String(err)}${tails}`, {
      cause: err,
    })
  }
  return lab
}
