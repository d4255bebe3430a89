import type { FastifyInstance } from 'fastify'
import type { ClusterInfo, HostsResponse, HostView, JoinTokenResponse, SecretKeyRotation } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { HostRegistry } from '../host-registry.ts'

export interface ClusterRoutesDeps {
  hosts: HostRegistry
  joinToken: () => string
  cluster: () => ClusterInfo
  /** Host drain state or labels changed: the scheduler should look again. */
  changed: () => void
  /** A new current key for config vars at rest; every sealed value is re-sealed with it. */
  rotateSecretKey?: () => Promise<{ key: string; resealed: number }>
}

export function registerClusterRoutes(app: FastifyInstance, deps: ClusterRoutesDeps): void {
  app.get('/v1/hosts', async (): Promise<HostsResponse> => ({ hosts: deps.hosts.views() }))
  app.get('/v1/join-token', async (): Promise<JoinTokenResponse> => ({ token: deps.joinToken() }))
  app.get('/v1/cluster', async (): Promise<ClusterInfo> => deps.cluster())
  app.post('/v1/cluster/secret-key', async (): Promise<SecretKeyRotation> => {
    if (deps.rotateSecretKey === undefined) throw new ShoalError('UNAVAILABLE', 'Cannot rotate the key: not here')
    return deps.rotateSecretKey()
  })
  const view = (id: string): HostView | undefined => deps.hosts.views().find((h) => h.id === id)
  app.post<{ Params: { host: string } }>('/v1/hosts/:host/drain', async (req) => {
    const id = deps.hosts.resolve(req.params.host)
    await deps.hosts.update(id, { draining: true })
    deps.changed()
    return view(id)
  })
  app.post<{ Params: { host: string } }>('/v1/hosts/:host/undrain', async (req) => {
    const id = deps.hosts.resolve(req.params.host)
    await deps.hosts.update(id, { draining: false })
    deps.changed()
    return view(id)
  })
  app.patch<{ Params: { host: string }; Body: unknown }>('/v1/hosts/:host/labels', async (req) => {
    const id = deps.hosts.resolve(req.params.host)
    const body = req.body as { labels?: unknown } | null
    const labels = body?.labels
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
      throw new ShoalError(
        'INVALID_INPUT',
        'Cannot label host: the body must be { "labels": { "KEY": "VALUE" | null } }',
      )
    }
    const checked: Record<string, string | null> = {}
    for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
      if (!/^[A-Za-z0-9_.-]{1,63}$/.test(k) || (v !== null && (typeof v !== 'string' || v.length > 253))) {
        throw new ShoalError('INVALID_INPUT', `Cannot label host: "${k}" is not a valid KEY=VALUE label`)
      }
      checked[k] = v as string | null
    }
    await deps.hosts.update(id, { labels: checked })
    deps.changed()
    return view(id)
  })
}
