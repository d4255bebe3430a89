import { hostname } from 'node:os'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { BlobStore } from '../lib/blob-store.ts'
import { type Clock, systemClock, type Timer } from '../lib/clock.ts'
import { Lifecycle, startable, stopper } from '../lib/lifecycle.ts'
import { createLogger, type Logger } from '../lib/logger.ts'
import { createRegistry, metricsListen } from '../lib/metrics.ts'
import { publicKeyPin } from '../lib/pinned-tls.ts'
import { privateDataDir } from '../lib/private-dir.ts'
import { SHOAL_VERSION } from '../lib/version.ts'
import { fetchBlob, serveBlobs } from '../mesh/blob-transfer.ts'
import { Bus, busMetrics } from '../mesh/bus.ts'
import { FloodGuard } from '../mesh/flood-guard.ts'
import { loadIdentity } from '../mesh/identity.ts'
import { encodeJoinToken } from '../mesh/join-token.ts'
import { type MembershipDriver, runMembership } from '../mesh/membership.ts'
import { MeshNode } from '../mesh/mesh-node.ts'
import { MetricsEndpoint } from '../mesh/metrics-announcer.ts'
import { request, rpcMetrics } from '../mesh/rpc.ts'
import type { ControllerStatus } from '../proto/api.ts'
import { HostReportCodec, LogBatchCodec, MetricsEndpointCodec, RouterReportCodec } from '../proto/codec.ts'
import { ShoalError } from '../proto/errors.ts'
import {
  METRICS_ANNOUNCE_INTERVAL_MS,
  PROTOCOL_LOGS,
  TOPIC_HOST_REPORT,
  TOPIC_METRICS,
  TOPIC_ROUTER_REPORT,
} from '../proto/topics.ts'
import { serveAdmission } from './admission.ts'
import { createApiServer, listen } from './api/api-server.ts'
import { registerAppsRoutes } from './api/apps-routes.ts'
import { registerAutoscaleRoutes } from './api/autoscale-routes.ts'
import { registerBuildsRoutes } from './api/builds-routes.ts'
import { registerClusterRoutes } from './api/cluster-routes.ts'
import { registerControllersRoutes, registerLeaderGate } from './api/controllers-routes.ts'
import { registerDrainsRoutes } from './api/drains-routes.ts'
import { registerFormationRoutes } from './api/formation-routes.ts'
import { registerHostsAdminRoutes } from './api/hosts-admin-routes.ts'
import { registerLogsRoutes } from './api/logs-routes.ts'
import { PROMETHEUS_READ_PATHS, registerPrometheusRoutes } from './api/prometheus-routes.ts'
import { registerRunRoutes } from './api/run-routes.ts'
import { AppService } from './apps/app-service.ts'
import { AUTOSCALE_PREFIX, CONCURRENCY_PREFIX } from './autoscaler/autoscale-records.ts'
import { createAutoscaling } from './autoscaler/autoscaling.ts'
import { PeerBlobStore } from './blobs/peer-blob-store.ts'
import { type BuildLimits, BuildService } from './builds/build-service.ts'
import { apiFingerprint, clusterKeyring, loadCluster, rotateJoinSecret } from './cluster-config.ts'
import { type ClusterKeyring, clusterKeyring as configVarKeyring } from './cluster-keyring.ts'
import {
  CONTROLLERS_PREFIX,
  type ControllerRecord,
  listControllers,
  publishController,
} from './controllers/controller-records.ts'
import { followSharedJoinSecret, rotateSharedJoinSecret, shareClusterConfig } from './controllers/shared-config.ts'
import { registerDashboardRoutes } from './dashboard/dashboard-routes.ts'
import { MetricsHistory } from './dashboard/metrics-history.ts'
import { Sessions } from './dashboard/sessions.ts'
import { EmbeddedElection } from './election/embedded-election.ts'
import { EtcdElection } from './election/etcd-election.ts'
import { fencedStore } from './election/fenced-store.ts'
import { leaderAnnouncer } from './election/leader-announcer.ts'
import { LeaderLifecycle } from './election/leader-lifecycle.ts'
import { FormationService } from './formation/formation-service.ts'
import { registerGitRoutes } from './git/git-http.ts'
import { GIT_PREFIX, GitSync } from './git/git-sync.ts'
import { HostRegistry } from './host-registry.ts'
import { Revocations } from './host-revocations.ts'
import { Idempotency } from './idempotency/idempotency.ts'
import { registerInstallRoutes } from './install/install-routes.ts'
import { DrainManager } from './logs/drains/drain-manager.ts'
import { DrainService } from './logs/drains/drain-service.ts'
import { LogHub } from './logs/log-hub.ts'
import { serveLogIngest } from './logs/log-ingest.ts'
import { LogReplication } from './logs/log-replication.ts'
import { RingJournal } from './logs/ring-journal.ts'
import { type DynoCount, instrumentStore, registerControllerMetrics } from './metrics/controller-metrics.ts'
import { MetricsTargets, metricsReadToken } from './metrics/metrics-targets.ts'
import { appDirectoryPublisher } from './orchestrator/app-directory.ts'
import { meshAttach } from './orchestrator/attach-client.ts'
import { ClusterBookings } from './orchestrator/cluster-bookings.ts'
import { readDirectoryTrust } from './orchestrator/directory-trust.ts'
import { DynoControl } from './orchestrator/dyno-control.ts'
import { phaseOf } from './orchestrator/dyno-statuses.ts'
import { FormationCache } from './orchestrator/formation-cache.ts'
import { meshSender } from './orchestrator/host-pusher.ts'
import { OneOffs } from './orchestrator/one-offs.ts'
import { DEFAULT_CPU_SHARES_PER_CORE, Orchestrator, oneOffReservation } from './orchestrator/orchestrator.ts'
import { runReleasePhase } from './orchestrator/release-phase.ts'
import { RouterAcks } from './orchestrator/router-acks.ts'
import { StackHashes } from './stack-hashes.ts'
import { type OpenedStore, openStore } from './store/open-store.ts'
import { sealingStore, sealPlaintext } from './store/sealing-store.ts'
import { getJson, type Store } from './store/store.ts'
import type { AcmePolicy } from './tls/acme-manager.ts'
import { createTls } from './tls/tls-wiring.ts'

export const VERSION = SHOAL_VERSION

export interface ControllerOptions {
  dataDir: string
  logger?: Logger
  clock?: Clock
  /** Overrides of what cluster.json says. */
  apiListen?: string | undefined
  metricsListen?: string | undefined
  /** ACME directory for automatic certificates (default Let's Encrypt); `off` disables certs:auto. */
  acmeDirectory?: string | undefined
  /** PEM file of CA certificates to trust for the ACME server (a private CA, or pebble's in tests). */
  acmeCaFile?: string | undefined
  /** Retry/renewal timing of automatic certificates (tests shorten it). */
  acmePolicy?: Partial<AcmePolicy> | undefined
  /** Overrides cluster.json's store: an etcd:// URL, or a level store directory. */
  store?: string | undefined
  /** Release packages served to installers (GET /v1/package); see controller/install/. */
  packagesDir?: string | undefined
}

export interface RunningController {
  apiUrl: string
  metricsUrl: string
  peerId: string
  meshAddresses(): string[]
  joinToken(): string
  stop(): Promise<void>
}

/**
 * The composition root of one controller: every long-lived part is a Startable in `life`, started in order and
 * stopped in reverse; the leader-only parts form the nested `leader` lifecycle, driven by the election. Services
 * are built here; route files only translate HTTP to them.
 */
export async function startController(options: ControllerOptions): Promise<RunningController> {
  const cluster = loadCluster(options.dataDir)
  const logger = options.logger ?? createLogger('controller')
  const clock = options.clock ?? systemClock
  const registry = createRegistry('controller')
  await privateDataDir(options.dataDir)
  const life = new Lifecycle({
    onStopError: (err, component) => logger.error({ err, component }, 'a component failed to stop'),
  })
  const opened = await openStore(options.dataDir, options.store ?? cluster.store, { logger, registry })
  // Config vars are sealed at rest under the cluster keyring (store/sealing-store.ts); with etcd every controller
  // shares one keyring through the store (cluster-keyring.ts). Plaintext from before sealing is sealed now.
  const keys = await configVarKeyring(options.dataDir, opened.kind === 'etcd' ? opened.store : undefined)
  // Level's operations are timed here; etcd's client has its own request metrics.
  const timed = opened.kind === 'etcd' ? opened.store : instrumentStore(opened.store, registry)
  const store = sealingStore(timed, () => keys.current())
  life.add(stopper('store', () => store.close()))
  try {
    const sealed = await sealPlaintext(opened.store, keys.current())
    if (sealed > 0) logger.info({ records: sealed }, 'sealed plaintext config vars at rest')
    return await compose(options, { cluster, logger, clock, registry, life, store, opened, keys })
  } catch (err) {
    // A failed start has already stopped what started, the store included; a failure before it has not.
    if (!life.signal.aborted) await store.close()
    throw err
  }
}

interface Roots {
  cluster: ReturnType<typeof loadCluster>
  logger: Logger
  clock: Clock
  registry: ReturnType<typeof createRegistry>
  life: Lifecycle
  store: Store
  opened: OpenedStore
  keys: ClusterKeyring
}

async function compose(options: ControllerOptions, roots: Roots): Promise<RunningController> {
  const { cluster, logger, clock, registry, life, opened, keys } = roots
  // Idempotency keys live in the shared store; a keyed request's writes go through `store` fenced on its claim.
  const idempotency = new Idempotency({ store: roots.store, clock, logger })
  const store = idempotency.scoped(roots.store)
  let apiUrl = ''
  // With etcd, controllers campaign for a lease-backed leader key; leader-only writes are fenced by it.
  const ha = opened.kind === 'etcd' ? opened.store : undefined
  const etcdElection =
    ha === undefined
      ? undefined
      : new EtcdElection({
          store: ha,
          clock,
          logger,
          registry,
          candidate: () => ({
            id: node.peerId.toString(),
            apiUrl,
            peerId: node.peerId.toString(),
            meshAddresses: node.addresses(),
            version: VERSION,
          }),
        })
  const election = life.add(etcdElection ?? new EmbeddedElection({ store, logger }))
  const leaderStore: Store = etcdElection === undefined ? store : fencedStore(store, () => etcdElection.fence())
  const leader = new LeaderLifecycle({ election, logger, clock })
  const controllers = new Map<string, ControllerRecord>()

  const hosts = new HostRegistry({ store, clock, logger })
  life.add(startable('hosts', () => hosts.load()))
  // HA: admissions and host changes made through the other controllers (the store is shared).
  if (etcdElection !== undefined) {
    const following = new AbortController()
    life.add(
      startable(
        'hosts-follow',
        () => hosts.follow(following.signal),
        () => following.abort(),
      ),
    )
  }
  hosts.registerMetrics(registry)
  const node = await MeshNode.create({
    privateKey: loadIdentity(Buffer.from(cluster.identity, 'base64url')),
    swarmKey: Buffer.from(cluster.swarmKey, 'base64url'),
    listen: cluster.meshListen,
    logger,
    registry,
    clock,
  })
  life.add(node)
  // A peer flooding gossip (garbage or at flood rate) is cut off for a while; other controllers never are.
  const guard = new FloodGuard({
    clock,
    logger,
    ban: (peer, ms) => node.ban(peer, ms),
    exempt: (peer) => controllers.has(peer),
  })
  const bus = new Bus(node.libp2p.services.pubsub, { logger, metrics: busMetrics(registry), guard })
  life.add(stopper('bus', () => bus.close()))
  const rpc = rpcMetrics(registry)
  const revocations = new Revocations({ store, clock })
  const stackHashes = new StackHashes({ store, logger })
  // Revoked peers are refused at connect (mesh/mesh-node.ts): those in the store at start, each one this controller
  // revokes at once (disconnect below), and those another controller revoked within 5 s.
  let revocationTimer: Timer | undefined
  const refuseRevoked = (): Promise<void> =>
    revocations.list().then(
      (peers) => node.refuse(peers.map((p) => p.id)),
      (err: unknown) => logger.warn({ err: String(err) }, 'cannot read revoked peers'),
    )
  life.add(
    startable(
      'revocations',
      async () => {
        await refuseRevoked()
        revocationTimer = clock.setInterval(() => void refuseRevoked(), 5000)
      },
      () => revocationTimer?.cancel(),
    ),
  )
  life.add(
    startable('admission', () =>
      serveAdmission({
        node: node.libp2p,
        hosts,
        joinSecret: () => cluster.joinSecret,
        revocations,
        version: VERSION,
        clusterId: cluster.id,
        domain: cluster.domain,
        logger,
        metrics: rpc,
      }),
    ),
  )
  let membership: MembershipDriver | undefined
  life.add(
    startable(
      'membership',
      () => {
        for (const record of hosts.records()) node.want(record.id, record.addresses)
        bus.subscribe(TOPIC_HOST_REPORT, HostReportCodec, ({ message, from }) => {
          if (!hosts.accept(message, from)) return false
          node.want(from, message.addresses ?? [])
          if (message.stackVersion && message.stackSha256) {
            stackHashes
              .heard(message.stackVersion, message.stackSha256, from)
              .catch((err: unknown) => logger.warn({ err: String(err) }, 'cannot pin a stack hash'))
          }
          return true
        })
        membership = runMembership(hosts.membership, {
          clock,
          probe: (id, signal) => node.probe(id, signal),
          onTransition: (t) => hosts.observe(t),
        })
      },
      () => membership?.stop(),
    ),
  )

  // Prometheus discovery: every daemon announces its /metrics; admitted peers' announcements are kept. Router reports
  // feed the dashboard's history.
  const metricsTargets = new MetricsTargets(clock)
  const routerAcks = new RouterAcks(clock)
  life.add(
    startable('observability-topics', () => {
      bus.subscribe(TOPIC_METRICS, MetricsEndpointCodec, ({ message, from }) => {
        if (!hosts.isAdmitted(from)) return false
        return metricsTargets.accept(message, from)
      })
      bus.subscribe(TOPIC_ROUTER_REPORT, RouterReportCodec, ({ message, from }) => {
        if (!hosts.isAdmitted(from) || message.hostId !== from) return false
        history.record(message.stats ?? [])
        routerAcks.record(from, message)
        return true
      })
    }),
  )

  const joinToken = (): string =>
    encodeJoinToken({
      clusterId: cluster.id,
      swarmKey: cluster.swarmKey,
      secret: cluster.joinSecret,
      controllers: [...new Set([...node.addresses(), ...[...controllers.values()].flatMap((c) => c.meshAddresses)])],
      apiFingerprint: apiFingerprint(cluster),
    })

  const adoptJoinSecret = (secret: string): void => {
    if (secret === cluster.joinSecret) return
    rotateJoinSecret(options.dataDir, cluster, secret)
    logger.info('join secret changed (shared by the controllers)')
  }

  // The domain services.
  const logHub = new LogHub({ clock, registry })
  // The rings come back from disk before any line arrives; drains start from the store and follow it.
  const journal = life.add(
    new RingJournal({ dir: join(options.dataDir, 'logs'), hub: logHub, logger, clock, registry }),
  )
  const drains = new DrainService({ store, clock })
  life.add(
    new DrainManager({
      store,
      hub: logHub,
      logger,
      clock,
      registry,
      sender: drainOptionsFromEnv(),
      // HA: every controller holds every line (log-replication.ts); the leader alone delivers them to drains.
      delivering: ha === undefined ? undefined : () => election.isLeader(),
    }),
  )
  // The dashboard's charts: a short history of what routers report, kept here (no Prometheus needed).
  const history = new MetricsHistory({ clock })
  const apps = new AppService({
    store,
    clock,
    logger,
    onEvent: (app, message) => logHub.apiEvent(app, message),
    onDestroy: (app) => {
      logHub.drop(app)
      history.drop(app)
      journal.drop(app).catch((err: unknown) => logger.warn({ app, err: String(err) }, 'log journal not removed'))
      drains
        .removeAll(app)
        .catch((err: unknown) => logger.warn({ app, err: String(err) }, 'drains of a destroyed app not removed'))
      tlsParts.forget(app).catch((err: unknown) => logger.warn({ app, err: String(err) }, 'TLS cleanup failed'))
    },
    ownedPrefixes: [AUTOSCALE_PREFIX, CONCURRENCY_PREFIX, GIT_PREFIX],
  })
  // Custom domains, maintenance, certificates (keys sealed) and the TLS state the routers fetch.
  const tlsParts = createTls({
    store,
    apps,
    node,
    hosts,
    clock,
    logger,
    rpc,
    clusterDomain: cluster.domain,
    keyring: clusterKeyring(cluster),
    epoch: () => election.epoch(),
    onEvent: (app, message) => logHub.apiEvent(app, message),
    acmeDirectory: options.acmeDirectory,
    acmeCaFile: options.acmeCaFile,
    acmePolicy: options.acmePolicy,
  })
  const formations = new FormationService({ store, apps, clock, logger, onEvent: (app, m) => logHub.apiEvent(app, m) })
  // Releases made by builds are leader work: on etcd they are written through the fence, so a deposed leader's
  // build cannot release.
  const leaderApps =
    leaderStore === store
      ? apps
      : new AppService({
          store: leaderStore,
          clock,
          logger,
          onEvent: (app, message) => logHub.apiEvent(app, message),
          onDestroy: (app) => logHub.drop(app),
        })
  // Builds: sources and slugs live in the controller's blob store, which every peer may fetch from.
  // In an HA cluster a controller lacking a blob (a new leader asked for a slug) fetches it from a peer by hash.
  const blobs =
    ha === undefined
      ? new BlobStore(join(options.dataDir, 'blobs'))
      : new PeerBlobStore(join(options.dataDir, 'blobs'), {
          logger,
          peers: () => {
            const self = node.peerId.toString()
            const others = [...controllers.keys()].filter((id) => id !== self)
            const alive = hosts
              .views()
              .filter((h) => h.state === 'alive')
              .map((h) => h.id)
            return [...new Set([...others, ...alive])]
          },
          fetch: async (peer, sha, into, signal) => {
            const id = peerIdFromString(peer)
            // Another controller may never have dialled us: teach the mesh its published addresses first.
            const known = controllers.get(peer)?.meshAddresses ?? []
            if (known.length > 0) await node.libp2p.peerStore.merge(id, { multiaddrs: known.map((a) => multiaddr(a)) })
            return fetchBlob(node.libp2p, id, sha, into, { signal })
          },
        })
  const controllerMetrics = registerControllerMetrics(registry, async () => {
    const desired = (await formations.snapshotFormations()).map((f) => ({
      app: f.app,
      processType: f.processType,
      state: 'desired' as const,
      count: f.quantity,
    }))
    const counts = new Map<string, DynoCount>()
    const add = (app: string, processType: string, state: DynoCount['state']): void => {
      const key = `${app}\u0000${processType}\u0000${state}`
      const c = counts.get(key) ?? { app, processType, state, count: 0 }
      c.count++
      counts.set(key, c)
    }
    for (const a of orchestrator.assignments()) {
      const status = orchestrator.statuses.get(a.dynoId)
      const phase = status === undefined ? 'pending' : phaseOf(status)
      add(a.app, a.processType, phase === 'up' ? 'running' : phase)
    }
    for (const app of new Set(desired.map((d) => d.app))) {
      for (const u of orchestrator.unplaceable(app)) add(u.app, u.processType, 'unplaceable')
    }
    return [...desired, ...counts.values()]
  })
  // One placer and one set of bookings for formation dynos, one-offs and builds (orchestrator/cluster-bookings.ts).
  const bookings: ClusterBookings = new ClusterBookings({
    hosts: () => hosts.snapshots(),
    assignments: () => orchestrator.assignments(),
    oneOffs: () => oneOffs.live().map(oneOffReservation),
    cpuSharesPerCore: DEFAULT_CPU_SHARES_PER_CORE,
  })
  const builds = new BuildService({
    onFinished: (outcome, seconds) => controllerMetrics.build(outcome, seconds),
    node: node.libp2p,
    blobs,
    hosts,
    bookings,
    logger,
    limits: buildLimitsFromEnv(),
    appBuildInputs: async (app) => ({
      env: await apps.getConfig(app),
      buildpacks: (await apps.getApp(app)).buildpacks,
    }),
  })
  // One-off dynos (`shoal run`, release phase): placed here, pushed by the orchestrator, attached over the mesh.
  const oneOffs: OneOffs = new OneOffs({
    store,
    hosts: () => hosts.snapshots(),
    place: (request, what) => bookings.place(request, what),
    apps,
    clock,
    logger,
  })
  const attach = meshAttach(node.libp2p, () => election.epoch())
  // Formations → the leader's orchestrator → desired states on the agents.
  const formationCache = new FormationCache({
    store,
    clock,
    logger,
    read: () => formations.snapshotFormations(),
    readApp: (app) => formations.appFormations(app),
  })
  const orchestrator: Orchestrator = new Orchestrator({
    store: leaderStore,
    hosts,
    release: (app, version) => apps.getRelease(app, version),
    send: meshSender(node.libp2p),
    clock,
    logger,
    epoch: () => election.epoch(),
    formations: () => formationCache.formations(),
    oneOffs,
    builds: () => bookings.builds(),
    onRound: (report) => controllerMetrics.round(report),
    // Routers accept a dyno's route only once the directory names its host (route trust): publish the new
    // assignments at once, before the hosts are pushed, rather than at the next tick, or a replacement dyno that is
    // up before the tick finds its route held back while the dyno it replaces is already draining (503s in a deploy).
    onPersisted: () => directory.publishNow(),
    directories: routerAcks,
  })
  // Each host report carries its dynos' last memory and CPU readings (agent/dynos/dyno-stats.ts): charted.
  orchestrator.statuses.onReport((status) => history.recordDynos(status.dynos ?? []))
  // The `ps` view, restart and stop: outside the round.
  const dynos = new DynoControl({
    store,
    hosts,
    orchestrator,
    formations: () => formations.snapshotFormations(),
    oneOffs,
  })
  life.add(
    startable('mesh-services', async () => {
      await serveLogIngest({
        node: node.libp2p,
        hub: logHub,
        isAdmitted: (peer) => hosts.isAdmitted(peer),
        isController: (peer) => ha !== undefined && peer !== node.peerId.toString() && controllers.has(peer),
        logger,
        registry,
        metrics: rpc,
      })
      // Sources and slugs (an app's code) go to admitted hosts and the other controllers only.
      await serveBlobs(node.libp2p, blobs, logger, (peer) => hosts.isAdmitted(peer) || controllers.has(peer))
      await orchestrator.statuses.serve(node.libp2p, (peer) => hosts.isAdmitted(peer), logger)
    }),
  )
  life.add(tlsParts.services)
  if (ha !== undefined) {
    // Every controller keeps every app's log ring: lines stored here are copied to the other controllers.
    life.add(
      new LogReplication({
        hub: logHub,
        clock,
        logger,
        peers: () => [...controllers.keys()].filter((id) => id !== node.peerId.toString()),
        send: async (peer, batch, signal) => {
          const id = peerIdFromString(peer)
          const known = controllers.get(peer)?.meshAddresses ?? []
          if (known.length > 0) await node.libp2p.peerStore.merge(id, { multiaddrs: known.map((a) => multiaddr(a)) })
          await request(node.libp2p, id, PROTOCOL_LOGS, { request: LogBatchCodec, response: LogBatchCodec }, batch, {
            signal,
          })
        },
      }),
    )
  }

  // Autoscaling: router reports into windows, the leader's autoscaler, ps:autoscale and ps:concurrency, wake.
  const autoscaling = createAutoscaling({
    store,
    leaderStore,
    leaderFormations: new FormationService({
      store: leaderStore,
      apps,
      clock,
      logger,
      onEvent: (app, m) => logHub.apiEvent(app, m),
    }),
    bus,
    node: node.libp2p,
    formations,
    isAdmitted: (peer) => hosts.isAdmitted(peer),
    dynos: (app) => dynos.list(app),
    schedule: () => orchestrator.schedule(),
    appLog: (app, message) => logHub.append({ app, atUs: 0, source: 'shoal', dyno: 'autoscaler', message }),
    clock,
    logger,
    registry,
    rpcMetrics: rpc,
  })
  life.add(autoscaling.mesh)

  // Leader-only: the formation cache and the round, the autoscaler, the app directory for the routers, the leader announcement. A controller that becomes
  // leader in an HA cluster first re-reads the hosts other controllers may have admitted meanwhile.
  if (ha !== undefined) leader.add(startable('hosts-reload', () => hosts.load()))
  leader.add(formationCache)
  leader.add(orchestrator)
  leader.add(autoscaling.autoscaler)
  leader.add(idempotency.sweeper())
  const directory = appDirectoryPublisher({
    bus,
    apps,
    domain: cluster.domain,
    epoch: () => election.epoch(),
    crashedApps: () => dynos.crashedApps(),
    extras: () => autoscaling.service.directoryExtras(),
    trust: () => readDirectoryTrust(store),
    clock,
    logger,
    domains: (app) => tlsParts.domains.domainsOf(app),
    maintenance: (app) => tlsParts.domains.cachedSettings(app).maintenance,
    features: (app) => tlsParts.domains.cachedSettings(app).features,
    tlsVersion: () => tlsParts.tls.version,
  })
  // Domains, maintenance, labs features and certificates reach the routers (and agents) at once, not at the next tick.
  tlsParts.onChange(() => directory.publishNow())
  leader.add(directory)
  if (tlsParts.acme !== undefined) leader.add(tlsParts.acme)
  leader.add(
    leaderAnnouncer({
      bus,
      clock,
      logger,
      announcement: () => ({ peerId: node.peerId.toString(), epoch: election.epoch(), addresses: node.addresses() }),
    }),
  )
  life.add(leader)

  // HTTP: the routes translate requests to the services above.
  const readToken = metricsReadToken(cluster.apiToken)
  const sessions = new Sessions({ clock })
  const api = createApiServer({
    token: cluster.apiToken,
    logger,
    tls: cluster.apiTls,
    readOnly: { token: readToken, paths: PROMETHEUS_READ_PATHS },
    sessions,
  })
  idempotency.register(api)
  registerPrometheusRoutes(api, { targets: metricsTargets, readToken })
  const selfStatus = async (): Promise<ControllerStatus> => {
    const started = performance.now()
    let error: string | undefined
    try {
      await store.get(CONTROLLERS_PREFIX + node.peerId.toString())
    } catch (err) {
      error = (err as Error).message
    }
    const seen = etcdElection?.leader()
    const leaderRecord = seen === undefined ? undefined : controllers.get(seen.id)
    return {
      id: node.peerId.toString(),
      apiUrl,
      role: election.isLeader() ? 'leader' : 'follower',
      epoch: election.epoch(),
      store: {
        kind: opened.kind,
        healthy: error === undefined,
        latencyMs: error === undefined ? Math.round((performance.now() - started) * 10) / 10 : null,
        ...(error === undefined ? {} : { error }),
      },
      version: VERSION,
      ...(seen === undefined
        ? election.isLeader()
          ? { leader: { id: node.peerId.toString(), apiUrl, epoch: election.epoch() } }
          : {}
        : { leader: { id: seen.id, apiUrl: leaderRecord?.apiUrl ?? seen.apiUrl, epoch: seen.epoch } }),
    }
  }
  const leaderUrl = async (): Promise<string | undefined> => {
    const seen = etcdElection?.leader()
    if (seen === undefined) return undefined
    const record =
      controllers.get(seen.id) ?? (await getJson<ControllerRecord>(store, CONTROLLERS_PREFIX + seen.id))?.value
    return record?.apiUrl || undefined
  }
  const controllersDeps = {
    self: selfStatus,
    list: async () => (ha === undefined ? [] : listControllers(store)),
    token: cluster.apiToken,
    fingerprint: apiFingerprint(cluster),
    follower: etcdElection === undefined ? undefined : { isLeader: () => election.isLeader(), leaderUrl },
  }
  registerLeaderGate(api, controllersDeps)
  registerControllersRoutes(api, controllersDeps)
  registerHostsAdminRoutes(api, {
    hosts,
    revocations,
    rotateJoinToken: async () => {
      // HA: the secret is shared through the store; every controller adopts it from there (this one at once).
      if (ha !== undefined) adoptJoinSecret(await rotateSharedJoinSecret(store))
      else rotateJoinSecret(options.dataDir, cluster)
      logger.info('join secret rotated')
      return joinToken()
    },
    disconnect: (peer) => node.refuse([peer]),
    changed: () => orchestrator.schedule(),
  })
  registerInstallRoutes(api, {
    packagesDir: options.packagesDir ?? join(options.dataDir, 'packages'),
    version: VERSION,
    pin: publicKeyPin(cluster.apiTls.certPem),
  })
  registerAutoscaleRoutes(api, autoscaling.service)
  registerClusterRoutes(api, {
    hosts,
    joinToken,
    cluster: () => ({
      id: cluster.id,
      domain: cluster.domain,
      leader: { epoch: election.epoch(), peerId: node.peerId.toString() },
      version: VERSION,
    }),
    changed: () => orchestrator.schedule(),
    rotateSecretKey: async () => {
      const keyring = await keys.rotate()
      const resealed = await sealPlaintext(opened.store, keyring)
      logger.info({ key: keyring.current, resealed }, 'rotated the config var key')
      return { key: keyring.current, resealed }
    },
  })
  registerAppsRoutes(api, { apps })
  const requireApp = async (name: string): Promise<void> => {
    await apps.getApp(name)
  }
  registerDrainsRoutes(api, { drains, requireApp })
  registerDashboardRoutes(api, { token: cluster.apiToken, sessions, history, requireApp })
  registerLogsRoutes(api, {
    hub: logHub,
    sessions,
    token: cluster.apiToken,
    logger,
    clock,
    requireApp: async (name) => {
      await apps.getApp(name)
    },
  })
  registerFormationRoutes(api, {
    apps,
    formations,
    dynos: (app) => autoscaling.dynos(app),
    onScaled: (app, scaled) => autoscaling.service.manualScale(app, scaled),
    restart: (app, target) => dynos.restart(app, target),
  })
  registerRunRoutes(api, { oneOffs, attach, token: cluster.apiToken, logger, clock })
  tlsParts.registerRoutes(api)
  registerBuildsRoutes(api, {
    apps: leaderApps,
    builds,
    domain: cluster.domain,
    logger,
    onReleased: async (app) => {
      await formations.ensureDefaults(app)
      orchestrator.schedule()
    },
    releasePhase: (app, version, onLine) =>
      runReleasePhase({ apps: leaderApps, oneOffs, attach, clock, logger }, app, version, onLine),
  })
  const gitSync =
    ha === undefined
      ? undefined
      : new GitSync({
          store,
          blobs,
          logger,
          self: node.peerId.toString(),
          others: () => [...controllers.keys()].filter((id) => id !== node.peerId.toString()).length,
        })
  if (gitSync !== undefined) life.add(startable('git-replication', (signal) => gitSync.replicate(signal)))
  registerGitRoutes(api, {
    root: join(options.dataDir, 'git'),
    logger,
    requireApp: async (name) => {
      await apps.getApp(name)
    },
    hookEnv: () => ({ apiUrl, token: cluster.apiToken, fingerprint: apiFingerprint(cluster) }),
    // HA: repositories travel as bundle blobs recorded in the store, so any controller serves any app's git.
    ...(gitSync === undefined ? {} : { sync: gitSync }),
  })
  life.add(
    startable(
      'api',
      async () => {
        apiUrl = await listen(api, options.apiListen ?? cluster.apiListen)
      },
      () => api.close(),
    ),
  )
  if (ha !== undefined) {
    // Register this controller for the others (and the join token), and follow their records.
    const following = new AbortController()
    life.add(
      startable(
        'controller-records',
        async () => {
          // A controller migrated from level brings the cluster's keys into etcd, so later `init --store` joins it;
          // an etcd that already holds another cluster is refused rather than mixed with this one.
          const { shared } = await shareClusterConfig(store, {
            id: cluster.id,
            domain: cluster.domain,
            swarmKey: cluster.swarmKey,
            joinSecret: cluster.joinSecret,
            apiToken: cluster.apiToken,
            keyring: cluster.keyring,
            apiTls: cluster.apiTls,
          })
          if (shared.id !== cluster.id || shared.swarmKey !== cluster.swarmKey) {
            throw new ShoalError(
              'CONFLICT',
              `Cannot start controller: the etcd store holds cluster ${shared.id}, not this controller's ${cluster.id}`,
            )
          }
          // The join secret is the cluster's: `join-token --rotate` on any controller changes it for all.
          await followSharedJoinSecret(store, adoptJoinSecret, following.signal)
          await store.watch(
            CONTROLLERS_PREFIX,
            (e) => {
              const id = e.key.slice(CONTROLLERS_PREFIX.length)
              if (e.type === 'delete') controllers.delete(id)
              else controllers.set(id, JSON.parse(new TextDecoder().decode(e.value)) as ControllerRecord)
            },
            { signal: following.signal },
          )
          for (const r of await listControllers(store)) controllers.set(r.id, r)
          await publishController(store, {
            id: node.peerId.toString(),
            apiUrl,
            meshAddresses: node.addresses(),
            version: VERSION,
            startedAt: new Date(clock.now()).toISOString(),
          })
        },
        () => following.abort(),
      ),
    )
  }
  const metrics = life.add(
    new MetricsEndpoint({
      registry,
      listen: metricsListen('controller', options.metricsListen ?? cluster.metricsListen),
      bus,
      clock,
      log: logger,
      peerId: node.peerId.toString(),
      daemon: 'controller',
      version: VERSION,
    }),
  )
  // The controller lists itself among the Prometheus targets (its own announcements do not come back to it).
  let selfTimer: Timer | undefined
  life.add(
    startable(
      'metrics-self',
      () => {
        const self = {
          peerId: node.peerId.toString(),
          daemon: 'controller' as const,
          hostname: hostname(),
          version: VERSION,
          url: metrics.url,
        }
        metricsTargets.accept(self, self.peerId)
        selfTimer = clock.setInterval(() => metricsTargets.accept(self, self.peerId), METRICS_ANNOUNCE_INTERVAL_MS)
      },
      () => selfTimer?.cancel(),
    ),
  )

  await life.start()
  logger.info(
    { api: apiUrl, metrics: metrics.url, peerId: node.peerId.toString(), epoch: election.epoch() },
    'controller started',
  )
  return {
    apiUrl,
    metricsUrl: metrics.url ?? '',
    peerId: node.peerId.toString(),
    meshAddresses: () => node.addresses(),
    joinToken,
    stop: () => life.stop(),
  }
}

/** SHOAL_DRAIN_BUFFER_LINES (lines queued per drain) and SHOAL_DRAIN_NOTICE_MS (how often drops are told). */
function drainOptionsFromEnv(): { capacity?: number; noticeEveryMs?: number } {
  const num = (name: string): number | undefined => {
    const v = process.env[name]
    return v !== undefined && /^[1-9]\d{0,8}$/.test(v) ? Number(v) : undefined
  }
  const capacity = num('SHOAL_DRAIN_BUFFER_LINES')
  const notice = num('SHOAL_DRAIN_NOTICE_MS')
  return {
    ...(capacity === undefined ? {} : { capacity }),
    ...(notice === undefined ? {} : { noticeEveryMs: notice }),
  }
}

/** SHOAL_BUILD_MAX_SOURCE_BYTES / SHOAL_BUILD_MAX_SLUG_BYTES / SHOAL_BUILD_TIMEOUT_S override the build limits. */
function buildLimitsFromEnv(): Partial<BuildLimits> {
  const num = (name: string): number | undefined => {
    const v = process.env[name]
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined
  }
  const limits: Partial<BuildLimits> = {}
  const source = num('SHOAL_BUILD_MAX_SOURCE_BYTES')
  const slug = num('SHOAL_BUILD_MAX_SLUG_BYTES')
  const timeout = num('SHOAL_BUILD_TIMEOUT_S')
  if (source !== undefined) limits.maxSourceBytes = source
  if (slug !== undefined) limits.maxSlugBytes = slug
  if (timeout !== undefined) limits.timeoutS = timeout
  return limits
}
