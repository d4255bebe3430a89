import type { Agent, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { ConnectDeps } from './dial.ts'
import { clientAddress, forwardedFor, hasConflictingContentLength, requestIdFor, requestLimitError } from './headers.ts'
import { formatRouterLine, H_CODES, type RouterLogFields } from './log-format.ts'
import type { Stats } from './stats.ts'

/**
 * What the caller knows about an app beyond its routes: 'unknown' (no such app) answers 404 like an unknown host,
 * 'crashed' turns "no dynos" into H10, 'maintenance' answers H80. undefined means nothing known: route normally.
 */
export type AppState = 'up' | 'crashed' | 'maintenance' | 'unknown'

/** Everything a request handler needs, resolved once from the options. */
export interface RouterContext extends ConnectDeps {
  domain: string
  customDomains: ReadonlyMap<string, string>
  appState: (app: string) => AppState | undefined
  log: (line: string, app?: string) => void
  stats: Stats
  uuid: () => string
  timeoutMs: number
  idleTimeoutMs: number
  protocol: 'http' | 'https'
  agent: Agent
  /** Client sockets of upgrade requests, from the request to the websocket's end. */
  upgraded: Set<Duplex>
}

/** The parts of a request every log line and header rule needs, taken once when it arrives. */
export interface RequestInfo {
  started: number
  method: string
  path: string
  host: string
  requestId: string
  clientIp: string
  fwd: string
  port: number
}

export function describeRequest(ctx: RouterContext, req: IncomingMessage): RequestInfo {
  const clientIp = clientAddress(req.socket.remoteAddress)
  return {
    started: ctx.clock.now(),
    method: req.method ?? '',
    path: req.url ?? '',
    host: req.headers.host ?? '',
    requestId: requestIdFor(req.headers['x-request-id'], ctx.uuid),
    clientIp,
    fwd: forwardedFor(req.rawHeaders, clientIp),
    port: req.socket.localPort ?? 0,
  }
}

/** The app a request is for, or undefined when its Host names no app (→ 404). */
export function appFor(ctx: RouterContext, req: IncomingMessage): string | undefined {
  const app = ctx.routeTable.resolveHost(req.headers.host, ctx.domain, ctx.customDomains)
  return app === undefined || ctx.appState(app) === 'unknown' ? undefined : app
}

/** Why a request that Node's parser accepted still breaks the router's rules (→ 400 H26), if it does. */
export function rejectReason(req: IncomingMessage): string | undefined {
  const limit = requestLimitError(req.method ?? '', req.url ?? '', req.httpVersion, req.rawHeaders)
  if (limit !== undefined) return limit
  return hasConflictingContentLength(req.rawHeaders) ? 'conflicting Content-Length headers' : undefined
}

/**
 * The checks every request (plain or websocket) passes before it is routed: a known app (else 404), within the
 * limits (else 400 H26), not in maintenance (else H80). Answers through `send` and returns undefined when refused.
 */
export function admit(
  ctx: RouterContext,
  req: IncomingMessage,
  info: RequestInfo,
  send: (status: number, close: boolean) => void,
): string | undefined {
  const app = appFor(ctx, req)
  if (app === undefined) {
    send(404, false)
    logRequest(ctx, info, undefined, { status: 404, bytes: 0 })
    return undefined
  }
  if (rejectReason(req) !== undefined) {
    send(400, true)
    logRequest(ctx, info, app, { code: 'H26', status: 400, bytes: 0 })
    return undefined
  }
  if (ctx.appState(app) === 'maintenance') {
    send(H_CODES.H80.status, false)
    logRequest(ctx, info, app, { code: 'H80', status: H_CODES.H80.status, bytes: 0 })
    return undefined
  }
  return app
}

export type Outcome = Pick<RouterLogFields, 'code' | 'dyno' | 'connectMs' | 'serviceMs' | 'status' | 'bytes' | 'sock'>

export function logRequest(ctx: RouterContext, info: RequestInfo, app: string | undefined, o: Outcome): void {
  const line = formatRouterLine({
    ...o,
    method: info.method,
    path: info.path,
    host: info.host,
    requestId: info.requestId,
    fwd: info.fwd,
    protocol: ctx.protocol,
  })
  if (app === undefined) ctx.log(line)
  else ctx.log(line, app)
}
