// Prometheus' HTTP service discovery: GET /v1/prometheus/targets lists every daemon's /metrics (the read-only token
// from GET /v1/prometheus/token, or the admin token, may read it).

import type { FastifyInstance } from 'fastify'
import type { MetricsTargets, SdTargetGroup } from '../metrics/metrics-targets.ts'

export const PROMETHEUS_READ_PATHS = new Set(['/v1/prometheus/targets'])

export interface PrometheusRoutesDeps {
  targets: MetricsTargets
  readToken: string
}

export function registerPrometheusRoutes(api: FastifyInstance, deps: PrometheusRoutesDeps): void {
  api.get('/v1/prometheus/targets', async (): Promise<SdTargetGroup[]> => deps.targets.groups())
  api.get('/v1/prometheus/token', async (): Promise<{ token: string }> => ({ token: deps.readToken }))
}
