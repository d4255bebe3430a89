import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import { Gauge } from 'prom-client'
import { BlobStore } from '../lib/blob-store.ts'
import type { Clock } from '../lib/clock.ts'
import type { Logger } from '../lib/logger.ts'
import { serveMetrics } from '../lib/metrics.ts'
import { fetchBlob, serveBlobs } from '../mesh/blob-transfer.ts'
import { ClusterTrust } from '../mesh/cluster-trust.ts'
import { startHostPeer } from '../mesh/host-peer.ts'
import { controllersOf, joinCluster } from '../mesh/join-cluster.ts'
import { LeaderTracker } from '../mesh/leader-tracker.ts'
import { AppDirectoryCodec, HostReportCodec } from '../proto/codec.ts'
import { HOST_REPORT_INTERVAL_MS, TOPIC_APPS, TOPIC_HOST_REPORT } from '../proto/topics.ts'
import { runBuild } from './build/build-executor.ts'
import { serveBuilds } from './build/build-service.ts'
import { type CapacityOptions, type CapacityReading, readCapacity } from './capacity.ts'
import { createDockerClient, type DockerClient } from './docker/docker-client.ts'
import { type DynoRuntime, startDynoRuntime } from './dyno-runtime.ts'
import { DynoIsolation } from './dynos/dyno-isolation.ts'
import { checkHostDynoIds } from './dynos/dyno-uid.ts'
import { buildStack, resolveStack } from './stack/stack-builder.ts'
import { DEFAULT_STACK_DIR } from './stack/stack-main.ts'
import { StackPeers } from './stack/stack-peers.ts'
import { loadStackRecipe } from './stack/stack-recipe.ts'

export const AGENT_VERSION = '0.1.0'

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

export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const peer = await startHostPeer({
    daemon: 'agent',
    dataDir: options.dataDir,
    joinToken: options.joinToken,
    meshListen: options.meshListen,
    logger: options.logger,
    clock: options.clock,
  })
  const { token, clock, registry, state, node, hostId, log, bus } = peer
  const stops = { push: peer.onStop }
  const stopAll = peer.stopAll
  try {
    const controllers = controllersOf(token)
    const leader = new LeaderTracker(bus, controllers.keys(), clock)
    // Who the leader says is in the cluster (mesh/cluster-trust.ts): blobs, stack tarballs and host addresses are
    // taken from and given to admitted peers only.
    const trust = new ClusterTrust(leader)
    bus.subscribe(TOPIC_APPS, AppDirectoryCodec, ({ message, from }) => trust.directory(message, from) === 'accepted')
    const blobs = new BlobStore(join(options.dataDir, 'blobs'))
    await serveBlobs(node.libp2p, blobs, log, (p) => trust.isAdmitted(p))
    const docker = options.docker ?? createDockerClient()
    // Dynos and builds leave the host's network: a bridge of their own, a firewall, a uid no host user has.
    await checkHostDynoIds((await loadStackRecipe()).recipe.user.uid)
    const isolation = await DynoIsolation.start({
      docker,
      clock,
      logger: log,
      subnet: options.dynoSubnet,
      routerPorts: options.routerPorts,
      peerIps: [...controllersOf(token).values()].flat().flatMap((a) => /^\/ip4\/([0-9.]+)\//.exec(a)?.[1] ?? []),
    })
    stops.push(() => isolation.stop())
    bus.subscribe(TOPIC_HOST_REPORT, HostReportCodec, ({ message, from }) => {
      if (from === hostId || message.hostId !== from || !trust.isAdmitted(from)) return false
      isolation.peer(from, message.ip ?? '')
      return true
    })
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
    })
    await stackPeers.serve()
    bus.subscribe(
      TOPIC_HOST_REPORT,
      HostReportCodec,
      ({ message, from }) => trust.isAdmitted(from) && stackPeers.heard(message, from),
    )
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
    await serveBuilds(
      node.libp2p,
      (req, onLog, signal) =>
        runBuild(
          {
            docker,
            blobs,
            workDir: options.dataDir,
            logger: log,
            network: isolation.network.name,
            ensureStack,
            fetchSource: async (sha, fetchSignal) => {
              if (await blobs.has(sha)) return
              await fetchBlob(node.libp2p, peerIdFromString(req.sourcePeer ?? ''), sha, blobs, { signal: fetchSignal })
            },
          },
          req,
          onLog,
          signal,
        ),
      { logger: log, isTrusted: (peer) => leader.isController(peer) },
    )

    const ip = options.ip ?? defaultIp()
    const runtime: DynoRuntime = await startDynoRuntime({
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
      network: isolation.network.name,
      dataDir: options.dataDir,
      stack: () => ensureStack(() => {}, AbortSignal.timeout(60 * 60_000)),
    })
    stops.push(() => runtime.stop())

    const stopping = new AbortController()
    stops.push(() => stopping.abort())
    const admitted = joinCluster({
      node,
      token,
      role: 'agent',
      version: AGENT_VERSION,
      clock,
      log,
      signal: stopping.signal,
    }).then(() => {})
    admitted.catch(() => {})

    let latest: CapacityReading | undefined
    registerCapacityMetrics(registry, () => latest)
    let seq = 0
    const report = async (): Promise<void> => {
      latest = await readCapacity(options.capacity)
      await bus.publish(TOPIC_HOST_REPORT, HostReportCodec, {
        hostId,
        hostname: latest.hostname,
        addresses: node.addresses(),
        labels: options.labels ?? {},
        capacity: latest.capacity,
        allocatable: latest.allocatable,
        usage: latest.usage,
        dynoCount: runtime.manager.statuses().length,
        appliedEpoch: runtime.manager.fence.epoch,
        appliedGeneration: runtime.manager.fence.generation,
        agentVersion: AGENT_VERSION,
        stackVersion: await stackPeers.offered(), // [stack-peers]
        seq: ++seq,
        sentAtMs: clock.now(),
        ip,
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
    admitted.then(tick, () => {})
    const timer = clock.setInterval(tick, HOST_REPORT_INTERVAL_MS)
    stops.push(() => timer.cancel())

    const metrics = await serveMetrics(registry, options.metricsListen ?? '127.0.0.1:0')
    stops.push(() => metrics.close())
    log.info({ metrics: metrics.url, addresses: node.addresses() }, 'agent started')
    return { hostId, metricsUrl: metrics.url, meshAddresses: () => node.addresses(), admitted, stop: stopAll }
  } catch (err) {
    await stopAll()
    throw err
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
