import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Registry } from 'prom-client'
import type { BlobStore } from '../../lib/blob-store.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import { fetchBlob } from '../../mesh/blob-transfer.ts'
import type { Bus } from '../../mesh/bus.ts'
import type { LeaderTracker } from '../../mesh/leader-tracker.ts'
import type { LocalState } from '../../mesh/local-state.ts'
import { meshLogShipper } from '../../mesh/mesh-log-shipper.ts'
import type { MeshNode } from '../../mesh/mesh-node.ts'
import { handle, request } from '../../mesh/rpc.ts'
import {
  DesiredStateAckCodec,
  DesiredStateCodec,
  type DynoStatus,
  HostStatusCodec,
  type LogLine,
  RouteAnnouncementCodec,
  RouterReportCodec,
} from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_DESIRED, PROTOCOL_STATUS, TOPIC_ROUTER_REPORT, TOPIC_ROUTES } from '../../proto/topics.ts'
import type { DockerClient } from '../docker/docker-client.ts'
import { RouteAnnouncer } from '../routes/route-announcer.ts'
import { AttachBroker } from '../run/attach-broker.ts'
import { serveAttach } from '../run/attach-service.ts'
import { DEFAULT_CONTAINER_OPTIONS } from './dyno-container.ts'
import { DynoManager } from './dyno-manager.ts'
import { type DynoReading, DynoStats } from './dyno-stats.ts'
import { listeningPorts } from './port-allocator.ts'
import { tcpProbe } from './port-probe.ts'
import { ReleaseImages } from './release-image.ts'

export interface DynoServiceDeps {
  node: MeshNode
  bus: Bus
  blobs: BlobStore
  docker: DockerClient
  state: LocalState
  leader: LeaderTracker
  clock: Clock
  logger: Logger
  registry: Registry
  hostId: string
  ip: string
  /** the Docker network dynos join (dyno-network.ts); their PORT is published on `ip` only */
  network: string
  dataDir: string
  /** The stack image dynos run on (built or imported first when this host lacks it). */
  stack: () => Promise<string>
  /** Whether an app has the log-runtime-metrics labs feature (from the app directory). */
  runtimeMetrics?: ((app: string) => boolean) | undefined
}

/**
 * The agent's dynos as a service on the mesh: desired states from the leader (PROTOCOL_DESIRED, fenced by epoch and
 * generation) drive the DynoManager; web dynos are announced to routers once up and drained before they stop; dyno
 * output and platform lines go to the log hub; statuses go to the leader whenever they change (and every few
 * seconds). Stopping leaves the dynos running: the next agent process adopts them.
 */
export class DynoService implements Startable {
  readonly name = 'dyno-service'
  readonly #deps: DynoServiceDeps
  #running: { manager: DynoManager; stop(): Promise<void> } | undefined

  constructor(deps: DynoServiceDeps) {
    this.#deps = deps
  }

  /** The dyno manager; only once started. */
  get manager(): DynoManager {
    if (this.#running === undefined)
      throw new ShoalError('INTERNAL', 'Cannot read dynos: the dyno service is not started')
    return this.#running.manager
  }

  async start(): Promise<void> {
    this.#running ??= await serveDynos(this.#deps)
  }

  async stop(): Promise<void> {
    const running = this.#running
    this.#running = undefined
    await running?.stop()
  }
}

async function serveDynos(deps: DynoServiceDeps): Promise<{ manager: DynoManager; stop(): Promise<void> }> {
  const log = deps.logger
  const node = deps.node.libp2p
  const shipper = meshLogShipper({
    node,
    target: () => deps.leader.leader(),
    clock: deps.clock,
    logger: log,
    registry: deps.registry,
  })
  const routes = new RouteAnnouncer({
    hostId: deps.hostId,
    ip: deps.ip,
    clock: deps.clock,
    logger: log,
    publish: (a) => deps.bus.publish(TOPIC_ROUTES, RouteAnnouncementCodec, a),
    adoptsAtStart: true, // routes.adopting(…) below, once the dyno manager has scanned its containers
  })
  routes.start()
  deps.bus.subscribe(TOPIC_ROUTER_REPORT, RouterReportCodec, ({ message, from }) => {
    if (message.hostId !== from) return false
    routes.routerReport(message, from)
    return true
  })

  const images = new ReleaseImages({
    docker: deps.docker,
    workDir: join(deps.dataDir, 'images'),
    logger: log,
    slugs: {
      // Slugs come from the leader's blob store (any peer holding one would do: content-addressed and verified).
      fetch: async (sha256, signal) => {
        if (!(await deps.blobs.has(sha256))) {
          const from = deps.leader.leader()
          if (from === undefined)
            throw new ShoalError('UNAVAILABLE', `Cannot fetch slug ${sha256.slice(0, 12)}: no leader known`)
          await fetchBlob(node, peerIdFromString(from), sha256, deps.blobs, signal === undefined ? {} : { signal })
        }
        return deps.blobs.path(sha256)
      },
    },
  })

  let statusDirty = true
  const shipLine = (line: LogLine): void =>
    shipper.ship({
      app: line.app ?? '',
      atUs: Number(line.atUs ?? 0),
      source: line.source === 'app' ? 'app' : 'shoal',
      dyno: line.dyno ?? '',
      message: line.message ?? '',
      hostId: deps.hostId,
    })
  // One-off dynos with a client attached (`shoal run`) are held at the rendezvous by the broker (agent/run/).
  const attach = new AttachBroker({ clock: deps.clock, logger: log })
  const manager = await DynoManager.start(
    {
      docker: attach.wrap(deps.docker),
      images,
      clock: deps.clock,
      store: deps.state,
      hostId: deps.hostId,
      probePort: tcpProbe(),
      logger: log,
      log: shipLine,
      hooks: {
        onUp: (d) => routes.up(d),
        beforeStop: (d) => routes.withdrawAndDrain(d),
        onDown: (d) => routes.down(d),
        onStatus: () => {
          statusDirty = true
        },
      },
    },
    {
      ...dynoTimings(),
      portBusy: (port: number) => listeningPorts().has(port),
      container: { ...DEFAULT_CONTAINER_OPTIONS, network: { mode: 'bridge', name: deps.network, hostIp: deps.ip } },
    },
  )

  // After a restart, routers keep the adopted web dynos' routes until they are announced again (route-announcer.ts).
  routes.adopting(
    manager
      .statuses()
      .filter((d) => (d.name ?? '').startsWith('web.'))
      .map((d) => d.id ?? ''),
    30_000,
  )

  // [dyno-stats] one stats read per running dyno per interval: /metrics gauges, runtime metric lines, R14/R15
  const stats = new DynoStats({
    docker: deps.docker,
    clock: deps.clock,
    dynos: () => manager.running(),
    runtimeMetrics: deps.runtimeMetrics ?? (() => false),
    log: shipLine,
    registry: deps.registry,
    hostId: deps.hostId,
    logger: log,
    intervalMs: dynoStatsInterval(),
    onRound: () => {
      statusDirty = true
    },
  })
  stats.start()

  await handle(
    node,
    PROTOCOL_DESIRED,
    { request: DesiredStateCodec, response: DesiredStateAckCodec },
    async (desired, ctx) => {
      if (!deps.leader.isController(ctx.peer)) {
        throw new ShoalError('FORBIDDEN', 'Cannot apply desired state: only a controller may send one')
      }
      try {
        // The leader leaves the stack to each host: hosts with different CA trust have different stack tags.
        const needsStack = (desired.dynos ?? []).some((d) => !d.stack)
        const stack = needsStack ? await withinTime(deps.stack(), 5000) : ''
        const dynos = (desired.dynos ?? []).map((d) => (d.stack ? d : { ...d, stack }))
        attach.desired(desired, dynos)
        return await manager.apply({ ...desired, dynos })
      } catch (err) {
        if (!(err instanceof ShoalError)) throw err
        return { accepted: false, code: err.code, message: err.message, ...manager.fence }
      }
    },
    { logger: log },
  )

  await serveAttach(node, attach, {
    logger: log,
    clock: deps.clock,
    isController: (peer) => deps.leader.isController(peer),
    epoch: () => manager.fence.epoch,
  })

  // Statuses flow to the leader on change, and at least every 5 s so a new leader learns them quickly.
  let lastSent = 0
  let sending = false
  const statusTimer = deps.clock.setInterval(() => {
    const now = deps.clock.now()
    if (sending || (!statusDirty && now - lastSent < 5000)) return
    const leader = deps.leader.leader()
    if (leader === undefined) return
    sending = true
    statusDirty = false
    request(
      node,
      peerIdFromString(leader),
      PROTOCOL_STATUS,
      { request: HostStatusCodec, response: HostStatusCodec },
      { hostId: deps.hostId, ...manager.fence, dynos: withReadings(manager.statuses(), stats.readings()) },
      { timeoutMs: 5000 },
    )
      .then(
        () => {
          lastSent = now
        },
        (err: unknown) => {
          statusDirty = true
          log.debug({ err: String(err) }, 'status report failed')
        },
      )
      .finally(() => {
        sending = false
      })
  }, 500)

  return {
    manager,
    async stop() {
      statusTimer.cancel()
      stats.stop()
      routes.stop()
      // Dynos keep running: the next agent process adopts them.
      await manager.close()
      await shipper.stop()
    },
  }
}

/** Statuses carry each dyno's last memory and CPU reading, for the dashboard's charts (the controller's history). */
function withReadings(statuses: DynoStatus[], readings: ReadonlyMap<string, DynoReading>): DynoStatus[] {
  return statuses.map((s) => {
    const r = readings.get(s.id ?? '')
    if (r === undefined) return s
    return { ...s, memoryBytes: r.memoryTotal, memoryQuotaBytes: r.quotaBytes, cpuLoad: r.cpuLoad ?? 0 }
  })
}

/** SHOAL_DYNO_STATS_INTERVAL_MS shortens Heroku's 20 s between samples for tests. */
function dynoStatsInterval(): number | undefined {
  const v = process.env['SHOAL_DYNO_STATS_INTERVAL_MS']
  return v !== undefined && /^[1-9]\d*$/.test(v) ? Number(v) : undefined
}

/** A stack build takes minutes on a new host: answer the leader now (it retries) and let the build go on. */
function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(
      () =>
        reject(
          new ShoalError(
            'UNAVAILABLE',
            'Cannot apply desired state yet: the stack image is being prepared on this host',
          ),
        ),
      ms,
    )
    work.then(
      (v) => {
        clearTimeout(t)
        resolve(v)
      },
      (err: unknown) => {
        clearTimeout(t)
        reject(err)
      },
    )
  })
}

/** SHOAL_BOOT_TIMEOUT_MS (R10, default 60 s) and SHOAL_STOP_TIMEOUT_MS (R12, default 30 s) shorten Heroku's timings for tests. */
function dynoTimings(): { bootTimeoutMs?: number; stopTimeoutMs?: number } {
  const num = (name: string): number | undefined => {
    const v = process.env[name]
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined
  }
  const boot = num('SHOAL_BOOT_TIMEOUT_MS')
  const stop = num('SHOAL_STOP_TIMEOUT_MS')
  return {
    ...(boot === undefined ? {} : { bootTimeoutMs: boot }),
    ...(stop === undefined ? {} : { stopTimeoutMs: stop }),
  }
}
