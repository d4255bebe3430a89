// Log drains over HTTP, as Heroku's Platform API has them: app drains under /v1/apps/:app/log-drains, and cluster
// drains (every app's lines, for operators) under /v1/log-drains. A drain is named in DELETE by id, token or URL.

import type { FastifyInstance } from 'fastify'
import type { LogDrainCreate, LogDrainView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { type DrainService, toDrainView } from '../logs/drains/drain-service.ts'

export interface DrainsRoutesDeps {
  drains: DrainService
  /** Throws ShoalError NOT_FOUND when there is no such app. */
  requireApp: (app: string) => Promise<void>
}

function createBody(body: unknown): LogDrainCreate {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ShoalError('INVALID_INPUT', 'Cannot add drain: the body must be a JSON object like {"url": "syslog://…"}')
  }
  const b = body as Record<string, unknown>
  if (typeof b.url !== 'string') throw new ShoalError('INVALID_INPUT', 'Cannot add drain: url must be a string')
  if (b.ca !== undefined && typeof b.ca !== 'string') {
    throw new ShoalError('INVALID_INPUT', 'Cannot add drain: ca must be a string of PEM certificates')
  }
  return b.ca === undefined ? { url: b.url } : { url: b.url, ca: b.ca }
}

export function registerDrainsRoutes(api: FastifyInstance, deps: DrainsRoutesDeps): void {
  const scoped = async (params: unknown): Promise<string | null> => {
    const app = (params as { app?: string }).app
    if (app === undefined) return null
    await deps.requireApp(app)
    return app
  }
  for (const base of ['/v1/apps/:app/log-drains', '/v1/log-drains']) {
    api.get(base, async (request): Promise<LogDrainView[]> => {
      const app = await scoped(request.params)
      return (await deps.drains.list(app)).map(toDrainView)
    })
    api.post(base, async (request, reply): Promise<LogDrainView> => {
      const body = createBody(request.body)
      const app = await scoped(request.params)
      const drain = await deps.drains.add(app, body.url, body.ca)
      reply.code(201)
      return toDrainView(drain)
    })
    // The URL form of DELETE has the drain in the query (?drain=URL), since a URL does not fit one path segment.
    api.delete(`${base}/:drain`, async (request): Promise<LogDrainView> => {
      const app = await scoped(request.params)
      const { drain } = request.params as { drain: string }
      return toDrainView(await deps.drains.remove(app, drain))
    })
    api.delete(base, async (request): Promise<LogDrainView> => {
      const app = await scoped(request.params)
      const drain = (request.query as { drain?: unknown }).drain
      if (typeof drain !== 'string' || drain === '') {
        throw new ShoalError('INVALID_INPUT', 'Cannot remove drain: name it by id, token or ?drain=URL')
      }
      return toDrainView(await deps.drains.remove(app, drain))
    })
  }
}
