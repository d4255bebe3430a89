import { toNumber } from '../lib/long-number.ts'
import type { Route, RouteAnnouncement } from '../proto/codec.ts'

/** A route decoded once at the edge: every field present, the address split into host and port. */
export interface Backend {
  readonly dynoId: string
  readonly app: string
  readonly processType: string
  readonly dynoName: string
  readonly release: number
  readonly hostId: string
  readonly address: string
  readonly host: string
  readonly port: number
}

export interface ApplyResult {
  /** false when the announcement was older than one already applied for its host (or had no host id). */
  readonly applied: boolean
  /** Routes that left the table (withdrawn, or missing from a snapshot): the caller drains them. */
  readonly removed: readonly Backend[]
}

const key = (app: string, processType: string): string => `${app}\u0000${processType}`

/**
 * The routes this router knows, learned from agents' announcements. A host's announcements carry a sequence
 * number; a late, older one is ignored so a delayed withdraw can't resurrect or drop the wrong routes.
 */
export class RouteTable {
  readonly #byDyno = new Map<string, Backend>()
  readonly #byProcess = new Map<string, Map<string, Backend>>()
  readonly #byHost = new Map<string, Set<string>>()
  readonly #lastSeq = new Map<string, number>()
  readonly #unhealthy = new Set<string>()

  apply(announcement: RouteAnnouncement): ApplyResult {
    const hostId = announcement.hostId ?? ''
    if (hostId === '') return { applied: false, removed: [] }
    const seq = toNumber(announcement.seq)
    const last = this.#lastSeq.get(hostId)
    if (last !== undefined && seq < last) return { applied: false, removed: [] }
    this.#lastSeq.set(hostId, seq)

    const removed: Backend[] = []
    const incoming = (announcement.up ?? []).flatMap((r) => {
      const b = toBackend(r, hostId)
      return b === undefined ? [] : [b]
    })
    if (announcement.snapshot === true) {
      const keep = new Set(incoming.map((b) => b.dynoId))
      for (const dynoId of [...(this.#byHost.get(hostId) ?? [])]) {
        if (!keep.has(dynoId)) removed.push(...this.#remove(dynoId))
      }
    }
    for (const b of incoming) this.#put(b)
    for (const dynoId of announcement.withdrawn ?? []) {
      const current = this.#byDyno.get(dynoId)
      // A host may only withdraw its own dynos: a moved dyno now announced by another host stays.
      if (current?.hostId === hostId) removed.push(...this.#remove(dynoId))
    }
    return { applied: true, removed }
  }

  /** Forgets a dead host: its routes, its sequence (a restarted agent may count from zero again) and its health. */
  removeHost(hostId: string): Backend[] {
    const removed = [...(this.#byHost.get(hostId) ?? [])].flatMap((dynoId) => this.#remove(dynoId))
    this.#lastSeq.delete(hostId)
    this.#unhealthy.delete(hostId)
    return removed
  }

  /** A suspect host keeps its routes (it may come back) but gets no new traffic. */
  setHostHealthy(hostId: string, healthy: boolean): void {
    if (healthy) this.#unhealthy.delete(hostId)
    else this.#unhealthy.add(hostId)
  }

  isHealthy(hostId: string): boolean {
    return !this.#unhealthy.has(hostId)
  }

  backends(app: string, processType = 'web'): Backend[] {
    const routes = this.#byProcess.get(key(app, processType))
    if (routes === undefined) return []
    const out: Backend[] = []
    for (const b of routes.values()) if (!this.#unhealthy.has(b.hostId)) out.push(b)
    return out
  }

  get(dynoId: string): Backend | undefined {
    return this.#byDyno.get(dynoId)
  }

  all(): Backend[] {
    return [...this.#byDyno.values()]
  }

  get size(): number {
    return this.#byDyno.size
  }

  resolveHost(
    hostHeader: string | undefined,
    clusterDomain: string,
    customDomains: ReadonlyMap<string, string>,
  ): string | undefined {
    return appForHost(hostHeader, clusterDomain, customDomains)
  }

  #put(b: Backend): void {
    if (this.#byDyno.has(b.dynoId)) this.#remove(b.dynoId)
    this.#byDyno.set(b.dynoId, b)
    const k = key(b.app, b.processType)
    const routes = this.#byProcess.get(k) ?? new Map<string, Backend>()
    this.#byProcess.set(k, routes)
    routes.set(b.dynoId, b)
    const dynos = this.#byHost.get(b.hostId) ?? new Set<string>()
    this.#byHost.set(b.hostId, dynos)
    dynos.add(b.dynoId)
  }

  #remove(dynoId: string): Backend[] {
    const b = this.#byDyno.get(dynoId)
    if (b === undefined) return []
    this.#byDyno.delete(dynoId)
    const k = key(b.app, b.processType)
    const routes = this.#byProcess.get(k)
    routes?.delete(dynoId)
    if (routes?.size === 0) this.#byProcess.delete(k)
    const dynos = this.#byHost.get(b.hostId)
    dynos?.delete(dynoId)
    if (dynos?.size === 0) this.#byHost.delete(b.hostId)
    return [b]
  }
}

/**
 * Maps a Host header to an app: custom domains first (exact, then a `*.parent` wildcard), then `<app>.<domain>`
 * with a single DNS label before the cluster domain. Custom domain keys must be lowercase without a port.
 */
export function appForHost(
  hostHeader: string | undefined,
  clusterDomain: string,
  customDomains: ReadonlyMap<string, string>,
): string | undefined {
  const host = normalizeHost(hostHeader)
  if (host === undefined) return undefined
  const custom = customDomains.get(host)
  if (custom !== undefined) return custom
  const dot = host.indexOf('.')
  if (dot > 0) {
    const wildcard = customDomains.get(`*${host.slice(dot)}`)
    if (wildcard !== undefined) return wildcard
  }
  const suffix = `.${clusterDomain.toLowerCase().replace(/\.$/, '')}`
  if (!host.endsWith(suffix)) return undefined
  const app = host.slice(0, -suffix.length)
  return DNS_LABEL.test(app) ? app : undefined
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** Lowercase host without port or trailing dot; undefined for a missing, bracketed (IPv6) or malformed header. */
export function normalizeHost(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined) return undefined
  const m = /^([^:[\]\s/]+?)\.?(?::\d{1,5})?$/.exec(hostHeader.trim())
  return m?.[1] === undefined ? undefined : m[1].toLowerCase()
}

function toBackend(r: Route, hostId: string): Backend | undefined {
  const dynoId = r.dynoId ?? ''
  const app = r.app ?? ''
  const address = r.address ?? ''
  const hp = splitAddress(address)
  if (dynoId === '' || app === '' || hp === undefined) return undefined
  return {
    dynoId,
    app,
    processType: r.processType || 'web',
    dynoName: r.dynoName ?? '',
    release: toNumber(r.release),
    // The announcing host owns the route: a snapshot from it must be able to replace it.
    hostId,
    address,
    host: hp.host,
    port: hp.port,
  }
}

/** 'ip:port' or '[ipv6]:port'. */
export function splitAddress(address: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(address)
  const port = Number(m?.[3])
  const host = m?.[1] ?? m?.[2]
  if (host === undefined || !Number.isInteger(port) || port < 1 || port > 65535) return undefined
  return { host, port }
}
