import { peerIdFromString } from '@libp2p/peer-id'
import type { Clock } from '../lib/clock.ts'
import { startable, stopper } from '../lib/lifecycle.ts'
import { microsFromMs, routerLine } from '../lib/log-format.ts'
import type { Logger } from '../lib/logger.ts'
import { metricsListen } from '../lib/metrics.ts'
import { SHOAL_VERSION } from '../lib/version.ts'
import { ClusterTrust } from '../mesh/cluster-trust.ts'
import { startHostPeer } from '../mesh/host-peer.ts'
import { controllersOf, joinCluster } from '../mesh/join-cluster.ts'
import { LeaderTracker } from '../mesh/leader-tracker.ts'
import { Membership, runMembership, STOPPING_GRACE_MS } from '../mesh/membership.ts'
import { meshLogShipper } from '../mesh/mesh-log-shipper.ts'
import { MetricsEndpoint } from '../mesh/metrics-announcer.ts'
import { request } from '../mesh/rpc.ts'
import {
  AppDirectoryCodec,
  HostReportCodec,
  RouteAnnouncementCodec,
  RouterReportCodec,
  WakeRequestCodec,
} from '../proto/codec.ts'
import { PROTOCOL_WAKE, TOPIC_APPS, TOPIC_HOST_REPORT, TOPIC_ROUTER_REPORT, TOPIC_ROUTES } from '../proto/topics.ts'
import type { DataPlane } from './data-plane.ts'
import type { RouterTimeouts } from './haproxy-config.ts'
import { acceptRouteAnnouncement } from './route-acceptance.ts'
import { RouteGate } from './route-trust.ts'
import { RouterCore } from './router-core.ts'

export const ROUTER_VERSION = SHOAL_VERSION
const REPORT_INTERVAL_MS = 2000

export interface RouterOptions {
  dataDir: string
  joinToken: string
  /** HOST:PORT for HTTP ingress (port 0: a free port). */
  http: string
  /** HOST:PORT for HTTPS ingress; absent: none. */
  https?: string | undefined
  meshListen?: string[] | undefined
  metricsListen?: string | undefined
  /** Time to first byte before H12; 30 s like Heroku unless a test shortens it. */
  timeoutMs?: number | undefined
  timeouts?: Partial<RouterTimeouts> | undefined
  maxConnections?: number | undefined
  threads?: number | undefined
  /** Router lines formatted and shipped per second at most. Default 10000. */
  maxLinesPerSecond?: number | undefined
  /** Leave HAProxy serving when the router stops (as when it is killed). */
  keepHaproxy?: boolean | undefined
  /** Router lines go here as well as to the log hub (when one is wired). */
  onRouterLine?: (line: string, app: string | undefined) => void
  logger?: Logger
  clock?: Clock
}

export interface RunningRouter {
  hostId: string
  httpUrl: string
  httpsUrl: string | undefined
  metricsUrl: string
  dataPlane: DataPlane
  stop(): Promise<void>
}

/**
 * One router per host. HAProxy carries the traffic; this process is its control plane (RouterCore) fed from the
 * mesh: agents announce dynos, the leader publishes the app directory and TLS state, membership marks suspect
 * hosts. Router lines go to the leader's log hub; every few seconds a RouterReport carries the request statistics
 * and the withdrawn dynos drained here.
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
  // The peer's lifecycle (state, mesh node, bus) takes the router's components too, as the agent's does: one stop()
  // stops them all in reverse.
  const { token, clock, registry, node, hostId, log, bus, life } = peer
  try {
    const leader = new LeaderTracker(bus, controllersOf(token).keys(), clock)
    const shipper = meshLogShipper({ node: node.libp2p, target: () => leader.leader(), clock, logger: log, registry })
    life.add(stopper('log-shipper', () => shipper.stop()))
    const core = life.add(
      new RouterCore({
        dataDir: options.dataDir,
        http: options.http,
        https: options.https,
        timeouts: { ...(options.timeoutMs === undefined ? {} : { serverMs: options.timeoutMs }), ...options.timeouts },
        maxConnections: options.maxConnections,
        threads: options.threads,
        maxLinesPerSecond: options.maxLinesPerSecond,
        keepHaproxy: options.keepHaproxy,
        onRouterLine: (line, app) => {
          options.onRouterLine?.(line, app)
          if (app !== undefined) shipper.ship(routerLine(app, line, microsFromMs(clock.now())))
        },
        tlsFetch: { node: node.libp2p, leader: () => leader.leader() },
        wake: async (app, processType, queued) => {
          const to = leader.leader()
          if (to === undefined) throw new Error('no leader known')
          await request(
            node.libp2p,
            peerIdFromString(to),
            PROTOCOL_WAKE,
            { request: WakeRequestCodec, response: WakeRequestCodec },
            { app, processType, queued },
            { timeoutMs: 5000 },
          )
        },
        registry,
        log,
        clock,
      }),
    )

    const trust = new ClusterTrust(leader, (revoked) => node.refuse(revoked))
    /** sentAtMs of the newest directory taken in its epoch (trust.epoch), reported to the leader (router-acks.ts). */
    let directorySentAt = 0
    const gate = new RouteGate(trust)
    life.add(
      startable('mesh-subscriptions', () => {
        joinCluster({ node, token, role: 'router', version: ROUTER_VERSION, clock, log, signal: life.signal }).then(
          (res) => {
            if (res.domain) core.setDomain(res.domain)
          },
          () => {},
        )
        bus.subscribe(TOPIC_ROUTES, RouteAnnouncementCodec, ({ message, from }) => {
          if (!acceptRouteAnnouncement({ message, from })) return false
          // Mesh trust: admitted hosts only, each only for the web dynos the leader assigned to it.
          const { announcement, refused } = gate.announcement(message, from)
          log.debug(
            {
              peer: from,
              seq: Number(message.seq ?? 0),
              snapshot: message.snapshot === true,
              up: (announcement?.up ?? []).length,
              withdrawn: (message.withdrawn ?? []).length,
              refused,
            },
            'route announcement',
          )
          if (announcement === null) return false
          core.applyRoutes(announcement)
          return true
        })
        bus.subscribe(TOPIC_APPS, AppDirectoryCodec, ({ message, from }) => {
          const epochBefore = trust.epoch
          if (trust.directory(message, from) !== 'accepted') return false // the current leader's, by epoch
          const sentAt = Number(message.sentAtMs ?? 0)
          directorySentAt = trust.epoch === epochBefore ? Math.max(directorySentAt, sentAt) : sentAt
          for (const a of gate.reconcile(core.table.all())) {
            if ((a.withdrawn ?? []).length > 0)
              log.debug({ peer: a.hostId, withdrawn: a.withdrawn }, 'routes the directory no longer backs')
            core.applyRoutes(a)
          }
          core.setDirectory(message.apps ?? [], message.domain ?? undefined)
          core.tls.noteVersion(message.tlsVersion)
          return true
        })
      }),
    )

    const membership = new Membership()
    life.add(
      startable('membership', () => {
        bus.subscribe(TOPIC_HOST_REPORT, HostReportCodec, ({ message, from }) => {
          if (message.hostId !== from) return false
          node.want(from, message.addresses ?? [])
          const grace = Math.min(Number(message.restartGraceMs ?? 0), STOPPING_GRACE_MS)
          if (grace > 0) {
            // Its agent restarts; its dynos keep running: keep sending them requests through the grace.
            membership.stopping(from, clock.now(), grace, 'alive')
            return true
          }
          if (membership.report(from, clock.now()) !== null) core.setHostHealthy(from, true)
          return true
        })
        const driver = runMembership(membership, {
          clock,
          probe: (id, signal) => node.probe(id, signal),
          onTransition: (t) => {
            log.info({ peer: t.id, from: t.from, to: t.to }, 'host state changed')
            if (t.to === 'alive') core.setHostHealthy(t.id, true)
            else if (t.to === 'suspect') core.setHostHealthy(t.id, false)
            else {
              core.removeHost(t.id)
              gate.forget(t.id)
            }
          },
        })
        life.add(stopper('membership-driver', () => driver.stop()))
      }),
    )

    let last = clock.now()
    let timer: { cancel(): void } | undefined
    const report = async () => {
      const now = clock.now()
      const body = await core.report(now)
      await bus
        .publish(TOPIC_ROUTER_REPORT, RouterReportCodec, {
          hostId,
          sentAtMs: now,
          intervalMs: now - last,
          ...body,
          directoryEpoch: trust.epoch,
          directorySentAtMs: directorySentAt,
        })
        .catch((err: unknown) => log.debug({ err: String(err) }, 'router report failed'))
      last = now
    }
    life.add(
      startable(
        'reports',
        () => {
          timer = clock.setInterval(() => void report(), REPORT_INTERVAL_MS)
        },
        () => timer?.cancel(),
      ),
    )

    const metrics = life.add(
      new MetricsEndpoint({
        registry,
        listen: metricsListen('router', options.metricsListen),
        bus,
        clock,
        log,
        peerId: hostId,
        daemon: 'router',
        version: ROUTER_VERSION,
      }),
    )
    await life.start()

    const url = (scheme: string, a: { host: string; port: number }) =>
      `${scheme}://${a.host.includes(':') ? `[${a.host}]` : a.host === '0.0.0.0' ? '127.0.0.1' : a.host}:${a.port}`
    const httpUrl = url('http', core.http)
    const httpsUrl = core.https === undefined ? undefined : url('https', core.https)
    log.info({ http: httpUrl, https: httpsUrl, metrics: metrics.url }, 'router started')
    return { hostId, httpUrl, httpsUrl, metricsUrl: metrics.url, dataPlane: core.dataPlane, stop: () => life.stop() }
  } catch (err) {
    await life.stop()
    throw err
  }
}
