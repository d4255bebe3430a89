import { join } from 'node:path'
import { BlobStore } from '../lib/blob-store.ts'
import { type Clock, systemClock } from '../lib/clock.ts'
import { Lifecycle, startable, stopper } from '../lib/lifecycle.ts'
import { createLogger, type Logger } from '../lib/logger.ts'
import { createRegistry, type MetricsServer, serveMetrics } from '../lib/metrics.ts'
import { serveBlobs } from '../mesh/blob-transfer.ts'
import { Bus, busMetrics } from '../mesh/bus.ts'
import { loadIdentity } from '../mesh/identity.ts'
import { encodeJoinToken } from '../mesh/join-token.ts'
import { type MembershipDriver, runMembership } from '../mesh/membership.ts'
import { MeshNode } from '../mesh/mesh-node.ts'
import { rpcMetrics } from '../mesh/rpc.ts'
import { HostReportCodec } from '../proto/codec.ts'
import { TOPIC_HOST_REPORT } from '../proto/topics.ts'
import { serveAdmission } from './admission.ts'
import { createApiServer, listen } from './api/api-server.ts'
import { registerAppsRoutes } from './api/apps-routes.ts'
import { registerBuildsRoutes } from './api/builds-routes.ts'
import { registerClusterRoutes } from './api/cluster-routes.ts'
import { registerFormationRoutes } from './api/formation-routes.ts'
import { registerLogsRoutes } from './api/logs-routes.ts'
import { registerRunRoutes } from './api/run-routes.ts'
import { AppService } from './apps/app-service.ts'
import { type BuildLimits, BuildService } from './builds/build-service.ts'
import { loadCluster } from './cluster-config.ts'
import { EmbeddedElection } from './election/embedded-election.ts'
import { leaderAnnouncer } from './election/leader-announcer.ts'
import { LeaderLifecycle } from './election/leader-lifecycle.ts'
import { FormationService } from './formation/formation-service.ts'
import { registerGitRoutes } from './git/git-http.ts'
import { HostRegistry } from './host-registry.ts'
import { LogHub } from './logs/log-hub.ts'
import { serveLogIngest } from './logs/log-ingest.ts'
import { appDirectoryPublisher } from './orchestrator/app-directory.ts'
import { meshAttach } from './orchestrator/attach-client.ts'
import { ClusterBookings } from './orchestrator/cluster-bookings.ts'
import { DynoControl } from './orchestrator/dyno-control.ts'
import { FormationCache } from './orchestrator/formation-cache.ts'
import { meshSender } from './orchestrator/host-pusher.ts'
import { OneOffs } from './orchestrator/one-offs.ts'
import { DEFAULT_CPU_SHARES_PER_CORE, Orchestrator, oneOffReservation } from './orchestrator/orchestrator.ts'
import { runReleasePhase } from './orchestrator/release-phase.ts'
import { LevelStore } from './store/level-store.ts'

export const VERSION = '0.1.0'

export interface ControllerOptions {
  dataDir: string
  logger?: Logger
  clock?: Clock
  /** Overrides of what cluster.json says. */
  apiListen?: string | undefined
  metricsListen?: string | undefined
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
  const life = new Lifecycle({
    onStopError: (err, component) => logger.error({ err, component }, 'a component failed to stop'),
  })
  const store = await LevelStore.open(join(options.dataDir, 'store'))
  life.add(stopper('store', () => store.close()))
  try {
    return await compose(options, { cluster, logger, clock, registry, life, store })
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
  store: LevelStore
}

async function compose(options: ControllerOptions, roots: Roots): Promise<RunningController> {
  const { cluster, logger, clock, registry, life, store } = roots
  const election = life.add(new EmbeddedElection({ store, logger }))
  const leader = new LeaderLifecycle({ election, logger })

  const hosts = new HostRegistry({ store, clock, logger })
  life.add(startable('hosts', () => hosts.load()))
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
  const bus = new Bus(node.libp2p.services.pubsub, { logger, metrics: busMetrics(registry) })
  life.add(stopper('bus', () => bus.close()))
  const rpc = rpcMetrics(registry)
  life.add(
    startable('admission', () =>
      serveAdmission({
        node: node.libp2p,
        hosts,
        joinSecret: cluster.joinSecret,
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

  const joinToken = (): string =>
    encodeJoinToken({
      clusterId: cluster.id,
      swarmKey: cluster.swarmKey,
      secret: cluster.joinSecret,
      controllers: node.addresses(),
    })

  // The domain services.
  const logHub = new LogHub({ clock, registry })
  const apps = new AppService({
    store,
    clock,
    logger,
    onEvent: (app, message) => logHub.apiEvent(app, message),
    onDestroy: (app) => logHub.drop(app),
  })
  const formations = new FormationService({ store, apps, clock, logger, onEvent: (app, m) => logHub.apiEvent(app, m) })
  // Builds: sources and slugs live in the controller's blob store, which every peer may fetch from.
  const blobs = new BlobStore(join(options.dataDir, 'blobs'))
  // One placer and one set of bookings for formation dynos, one-offs and builds (orchestrator/cluster-bookings.ts).
  const bookings: ClusterBookings = new ClusterBookings({
    hosts: () => hosts.snapshots(),
    assignments: () => orchestrator.assignments(),
    oneOffs: () => oneOffs.live().map(oneOffReservation),
    cpuSharesPerCore: DEFAULT_CPU_SHARES_PER_CORE,
  })
  const builds = new BuildService({
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
  const formationCache = new FormationCache({ store, clock, read: () => formations.snapshotFormations() })
  const orchestrator: Orchestrator = new Orchestrator({
    store,
    hosts,
    release: (app, version) => apps.getRelease(app, version),
    send: meshSender(node.libp2p),
    clock,
    logger,
    epoch: () => election.epoch(),
    formations: () => formationCache.formations(),
    oneOffs,
    builds: () => bookings.builds(),
  })
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
        logger,
        registry,
        metrics: rpc,
      })
      await serveBlobs(node.libp2p, blobs, logger)
      await orchestrator.statuses.serve(node.libp2p, (peer) => hosts.isAdmitted(peer), logger)
    }),
  )

  // Leader-only: the round, the app directory for the routers, the leader announcement.
  leader.add(formationCache)
  leader.add(orchestrator)
  leader.add(
    appDirectoryPublisher({
      bus,
      apps,
      domain: cluster.domain,
      epoch: () => election.epoch(),
      crashedApps: () => dynos.crashedApps(),
      clock,
      logger,
    }),
  )
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
  const api = createApiServer({ token: cluster.apiToken, logger })
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
  })
  registerAppsRoutes(api, { apps })
  registerLogsRoutes(api, {
    hub: logHub,
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
    dynos: (app) => dynos.list(app),
    restart: (app, target) => dynos.restart(app, target),
  })
  registerRunRoutes(api, { oneOffs, attach, token: cluster.apiToken, logger, clock })
  registerBuildsRoutes(api, {
    apps,
    builds,
    domain: cluster.domain,
    logger,
    onReleased: async (app) => {
      await formations.ensureDefaults(app)
      orchestrator.schedule()
    },
    releasePhase: (app, version, onLine) =>
      runReleasePhase({ apps, oneOffs, attach, clock, logger }, app, version, onLine),
  })
  let apiUrl = ''
  registerGitRoutes(api, {
    root: join(options.dataDir, 'git'),
    logger,
    requireApp: async (name) => {
      await apps.getApp(name)
    },
    hookEnv: () => ({ apiUrl, token: cluster.apiToken }),
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
  let metrics: MetricsServer | undefined
  life.add(
    startable(
      'metrics',
      async () => {
        metrics = await serveMetrics(registry, options.metricsListen ?? cluster.metricsListen)
      },
      () => metrics?.close(),
    ),
  )

  await life.start()
  logger.info(
    { api: apiUrl, metrics: metrics?.url, peerId: node.peerId.toString(), epoch: election.epoch() },
    'controller started',
  )
  return {
    apiUrl,
    metricsUrl: metrics?.url ?? '',
    peerId: node.peerId.toString(),
    meshAddresses: () => node.addresses(),
    joinToken,
    stop: () => life.stop(),
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
