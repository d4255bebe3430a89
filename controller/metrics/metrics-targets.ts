import { createHmac } from 'node:crypto'
import type { Clock } from '../../lib/clock.ts'
import type { MetricsEndpoint } from '../../proto/codec.ts'

/** One group of Prometheus' HTTP service discovery (http_sd_configs): targets and the labels they share. */
export interface SdTargetGroup {
  targets: string[]
  labels: Record<string, string>
}

/** An endpoint not announced again for this long is gone (its daemon stopped or its host died). */
export const ENDPOINT_TTL_MS = 60_000
const DAEMONS = new Set(['controller', 'agent', 'router'])
const MAX_ENDPOINTS = 10_000

interface Known {
  endpoint: { peerId: string; daemon: string; hostname: string; version: string; url: string }
  seenAt: number
}

/**
 * The daemons whose /metrics Prometheus should scrape, as announced on the mesh. Only announcements a peer signed
 * about itself are taken, and only from admitted peers (the caller checks), so nobody can point Prometheus at an
 * address of their choosing; label values are bounded.
 */
export class MetricsTargets {
  readonly #clock: Clock
  readonly #known = new Map<string, Known>()

  constructor(clock: Clock) {
    this.#clock = clock
  }

  /** Returns false (and keeps nothing) when the announcement is malformed or speaks for another peer. */
  accept(endpoint: MetricsEndpoint, from: string): boolean {
    const peerId = endpoint.peerId ?? ''
    const daemon = endpoint.daemon ?? ''
    const hostname = endpoint.hostname ?? ''
    const version = endpoint.version ?? ''
    const url = endpoint.url ?? ''
    if (peerId !== from || !DAEMONS.has(daemon)) return false
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return false
    }
    if (parsed.protocol !== 'http:' || parsed.pathname !== '/metrics' || parsed.port === '') return false
    const key = `${peerId}/${daemon}`
    if (!this.#known.has(key) && this.#known.size >= MAX_ENDPOINTS) return false
    this.#known.set(key, {
      endpoint: { peerId, daemon, hostname: hostname.slice(0, 253), version: version.slice(0, 64), url },
      seenAt: this.#clock.now(),
    })
    return true
  }

  /** http_sd_configs JSON: one group per daemon, sorted, with host, host_id, daemon and version labels. */
  groups(): SdTargetGroup[] {
    const now = this.#clock.now()
    const out: SdTargetGroup[] = []
    for (const [key, k] of this.#known) {
      if (now - k.seenAt > ENDPOINT_TTL_MS) {
        this.#known.delete(key)
        continue
      }
      const url = new URL(k.endpoint.url)
      out.push({
        targets: [url.host],
        labels: {
          host: k.endpoint.hostname,
          host_id: k.endpoint.peerId,
          daemon: k.endpoint.daemon,
          version: k.endpoint.version,
          __metrics_path__: url.pathname,
        },
      })
    }
    return out.sort((a, b) => `${a.labels.daemon}/${a.targets[0]}`.localeCompare(`${b.labels.daemon}/${b.targets[0]}`))
  }
}

/**
 * The read-only token for Prometheus: derived from the admin token (HMAC), so it needs no storage, cannot be turned
 * back into the admin token, and changes when the admin token does. It reads the service discovery and nothing else.
 */
export function metricsReadToken(apiToken: string): string {
  return `shoal-ro.${createHmac('sha256', apiToken).update('shoal/prometheus-read/1').digest('base64url')}`
}
