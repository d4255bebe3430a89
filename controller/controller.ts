import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import { BlobStore } from '../lib/blob-store.ts'
import { type Clock, systemClock } from '../lib/clock.ts'
import { createLogger, type Logger } from '../lib/logger.ts'
import { createRegistry, type MetricsServer, serveMetrics } from '../lib/metrics.ts'
import { SHOAL_VERSION } from '../lib/version.ts'
import { serveBlobs } from '../mesh/blob-transfer.ts'
import { Bus, busMetrics } from '../mesh/bus.ts'
import { loadIdentity } from '../mesh/identity.ts'
import { encodeJoinToken } from '../mesh/join-token.ts'
import { runMembership } from '../mesh/membership.ts'
import { MeshNode } from '../mesh/mesh-node.ts'
import { rpcMetrics } from '../mesh/rpc.ts'
import { HostReportCodec, LeaderAnnouncementCodec } from '../proto/codec.ts'
import { HOST_REPORT_INTERVAL_MS, TOPIC_HOST_REPORT, TOPIC_LEADER } from '../proto/topics.ts'
import { serveAdmission } from './admission.ts'
import { createApiServer, listen } from './api/api-server.ts'
import { registerAppsRoutes } from './api/apps-routes.ts'
import { registerBuildsRoutes } from './api/builds-routes.ts'
import { registerClusterRoutes } from './api/cluster-routes.ts'
import { registerFormationRoutes } from './api/formation-routes.ts'
import { registerHostsAdminRoutes } from './api/hosts-admin-routes.ts'
import { registerLogsRoutes } from './api/logs-routes.ts'
import { registerRunRoutes } from './api/run-routes.ts'
import { type BuildLimits, BuildService } from './builds/build-service.ts'
import { loadCluster, rotateJoinSecret } from './cluster-config.ts'
import { EmbeddedElection } from './election/embedded-election.ts'
import { FormationService } from './formation/formation-service.ts'
import { registerGitRoutes } from './git/git-http.ts'
import { HostRegistry } from './host-registry.ts'
import { Revocations } from './host-revocations.ts'
import { registerInstallRoutes } from './install/install-routes.ts'
import { LogHub } from './logs/log-hub.ts'
import { serveLogIngest } from './logs/log-ingest.ts'
import { publishAppDirectory } from './orchestrator/app-directory.ts'
import { meshAttach } from './orchestrator/attach-client.ts'
import { OneOffs } from './orchestrator/one-offs.ts'
import { Orchestrator } from './orchestrator/orchestrator.ts'
import { runReleasePhase } from './orchestrator/release-phase.ts'
import { LevelStore } from './store/level-store.ts'

export const VERSION = SHOAL_VERSION

export interface ControllerOptions {
  dataDir: string
  logger?: Logger
  clock?: Clock
  /** Overrides of what cluster.json says. */
  apiListen?: string | undefined
  metricsListen?: string | undefined
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

/** The composition root of one controller; start() order here is the reverse of stop() order. */
export async function startController(options: ControllerOptions): Promise<RunningController> {
  const cluster = loadCluster(options.dataDir)
  const logger = options.logger ?? createLogger('controller')
  const clock = options.clock ?? systemClock
  const registry = createRegistry('controller')
  const store = await LevelStore.open(join(options.dataDir, 'store'))
  const stops: Array<() => Promise<void> | void> = [() => store.close()]
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop()
  }
  try {
    const election = new EmbeddedElection({ store })
    await election.start()
    stops.push(() => election.stop())

    const hosts = new HostRegistry({ store, clock, logger })
    await hosts.load()
    hosts.registerMetrics(registry)

    const node = await MeshNode.create({
      privateKey: loadIdentity(Buffer.from(cluster.identity, 'base64url')),
      swarmKey: Buffer.from(cluster.swarmKey, 'base64url'),
      listen: cluster.meshListen,
      logger,
      registry,
      clock,
    })
    await node.start()
    stops.push(() => node.stop())
    const bus = new Bus(node.libp2p.services.pubsub, { logger, metrics: busMetrics(registry) })
    stops.push(() => bus.close())
    const rpc = rpcMetrics(registry)
    const revocations = new Revocations({ store, clock })
    await serveAdmission({
      node: node.libp2p,
      hosts,
      joinSecret: () => cluster.joinSecret,
      revocations,
      version: VERSION,
      clusterId: cluster.id,
      domain: cluster.domain,
      logger,
      metrics: rpc,
    })

    for (const record of hosts.records()) node.want(record.id, record.addresses)
    bus.subscribe(TOPIC_HOST_REPORT, HostReportCodec, ({ message, from }) => {
      if (!hosts.accept(message, from)) return false
      node.want(from, message.addresses ?? [])
      return true
    })
    const membership = runMembership(hosts.membership, {
      clock,
      probe: (id, signal) => node.probe(id, signal),
      onTransition: (t) => hosts.observe(t),
    })
    stops.push(() => membership.stop())

    const announce = clock.setInterval(() => {
      bus
        .publish(TOPIC_LEADER, LeaderAnnouncementCodec, {
          peerId: node.peerId.toString(),
          epoch: election.epoch(),
          addresses: node.addresses(),
          sentAtMs: clock.now(),
        })
        .catch((err: unknown) => logger.debug({ err: String(err) }, 'leader announcement failed'))
    }, HOST_REPORT_INTERVAL_MS)
    stops.push(() => announce.cancel())

    const joinToken = (): string =>
      encodeJoinToken({
        clusterId: cluster.id,
        swarmKey: cluster.swarmKey,
        secret: cluster.joinSecret,
        controllers: node.addresses(),
      })

    const api = createApiServer({ token: cluster.apiToken, logger })
    let orchestrator: Orchestrator | undefined
    registerHostsAdminRoutes(api, {
      hosts,
      revocations,
      rotateJoinToken: () => {
        rotateJoinSecret(options.dataDir, cluster)
        logger.info('join secret rotated')
        return joinToken()
      },
      disconnect: (peer) => {
        node.unwant(peer)
        node.libp2p.hangUp(peerIdFromString(peer)).catch(() => {})
      },
      changed: () => orchestrator?.schedule(),
    })
    registerInstallRoutes(api, {
      packagesDir: options.packagesDir ?? join(options.dataDir, 'packages'),
      version: VERSION,
    })
    registerClusterRoutes(api, {
      hosts,
      joinToken,
      cluster: () => ({
        id: cluster.id,
        domain: cluster.domain,
        leader: { epoch: election.epoch(), peerId: node.peerId.toString() },
        version: VERSION,
      }),
      changed: () => orchestrator?.schedule(),
    })
    // The log hub takes lines from admitted agents and routers over the mesh and serves them on the API.
    const logHub = new LogHub({ clock, registry })
    await serveLogIngest({
      node: node.libp2p,
      hub: logHub,
      isAdmitted: (peer) => hosts.isAdmitted(peer),
      logger,
      registry,
      metrics: rpc,
    })
    const apps = registerAppsRoutes(api, {
      store,
      clock,
      logger,
      onEvent: (app, message) => logHub.apiEvent(app, message),
      onDestroy: (app) => logHub.drop(app),
    })
    registerLogsRoutes(api, {
      hub: logHub,
      token: cluster.apiToken,
      logger,
      clock,
      requireApp: async (name) => {
        await apps.getApp(name)
      },
    })

    // Builds: sources and slugs live in the controller's blob store, which every peer may fetch from.
    const blobs = new BlobStore(join(options.dataDir, 'blobs'))
    await serveBlobs(node.libp2p, blobs, logger)
    const builds = new BuildService({
      node: node.libp2p,
      blobs,
      hosts,
      logger,
      limits: buildLimitsFromEnv(),
      appBuildInputs: async (app) => ({
        env: await apps.getConfig(app),
        buildpacks: (await apps.getApp(app)).buildpacks,
      }),
    })
    // One-off dynos (`shoal run`, release phase): placed here, pushed by the orchestrator, attached over the mesh.
    const oneOffs = new OneOffs({ store, hosts: () => hosts.views(), apps, clock, logger })
    const attach = meshAttach(node.libp2p, () => election.epoch())
    // Formations → the leader's orchestrator → desired states on the agents.
    const formations = new FormationService({
      store,
      apps,
      clock,
      logger,
      onEvent: (app, m) => logHub.apiEvent(app, m),
    })
    orchestrator = new Orchestrator({
      store,
      hosts,
      apps,
      node: node.libp2p,
      clock,
      logger,
      epoch: () => election.epoch(),
      formations: () => formations.snapshotFormations(),
      oneOffs,
    })
    await orchestrator.statuses.serve(node.libp2p, (peer) => hosts.isAdmitted(peer), logger)
    const watching = new AbortController()
    stops.push(() => watching.abort())
    for (const prefix of ['formation/', 'apps/', 'oneoffs/']) {
      await store.watch(prefix, () => orchestrator.schedule(), { signal: watching.signal })
    }
    orchestrator.start()
    stops.push(() => orchestrator.stop())
    registerFormationRoutes(api, {
      store,
      apps,
      clock,
      logger,
      service: formations,
      dynos: (app) => orchestrator.dynos(app),
      // A one-off is never restarted: restarting or stopping run.N (or every `run`) stops it.
      restart: async (app, target) =>
        (target === undefined ? 0 : await oneOffs.stop(app, target)) + (await orchestrator.restart(app, target)),
    })
    registerRunRoutes(api, { oneOffs, attach, token: cluster.apiToken, logger, clock })
    const directory = publishAppDirectory({
      bus,
      apps,
      domain: cluster.domain,
      epoch: () => election.epoch(),
      crashedApps: () => orchestrator.crashedApps(),
      clock,
      logger,
    })
    stops.push(() => directory.cancel())

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
    apiUrl = await listen(api, options.apiListen ?? cluster.apiListen)
    stops.push(() => api.close())
    const metrics: MetricsServer = await serveMetrics(registry, options.metricsListen ?? cluster.metricsListen)
    stops.push(() => metrics.close())

    logger.info(
      { api: apiUrl, metrics: metrics.url, peerId: node.peerId.toString(), epoch: election.epoch() },
      'controller started',
    )
    return {
      apiUrl,
      metricsUrl: metrics.url,
      peerId: node.peerId.toString(),
      meshAddresses: () => node.addresses(),
      joinToken,
      stop: stopAll,
    }
  } catch (err) {
    await stopAll()
    throw err
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
