import { Server as HttpsServer } from 'node:https'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { sameSecret } from '../../lib/ids.ts'
import type { Logger } from '../../lib/logger.ts'
import { parseHostPort } from '../../lib/metrics.ts'
import type { ErrorBody } from '../../proto/api.ts'
import { ErrorCodes, ShoalError } from '../../proto/errors.ts'
import { CSRF_HEADER, readCookie, SESSION_COOKIE, type Sessions } from '../dashboard/sessions.ts'
import { isPublicInstallPath } from '../install/install-routes.ts'

export interface ApiServerOptions {
  token: string
  logger: Logger
  bodyLimit?: number
  /** A second token that may only GET these paths (Prometheus' service discovery). */
  readOnly?: { token: string; paths: ReadonlySet<string> } | undefined
  /** Dashboard sessions: a live session cookie stands for the token (writes need its CSRF header too). */
  sessions?: Sessions | undefined
  /** Serve HTTPS with this certificate (the controller always does; unit tests use inject() without it). */
  tls?: { certPem: string; keyPem: string } | undefined
}

/** Bearer-token check shared by every API route: a missing or wrong token is 401 before any handler runs. */
export function checkToken(request: FastifyRequest, token: string): void {
  const header = request.headers.authorization ?? ''
  const bearer = /^Bearer (.+)$/i.exec(header)?.[1]
  // git sends Basic auth: any user name, the API token as the password (like Heroku's git).
  const basic = /^Basic (.+)$/i.exec(header)?.[1]
  const fromBasic =
    basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':')
  const presented = bearer ?? fromBasic
  if (presented === undefined) throw new ShoalError('UNAUTHORIZED', 'Cannot authenticate: no API token was sent')
  if (!sameSecret(presented, token)) throw new ShoalError('UNAUTHORIZED', 'Cannot authenticate: the API token is wrong')
}

export function sendError(reply: FastifyReply, err: ShoalError): FastifyReply {
  const body: ErrorBody = { error: { code: err.code, message: err.message } }
  // git needs the Basic challenge to send credentials; a browser would answer it with a password dialog, so the
  // dashboard's requests (its pages, or anything carrying a session cookie) get none.
  const url = reply.request?.url ?? ''
  const browser =
    url === '/dashboard' ||
    url.startsWith('/dashboard/') ||
    readCookie(reply.request?.headers.cookie, SESSION_COOKIE) !== undefined
  if (err.code === 'UNAUTHORIZED' && !browser) reply.header('www-authenticate', 'Basic realm="shoal"')
  return reply.code(ErrorCodes[err.code].status).send(body)
}

/** The controller's HTTP API: JSON, bearer auth on everything under /v1, errors as { error: { code, message } }. */
export function createApiServer(options: ApiServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'api' }),
    disableRequestLogging: true,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ...(options.tls === undefined
      ? {}
      : { https: { cert: options.tls.certPem, key: options.tls.keyPem, minVersion: 'TLSv1.2' as const } }),
  })
  app.addHook('onRequest', async (request) => {
    if (request.url === '/healthz' || isPublicInstallPath(request.url)) return
    // The dashboard's pages and sign-in are public; everything they read and change is under /v1.
    if (request.url === '/dashboard' || request.url.startsWith('/dashboard/')) return
    if (options.sessions !== undefined && request.headers.authorization === undefined) {
      const session = options.sessions.fromCookie(request.headers.cookie)
      if (session !== undefined) {
        if (options.sessions.allows(session, request.method, request.headers[CSRF_HEADER])) return
        throw new ShoalError(
          'FORBIDDEN',
          `Cannot ${request.method} ${request.url.split('?')[0]}: the CSRF token is missing or wrong`,
        )
      }
    }
    const ro = options.readOnly
    if (ro !== undefined && request.method === 'GET' && ro.paths.has(request.url.split('?')[0] ?? '')) {
      const presented = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
      if (presented !== undefined && sameSecret(presented, ro.token)) return
    }
    checkToken(request, options.token)
  })
  app.get('/healthz', async () => ({ ok: true }))
  app.setNotFoundHandler((request, reply) => {
    sendError(
      reply,
      new ShoalError('NOT_FOUND', `Cannot ${request.method} ${request.url.split('?')[0]}: no such route`),
    )
  })
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof ShoalError) return sendError(reply, err)
    const e = err as { statusCode?: number; code?: string; message: string }
    if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, new ShoalError('PAYLOAD_TOO_LARGE', `Cannot read request: ${e.message}`))
    }
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
      return sendError(reply, new ShoalError('INVALID_INPUT', `Cannot read request: ${e.message}`))
    }
    options.logger.error({ err }, 'api handler failed')
    return sendError(reply, new ShoalError('INTERNAL', 'Cannot complete request: internal error (see controller logs)'))
  })
  return app as unknown as FastifyInstance
}

export async function listen(app: FastifyInstance, address: string): Promise<string> {
  const { host, port } = parseHostPort(address)
  await app.listen({ host, port })
  const a = app.server.address()
  if (a === null || typeof a === 'string') throw new Error('API server has no TCP address')
  const scheme = (app.server as unknown) instanceof HttpsServer ? 'https' : 'http'
  return `${scheme}://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`
}
