// IPv4 networks as numbers: enough to pick a private subnet that nothing on the machine uses (the dyno bridge) and
// to tell whether an address falls inside one. Addresses are unsigned 32-bit numbers.

export interface Cidr {
  /** network address */
  base: number
  prefix: number
}

export function ipToNumber(ip: string): number {
  const parts = ip.split('.')
  if (parts.length !== 4) throw new RangeError(`Cannot parse IPv4 address "${ip}"`)
  let n = 0
  for (const p of parts) {
    const octet = Number(p)
    if (!/^\d{1,3}$/.test(p) || octet > 255) throw new RangeError(`Cannot parse IPv4 address "${ip}"`)
    n = n * 256 + octet
  }
  return n
}

export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.')
}

/** `a.b.c.d/n` or a bare address (a /32); the host bits are cleared. */
export function parseCidr(text: string): Cidr {
  const [ip, len, extra] = text.split('/')
  const prefix = len === undefined ? 32 : Number(len)
  if (extra !== undefined || !/^\d{0,2}$/.test(len ?? '') || !Number.isInteger(prefix) || prefix < 0 || prefix > 32)
    throw new RangeError(`Cannot parse CIDR "${text}"`)
  const size = 2 ** (32 - prefix)
  return { base: Math.floor(ipToNumber(ip ?? '') / size) * size, prefix }
}

export function formatCidr(c: Cidr): string {
  return `${numberToIp(c.base)}/${c.prefix}`
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix)
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a)
}

export function contains(c: Cidr, ip: string): boolean {
  const n = ipToNumber(ip)
  return n >= c.base && n < c.base + size(c)
}

/** The address `offset` into the network (1: a bridge's gateway). */
export function addressAt(c: Cidr, offset: number): string {
  return numberToIp(c.base + offset)
}

export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.')
}
