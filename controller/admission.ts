import { sameSecret } from '../lib/ids.ts'
import type { Logger } from '../lib/logger.ts'
import { wireCompatible } from '../lib/version.ts'
import type { MeshLibp2p } from '../mesh/mesh-node.ts'
import { handle, type RpcMetrics } from '../mesh/rpc.ts'
import { JoinRequestCodec, type JoinResponse, JoinResponseCodec } from '../proto/codec.ts'
import { ShoalError } from '../proto/errors.ts'
import { PROTOCOL_JOIN } from '../proto/topics.ts'
import type { HostRegistry } from './host-registry.ts'
import type { Revocations } from './host-revocations.ts'

export interface AdmissionDeps {
  node: MeshLibp2p
  hosts: HostRegistry
  /** Read on every join: `join-token --rotate` replaces it while the controller runs. */
  joinSecret: () => string
  /** Peers removed with hosts:remove; refused whatever secret they present. */
  revocations?: Pick<Revocations, 'isRevoked'>
  /** The controller's version: peers outside the wire-compatibility rule (lib/version.ts) are refused. */
  version?: string
  clusterId: string
  domain: string
  logger: Logger
  metrics?: RpcMetrics
}

/**
 * Serves PROTOCOL_JOIN: a peer that presents the join secret is recorded as an admitted host under its peer id
 * (noise has already proven it holds that id's key). Until then the controller ignores everything it says.
 */
export async function serveAdmission(deps: AdmissionDeps): Promise<void> {
  await handle(
    deps.node,
    PROTOCOL_JOIN,
    { request: JoinRequestCodec, response: JoinResponseCodec },
    async (req, ctx): Promise<JoinResponse> => {
      if ((await deps.revocations?.isRevoked(ctx.peer)) === true) {
        deps.logger.warn({ peer: ctx.peer, remote: ctx.connection.remoteAddr.toString() }, 'join refused: revoked peer')
        throw new ShoalError(
          'PEER_REVOKED',
          'Cannot join the cluster: this peer was removed (reinstall the host to rejoin)',
        )
      }
      if (
        deps.version !== undefined &&
        (req.version ?? '') !== '' &&
        !wireCompatible(req.version ?? '', deps.version)
      ) {
        deps.logger.warn({ peer: ctx.peer, version: req.version }, 'join refused: incompatible version')
        throw new ShoalError(
          'VERSION_INCOMPATIBLE',
          `Cannot join the cluster: version ${req.version} does not interoperate with controller ${deps.version} (same major, minor at most one apart)`,
        )
      }
      if (!sameSecret(req.secret ?? '', deps.joinSecret())) {
        deps.logger.warn({ peer: ctx.peer, remote: ctx.connection.remoteAddr.toString() }, 'join refused: wrong secret')
        throw new ShoalError('JOIN_REJECTED', 'Cannot join the cluster: the join secret is wrong')
      }
      const role = req.role === 'router' ? 'router' : 'agent'
      const hostname = (req.hostname ?? '').slice(0, 253) || ctx.peer.slice(-8)
      await deps.hosts.admit({ id: ctx.peer, hostname, role, addresses: [ctx.connection.remoteAddr.toString()] })
      return { ok: true, clusterId: deps.clusterId, domain: deps.domain }
    },
    { logger: deps.logger, ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }) },
  )
}
