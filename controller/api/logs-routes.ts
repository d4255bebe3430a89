import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { WebSocket, WebSocketServer } from 'ws'
import { type Clock, systemClock } from '../../lib/clock.ts'
import { formatLogLine } from '../../lib/log-format.ts'
import type { Logger } from '../../lib/logger.ts'
import type { LogsResponse } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { Sessions } from '../dashboard/sessions.ts'
import type { LogHub, RecentOptions, TailSubscription } from '../logs/log-hub.ts'
import { checkToken } from './api-server.ts'
import { refuseUpgrade, serveUpgrades } from './ws-upgrade.ts'

export interface LogsRoutesDeps {
  hub: LogHub
  /** The API token: the websocket upgrade is authenticated here, before fastify's hooks could run. */
  token: string
  /** Throws ShoalError NOT_FOUND when there is no such app. */
  requireApp: (app: string) => Promise<void>
  logger: Logger
  clock?: Clock
  /** Ping every tail this often; a tail that missed the previous pong is closed. */
  heartbeatMs?: number
  /** Dashboard sessions, which may open a tail from the dashboard's own origin. */
  sessions?: Sessions | undefined
  /** Bytes a tail's socket may buffer before the hub queues (then drops) lines for it. */
  highWaterBytes?: number
}

const STREAM_PATH = /^\/v1\/apps\/([^/]+)\/logs\/stream$/

function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || host === undefined) return false
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

/** Reads num/source/dyno/ps (the GET and the websocket share them); out-of-range values are INVALID_INPUT. */
export function parseLogsQuery(query: Record<string, unknown>, max: number): RecentOptions {
  const one = (name: string): string | undefined => {
    const v = query[name]
    if (v === undefined || v === '') return undefined
    if (typeof v !== 'string') throw new ShoalError('INVALID_INPUT', `Cannot show logs: ${name} was given twice`)
    return v
  }
  const options: RecentOptions = {}
  const num = one('num')
  if (num !== undefined) {
    if (!/^\d{1,6}$/.test(num) || Number(num) > max) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot show logs: num must be a whole number from 0 to ${max}, not "${num}"`,
      )
    }
    options.num = Number(num)
  }
  const source = one('source')
  if (source !== undefined) {
    if (source !== 'app' && source !== 'shoal') {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot show logs: source must be app or shoal, not "${source.slice(0, 40)}"`,
      )
    }
    options.source = source
  }
  const dyno = one('dyno')
  if (dyno !== undefined) options.dyno = dyno
  const ps = one('ps')
  if (ps !== undefined) options.processType = ps
  return options
}

/**
 * GET /v1/apps/:app/logs → { lines } and the websocket tail GET /v1/apps/:app/logs/stream: the recent lines first,
 * then live ones, one text message per line.
 */
export function registerLogsRoutes(app: FastifyInstance, deps: LogsRoutesDeps): void {
  const clock = deps.clock ?? systemClock
  const heartbeatMs = deps.heartbeatMs ?? 30_000
  const highWater = deps.highWaterBytes ?? 1024 * 1024
  const log = deps.logger.child({ component: 'log-tail' })

  app.get('/v1/apps/:app/logs', async (request): Promise<LogsResponse> => {
    const { app: name } = request.params as { app: string }
    const options = parseLogsQuery(request.query as Record<string, unknown>, deps.hub.capacity)
    await deps.requireApp(name)
    return { lines: deps.hub.recent(name, options).map(formatLogLine) }
  })

  // noServer: the upgrade is ours to accept, so a wrong token or app gets a plain HTTP error and no websocket.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false })

  const serve = (ws: WebSocket, name: string, options: RecentOptions): void => {
    let waiting = false
    let alive = true
    let subscription: TailSubscription | undefined
    const send = (text: string): boolean => {
      if (ws.readyState !== WebSocket.OPEN) return true
      ws.send(text, (err) => {
        if (!err && waiting && ws.bufferedAmount < highWater / 2) {
          waiting = false
          subscription?.resume()
        }
      })
      if (ws.bufferedAmount < highWater) return true
      waiting = true
      return false
    }
    // recent() and subscribe() run in one turn, so no line falls between the backlog and the live stream.
    for (const line of deps.hub.recent(name, options)) send(formatLogLine(line))
    subscription = deps.hub.subscribe(name, options, (line) => send(formatLogLine(line)), {
      onEnd: () => ws.close(1000, 'app destroyed'),
    })
    const heartbeat = clock.setInterval(() => {
      if (!alive) {
        ws.terminate()
        return
      }
      alive = false
      ws.ping()
    }, heartbeatMs)
    ws.on('pong', () => {
      alive = true
    })
    ws.on('error', (err) => log.debug({ app: name, err: String(err) }, 'log tail socket failed'))
    ws.on('close', () => {
      heartbeat.cancel()
      subscription?.unsubscribe()
    })
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://api')
    } catch {
      refuseUpgrade(socket, new ShoalError('INVALID_INPUT', 'Cannot read request: the URL is malformed'))
      return
    }
    const m = STREAM_PATH.exec(url.pathname)
    if (m === null) {
      // Another upgrade handler may own this path; answer only when there is none.
      if (app.server.listenerCount('upgrade') === 1) {
        refuseUpgrade(socket, new ShoalError('NOT_FOUND', `Cannot GET ${url.pathname}: no such route`))
      }
      return
    }
    socket.on('error', () => socket.destroy())
    const name = m[1] as string // app names are [a-z0-9-]: nothing to decode, and anything else is no app
    const accept = async (): Promise<RecentOptions> => {
      // checkToken reads only the Authorization header, which the upgrade request carries like any other request. The
      // dashboard's browser cannot set one on a websocket: its session cookie counts, from a page of this origin only.
      const session =
        req.headers.authorization === undefined ? deps.sessions?.fromCookie(req.headers.cookie) : undefined
      if (session === undefined || !sameOrigin(req.headers.origin, req.headers.host)) {
        checkToken({ headers: req.headers } as FastifyRequest, deps.token)
      }
      const options = parseLogsQuery(Object.fromEntries(url.searchParams), deps.hub.capacity)
      await deps.requireApp(name)
      return options
    }
    accept().then(
      (options) => {
        if (socket.destroyed) return
        wss.handleUpgrade(req, socket, head, (ws) => serve(ws, name, options))
      },
      (err: unknown) => {
        if (err instanceof ShoalError) {
          refuseUpgrade(socket, err)
          return
        }
        log.error({ err }, 'log tail upgrade failed')
        refuseUpgrade(socket, new ShoalError('INTERNAL', 'Cannot open log tail: internal error (see controller logs)'))
      },
    )
  }
  serveUpgrades(app, wss, onUpgrade)
}
