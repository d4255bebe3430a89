// Everything that isolates this host's dynos, set up before the first dyno starts: the uid check, the dyno bridge
// network, and the firewall, kept current as cluster hosts come and go (their addresses are refused to dynos but
// for the router's ports) and rewritten every minute (a restarted engine or an operator's flush loses rules).

import type { Clock, Timer } from '../../lib/clock.ts'
import type { Logger } from '../../lib/logger.ts'
import { applyDynoFirewall, type Iptables, systemIptables } from './dyno-firewall.ts'
import type { DynoNetwork as BridgeNetwork } from './dyno-network.ts'
import { ensureDynoNetwork, type NetworkDocker } from './dyno-network.ts'

export const DEFAULT_ROUTER_PORTS: readonly number[] = [80, 443]
const REFRESH_MS = 60_000

export interface DynoIsolationOptions {
  docker: NetworkDocker
  clock: Clock
  logger: Logger
  subnet?: string | undefined
  /** ports routers listen on (default 80 and 443) */
  routerPorts?: readonly number[] | undefined
  /** cluster addresses known up front (the controllers' in the join token) */
  peerIps?: readonly string[]
  iptables?: Iptables
}

export class DynoIsolation {
  readonly network: BridgeNetwork
  readonly #o: DynoIsolationOptions
  readonly #peers = new Map<string, string>()
  #timer: Timer | undefined
  #applying: Promise<void> = Promise.resolve()
  #applied = ''

  private constructor(network: BridgeNetwork, o: DynoIsolationOptions) {
    this.network = network
    this.#o = o
    for (const ip of o.peerIps ?? []) this.#peers.set(`static:${ip}`, ip)
  }

  /** Creates (or finds) the network and writes the firewall; throws when either cannot be done (fail closed). */
  static async start(o: DynoIsolationOptions): Promise<DynoIsolation> {
    const network = await ensureDynoNetwork({ docker: o.docker, subnet: o.subnet, logger: o.logger })
    const iso = new DynoIsolation(network, o)
    await iso.#apply(true)
    iso.#timer = o.clock.setInterval(() => {
      iso
        .#apply(true)
        .catch((err: unknown) => o.logger.error({ err: String(err) }, 'rewriting the dyno firewall failed'))
    }, REFRESH_MS)
    return iso
  }

  /** A cluster host's address (from its HostReport); rules are rewritten when the set changes. */
  peer(hostId: string, ip: string): void {
    if (ip === '' || this.#peers.get(hostId) === ip) return
    this.#peers.set(hostId, ip)
    this.#apply(false).catch((err: unknown) =>
      this.#o.logger.error({ err: String(err) }, 'rewriting the dyno firewall failed'),
    )
  }

  #apply(force: boolean): Promise<void> {
    this.#applying = this.#applying.then(async () => {
      const policy = {
        bridge: this.network.bridge,
        routerPorts: this.#o.routerPorts ?? DEFAULT_ROUTER_PORTS,
        peerIps: [...new Set(this.#peers.values())],
      }
      const key = JSON.stringify(policy)
      if (!force && key === this.#applied) return
      await applyDynoFirewall(policy, this.#o.iptables ?? systemIptables)
      this.#applied = key
    })
    return this.#applying
  }

  stop(): void {
    this.#timer?.cancel()
  }
}
