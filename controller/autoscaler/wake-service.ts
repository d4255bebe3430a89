// PROTOCOL_WAKE on the leader: a router holding a request for a sleeping process type asks for a dyno. Only
// admitted hosts are heard; the answer (an empty WakeRequest) means the wish is recorded, not that a dyno is up.

import type { Logger } from '../../lib/logger.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { handle, type RpcMetrics } from '../../mesh/rpc.ts'
import { WakeRequestCodec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_WAKE } from '../../proto/topics.ts'

export interface WakeServiceDeps {
  node: MeshLibp2p
  isAdmitted: (peer: string) => boolean
  /** Resolves once the decision ran (a sleeping type is then scaled to max(min, 1)). */
  wake: (app: string, type: string) => Promise<void>
  logger: Logger
  metrics?: RpcMetrics | undefined
}

export async function serveWake(deps: WakeServiceDeps): Promise<void> {
  await handle(
    deps.node,
    PROTOCOL_WAKE,
    { request: WakeRequestCodec, response: WakeRequestCodec },
    async (req, { peer }) => {
      if (!deps.isAdmitted(peer)) throw new ShoalError('NOT_ADMITTED', 'Cannot wake: this peer was never admitted')
      const app = req.app ?? ''
      const type = req.processType ?? ''
      if (app === '' || type === '')
        throw new ShoalError('INVALID_INPUT', 'Cannot wake: give an app and a process type')
      deps.logger.info({ app, type, queued: req.queued, peer }, 'wake request')
      await deps.wake(app, type)
      return {}
    },
    { logger: deps.logger, ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }) },
  )
}
