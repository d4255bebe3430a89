import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { collectDefaultMetrics, Registry } from 'prom-client'

/** One registry per daemon (several daemons may share a process in tests), with Node's default metrics. */
export function createRegistry(daemon: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ daemon })
  collectDefaultMetrics({ register: registry, prefix: 'shoal_' })
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
