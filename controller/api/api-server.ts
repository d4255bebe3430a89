import { Server as HttpsServer } from 'node:https'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { sameSecret } from '../../lib/ids.ts'
import type { Logger } from '../../lib/logger.ts'
import { parseHostPort } from '../../lib/metrics.ts'
import type { ErrorBody } from '../../proto/api.ts'
import { ErrorCodes, ShoalError } from '../../proto/errors.ts'
import { isPublicInstallPath } from '../install/install-routes.ts'

export interface ApiServerOptions {
  token: string
  logger: Logger
  bodyLimit?: number
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
  if (err.code === 'UNAUTHORIZED') reply.header('www-authenticate', 'Basic realm="shoal"')
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
