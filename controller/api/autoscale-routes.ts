// Autoscaling and concurrency over HTTP: `shoal ps:autoscale*` and `shoal ps:concurrency`.

import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AutoscaleStatus, ConcurrencyView } from '../../proto/api.ts'
import type { AutoscaleService } from '../autoscaler/autoscale-service.ts'

type AppParams = { app: string }
type TypeParams = { app: string; type: string }

export function registerAutoscaleRoutes(api: FastifyInstance, service: AutoscaleService): void {
  api.get(
    '/v1/apps/:app/autoscale',
    async (request: FastifyRequest<{ Params: AppParams }>): Promise<AutoscaleStatus[]> =>
      service.list(request.params.app),
  )
  api.post(
    '/v1/apps/:app/autoscale/:type',
    async (request: FastifyRequest<{ Params: TypeParams }>): Promise<AutoscaleStatus> =>
      service.enable(request.params.app, request.params.type, request.body ?? {}),
  )
  api.delete(
    '/v1/apps/:app/autoscale/:type',
    async (request: FastifyRequest<{ Params: TypeParams }>): Promise<AutoscaleStatus> =>
      service.disable(request.params.app, request.params.type),
  )
  api.get(
    '/v1/apps/:app/concurrency',
    async (request: FastifyRequest<{ Params: AppParams }>): Promise<ConcurrencyView[]> =>
      service.listConcurrency(request.params.app),
  )
  api.patch(
    '/v1/apps/:app/concurrency',
    async (request: FastifyRequest<{ Params: AppParams }>): Promise<ConcurrencyView[]> =>
      service.setConcurrency(request.params.app, request.body),
  )
}
