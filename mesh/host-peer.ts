import { join } from 'node:path'
import { type Clock, systemClock } from '../lib/clock.ts'
import type { MetricsRegistry } from '../lib/exposition.ts'
import { Lifecycle, stopper } from '../lib/lifecycle.ts'
import { createLogger, type Logger } from '../lib/logger.ts'
import { createRegistry } from '../lib/metrics.ts'
import { privateDataDir } from '../lib/private-dir.ts'
import { Bus, busMetrics } from './bus.ts'
import { FloodGuard } from './flood-guard.ts'
import { loadIdentity } from './identity.ts'
import { controllersOf } from './join-cluster.ts'
import { decodeJoinToken, type JoinToken } from './join-token.ts'
import { LocalState } from './local-state.ts'
import { MeshNode } from './mesh-node.ts'

export interface HostPeerOptions {
  daemon: 'agent' | 'router'
  dataDir: string
  joinToken: string
  meshListen?: string[] | undefined
  logger?: Logger | undefined
  clock?: Clock | undefined
}

/** What every daemon on a host starts with: its persistent identity, a mesh node in the cluster, a bus, metrics. */
export interface HostPeer {
  token: JoinToken
  clock: Clock
  registry: MetricsRegistry
  state: LocalState
  node: MeshNode
  hostId: string
  /** The daemon's logger, bound to its host id. */
  log: Logger
  bus: Bus
  /**
   * The daemon's lifecycle, holding the state database, the mesh node and the bus (already started): the daemon adds
   * its own components and calls start() again, which starts only the new ones; stop() stops all in reverse.
   */
  life: Lifecycle
}

/** Opens DIR/state, starts the mesh node with the token's key and a bus; cleans up whatever started if a step fails. */
export async function startHostPeer(options: HostPeerOptions): Promise<HostPeer> {
  const logger = options.logger ?? createLogger(options.daemon)
  const clock = options.clock ?? systemClock
  const token = decodeJoinToken(options.joinToken)
  const registry = createRegistry(options.daemon)
  await privateDataDir(options.dataDir)
  const life = new Lifecycle({
    onStopError: (err, component) => logger.error({ err, component }, 'a component failed to stop'),
  })
  const state = await LocalState.open(join(options.dataDir, 'state'))
  life.add(stopper('state', () => state.close()))
  try {
    const node = await MeshNode.create({
      privateKey: loadIdentity(await state.identity()),
      swarmKey: Buffer.from(token.swarmKey, 'base64url'),
      listen: options.meshListen ?? ['/ip4/0.0.0.0/tcp/0'],
      logger,
      registry,
      clock,
    })
    life.add(node)
    const hostId = node.peerId.toString()
    const log = logger.child({ host: hostId })
    const controllers = controllersOf(token)
    const guard = new FloodGuard({
      clock,
      logger: log,
      ban: (peer, ms) => node.ban(peer, ms),
      exempt: (peer) => controllers.has(peer),
    })
    const bus = new Bus(node.libp2p.services.pubsub, { logger: log, metrics: busMetrics(registry), guard })
    life.add(stopper('bus', () => bus.close()))
    await life.start()
    return { token, clock, registry, state, node, hostId, log, bus, life }
  } catch (err) {
    // A failed start has stopped what started, the state database included; a failure before it has not.
    if (!life.signal.aborted) await state.close()
    throw err
  }
}
