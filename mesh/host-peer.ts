import { join } from 'node:path'
import type { Registry } from 'prom-client'
import { type Clock, systemClock } from '../lib/clock.ts'
import { createLogger, type Logger } from '../lib/logger.ts'
import { createRegistry } from '../lib/metrics.ts'
import { privateDataDir } from '../lib/private-dir.ts'
import { Bus, busMetrics } from './bus.ts'
import { loadIdentity } from './identity.ts'
import { decodeJoinToken, type JoinToken } from './join-token.ts'
import { MeshNode } from './mesh-node.ts'
import { PeerState } from './peer-state.ts'

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
  registry: Registry
  state: PeerState
  node: MeshNode
  hostId: string
  /** The daemon's logger, bound to its host id. */
  log: Logger
  bus: Bus
  /** Registers a cleanup; stopAll() runs them in reverse order. */
  onStop(stop: () => Promise<void> | void): void
  stopAll(): Promise<void>
}

/** Opens DIR/state, starts the mesh node with the token's key and a bus; cleans up whatever started if a step fails. */
export async function startHostPeer(options: HostPeerOptions): Promise<HostPeer> {
  const logger = options.logger ?? createLogger(options.daemon)
  const clock = options.clock ?? systemClock
  const token = decodeJoinToken(options.joinToken)
  const registry = createRegistry(options.daemon)
  await privateDataDir(options.dataDir)
  const state = await PeerState.open(join(options.dataDir, 'state'))
  const stops: Array<() => Promise<void> | void> = [() => state.close()]
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop()
  }
  try {
    const node = await MeshNode.create({
      privateKey: loadIdentity(await state.identity()),
      swarmKey: Buffer.from(token.swarmKey, 'base64url'),
      listen: options.meshListen ?? ['/ip4/0.0.0.0/tcp/0'],
      logger,
      registry,
      clock,
    })
    await node.start()
    stops.push(() => node.stop())
    const hostId = node.peerId.toString()
    const log = logger.child({ host: hostId })
    const bus = new Bus(node.libp2p.services.pubsub, { logger: log, metrics: busMetrics(registry) })
    stops.push(() => bus.close())
    return { token, clock, registry, state, node, hostId, log, bus, onStop: (s) => stops.push(s), stopAll }
  } catch (err) {
    await stopAll()
    throw err
  }
}
