import { createServer } from 'node:net'
import { join } from 'node:path'
import { Counter } from 'prom-client'
import type { Clock } from '../lib/clock.ts'
import type { MetricsRegistry } from '../lib/exposition.ts'
import type { Startable } from '../lib/lifecycle.ts'
import type { Logger } from '../lib/logger.ts'
import { parseHostPort } from '../lib/metrics.ts'
import type { AppEntry, ProcessStats, RouteAnnouncement } from '../proto/codec.ts'
import { DataPlane } from './data-plane.ts'
import { holdId, serverName } from './desired-state.ts'
import { DEFAULT_TIMEOUTS, haproxyPaths, type RouterTimeouts } from './haproxy-config.ts'
import { LogRing } from './log-ring.ts'
import { requestLogger } from './request-log.ts'
import { type Backend, RouteTable } from './route-table.ts'
import { type LiveCounts, Stats } from './stats.ts'
import { TlsSync, type TlsSyncOptions } from './tls-sync.ts'
import { WakeHold } from './wake-hold.ts'

export interface RouterCoreOptions {
  dataDir: string
  /** HOST:PORT for HTTP ingress (port 0: a free port). */
  http: string
  /** HOST:PORT for HTTPS ingress; absent: none. */
  https?: string | undefined
  timeouts?: Partial<RouterTimeouts> | undefined
  /** Connections the router accepts at once. Default 4096 (HAProxy needs two descriptors each). */
  maxConnections?: number | undefined
  /** HAProxy threads. Default 1. */
  threads?: number | undefined
  /** Leave HAProxy serving when the router stops (as when it is killed). */
  keepHaproxy?: boolean | undefined
  /** After adopting a running HAProxy, how long servers the router has not relearned are kept. */
  adoptGraceMs?: number | undefined
  /** Requests queued per routable dyno of an app before H11. Default 200 (Heroku). */
  backlogPerDyno?: number | undefined
  /** Router lines formatted and shipped per second at most (statistics count every request). Default 10000. */
  maxLinesPerSecond?: number | undefined
  /** Backends HAProxy is given room for before a new app needs a reload. Default 32. */
  minPool?: number | undefined
  /** One Heroku-format line per request; app is undefined when the request matched no app. */
  onRouterLine: (line: string, app: string | undefined) => void
  tlsFetch?: Pick<TlsSyncOptions, 'node' | 'leader'>
  /** Asks the leader to wake a sleeping process type (PROTOCOL_WAKE); without it sleeping apps answer H14. */
  wake?: ((app: string, type: string, queued: number) => Promise<void>) | undefined
  registry?: MetricsRegistry | undefined
  log: Logger
  clock: Clock
}

/** HAProxy names of hold servers (serverName of holdId): not dynos. */
const HOLD_SERVER_PREFIX = serverName(holdId(''))

export interface RouterReportBody {
  stats: ProcessStats[]
  drained: string[]
}

/**
 * The router without the mesh: HAProxy (data plane), its log pipeline, the route table, the app directory and the
 * drain bookkeeping. `shoal router` feeds it from the mesh; tests feed it directly.
 */
export class RouterCore implements Startable {
  readonly name = 'router-core'
  readonly table = new RouteTable()
  readonly stats: Stats
  readonly receiver: LogRing
  readonly tls: TlsSync
  http = { host: '', port: 0 }
  https: { host: string; port: number } | undefined
  domain = 'shoal.localhost'
  #directory: Map<string, AppEntry> | undefined
  /** Withdrawn dynos HAProxy may still have requests at, until they are reported drained. */
  readonly #draining = new Map<string, Backend>()
  readonly #drainedOnce = new Set<string>()
  readonly #dynoNames = new Map<string, string>()
  readonly #o: RouterCoreOptions
  #plane: DataPlane | undefined
  readonly hold: WakeHold | undefined

  constructor(options: RouterCoreOptions) {
    this.#o = options
    this.stats = new Stats({ ...(options.registry === undefined ? {} : { registry: options.registry }) })
    const paths = haproxyPaths(options.dataDir)
    const dropped =
      options.registry === undefined
        ? undefined
        : new Counter({
            name: 'shoal_router_lines_dropped_total',
            help: 'Requests that got no router line because the line budget (--max-lines-per-second) was spent',
            registers: [options.registry],
          })
    this.receiver = new LogRing({
      adminSocket: paths.adminSocket,
      masterSocket: paths.masterSocket,
      log: options.log,
      clock: options.clock,
      onRecord: requestLogger({
        stats: this.stats,
        dynoOf: (server) => this.#dynoNames.get(server),
        crashed: (app) => this.#directory?.get(app)?.crashed === true,
        hasDynos: (app) => this.table.backends(app).length > 0,
        emit: options.onRouterLine,
        maxLinesPerSecond: options.maxLinesPerSecond,
        onLineDropped: () => dropped?.inc(),
      }),
    })
    const wake = options.wake
    this.hold =
      wake === undefined
        ? undefined
        : new WakeHold({
            wake,
            routable: (app) => this.table.backends(app),
            directory: () => this.#directory,
            domain: () => this.domain,
            clock: options.clock,
            log: options.log,
            onIdle: () => this.sync(),
          })
    this.tls = new TlsSync({ ...options.tlsFetch, runtime: () => this.#plane?.runtime, paths, log: options.log })
  }

  get dataPlane(): DataPlane {
    if (this.#plane === undefined) throw new Error('Cannot use the router: it has not started')
    return this.#plane
  }

  get directory(): ReadonlyMap<string, AppEntry> | undefined {
    return this.#directory
  }

  async start(signal: AbortSignal): Promise<void> {
    const o = this.#o
    this.http = await concreteAddress(o.http)
    this.https = o.https === undefined ? undefined : await concreteAddress(o.https)
    await this.receiver.start()
    await this.hold?.start()
    const paths = haproxyPaths(o.dataDir)
    const https = this.https
    this.#plane = new DataPlane({
      paths,
      log: o.log,
      clock: o.clock,
      keepRunning: o.keepHaproxy,
      adoptGraceMs: o.adoptGraceMs,
      minPool: o.minPool,
      onWorker: (kind) => this.receiver.follow(kind),
      config: {
        http: this.http,
        https: https === undefined ? undefined : { ...https, defaultCert: join(paths.certs, 'default.pem') },
        timeouts: { ...DEFAULT_TIMEOUTS, ...o.timeouts },
        maxConnections: o.maxConnections ?? 4096,
        threads: o.threads ?? 1,
      },
      input: () => ({
        domain: this.domain,
        directory: this.#directory,
        routes: this.table.all(),
        isHealthy: (id) => this.table.isHealthy(id),
        draining: this.#draining,
        backlogPerDyno: o.backlogPerDyno,
        hold: this.#holdInput(),
      }),
    })
    if (https !== undefined) await TlsSync.ensureDefaultCert(paths)
    await this.tls.start()
    await this.#plane.start(signal)
  }

  async stop(): Promise<void> {
    await this.#plane?.stop()
    await this.hold?.stop()
    await this.receiver.stop()
  }

  #holdInput(): { host: string; port: number; holding: (app: string) => number } | undefined {
    const hold = this.hold
    if (hold === undefined) return undefined
    return { ...hold.address, holding: (app) => hold.holding(app) }
  }

  /** Applies an announcement the caller accepted; returns whether it was newer than what the table had. */
  applyRoutes(message: RouteAnnouncement): boolean {
    const result = this.table.apply(message)
    for (const r of message.up ?? []) if (r.dynoId) this.#dynoNames.set(serverName(r.dynoId), r.dynoName ?? '')
    this.#withdraw(result.removed)
    this.sync()
    return result.applied
  }

  setDirectory(apps: readonly AppEntry[], domain?: string): void {
    this.#directory = new Map(apps.map((a) => [a.name ?? '', a]))
    if (domain) this.domain = domain
    this.sync()
  }

  setDomain(domain: string): void {
    this.domain = domain
    this.sync()
  }

  /** A suspect host keeps its routes but gets no new requests (`state drain`). */
  setHostHealthy(hostId: string, healthy: boolean): void {
    this.table.setHostHealthy(hostId, healthy)
    this.sync()
  }

  /** A dead host: its routes leave, and drain like withdrawn ones. */
  removeHost(hostId: string): void {
    this.#withdraw(this.table.removeHost(hostId))
    this.sync()
  }

  sync(): void {
    void this.#plane?.sync()
  }

  /** Waits until HAProxy holds what the router knows. */
  async settled(): Promise<void> {
    await this.#plane?.sync()
  }

  /**
   * Closes the statistics window and finds the drained dynos: withdrawn, with no session or queued request left
   * at them. A drained dyno is reported twice (gossip may drop one), then HAProxy forgets its server.
   */
  async report(now: number): Promise<RouterReportBody> {
    const plane = this.#plane
    const rows = plane === undefined ? [] : await plane.stats().catch(() => [])
    const live = new Map<string, LiveCounts>()
    const sessions = new Map<string, number>()
    for (const row of rows) {
      if (row.server === 'FRONTEND') continue
      if (row.server !== 'BACKEND') sessions.set(row.server, row.scur + row.qcur)
      const app = plane?.appOfBackend(row.backend)
      if (app === undefined) continue
      const c = live.get(app) ?? { inFlight: 0, queueLength: 0, dynos: 0 }
      live.set(app, c)
      if (row.server === 'BACKEND') {
        // A backend's sessions include those still waiting in its queue.
        c.inFlight = Math.max(0, row.scur - row.qcur)
        c.queueLength = row.qcur
      } else if (/^UP|^no check/.test(row.status) && !row.server.startsWith(HOLD_SERVER_PREFIX)) c.dynos++
    }
    this.stats.setLive(live)
    // Apps that left the directory and have no backend here any more: their per-app series go.
    if (this.#directory !== undefined) this.stats.retainApps(new Set([...this.#directory.keys(), ...live.keys()]))
    const drained = [...this.#draining.values()]
      .filter((b) => (sessions.get(serverName(b.dynoId)) ?? 0) === 0)
      .map((b) => b.dynoId)
    for (const id of drained) {
      if (this.#drainedOnce.delete(id)) this.#draining.delete(id)
      else this.#drainedOnce.add(id)
    }
    this.sync()
    return { stats: this.stats.snapshot(now), drained }
  }

  #withdraw(removed: readonly Backend[]): void {
    for (const b of removed) this.#draining.set(b.dynoId, b)
    for (const b of this.table.all()) {
      this.#draining.delete(b.dynoId)
      this.#drainedOnce.delete(b.dynoId)
    }
  }
}

/** HAProxy needs a concrete port in its configuration: port 0 becomes a free one now. */
async function concreteAddress(listen: string): Promise<{ host: string; port: number }> {
  const { host, port } = parseHostPort(listen, '0.0.0.0')
  if (port !== 0) return { host, port }
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, resolve)
  })
  const free = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return { host, port: free }
}
