import type { FastifyInstance } from 'fastify'
import type { JoinTokenResponse, RemovedHostsResponse, RevokedPeersResponse } from '../../proto/api.ts'
import type { HostRecord, HostRegistry } from '../host-registry.ts'
import type { Revocations } from '../host-revocations.ts'

export interface HostsAdminDeps {
  hosts: HostRegistry
  revocations: Revocations
  /** Makes a new join secret (in HA: the one every controller shares) and returns the new token. */
  rotateJoinToken: () => string | Promise<string>
  /** Drops the mesh connection to a removed peer and stops redialling it. */
  disconnect: (peerId: string) => void
  changed: () => void
}

const ipOf = (addresses: string[]): string | undefined => /^\/ip[46]\/([^/]+)/.exec(addresses[0] ?? '')?.[1]

/**
 * DELETE /v1/hosts/:host revokes and forgets a host: its agent and the router(s) that joined from the same address
 * under the same hostname. The scheduler then places the host's dynos elsewhere (the CLI drains first so they start
 * before the old ones go). GET /v1/hosts/revoked lists revoked peers; POST /v1/join-token/rotate replaces the secret.
 */
export function registerHostsAdminRoutes(app: FastifyInstance, deps: HostsAdminDeps): void {
  app.delete<{ Params: { host: string } }>('/v1/hosts/:host', async (req): Promise<RemovedHostsResponse> => {
    const id = deps.hosts.resolve(req.params.host)
    const records = deps.hosts.records()
    const agent = records.find((r) => r.id === id) as HostRecord
    const ip = ipOf(agent.addresses)
    const peers = records.filter(
      (r) =>
        r.id === id ||
        (r.role === 'router' && r.hostname === agent.hostname && ip !== undefined && ipOf(r.addresses) === ip),
    )
    for (const peer of peers) {
      await deps.revocations.revoke({ id: peer.id, hostname: peer.hostname, role: peer.role })
      await deps.hosts.remove(peer.id)
      deps.disconnect(peer.id)
    }
    deps.changed()
    return { removed: peers.map((p) => ({ id: p.id, hostname: p.hostname, role: p.role })) }
  })
  app.get('/v1/hosts/revoked', async (): Promise<RevokedPeersResponse> => ({ peers: await deps.revocations.list() }))
  app.post('/v1/join-token/rotate', async (): Promise<JoinTokenResponse> => ({ token: await deps.rotateJoinToken() }))
}
