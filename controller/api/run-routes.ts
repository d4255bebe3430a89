import { refuseUpgrade, serveUpgrades } from './ws-upgrade.ts'
// One-off dynos over HTTP: `POST /v1/apps/:app/dynos` runs one detached (its output goes to the logs), and the
// websocket `GET /v1/apps/:app/dynos/run` runs one attached: the socket carries stdin to the dyno and its output and
// exit code back (RunServerMessage in proto/api.ts). The upgrade is authenticated and the dyno created before the
// socket is accepted, so a wrong token or a bad command gets a plain HTTP error.

import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { WebSocket, WebSocketServer } from 'ws'
import { type Clock, systemClock } from '../../lib/clock.ts'
import type { Logger } from '../../lib/logger.ts'
import {
  type CreateDynoRequest,
  type DynoView,
  RUN_STDERR,
  RUN_STDOUT,
  type RunClientMessage,
  type RunServerMessage,
} from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { AttachDialer } from '../orchestrator/attach-client.ts'
import { startSession } from '../orchestrator/one-off-session.ts'
import type { CreateOneOff, OneOffRecord, OneOffs } from '../orchestrator/one-offs.ts'
import { checkToken } from './api-server.ts'

export interface RunRoutesDeps {
  oneOffs: OneOffs
  attach: AttachDialer
  /** The API token: the websocket upgrade is authenticated here, before fastify's hooks could run. */
  token: string
  logger: Logger
  clock?: Clock
  heartbeatMs?: number
}

const RUN_PATH = /^\/v1\/apps\/([^/]+)\/dynos\/run$/
// Output the socket may buffer before the dyno's output is paused.
const HIGH_WATER = 1024 * 1024

/** The view of a one-off the moment it is created (no status yet). */
export function createdView(o: OneOffRecord): DynoView {
  return {
    id: o.id,
    name: o.name,
    type: o.type,
    size: o.size,
    state: 'starting',
    since: new Date(o.createdAt).toISOString(),
    command: o.command,
    release: o.release,
    host: null,
    hostId: o.hostId,
  }
}

/** Reads command, size, env (K=V, repeatable) and ttl from the websocket's query. */
export function parseRunQuery(app: string, params: URLSearchParams): CreateOneOff {
  const one = (name: string): string | undefined => {
    const all = params.getAll(name)
    if (all.length > 1) throw new ShoalError('INVALID_INPUT', `Cannot run a one-off dyno: ${name} was given twice`)
    return all[0]
  }
  const env: Record<string, string> = {}
  for (const pair of params.getAll('env')) {
    const eq = pair.indexOf('=')
    if (eq <= 0)
      throw new ShoalError('INVALID_INPUT', `Cannot run a one-off dyno: env "${pair.slice(0, 40)}" is not K=V`)
    env[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  const ttl = one('ttl')
  if (ttl !== undefined && !/^\d{1,6}$/.test(ttl)) {
    throw new ShoalError('INVALID_INPUT', 'Cannot run a one-off dyno: ttl must be a whole number of seconds')
  }
  return {
    app,
    command: one('command') ?? '',
    attach: true,
    size: one('size'),
    env,
    ttlS: ttl === undefined ? undefined : Number(ttl),
  }
}

/** Decodes Heroku's dyno create body (detached only). */
export function decodeCreateDyno(app: string, body: unknown): CreateOneOff {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ShoalError(
      'INVALID_INPUT',
      'Cannot run a one-off dyno: the body must be a JSON object like {"command": "ls"}',
    )
  }
  const b = body as Partial<Record<keyof CreateDynoRequest, unknown>>
  if (b.attach === true) {
    throw new ShoalError(
      'INVALID_INPUT',
      `Cannot run an attached dyno with POST: open the websocket GET /v1/apps/${app}/dynos/run instead`,
    )
  }
  if (typeof b.command !== 'string')
    throw new ShoalError('INVALID_INPUT', 'Cannot run a one-off dyno: command is missing')
  if (b.size !== undefined && typeof b.size !== 'string') {
    throw new ShoalError('INVALID_INPUT', 'Cannot run a one-off dyno: size must be a string like "standard-2x"')
  }
  if (b.time_to_live !== undefined && typeof b.time_to_live !== 'number') {
    throw new ShoalError('INVALID_INPUT', 'Cannot run a one-off dyno: time_to_live must be a number of seconds')
  }
  return {
    app,
    command: b.command,
    attach: false,
    size: b.size,
    env: b.env as Record<string, string> | undefined,
    ttlS: b.time_to_live,
  }
}

export function registerRunRoutes(api: FastifyInstance, deps: RunRoutesDeps): void {
  const clock = deps.clock ?? systemClock
  const log = deps.logger.child({ component: 'run' })
  const heartbeatMs = deps.heartbeatMs ?? 30_000

  api.post('/v1/apps/:app/dynos', async (request: FastifyRequest<{ Params: { app: string } }>, reply) => {
    const o = await deps.oneOffs.create(decodeCreateDyno(request.params.app, request.body))
    return reply.code(201).send(createdView(o))
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024, perMessageDeflate: false })

  const serve = (ws: WebSocket, o: OneOffRecord): void => {
    const send = (m: RunServerMessage): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m))
    }
    let outputPaused = false
    const output = (kind: number, bytes: Uint8Array): void => {
      if (ws.readyState !== WebSocket.OPEN) return
      const frame = Buffer.allocUnsafe(bytes.length + 1)
      frame[0] = kind
      frame.set(bytes, 1)
      ws.send(frame, () => {
        if (outputPaused && ws.bufferedAmount < HIGH_WATER / 2) {
          outputPaused = false
          session.handle.resume()
        }
      })
      if (!outputPaused && ws.bufferedAmount >= HIGH_WATER) {
        outputPaused = true
        session.handle.pause()
      }
    }
    send({ type: 'starting', dyno: createdView(o) })
    const session = startSession({ oneOffs: deps.oneOffs, attach: deps.attach, clock }, o, {
      onAttached: () => send({ type: 'up' }),
      onStdout: (b) => output(RUN_STDOUT, b),
      onStderr: (b) => output(RUN_STDERR, b),
    })
    // stdin: one frame at a time, so a dyno that reads slowly slows the client down.
    ws.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      if (!isBinary) {
        let m: Partial<RunClientMessage> = {}
        try {
          m = JSON.parse(bytes.toString('utf8')) as Partial<RunClientMessage>
        } catch {}
        if (m.type === 'eof') void session.handle.end().catch(() => {})
        return
      }
      ws.pause()
      session.handle.write(bytes).then(
        () => ws.resume(),
        () => ws.resume(),
      )
    })
    let alive = true
    const heartbeat = clock.setInterval(() => {
      if (!alive) return ws.terminate()
      alive = false
      ws.ping()
    }, heartbeatMs)
    ws.on('pong', () => {
      alive = true
    })
    ws.on('error', (err) => log.debug({ app: o.app, dyno: o.name, err: String(err) }, 'run socket failed'))
    ws.on('close', () => {
      heartbeat.cancel()
      session.cancel()
    })
    session.result.then(
      (end) => {
        send({ type: 'exit', code: end.exitCode, message: end.message })
        ws.close(1000)
      },
      (err: unknown) => {
        log.error({ app: o.app, dyno: o.name, err }, 'one-off session failed')
        send({
          type: 'error',
          code: 'INTERNAL',
          message: 'Cannot follow the dyno: internal error (see controller logs)',
        })
        ws.close(1011)
      },
    )
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://api')
    } catch {
      return // the logs routes answer malformed URLs
    }
    const m = RUN_PATH.exec(url.pathname)
    if (m === null) {
      // Several handlers share 'upgrade'; one that takes a socket listens for its errors at once (the logs routes
      // do too). A socket nobody took by the next turn is for no route.
      setImmediate(() => {
        if (!socket.destroyed && socket.listenerCount('error') === 0) {
          refuseUpgrade(socket, new ShoalError('NOT_FOUND', `Cannot GET ${url.pathname}: no such route`))
        }
      })
      return
    }
    socket.on('error', () => socket.destroy())
    const name = m[1] as string
    const accept = async (): Promise<OneOffRecord> => {
      checkToken({ headers: req.headers } as FastifyRequest, deps.token)
      return deps.oneOffs.create(parseRunQuery(name, url.searchParams))
    }
    accept().then(
      (o) => {
        if (socket.destroyed) {
          void deps.oneOffs.remove(o).catch(() => {})
          return
        }
        wss.handleUpgrade(req, socket, head, (ws) => serve(ws, o))
      },
      (err: unknown) => {
        if (err instanceof ShoalError) return refuseUpgrade(socket, err)
        log.error({ err }, 'run upgrade failed')
        refuseUpgrade(
          socket,
          new ShoalError('INTERNAL', 'Cannot run a one-off dyno: internal error (see controller logs)'),
        )
      },
    )
  }
  serveUpgrades(api, wss, onUpgrade)
}
