import { type Agent, type ClientRequest, request as httpRequest } from 'node:http'
import type { Socket } from 'node:net'
import type { Clock } from '../lib/clock.ts'
import type { Balancer } from './balancer.ts'
import type { Backend, RouteTable } from './route-table.ts'

export interface DialRequest {
  method: string
  path: string
  headers: string[]
  /** A keep-alive agent for plain requests; false for upgrades, which take the socket for good. */
  agent: Agent | false
}

export interface Connected {
  readonly ok: true
  readonly backend: Backend
  /** The request to the backend: connected, nothing written yet. The caller writes the body and listens. */
  readonly upstream: ClientRequest
  /** Releases the backend's in-flight slot; idempotent. */
  readonly release: () => void
  /** Time to connect to the chosen backend (0 for a reused keep-alive connection). */
  readonly connectMs: number
}

export interface NotConnected {
  readonly ok: false
  /** H14 no backend at all; H19/H21 after every attempt failed to connect. */
  readonly code: 'H14' | 'H19' | 'H21'
  readonly attempts: number
}

export interface ConnectDeps {
  routeTable: RouteTable
  balancer: Balancer
  clock: Clock
  random: () => number
  connectTimeoutMs: number
  maxAttempts: number
  /** Largest response head accepted from a dyno (Heroku: 512 KB response header lines). */
  maxResponseHeaderSize: number
}

/**
 * Connects to one of the app's backends, trying others after a failed dial. Only the dial is retried: the request
 * is written after the connect, so a retried request has never reached a dyno. A backend that failed to connect
 * is quarantined by the balancer.
 */
export async function connectToApp(
  deps: ConnectDeps,
  app: string,
  processType: string,
  req: DialRequest,
  gone: () => boolean,
): Promise<Connected | NotConnected> {
  const tried = new Set<string>()
  let code: NotConnected['code'] = 'H14'
  for (let attempt = 0; attempt < deps.maxAttempts && !gone(); attempt++) {
    const backend = deps.balancer.pick(deps.routeTable.backends(app, processType), tried, deps.random)
    if (backend === undefined) return { ok: false, code, attempts: attempt }
    tried.add(backend.dynoId)
    const release = deps.balancer.acquire(backend.dynoId)
    const started = deps.clock.now()
    const result = await dial(deps, backend, req)
    if (result.ok)
      return { ok: true, backend, upstream: result.upstream, release, connectMs: deps.clock.now() - started }
    release()
    deps.balancer.quarantine(backend.dynoId)
    code = result.timedOut ? 'H19' : 'H21'
  }
  return { ok: false, code, attempts: tried.size }
}

type DialResult = { ok: true; upstream: ClientRequest } | { ok: false; timedOut: boolean }

function dial(deps: ConnectDeps, backend: Backend, req: DialRequest): Promise<DialResult> {
  return new Promise((resolve) => {
    let settled = false
    let timedOut = false
    const upstream = httpRequest({
      host: backend.host,
      port: backend.port,
      method: req.method,
      path: req.path,
      headers: req.headers,
      setHost: false,
      agent: req.agent,
      maxHeaderSize: deps.maxResponseHeaderSize,
    })
    const timer = deps.clock.setTimeout(() => {
      timedOut = true
      upstream.destroy(new Error(`Connect to ${backend.address} timed out after ${deps.connectTimeoutMs}ms`))
    }, deps.connectTimeoutMs)
    const settle = (result: DialResult): void => {
      if (settled) return
      settled = true
      timer.cancel()
      resolve(result)
    }
    // Stays attached for the life of the request so a late error never goes unhandled; after the connect the
    // caller's own listeners decide what an error means.
    upstream.on('error', () => settle({ ok: false, timedOut }))
    upstream.on('socket', (socket: Socket) => {
      if (!socket.connecting) settle({ ok: true, upstream })
      else socket.once('connect', () => settle({ ok: true, upstream }))
    })
  })
}

/** Whether an error from the backend connection is a malformed response (H17) rather than a hang-up (H13). */
export function isParseError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('HPE_')
}
