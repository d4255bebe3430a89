import type { Clock } from '../lib/clock.ts'
import { microsFromMs, routerLine } from '../lib/log-format.ts'
import type { Logger } from '../lib/logger.ts'
import { parseHostPort, serveMetrics } from '../lib/metrics.ts'
import { ClusterTrust } from '../mesh/cluster-trust.ts'
import { startHostPeer } from '../mesh/host-peer.ts'
import { controllersOf, joinCluster } from '../mesh/join-cluster.ts'
import { LeaderTracker } from '../mesh/leader-tracker.ts'
import { Membership, runMembership } from '../mesh/membership.ts'
import { meshLogShipper } from '../mesh/mesh-log-shipper.ts'
import {
  AppDirectoryCodec,
  type AppEntry,
  HostReportCodec,
  RouteAnnouncementCodec,
  RouterReportCodec,
} from '../proto/codec.ts'
import { TOPIC_APPS, TOPIC_HOST_REPORT, TOPIC_ROUTER_REPORT, TOPIC_ROUTES } from '../proto/topics.ts'
import { Balancer } from './balancer.ts'
import type { AppState } from './context.ts'
import { createRouterServer } from './proxy.ts'
import { RouteTable } from './route-table.ts'
import { RouteGate } from './route-trust.ts'
import { Stats } from './stats.ts'

export const ROUTER_VERSION = '0.1.0'
const REPORT_INTERVAL_MS = 2000

export interface RouterOptions {
  dataDir: string
  joinToken: string
  /** HOST:PORT for HTTP ingress. */
  http: string
  meshListen?: string[] | undefined
  metricsListen?: string | undefined
  /** Time to first byte before H12; 30 s like Heroku unless a test shortens it. */
  timeoutMs?: number | undefined
  /** Router lines go here as well as to the log hub (when one is wired). */
  onRouterLine?: (line: string, app: string | undefined) => void
  logger?: Logger
  clock?: Clock
}

export interface RunningRouter {
  hostId: string
  httpUrl: string
  metricsUrl: string
  stop(): Promise<void>
}

/**
 * One router per host: HTTP ingress whose route table is learned from the mesh (agents announce dynos, the leader
 * publishes the app directory), so routing goes on while the controller is down. Hosts judged suspect get no new
 * requests; dead hosts lose their routes. Every few seconds the router publishes its request statistics and the
 * withdrawn dynos it no longer has requests in flight to (the drain handshake).
 */
export async function startRouter(options: RouterOptions): Promise<RunningRouter> {
  const peer = await startHostPeer({
    daemon: 'router',
    dataDir: options.dataDir,
    joinToken: options.joinToken,
    meshListen: options.meshListen,
    logger: options.logger,
    clock: options.clock,
  })
  const { token, clock, registry, node, hostId, log, bus } = peer
  const stops = { push: peer.onStop }
  const stopAll = peer.stopAll
  try {
    const stopping = new AbortController()
    stops.push(() => stopping.abort())
    let domain = 'shoal.localhost'
    joinCluster({ node, token, role: 'router', version: ROUTER_VERSION, clock, log, signal: stopping.signal }).then(
      (res) => {
        if (res.domain) domain = res.domain
      },
      () => {},
    )

    // Router lines go to the log hub on the leader, like every other line of an app.
    const leader = new LeaderTracker(bus, controllersOf(token).keys(), clock)
    const shipper = meshLogShipper({ node: node.libp2p, target: () => leader.leader(), clock, logger: log, registry })
    stops.push(() => shipper.stop())

    const table = new RouteTable()
    const balancer = new Balancer({ clock })
    const withdrawn = new Set<string>()
    // Only admitted hosts, each only for the web dynos the leader assigned to it (router/route-trust.ts).
    const trust = new ClusterTrust(leader)
    const gate = new RouteGate(trust)
    bus.subscribe(TOPIC_ROUTES, RouteAnnouncementCodec, ({ message, from }) => {
      const { announcement, refused } = gate.announcement(message, from)
      if (refused > 0) log.debug({ host: from, refused }, 'refused routes no assignment backs')
      if (announcement === null) return false
      for (const b of table.apply(announcement).removed) withdrawn.add(b.dynoId)
      return true
    })

    // The leader's directory of apps; until one arrives, any app with routes counts as existing.
    let directory: Map<string, AppEntry> | undefined
    const customDomains = new Map<string, string>()
    bus.subscribe(TOPIC_APPS, AppDirectoryCodec, ({ message, from }) => {
      const verdict = trust.directory(message, from)
      if (verdict !== 'accepted') {
        log.debug({ peer: from, verdict }, 'refused an app directory')
        return false
      }
      for (const a of gate.reconcile(table.all())) {
        for (const b of table.apply(a).removed) withdrawn.add(b.dynoId)
      }
      directory = new Map((message.apps ?? []).map((a) => [a.name ?? '', a]))
      customDomains.clear()
      for (const a of message.apps ?? []) for (const d of a.domains ?? []) customDomains.set(d, a.name ?? '')
      if (message.domain) domain = message.domain
      return true
    })
    const appState = (app: string): AppState | undefined => {
      if (directory === undefined) return table.backends(app).length > 0 ? 'up' : undefined
      const entry = directory.get(app)
      if (entry === undefined) return 'unknown'
      return entry.maintenance ? 'maintenance' : entry.crashed ? 'crashed' : 'up'
    }

    const membership = new Membership()
    bus.subscribe(TOPIC_HOST_REPORT, HostReportCodec, ({ message, from }) => {
      if (message.hostId !== from) return false
      node.want(from, message.addresses ?? [])
      const t = membership.report(from, clock.now())
      if (t !== null) table.setHostHealthy(from, true)
      return true
    })
    const driver = runMembership(membership, {
      clock,
      probe: (id, signal) => node.probe(id, signal),
      onTransition: (t) => {
        log.info({ peer: t.id, from: t.from, to: t.to }, 'host state changed')
        if (t.to === 'alive') table.setHostHealthy(t.id, true)
        else if (t.to === 'suspect') table.setHostHealthy(t.id, false)
        else {
          for (const b of table.all().filter((r) => r.hostId === t.id)) withdrawn.add(b.dynoId)
          table.removeHost(t.id)
          gate.forget(t.id)
        }
      },
    })
    stops.push(() => driver.stop())

    const stats = new Stats({ registry, now: clock.now() })
    const server = createRouterServer({
      routeTable: table,
      get domain() {
        return domain
      },
      customDomains,
      appState,
      balancer,
      stats,
      clock,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      log: (line, app) => {
        options.onRouterLine?.(line, app)
        if (app !== undefined) shipper.ship(routerLine(app, line, microsFromMs(clock.now())))
      },
    })
    const { host, port } = parseHostPort(options.http, '0.0.0.0')
    const addr = await server.listen(port, host)
    stops.push(() => server.close())

    let last = clock.now()
    const report = clock.setInterval(() => {
      const now = clock.now()
      const drained = [...withdrawn].filter((id) => balancer.inFlight(id) === 0)
      bus
        .publish(TOPIC_ROUTER_REPORT, RouterReportCodec, {
          hostId,
          sentAtMs: now,
          intervalMs: now - last,
          stats: stats.snapshot(now),
          drained,
        })
        .catch((err: unknown) => log.debug({ err: String(err) }, 'router report failed'))
      last = now
      // A drained dyno is reported a few times (gossip may drop one), then forgotten.
      for (const id of drained) withdrawn.delete(id)
    }, REPORT_INTERVAL_MS)
    stops.push(() => report.cancel())

    const metrics = await serveMetrics(registry, options.metricsListen ?? '127.0.0.1:0')
    stops.push(() => metrics.close())
    const httpUrl = `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`
    log.info({ http: httpUrl, metrics: metrics.url }, 'router started')
    return { hostId, httpUrl, metricsUrl: metrics.url, stop: stopAll }
  } catch (err) {
    await stopAll()
    throw err
  }
}
