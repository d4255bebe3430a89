import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client'
import { MetricsRegistry } from './exposition.ts'

/**
 * Stable default metrics ports, one per daemon, so a scrape config can name them (9710-9712 are not used by
 * Prometheus' own components or the common exporters). `--metrics-listen` changes them.
 */
export const DEFAULT_METRICS_PORTS = { controller: 9710, agent: 9711, router: 9712 } as const
export type MetricsDaemon = keyof typeof DEFAULT_METRICS_PORTS

/** The host's cluster address when none is configured: its first non-loopback IPv4 address (else 127.0.0.1). */
export function clusterAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address
  }
  return '127.0.0.1'
}

/**
 * Where a daemon's /metrics listens: the given HOST:PORT; `:PORT` or nothing means the host's cluster address (the
 * one other hosts reach it on, never 0.0.0.0, so dynos' published ports and the metrics stay apart) and, for
 * nothing, the daemon's stable default port.
 */
export function metricsListen(daemon: MetricsDaemon, given: string | undefined, address?: string): string {
  if (given === undefined || given === '')
    return `${formatHost(address ?? clusterAddress())}:${DEFAULT_METRICS_PORTS[daemon]}`
  if (given.startsWith(':')) return `${formatHost(address ?? clusterAddress())}${given}`
  return given
}

/** One registry per daemon (several daemons may share a process in tests), with Node's default metrics. */
export function createRegistry(daemon: string): MetricsRegistry {
  const registry = new MetricsRegistry()
  registry.setDefaultLabels({ daemon })
  collectDefaultMetrics({ register: registry, prefix: 'shoal_' })
  // prom-client names three gauges *_total, which Prometheus' lint (promtool check metrics) refuses for non-counters:
  // they are replaced by one gauge by resource type.
  for (const name of ['active_handles', 'active_requests', 'active_resources']) {
    registry.removeSingleMetric(`shoal_nodejs_${name}_total`)
    registry.removeSingleMetric(`shoal_nodejs_${name}`)
  }
  new Gauge({
    name: 'shoal_nodejs_active_resources',
    help: 'Resources keeping the event loop alive, by type (process.getActiveResourcesInfo)',
    labelNames: ['type'],
    registers: [registry],
    collect() {
      this.reset()
      for (const type of process.getActiveResourcesInfo()) this.inc({ type })
    },
  })
  return registry
}

export interface MetricsServer {
  readonly url: string
  close(): Promise<void>
}

/** Serves GET /metrics in the Prometheus text format. Port 0 picks a free port. */
export async function serveMetrics(registry: Registry, listen: string): Promise<MetricsServer> {
  const { host, port } = parseHostPort(listen)
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      return
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(err)}\n`),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${formatHost(address.address)}:${address.port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Parses "host:port", ":port" or "port"; IPv6 hosts in brackets. */
export function parseHostPort(value: string, defaultHost = '127.0.0.1'): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*))?:?(\d+)$/.exec(value)
  const port = Number(m?.[3])
  if (m === null || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid listen address "${value}": expected HOST:PORT`)
  }
  const host = m[1] ?? m[2]
  return { host: host === undefined || host === '' ? defaultHost : host, port }
}

export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}
