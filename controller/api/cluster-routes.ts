import type { FastifyInstance } from 'fastify'
import type { ClusterInfo, HostsResponse, JoinTokenResponse } from '../../proto/api.ts'
import type { HostRegistry } from '../host-registry.ts'

export interface ClusterRoutesDeps {
  hosts: HostRegistry
  joinToken: () => string
  cluster: () => ClusterInfo
}

export function registerClusterRoutes(app: FastifyInstance, deps: ClusterRoutesDeps): void {
  app.get('/v1/hosts', async (): Promise<HostsResponse> => ({ hosts: deps.hosts.views() }))
  app.get('/v1/join-token', async (): Promise<JoinTokenResponse> => ({ token: deps.joinToken() }))
  app.get('/v1/cluster', async (): Promise<ClusterInfo> => deps.cluster())
}
