import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { type GossipSub, gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface'
import { type Ping, ping } from '@libp2p/ping'
import { preSharedKey } from '@libp2p/pnet'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import type { Registry } from 'prom-client'
import { Gauge } from 'prom-client'
import type { Clock, Timer } from '../lib/clock.ts'
import { systemClock } from '../lib/clock.ts'
import type { Logger } from '../lib/logger.ts'

export type MeshLibp2p = Libp2p<{ identify: ReturnType<ReturnType<typeof identify>>; ping: Ping; pubsub: GossipSub }>

export interface MeshNodeInit {
  privateKey: PrivateKey
  swarmKey: Uint8Array
  listen: string[]
  logger: Logger
  registry?: Registry
  clock?: Clock
  /** How often to re-dial wanted peers that are not connected. */
  redialMs?: number
}

/**
 * A libp2p node in the cluster's private network: TCP + pnet + noise + yamux, identify, ping and gossipsub. It keeps
 * connections to the peers it is told to want (controllers from the join token, hosts learned from reports) and
 * re-dials them when they drop.
 */
export class MeshNode {
  readonly libp2p: MeshLibp2p
  readonly #log: Logger
  readonly #clock: Clock
  readonly #wanted = new Map<string, string[]>() // peer id → multiaddrs
  readonly #redialMs: number
  #timer: Timer | null = null
  readonly #dialing = new Set<string>()
  readonly #dropped = new Map<string, number>() // peer id → outbound connections it dropped at once, in a row
  /** Revoked peer ids (hosts:remove): the connection gater refuses them in both directions. */
  readonly #refused: Set<string>
  /** Peers cut off for a while (FloodGuard): peer id → until (clock ms). */
  readonly #bannedUntil: Map<string, number>

  private constructor(libp2p: MeshLibp2p, init: MeshNodeInit, refused: Set<string>, bannedUntil: Map<string, number>) {
    this.libp2p = libp2p
    this.#refused = refused
    this.#bannedUntil = bannedUntil
    this.#log = init.logger
    this.#clock = init.clock ?? systemClock
    this.#redialMs = init.redialMs ?? 2000
    if (init.registry !== undefined) {
      const node = this
      new Gauge({
        name: 'shoal_mesh_peers',
        help: 'Connected mesh peers',
        registers: [init.registry],
        collect() {
          this.set(node.libp2p.getPeers().length)
        },
      })
      new Gauge({
        name: 'shoal_mesh_refused_peers',
        help: 'Peers the connection gater refuses: revoked for good, or banned for flooding (for now)',
        labelNames: ['why'],
        registers: [init.registry],
        collect() {
          const now = node.#clock.now()
          this.set({ why: 'revoked' }, node.#refused.size)
          this.set({ why: 'flooding' }, [...node.#bannedUntil.values()].filter((until) => until > now).length)
        },
      })
    }
  }

  static async create(init: MeshNodeInit): Promise<MeshNode> {
    const refused = new Set<string>()
    const bannedUntil = new Map<string, number>()
    const clock = init.clock ?? systemClock
    const isRefused = (peer: { toString(): string }): boolean => {
      const id = peer.toString()
      return refused.has(id) || (bannedUntil.get(id) ?? 0) > clock.now()
    }
    const libp2p = await createLibp2p({
      privateKey: init.privateKey,
      addresses: { listen: init.listen },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionProtector: preSharedKey({ psk: init.swarmKey }),
      // Cluster hosts live on private networks and loopback; the default gater would refuse to dial them. A revoked
      // peer holding the network key is refused once its identity is known (after the noise handshake) and never
      // dialled, so it keeps no connection to anyone that has heard of the revocation.
      connectionGater: {
        denyDialMultiaddr: () => false,
        denyDialPeer: isRefused,
        denyInboundEncryptedConnection: isRefused,
        denyOutboundEncryptedConnection: isRefused,
        denyInboundUpgradedConnection: isRefused,
        denyOutboundUpgradedConnection: isRefused,
      },
      services: {
        identify: identify(),
        ping: ping(),
        pubsub: gossipsub({
          allowPublishToZeroTopicPeers: true,
          emitSelf: false,
          globalSignaturePolicy: 'StrictSign',
          heartbeatInterval: 500,
        }),
      },
      start: false,
    })
    return new MeshNode(libp2p as unknown as MeshLibp2p, init, refused, bannedUntil)
  }

  get peerId(): PeerId {
    return this.libp2p.peerId
  }

  addresses(): string[] {
    return this.libp2p.getMultiaddrs().map((ma) => ma.toString())
  }

  async start(): Promise<void> {
    // Outbound connections the other side closes within a second of opening: what a peer that refuses us at its
    // connection gater (we were revoked) looks like from here, since our side of the handshake completes.
    this.libp2p.addEventListener('connection:close', (e) => {
      const c = e.detail
      if (c.direction !== 'outbound') return
      const peer = c.remotePeer.toString()
      const lived = Date.now() - c.timeline.open
      this.#dropped.set(peer, lived < 1000 ? (this.#dropped.get(peer) ?? 0) + 1 : 0)
    })
    await this.libp2p.start()
    this.#timer = this.#clock.setInterval(() => this.#redial(), this.#redialMs)
    this.#log.info({ peerId: this.peerId.toString(), addresses: this.addresses() }, 'mesh started')
  }

  async stop(): Promise<void> {
    this.#timer?.cancel()
    this.#timer = null
    await this.libp2p.stop()
  }

  /** Keeps a connection to this peer (addresses carry or omit /p2p/<id>). */
  want(peerId: string, addresses: string[]): void {
    if (peerId === this.peerId.toString() || this.#refused.has(peerId)) return
    const known = this.#wanted.get(peerId)
    if (known !== undefined && known.join() === addresses.join()) return
    this.#wanted.set(peerId, addresses)
    this.#dial(peerId)
  }

  unwant(peerId: string): void {
    this.#wanted.delete(peerId)
  }

  /**
   * Refuses these peers from now on (revoked hosts): no dial, no inbound connection, and open connections to them
   * are closed. Adds to what was refused before (a revocation is for good).
   */
  refuse(peerIds: Iterable<string>): void {
    for (const peerId of peerIds) {
      if (peerId === this.peerId.toString() || this.#refused.has(peerId)) continue
      this.#refused.add(peerId)
      this.#wanted.delete(peerId)
      this.#close(peerId, 'Cannot stay connected: this peer was revoked')
    }
  }

  /** Refuses this peer for `ms` (a flooder, mesh/flood-guard.ts) and closes its connections; it is not unwanted. */
  ban(peerId: string, ms: number): void {
    if (peerId === this.peerId.toString()) return
    this.#bannedUntil.set(peerId, this.#clock.now() + ms)
    for (const [id, until] of this.#bannedUntil) if (until <= this.#clock.now()) this.#bannedUntil.delete(id)
    this.#close(peerId, 'Cannot stay connected: this peer floods the mesh')
  }

  isRefused(peerId: string): boolean {
    return this.#refused.has(peerId) || (this.#bannedUntil.get(peerId) ?? 0) > this.#clock.now()
  }

  #close(peerId: string, why: string): void {
    const open = this.libp2p.getConnections().filter((c) => c.remotePeer.toString() === peerId)
    if (open.length > 0) this.#log.warn({ peer: peerId, why }, 'mesh connection closed')
    for (const c of open) c.abort(new Error(why))
  }

  /** How many outbound connections in a row `peerId` closed within a second of opening (refused at its gater?). */
  droppedAtOnce(peerId: string): number {
    return this.#dropped.get(peerId) ?? 0
  }

  isConnected(peerId: string): boolean {
    return this.libp2p.getPeers().some((p) => p.toString() === peerId)
  }

  /** A direct liveness probe; true when the peer answered within the signal's deadline. */
  async probe(peerId: string, signal: AbortSignal): Promise<boolean> {
    const addrs = this.#addrsFor(peerId)
    if (addrs.length === 0) return false
    try {
      await this.libp2p.services.ping.ping(addrs, { signal })
      return true
    } catch {
      return false
    }
  }

  #addrsFor(peerId: string): ReturnType<typeof multiaddr>[] {
    return (this.#wanted.get(peerId) ?? []).map((a) => multiaddr(a.includes('/p2p/') ? a : `${a}/p2p/${peerId}`))
  }

  #redial(): void {
    for (const peerId of this.#wanted.keys()) {
      if (!this.isConnected(peerId) && !this.isRefused(peerId)) this.#dial(peerId)
    }
  }

  #dial(peerId: string): void {
    if (this.#dialing.has(peerId) || this.libp2p.status !== 'started') return
    const addrs = this.#addrsFor(peerId)
    if (addrs.length === 0) return
    this.#dialing.add(peerId)
    this.libp2p
      .dial(addrs, { signal: AbortSignal.timeout(5000) })
      .then(
        () => this.#log.debug({ peer: peerId }, 'mesh connected'),
        (err: unknown) => this.#log.debug({ peer: peerId, err: String(err) }, 'mesh dial failed'),
      )
      .finally(() => this.#dialing.delete(peerId))
  }
}
