// A real router (RouterCore: HAProxy + its control plane) on loopback with a temp data dir, fed directly instead
// of through the mesh, and tiny backends that record what reaches them.

import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http'
import { type AddressInfo, connect, type Server as NetServer, createServer as netServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { systemClock } from '../../lib/clock.ts'
import { MetricsRegistry } from '../../lib/exposition.ts'
import { silentLogger } from '../../lib/logger.ts'
import type { AppEntry } from '../../proto/codec.ts'
import type { RouterTimeouts } from '../../router/haproxy-config.ts'
import { RouterCore } from '../../router/router-core.ts'
import { waitFor } from './wait-for.ts'

export interface HarnessOptions {
  timeouts?: Partial<RouterTimeouts>
  maxConnections?: number
  https?: boolean
  keepHaproxy?: boolean
  dataDir?: string
  http?: string
  adoptGraceMs?: number
  minPool?: number
  backlogPerDyno?: number
  tlsFetch?: ConstructorParameters<typeof RouterCore>[0]['tlsFetch']
}

export interface Harness {
  core: RouterCore
  port: number
  /** The HTTPS port, when started with `https: true`. */
  httpsPort: number
  dataDir: string
  registry: MetricsRegistry
  lines: { line: string; app: string | undefined }[]
  announce(hostId: string, routes: RouteSpec[], seq?: number): Promise<void>
  directory(apps: AppEntry[]): Promise<void>
  waitLine(pattern: RegExp, timeoutMs?: number): Promise<string>
  stop(): Promise<void>
}

export interface RouteSpec {
  dynoId: string
  app: string
  port: number
  dynoName?: string
  host?: string
}

let seqs = 0

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'shoal-router-')))
  const lines: Harness['lines'] = []
  const registry = new MetricsRegistry()
  const core = new RouterCore({
    dataDir,
    http: options.http ?? '127.0.0.1:0',
    https: options.https === true ? '127.0.0.1:0' : undefined,
    timeouts: options.timeouts,
    maxConnections: options.maxConnections,
    keepHaproxy: options.keepHaproxy,
    adoptGraceMs: options.adoptGraceMs,
    minPool: options.minPool,
    backlogPerDyno: options.backlogPerDyno,
    ...(options.tlsFetch === undefined ? {} : { tlsFetch: options.tlsFetch }),
    onRouterLine: (line, app) => lines.push({ line, app }),
    registry,
    log: silentLogger,
    clock: systemClock,
  })
  core.domain = 'shoal.test'
  const ac = new AbortController()
  await core.start(ac.signal)
  const h: Harness = {
    core,
    port: core.http.port,
    httpsPort: core.https?.port ?? 0,
    dataDir,
    registry,
    lines,
    async announce(hostId, routes, seq) {
      core.applyRoutes({
        hostId,
        seq: seq ?? ++seqs,
        snapshot: true,
        up: routes.map((r) => ({
          dynoId: r.dynoId,
          app: r.app,
          processType: 'web',
          dynoName: r.dynoName ?? `web.${r.dynoId}`,
          release: 1,
          address: `${r.host ?? '127.0.0.1'}:${r.port}`,
        })),
      })
      await core.settled()
    },
    async directory(apps) {
      core.setDirectory(apps)
      await core.settled()
    },
    async waitLine(pattern, timeoutMs = 5000) {
      const found = await waitFor(`a router line matching ${pattern}`, () => lines.find((l) => pattern.test(l.line)), {
        timeoutMs,
        intervalMs: 10,
      }).catch(() => assert.fail(`no router line matches ${pattern}; got:\n${lines.map((l) => l.line).join('\n')}`))
      return found.line
    },
    async stop() {
      await core.stop()
      if (options.dataDir === undefined && options.keepHaproxy !== true)
        await rm(dataDir, { recursive: true, force: true })
    },
  }
  return h
}

export interface Backend {
  port: number
  server: Server
  /** Every request head and body the backend received, in order. */
  seen: { method: string; url: string; headers: IncomingMessage['headers']; raw: string[]; body: string }[]
  close(): Promise<void>
}

export async function httpBackend(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_req, res) => res.end('ok'),
): Promise<Backend> {
  const seen: Backend['seen'] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('latin1')
    req.on('data', (c: string) => {
      body += c
    })
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw: req.rawHeaders, body })
      handler(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    server,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** A TCP backend that records every byte it receives (across connections) and answers each request with `reply`. */
export async function rawBackend(reply = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'): Promise<{
  port: number
  bytes: () => string
  close(): Promise<void>
}> {
  let received = ''
  const sockets = new Set<Socket>()
  const server: NetServer = netServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let pending = ''
    socket.on('data', (c: Buffer) => {
      received += c.toString('latin1')
      pending += c.toString('latin1')
      // One answer per complete head seen (the tests send bodiless or fully framed requests).
      while (pending.includes('\r\n\r\n')) {
        pending = pending.slice(pending.indexOf('\r\n\r\n') + 4)
        socket.write(reply)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    bytes: () => received,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

export interface Reply {
  status: number
  headers: IncomingMessage['headers']
  body: string
}

export function get(port: number, host: string, path = '/', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host, ...headers }, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** Writes bytes on a raw socket and returns everything the server sends until it closes (or waitMs passes). */
export function raw(port: number, data: string | Buffer, waitMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(data))
    let out = ''
    socket.setEncoding('latin1')
    socket.on('data', (c: string) => {
      out += c
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve(out))
    setTimeout(() => socket.destroy(), waitMs).unref()
  })
}

/** Polls until fn() gives a value other than undefined or false (test/helpers/wait-for.ts). */
export function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000) {
  return waitFor(what, fn, { timeoutMs, intervalMs: 20, accept: 'defined' })
}
