import { peerIdFromString } from '@libp2p/peer-id'
import type { Registry } from 'prom-client'
import type { Clock } from '../lib/clock.ts'
import { LogShipper } from '../lib/log-shipper.ts'
import type { Logger } from '../lib/logger.ts'
import { LogBatchCodec } from '../proto/codec.ts'
import { PROTOCOL_LOGS } from '../proto/topics.ts'
import type { MeshLibp2p } from './mesh-node.ts'
import { request } from './rpc.ts'

/** A LogShipper that delivers batches to the log hub (the leader) over PROTOCOL_LOGS. */
export function meshLogShipper(deps: {
  node: MeshLibp2p
  target: () => string | undefined
  clock: Clock
  logger: Logger
  registry?: Registry
}): LogShipper {
  return new LogShipper({
    clock: deps.clock,
    target: deps.target,
    logger: deps.logger,
    ...(deps.registry === undefined ? {} : { registry: deps.registry }),
    send: async (peer, batch, signal) => {
      await request(
        deps.node,
        peerIdFromString(peer),
        PROTOCOL_LOGS,
        { request: LogBatchCodec, response: LogBatchCodec },
        batch,
        {
          signal,
        },
      )
    },
  })
}
