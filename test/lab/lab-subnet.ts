// Picks the lab's /24 from 198.18.0.0/15 (the benchmarking range, RFC 2544) so that no address or route of the
// machine covers it: a lab address must never shadow, or be shadowed by, anything the machine really uses.
// The default route is the one exception: it covers every address by definition, and the lab never routes
// through it because lab clients run inside the lab's own namespaces.

export interface Cidr {
  /** network address as an unsigned 32-bit number */
  base: number
  prefix: number
}

export const LAB_RANGE: Cidr = { base: ipToNumber('198.18.0.0'), prefix: 15 }

export function ipToNumber(ip: string): number {
  const parts = ip.split('.')
  if (parts.length !== 4) throw new Error(`Cannot parse IPv4 address "${ip}"`)
  let n = 0
  for (const p of parts) {
    const octet = Number(p)
    if (!/^\d{1,3}$/.test(p) || octet > 255) throw new Error(`Cannot parse IPv4 address "${ip}"`)
    n = n * 256 + octet
  }
  return n
}

export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.')
}

/** `a.b.c.d/n` or a bare address (a /32); the host bits are cleared. */
export function parseCidr(text: string): Cidr {
  const [ip, len] = text.split('/')
  const prefix = len === undefined ? 32 : Number(len)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`Cannot parse CIDR "${text}"`)
  const size = 2 ** (32 - prefix)
  return { base: Math.floor(ipToNumber(ip ?? '') / size) * size, prefix }
}

export function formatCidr(c: Cidr): string {
  return `${numberToIp(c.base)}/${c.prefix}`
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + 2 ** (32 - a.prefix)
  const bEnd = b.base + 2 ** (32 - b.prefix)
  return a.base < bEnd && b.base < aEnd
}

interface IpAddrJson {
  ifname?: string
  addr_info?: Array<{ family?: string; local?: string; prefixlen?: number }>
}

interface IpRouteJson {
  dst?: string
  dev?: string
}

/** What the machine uses, from `ip -j -4 addr show` and `ip -j -4 route show table all`, labelled for errors. */
export function usedNetworks(addrJson: string, routeJson: string): Array<{ cidr: Cidr; what: string }> {
  const used: Array<{ cidr: Cidr; what: string }> = []
  for (const link of JSON.parse(addrJson || '[]') as IpAddrJson[]) {
    for (const a of link.addr_info ?? []) {
      if (a.family !== 'inet' || a.local === undefined) continue
      const text = `${a.local}/${a.prefixlen ?? 32}`
      used.push({ cidr: parseCidr(text), what: `address ${text} on ${link.ifname ?? '?'}` })
      // The address itself, too: a /32 inside the lab range is taken even when its prefix is wide.
      used.push({ cidr: parseCidr(a.local), what: `address ${text} on ${link.ifname ?? '?'}` })
    }
  }
  for (const r of JSON.parse(routeJson || '[]') as IpRouteJson[]) {
    if (r.dst === undefined || r.dst === 'default') continue
    used.push({ cidr: parseCidr(r.dst), what: `route ${r.dst}${r.dev === undefined ? '' : ` dev ${r.dev}`}` })
  }
  return used
}

/** The n-th /24 of the lab range (0..511). */
export function labSubnet(index: number): Cidr {
  if (!Number.isInteger(index) || index < 0 || index >= 512)
    throw new Error(`Lab subnet index ${index} is out of range`)
  return { base: LAB_RANGE.base + index * 256, prefix: 24 }
}

/** The address with host part `host` (1..254) in a /24. */
export function hostAddress(subnet: Cidr, host: number): string {
  return numberToIp(subnet.base + host)
}

/**
 * The first /24 of the lab range (starting at `preferred`) that nothing the machine uses overlaps and no other
 * live lab holds. Throws a message naming what covers the range when none is free.
 */
export function pickLabSubnet(
  used: ReadonlyArray<{ cidr: Cidr; what: string }>,
  otherLabs: ReadonlySet<number>,
  preferred = 0,
): { index: number; subnet: Cidr } {
  const blocking = new Set<string>()
  for (let i = 0; i < 512; i++) {
    const index = (preferred + i) % 512
    if (otherLabs.has(index)) continue
    const subnet = labSubnet(index)
    const hit = used.find((u) => overlaps(u.cidr, subnet))
    if (hit === undefined) return { index, subnet }
    blocking.add(hit.what)
  }
  throw new Error(
    `Cannot pick a lab subnet: every /24 of ${formatCidr(LAB_RANGE)} is covered by this machine's network ` +
      `(${[...blocking].slice(0, 5).join('; ')}) or held by another lab`,
  )
}
