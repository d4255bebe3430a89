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

  private constructor(libp2p: MeshLibp2p, init: MeshNodeInit) {
    this.libp2p = libp2p
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
    }
  }

  static async create(init: MeshNodeInit): Promise<MeshNode> {
    const libp2p = await createLibp2p({
      privateKey: init.privateKey,
      addresses: { listen: init.listen },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionProtector: preSharedKey({ psk: init.swarmKey }),
      // Cluster hosts live on private networks and loopback; the default gater would refuse to dial them.
      connectionGater: { denyDialMultiaddr: () => false },
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
    return new MeshNode(libp2p as unknown as MeshLibp2p, init)
  }

  get peerId(): PeerId {
    return this.libp2p.peerId
  }

  addresses(): string[] {
    return this.libp2p.getMultiaddrs().map((ma) => ma.toString())
  }

  async start(): Promise<void> {
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
    if (peerId === this.peerId.toString()) return
    const known = this.#wanted.get(peerId)
    if (known !== undefined && known.join() === addresses.join()) return
    this.#wanted.set(peerId, addresses)
    this.#dial(peerId)
  }

  unwant(peerId: string): void {
    this.#wanted.delete(peerId)
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
      if (!this.isConnected(peerId)) this.#dial(peerId)
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
