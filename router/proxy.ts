import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { type Clock, systemClock, type Timer } from '../lib/clock.ts'
import { uuid as randomUuid } from '../lib/ids.ts'
import { Balancer } from './balancer.ts'
import {
  type AppState,
  admit,
  appFor,
  describeRequest,
  logRequest,
  type RequestInfo,
  type RouterContext,
} from './context.ts'
import { type Connected, connectToApp, isParseError } from './dial.ts'
import { clientAddress, downstreamHeaders, isWebSocketUpgrade, LIMITS, upstreamHeaders } from './headers.ts'
import { H_CODES, type HCodeName } from './log-format.ts'
import { sendPage, sendRawPage } from './responses.ts'
import type { RouteTable } from './route-table.ts'
import type { RequestTracker, Stats } from './stats.ts'
import { handleUpgrade } from './upgrade.ts'

export type { AppState }

export interface RouterServerOptions {
  routeTable: RouteTable
  /** Cluster domain: `<app>.<domain>` routes to app. Read live on every request (a getter may supply it). */
  domain: string
  /** Custom domain (lowercase, no port; `*.example.com` wildcards allowed) → app. Read live on every request. */
  customDomains?: ReadonlyMap<string, string>
  appState?: (app: string) => AppState | undefined
  /** One Heroku-format line per request; app is undefined when the request matched no app. */
  log: (line: string, app?: string) => void
  stats: Stats
  balancer?: Balancer
  clock?: Clock
  random?: () => number
  uuid?: () => string
  /** Time to the first response byte, counted once the request is fully sent (H12). Default 30 s. */
  timeoutMs?: number
  /** Connect timeout per attempt (H19). Default 5 s. */
  connectTimeoutMs?: number
  /** Rolling idle window while a client uploads (H28) or a dyno streams (H15). Default 55 s. */
  idleTimeoutMs?: number
  /** Dial attempts on distinct backends per request. Default 10. */
  maxAttempts?: number
  /** Node's cap on a whole request head; above it the client gets 400. Default 64 KiB. */
  maxHeaderSize?: number
  protocol?: 'http' | 'https'
}

export interface RouterServer {
  readonly server: Server
  listen(port: number, host?: string): Promise<AddressInfo>
  /** Stops accepting, cuts open connections (websockets included) and the pool to the dynos. */
  close(): Promise<void>
}

export function createRouterServer(options: RouterServerOptions): RouterServer {
  const clock = options.clock ?? systemClock
  const ctx: RouterContext = {
    routeTable: options.routeTable,
    balancer: options.balancer ?? new Balancer({ clock }),
    clock,
    random: options.random ?? Math.random,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    maxAttempts: options.maxAttempts ?? 10,
    maxResponseHeaderSize: 512 * 1024,
    get domain() {
      return options.domain
    },
    customDomains: options.customDomains ?? new Map(),
    appState: options.appState ?? (() => undefined),
    log: options.log,
    stats: options.stats,
    uuid: options.uuid ?? randomUuid,
    timeoutMs: options.timeoutMs ?? 30_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 55_000,
    protocol: options.protocol ?? 'http',
    // Router 2.0 keeps connections to dynos open and closes them after 90 s idle.
    agent: new Agent({ keepAlive: true, timeout: 90_000, scheduling: 'lifo' }),
    upgraded: new Set(),
  }
  const server = createServer({
    maxHeaderSize: options.maxHeaderSize ?? 64 * 1024,
    // Bodies may stream for as long as they move; the idle timers police stalls instead.
    requestTimeout: 0,
    shouldUpgradeCallback: (req) => isWebSocketUpgrade(req.headers),
  })
  // One over the limit, so a request with too many headers is seen (Node drops the rest silently).
  server.maxHeadersCount = LIMITS.headerCount + 1
  const busy = new Set<Socket>()

  server.on('request', (req: IncomingMessage, res: ServerResponse) => handleRequest(ctx, req, res, busy, false))
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => handleRequest(ctx, req, res, busy, true))
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    reject(ctx, describeRequest(ctx, req), appFor(ctx, req), res, 417)
  })
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => handleUpgrade(ctx, req, socket, head))
  server.on('clientError', (err: Error & { code?: string }, socket: Socket) => {
    // A parse error on a connection whose previous response is still streaming must not write into it.
    if (err.code === 'ECONNRESET' || !socket.writable || busy.has(socket)) {
      socket.destroy()
      return
    }
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
    sendRawPage(socket, status)
    const info = { started: 0, method: '', path: '', host: '', requestId: '', clientIp: '', port: 0 }
    logRequest(ctx, { ...info, fwd: clientAddress(socket.remoteAddress) }, undefined, {
      code: status === 400 ? 'H26' : undefined,
      status,
      bytes: 0,
    })
  })

  return {
    server,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          resolve(server.address() as AddressInfo)
        })
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        for (const socket of ctx.upgraded) socket.destroy()
        ctx.upgraded.clear()
        ctx.agent.destroy()
      }),
  }
}

function handleRequest(
  ctx: RouterContext,
  req: IncomingMessage,
  res: ServerResponse,
  busy: Set<Socket>,
  expectsContinue: boolean,
): void {
  const socket = req.socket
  busy.add(socket)
  res.once('close', () => busy.delete(socket))
  // A client that resets mid-upload surfaces as the response's 'close'; the stream error itself is noise.
  req.on('error', () => {})
  const info = describeRequest(ctx, req)
  const app = admit(ctx, req, info, (status, close) => sendPage(res, status, close))
  if (app === undefined) return
  forward(ctx, req, res, info, app, expectsContinue).catch(() => {
    // A bug must cost one request, not the router: answer as Heroku does for its own failures.
    sendPage(res, H_CODES.H99.status)
    logRequest(ctx, info, app, { code: 'H99', status: H_CODES.H99.status, bytes: 0 })
  })
}

/** 400/417 H26: the request can't be delivered as sent; its body framing is suspect, so the connection closes. */
function reject(ctx: RouterContext, info: RequestInfo, app: string | undefined, res: ServerResponse, status: number) {
  sendPage(res, status, true)
  logRequest(ctx, info, app, { code: 'H26', status, bytes: 0 })
}

async function forward(
  ctx: RouterContext,
  req: IncomingMessage,
  res: ServerResponse,
  info: RequestInfo,
  app: string,
  expectsContinue: boolean,
): Promise<void> {
  const tracker = ctx.stats.start(app, 'web')
  let gone = false
  const onClose = () => {
    if (!res.writableFinished) gone = true
  }
  res.once('close', onClose)
  const headers = upstreamHeaders(req.rawHeaders, {
    clientIp: info.clientIp,
    proto: ctx.protocol,
    port: info.port,
    requestStart: info.started,
    requestId: info.requestId,
    websocket: false,
  })
  const request = { method: info.method, path: info.path, headers, agent: ctx.agent }
  const c = await connectToApp(ctx, app, 'web', request, () => gone)
  res.off('close', onClose)
  const queueMs = ctx.clock.now() - info.started
  if (gone || res.destroyed) {
    if (c.ok) {
      c.release()
      c.upstream.destroy()
    }
    tracker.finish({ status: 499, queueMs })
    logRequest(ctx, info, app, { code: 'H27', status: 499, bytes: 0 })
    return
  }
  if (!c.ok) {
    const code = c.code === 'H14' && ctx.appState(app) === 'crashed' ? 'H10' : c.code
    const status = H_CODES[code].status
    sendPage(res, status)
    tracker.finish({ status, queueMs })
    logRequest(ctx, info, app, { code, status, bytes: 0 })
    return
  }
  // The client holds its body until told to go on; only now is there somewhere to send it.
  if (expectsContinue) res.writeContinue()
  exchange(ctx, req, res, info, app, c, tracker)
}

/** Streams one request to a connected backend and its response back, with Heroku's timeouts and error codes. */
function exchange(
  ctx: RouterContext,
  req: IncomingMessage,
  res: ServerResponse,
  info: RequestInfo,
  app: string,
  c: Connected,
  tracker: RequestTracker,
): void {
  const { upstream, backend } = c
  const connectedAt = ctx.clock.now()
  let done = false
  let responded = false
  let status = 0
  let bytes = 0
  const timers: { client?: Timer; firstByte?: Timer; backend?: Timer } = {}
  const cancel = (name: keyof typeof timers) => {
    timers[name]?.cancel()
    delete timers[name]
  }

  const finish = (st: number, code?: HCodeName, sock?: 'client' | 'backend'): void => {
    if (done) return
    done = true
    cancel('client')
    cancel('firstByte')
    cancel('backend')
    c.release()
    const serviceMs = ctx.clock.now() - connectedAt
    tracker.finish({ status: st, queueMs: connectedAt - info.started, serviceMs })
    logRequest(ctx, info, app, {
      code,
      dyno: backend.dynoName,
      connectMs: c.connectMs,
      serviceMs,
      status: st,
      bytes,
      sock,
    })
  }
  // Before a response has started the client gets a router page; after, all that can be done is to cut it.
  const fail = (code: HCodeName, sock?: 'client' | 'backend'): void => {
    if (done) return
    const st = responded ? status : H_CODES[code].status
    if (code === 'H27' || code === 'H28') res.destroy()
    else sendPage(res, st)
    finish(code === 'H27' || code === 'H28' ? 499 : st, code, sock)
    upstream.destroy()
  }
  const idle = (name: 'client' | 'backend', code: HCodeName) => {
    cancel(name)
    timers[name] = ctx.clock.setTimeout(() => fail(code), ctx.idleTimeoutMs)
  }

  idle('client', 'H28')
  req.on('data', () => {
    if (timers.client !== undefined) idle('client', 'H28')
  })
  upstream.on('finish', () => {
    cancel('client')
    if (!responded) timers.firstByte = ctx.clock.setTimeout(() => fail('H12'), ctx.timeoutMs)
  })
  upstream.on('response', (ures: IncomingMessage) => {
    responded = true
    status = ures.statusCode ?? 502
    cancel('client')
    cancel('firstByte')
    try {
      res.writeHead(status, ures.statusMessage || undefined, downstreamHeaders(ures.rawHeaders))
    } catch {
      // Node's server refuses some header bytes its client parser let through.
      responded = false
      fail('H17')
      return
    }
    idle('backend', 'H15')
    ures.on('data', (chunk: Buffer) => {
      bytes += chunk.length
      idle('backend', 'H15')
    })
    ures.on('error', () => {})
    ures.on('close', () => {
      if (!ures.complete) fail('H18', 'backend')
    })
    ures.pipe(res)
  })
  upstream.on('error', (err) => {
    if (!responded) fail(isParseError(err) ? 'H17' : 'H13')
    else fail('H18', 'backend')
  })
  res.on('finish', () => finish(status))
  res.on('close', () => fail('H27'))
  req.pipe(upstream)
}
