// PORTs for dynos on one host (host networking: every dyno binds a distinct host port). Allocation walks the range
// from where it last stopped, so a port just given up is not handed out again at once (a router may still hold a
// route to it for a moment).

import { readFileSync } from 'node:fs'
import { ShoalError } from '../../proto/errors.ts'

export interface PortRange {
  min: number
  max: number
}

export const DEFAULT_PORT_RANGE: PortRange = { min: 20000, max: 29999 }

export class PortAllocator {
  readonly range: PortRange
  readonly #used = new Map<number, number>()
  #cursor: number

  readonly #busy: (port: number) => boolean

  /** `busy` says whether something outside shoal's knowledge already listens on a port (another agent's dynos). */
  constructor(range: PortRange = DEFAULT_PORT_RANGE, busy: (port: number) => boolean = () => false) {
    this.#busy = busy
    if (!(Number.isInteger(range.min) && Number.isInteger(range.max) && range.min > 0 && range.max <= 65535)) {
      throw new ShoalError('INVALID_INPUT', `Cannot allocate ports in ${range.min}-${range.max}: not a port range`)
    }
    if (range.min > range.max) {
      throw new ShoalError('INVALID_INPUT', `Cannot allocate ports in ${range.min}-${range.max}: the range is empty`)
    }
    this.range = range
    this.#cursor = range.min
  }

  /** Marks a port as used (adopted containers, scheduler-assigned ports); counted, so two holders need two releases. */
  reserve(port: number): void {
    this.#used.set(port, (this.#used.get(port) ?? 0) + 1)
  }

  take(what: string): number {
    const size = this.range.max - this.range.min + 1
    for (let i = 0; i < size; i++) {
      const port = this.range.min + ((this.#cursor - this.range.min + i) % size)
      if (!this.#used.has(port) && !this.#busy(port)) {
        this.#used.set(port, 1)
        this.#cursor = port + 1 > this.range.max ? this.range.min : port + 1
        return port
      }
    }
    throw new ShoalError(
      'UNAVAILABLE',
      `Cannot start ${what}: every port in ${this.range.min}-${this.range.max} is in use on this host`,
    )
  }

  release(port: number): void {
    const n = this.#used.get(port) ?? 0
    if (n <= 1) this.#used.delete(port)
    else this.#used.set(port, n - 1)
  }

  get inUse(): number {
    return this.#used.size
  }

  isUsed(port: number): boolean {
    return this.#used.has(port)
  }
}

/**
 * Ports with a listening TCP socket in this network namespace, read from /proc/net/tcp and tcp6 (synchronous and
 * cheap): with host networking, a port another process holds would crash the dyno or, worse, look like it booted.
 */
export function listeningPorts(): Set<number> {
  const ports = new Set<number>()
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = ''
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/)
      // local_address is HEXIP:HEXPORT; st 0A is LISTEN
      if (cols[3] === '0A') ports.add(Number.parseInt(cols[1]?.split(':')[1] ?? '', 16))
    }
  }
  return ports
}
