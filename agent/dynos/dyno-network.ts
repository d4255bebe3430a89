// The bridge network dynos and builds run on, one per engine: a private subnet nothing on the host uses (read from
// the host's own addresses and routes), a fixed bridge name the firewall rules can name (dyno-firewall.ts), and
// inter-container traffic off (enable_icc=false), so two dynos on one host never talk except through a router.

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { addressAt, type Cidr, formatCidr, overlaps, parseCidr } from '../../lib/cidr.ts'
import type { Logger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { DockerClient, NetworkInfo } from '../docker/docker-client.ts'

const run = promisify(execFile)

export const DYNO_NETWORK_NAME = 'shoal-dynos'
export const DYNO_BRIDGE_NAME = 'shoal0'

/** Tried in order: /22s (1022 dynos each) of 10.213.0.0/16, then of 172.30.0.0/16. */
export const SUBNET_CANDIDATES: readonly Cidr[] = [
  ...Array.from({ length: 64 }, (_, i) => ({ base: parseCidr('10.213.0.0/16').base + i * 1024, prefix: 22 })),
  ...Array.from({ length: 64 }, (_, i) => ({ base: parseCidr('172.30.0.0/16').base + i * 1024, prefix: 22 })),
]

export interface DynoNetwork {
  name: string
  bridge: string
  subnet: Cidr
  /** the bridge's own address on the host (what a dyno reaches the host through) */
  gateway: string
}

export interface UsedNetwork {
  cidr: Cidr
  what: string
}

interface IpAddrJson {
  ifname?: string
  addr_info?: Array<{ family?: string; local?: string; prefixlen?: number }>
}

interface IpRouteJson {
  dst?: string
  dev?: string
}

/** What this network namespace uses, from `ip -j -4 addr show` and `ip -j -4 route show table all`. */
export function usedNetworks(addrJson: string, routeJson: string, ownBridge = DYNO_BRIDGE_NAME): UsedNetwork[] {
  const used: UsedNetwork[] = []
  for (const link of JSON.parse(addrJson || '[]') as IpAddrJson[]) {
    if (link.ifname === ownBridge) continue
    for (const a of link.addr_info ?? []) {
      if (a.family !== 'inet' || a.local === undefined) continue
      const text = `${a.local}/${a.prefixlen ?? 32}`
      used.push({ cidr: parseCidr(text), what: `address ${text} on ${link.ifname ?? '?'}` })
    }
  }
  for (const r of JSON.parse(routeJson || '[]') as IpRouteJson[]) {
    if (r.dst === undefined || r.dst === 'default' || r.dev === ownBridge) continue
    try {
      used.push({ cidr: parseCidr(r.dst), what: `route ${r.dst}${r.dev === undefined ? '' : ` dev ${r.dev}`}` })
    } catch {
      // broadcast/multicast/local entries of other tables with odd destinations: not a network we could collide with
    }
  }
  return used
}

/** The first candidate nothing in `used` overlaps. */
export function pickDynoSubnet(used: readonly UsedNetwork[], candidates: readonly Cidr[] = SUBNET_CANDIDATES): Cidr {
  const blocking = new Set<string>()
  for (const c of candidates) {
    const hit = used.find((u) => overlaps(u.cidr, c))
    if (hit === undefined) return c
    blocking.add(hit.what)
  }
  throw new ShoalError(
    'CONFLICT',
    `Cannot pick a subnet for dynos: every candidate is used on this host (${[...blocking].slice(0, 4).join('; ')}); ` +
      'set one with --dyno-subnet',
  )
}

export async function readUsedNetworks(): Promise<UsedNetwork[]> {
  const [addr, route] = await Promise.all([
    run('ip', ['-j', '-4', 'addr', 'show']),
    run('ip', ['-j', '-4', 'route', 'show', 'table', 'all']),
  ])
  return usedNetworks(addr.stdout, route.stdout)
}

export type NetworkDocker = Pick<DockerClient, 'inspectNetwork' | 'createNetwork'>

export interface EnsureNetworkOptions {
  docker: NetworkDocker
  /** a CIDR; picked from SUBNET_CANDIDATES when unset */
  subnet?: string | undefined
  name?: string
  bridge?: string
  logger?: Logger
  /** what the host uses (tests inject it); read with `ip` by default */
  used?: () => Promise<UsedNetwork[]>
}

/**
 * The engine's dyno network: reused when it exists (agents restart, several agents may share one engine in tests),
 * created otherwise. An existing network must be a bridge with the expected name and icc off; otherwise the agent
 * refuses to start rather than run dynos on a network it cannot vouch for.
 */
export async function ensureDynoNetwork(opts: EnsureNetworkOptions): Promise<DynoNetwork> {
  const name = opts.name ?? DYNO_NETWORK_NAME
  const bridge = opts.bridge ?? DYNO_BRIDGE_NAME
  const existing = await opts.docker.inspectNetwork(name)
  if (existing !== null) return checked(existing, bridge, opts.subnet)
  const subnet =
    opts.subnet !== undefined ? parseSubnet(opts.subnet) : pickDynoSubnet(await (opts.used ?? readUsedNetworks)())
  const gateway = addressAt(subnet, 1)
  try {
    await opts.docker.createNetwork({
      name,
      bridge,
      subnet: formatCidr(subnet),
      gateway,
      icc: false,
      labels: { 'shoal.managed': 'true' },
    })
  } catch (err) {
    // Another agent on this engine created it first.
    if (!(err instanceof ShoalError && err.code === 'CONFLICT')) throw err
    const raced = await opts.docker.inspectNetwork(name)
    if (raced === null) throw err
    return checked(raced, bridge, opts.subnet)
  }
  opts.logger?.info({ network: name, bridge, subnet: formatCidr(subnet) }, 'created the dyno network')
  return { name, bridge, subnet, gateway }
}

function parseSubnet(text: string): Cidr {
  try {
    const c = parseCidr(text)
    if (c.prefix > 29) throw new RangeError('too small')
    return c
  } catch {
    throw new ShoalError('INVALID_INPUT', `Cannot use dyno subnet "${text}": not an IPv4 network of /29 or larger`)
  }
}

function checked(n: NetworkInfo, bridge: string, wanted: string | undefined): DynoNetwork {
  const fail = (why: string) =>
    new ShoalError('CONFLICT', `Cannot use Docker network ${n.name} for dynos: ${why}; remove it (docker network rm)`)
  if (n.bridge !== bridge) throw fail(`its bridge is "${n.bridge}", not ${bridge}`)
  if (n.icc) throw fail('containers on it may talk to each other (enable_icc is not false)')
  const first = n.subnets[0]
  if (first === undefined) throw fail('it has no IPv4 subnet')
  const subnet = parseCidr(first)
  if (wanted !== undefined && formatCidr(parseSubnet(wanted)) !== formatCidr(subnet))
    throw fail(`its subnet is ${formatCidr(subnet)}, not ${wanted}`)
  return { name: n.name, bridge, subnet, gateway: addressAt(subnet, 1) }
}
