import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import { Gauge } from 'prom-client'
import { BlobStore } from '../lib/blob-store.ts'
import type { Clock, Timer } from '../lib/clock.ts'
import { startable } from '../lib/lifecycle.ts'
import type { Logger } from '../lib/logger.ts'
import { metricsListen } from '../lib/metrics.ts'
import { SHOAL_VERSION } from '../lib/version.ts'
import { fetchBlob, serveBlobs } from '../mesh/blob-transfer.ts'
import { ClusterTrust } from '../mesh/cluster-trust.ts'
import { startHostPeer } from '../mesh/host-peer.ts'
import { controllersOf, joinCluster } from '../mesh/join-cluster.ts'
import { LeaderTracker } from '../mesh/leader-tracker.ts'
import { MetricsEndpoint } from '../mesh/metrics-announcer.ts'
import { AppDirectoryCodec, HostReportCodec } from '../proto/codec.ts'
import { RUNTIME_METRICS_FEATURE } from '../proto/tls-api.ts'
import { HOST_REPORT_INTERVAL_MS, RESTART_GRACE_MS, TOPIC_APPS, TOPIC_HOST_REPORT } from '../proto/topics.ts'
import { runBuild } from './build/build-executor.ts'
import { serveBuilds } from './build/build-service.ts'
import { type CapacityOptions, type CapacityReading, readCapacity } from './capacity.ts'
import { createDockerClient, type DockerClient } from './docker/docker-client.ts'
import { waitForEngine } from './docker/engine-wait.ts'
import { DynoIsolation } from './dynos/dyno-isolation.ts'
import { DYNO_NETWORK_NAME } from './dynos/dyno-network.ts'
import { DynoService } from './dynos/dyno-service.ts'
import { checkHostDynoIds } from './dynos/dyno-uid.ts'
import { buildStack, resolveStack } from './stack/stack-builder.ts'
import { DEFAULT_STACK_DIR } from './stack/stack-main.ts'
import { StackPeers } from './stack/stack-peers.ts'
import { loadStackRecipe } from './stack/stack-recipe.ts'

export const AGENT_VERSION = SHOAL_VERSION

export interface AgentOptions {
  dataDir: string
  joinToken: string
  meshListen?: string[] | undefined
  metricsListen?: string | undefined
  /** The address routers dial to reach dynos on this host; the first non-loopback IPv4 by default. */
  ip?: string | undefined
  labels?: Record<string, string> | undefined
  capacity?: CapacityOptions
  logger?: Logger
  clock?: Clock
  /** Where the stack image's rootfs tarball is cached (shared by the agents of one machine). */
  stackDir?: string | undefined
  /** The Docker engine dynos and builds run on; the local socket by default. */
  docker?: DockerClient
  /** The dyno bridge's subnet (CIDR); a private /22 nothing on this host uses by default. */
  dynoSubnet?: string | undefined
  /** The ports routers listen on: the only ports of cluster hosts dynos may connect to (default 80, 443). */
  routerPorts?: number[] | undefined
}

export interface RunningAgent {
  hostId: string
  metricsUrl: string
  meshAddresses(): string[]
  /** Resolves once a controller has admitted this host. */
  admitted: Promise<void>
  stop(): Promise<void>
}

/**
 * The composition root of one agent: the host peer's lifecycle (state, mesh node, bus) gains the agent's components,
 * started in order and stopped in reverse.
 */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const peer = await startHostPeer({
    daemon: 'agent',
    dataDir: options.dataDir,
    joinToken: options.joinToken,
    meshListen: options.meshListen,
    logger: options.logger,
    clock: options.clock,
  })
  const { token, clock, registry, state, node, hostId, log, bus, life } = peer
  const controllers = controllersOf(token)
  const leader = new LeaderTracker(bus, controllers.keys(), clock)
  // Who the leader says is in the cluster (mesh/cluster-trust.ts): blobs, stack tarballs and host addresses are
  // taken from and given to admitted peers only.
  const trust = new ClusterTrust(leader, (revoked) => node.refuse(revoked))
  const blobs = new BlobStore(join(options.dataDir, 'blobs'))
  const docker = options.docker ?? createDockerClient()
  const stackDir = options.stackDir ?? process.env['SHOAL_STACK_DIR'] ?? DEFAULT_STACK_DIR
  // [stack-peers] This host serves its stack tarball to peers and, lacking the stack, fetches it from one of the
  // peers whose HostReport names the same stack version before buildStack would debootstrap it.
  const stackPeers = new StackPeers({
    node: node.libp2p,
    stackDir,
    selfId: hostId,
    logger: log,
    clock,
    stack: resolveStack,
    vouched: (version) => trust.stackHash(version),
  })
  // Apps with `labs:enable log-runtime-metrics`, from the leader's app directory.
  let runtimeMetricsApps = new Set<string>()
  // One stack build per agent process, shared by builds and dynos; a failure lets the next caller retry.
  let stackBuild: Promise<string> | undefined
  const ensureStack = (onLog: (line: string) => void, signal: AbortSignal): Promise<string> => {
    stackBuild ??= stackPeers
      .prepare({ docker, signal, onLog }) // [stack-peers] fetched tarball → buildStack imports it, no debootstrap
      .then(() =>
        buildStack({
          docker,
          workDir: stackDir,
          logger: log,
          signal,
          onLog: (line, kind) => {
            if (kind === 'step') onLog(line)
          },
        }),
      )
      .then(
        (r) => r.tag,
        (err: unknown) => {
          stackBuild = undefined
          throw err
        },
      )
    return stackBuild
  }
  life.add(
    startable('mesh-services', async () => {
      bus.subscribe(TOPIC_APPS, AppDirectoryCodec, ({ message, from }) => {
        if (trust.directory(message, from) !== 'accepted') return false
        runtimeMetricsApps = new Set(
          (message.apps ?? []).filter((a) => a.features?.includes(RUNTIME_METRICS_FEATURE)).map((a) => a.name ?? ''),
        )
        return true
      })
      await serveBlobs(node.libp2p, blobs, log, (p) => trust.isAdmitted(p))
      await stackPeers.serve()
      bus.subscribe(
        TOPIC_HOST_REPORT,
        HostReportCodec,
        ({ message, from }) => trust.isAdmitted(from) && stackPeers.heard(message, from),
      )
      await serveBuilds(
        node.libp2p,
        (req, onLog, signal) =>
          runBuild(
            {
              docker,
              blobs,
              workDir: options.dataDir,
              logger: log,
              network: DYNO_NETWORK_NAME,
              ensureStack,
              fetchSource: async (sha, fetchSignal) => {
                if (await blobs.has(sha)) return
                await fetchBlob(node.libp2p, peerIdFromString(req.sourcePeer ?? ''), sha, blobs, {
                  signal: fetchSignal,
                })
              },
            },
            req,
            onLog,
            signal,
          ),
        { logger: log, isTrusted: (peer) => leader.isController(peer) },
      )
    }),
  )

  const ip = options.ip ?? defaultIp()
  // Dynos and builds leave the host's network: a bridge of their own, a firewall, a uid no host user has. Started
  // before the dynos; a host where this cannot be done runs none (fail closed).
  let isolation: DynoIsolation | undefined
  life.add(startable('docker-engine', (signal) => waitForEngine({ docker, clock, logger: log, signal })))
  life.add(
    startable(
      'dyno-isolation',
      async () => {
        await checkHostDynoIds((await loadStackRecipe()).recipe.user.uid)
        isolation = await DynoIsolation.start({
          docker,
          clock,
          logger: log,
          subnet: options.dynoSubnet,
          routerPorts: options.routerPorts,
          peerIps: [...controllers.values()].flat().flatMap((a) => /^\/ip4\/([0-9.]+)\//.exec(a)?.[1] ?? []),
        })
        bus.subscribe(TOPIC_HOST_REPORT, HostReportCodec, ({ message, from }) => {
          if (from === hostId || message.hostId !== from || !trust.isAdmitted(from)) return false
          isolation?.peer(from, message.ip ?? '')
          return true
        })
      },
      () => isolation?.stop(),
    ),
  )
  const dynos = life.add(
    new DynoService({
      node,
      bus,
      blobs,
      docker,
      state,
      leader,
      clock,
      logger: log,
      registry,
      hostId,
      ip,
      network: DYNO_NETWORK_NAME,
      dataDir: options.dataDir,
      stack: () => ensureStack(() => {}, AbortSignal.timeout(60 * 60_000)),
      runtimeMetrics: (app) => runtimeMetricsApps.has(app),
    }),
  )

  // Admission: joinCluster retries until a controller admits this host, or the agent stops.
  let admitted: Promise<void> = new Promise(() => {})
  life.add(
    startable('join', (signal) => {
      admitted = joinCluster({ node, token, role: 'agent', version: AGENT_VERSION, clock, log, signal }).then(() => {})
      admitted.catch(() => {})
    }),
  )

  let latest: CapacityReading | undefined
  registerCapacityMetrics(registry, () => latest)
  let seq = 0
  const report = async (restartGraceMs = 0): Promise<void> => {
    latest = await readCapacity(options.capacity)
    await bus.publish(TOPIC_HOST_REPORT, HostReportCodec, {
      hostId,
      hostname: latest.hostname,
      addresses: node.addresses(),
      labels: options.labels ?? {},
      capacity: latest.capacity,
      allocatable: latest.allocatable,
      usage: latest.usage,
      dynoCount: dynos.manager.statuses().length,
      appliedEpoch: dynos.manager.fence.epoch,
      appliedGeneration: dynos.manager.fence.generation,
      agentVersion: AGENT_VERSION,
      ...(await stackPeers.offered().then((o) => ({ stackVersion: o.version, stackSha256: o.sha256 }))), // [stack-peers]
      seq: ++seq,
      sentAtMs: clock.now(),
      ip,
      restartGraceMs,
    })
  }
  let reporting = false
  const tick = (): void => {
    if (reporting) return // a slow reading never queues up reports
    reporting = true
    report()
      .catch((err: unknown) => log.warn({ err: String(err) }, 'host report failed'))
      .finally(() => {
        reporting = false
      })
  }
  let timer: Timer | undefined
  life.add(
    startable(
      'host-reports',
      () => {
        admitted.then(tick, () => {})
        timer = clock.setInterval(tick, HOST_REPORT_INTERVAL_MS)
      },
      async () => {
        timer?.cancel()
        // Stopping leaves the dynos running for the next agent to adopt (a restart, an upgrade): say so, so the
        // leader does not judge the host dead and move its dynos while the next agent starts (bounded wait).
        await Promise.race([
          report(RESTART_GRACE_MS).catch((err: unknown) => log.warn({ err: String(err) }, 'last host report failed')),
          new Promise<void>((resolve) => clock.setTimeout(() => resolve(), 2000)),
        ])
      },
    ),
  )
  const metrics = life.add(
    new MetricsEndpoint({
      registry,
      listen: metricsListen('agent', options.metricsListen, ip),
      bus,
      clock,
      log,
      peerId: hostId,
      daemon: 'agent',
      version: AGENT_VERSION,
    }),
  )

  // On failure the lifecycle has stopped what started (state, mesh node and bus included) and rethrows.
  await life.start()
  log.info({ metrics: metrics.url, addresses: node.addresses() }, 'agent started')
  return {
    hostId,
    metricsUrl: metrics.url ?? '',
    meshAddresses: () => node.addresses(),
    admitted,
    stop: () => life.stop(),
  }
}

function defaultIp(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address
  }
  return '127.0.0.1'
}

function registerCapacityMetrics(
  registry: import('prom-client').Registry,
  read: () => CapacityReading | undefined,
): void {
  new Gauge({
    name: 'shoal_host_cpu_cores',
    help: 'CPU cores: total capacity and allocatable to dynos',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const r = read()
      if (r === undefined) return
      this.set({ kind: 'capacity' }, r.capacity.cpuCores ?? 0)
      this.set({ kind: 'allocatable' }, r.allocatable.cpuCores ?? 0)
    },
  })
  new Gauge({
    name: 'shoal_host_memory_bytes',
    help: 'Memory: total capacity, allocatable to dynos, and used',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const r = read()
      if (r === undefined) return
      this.set({ kind: 'capacity' }, r.capacity.memoryBytes ?? 0)
      this.set({ kind: 'allocatable' }, r.allocatable.memoryBytes ?? 0)
      this.set({ kind: 'used' }, r.usage.memoryUsedBytes ?? 0)
    },
  })
  new Gauge({
    name: 'shoal_host_cpu_percent',
    help: 'CPU busy percent across all cores',
    registers: [registry],
    collect() {
      this.set(read()?.usage.cpuPercent ?? 0)
    },
  })
  new Gauge({
    name: 'shoal_host_load1',
    help: 'One-minute load average',
    registers: [registry],
    collect() {
      this.set(read()?.usage.load1 ?? 0)
    },
  })
}
