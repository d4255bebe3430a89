import { Counter, type Registry } from 'prom-client'
import type { Logger } from '../../lib/logger.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { handle, type RpcMetrics } from '../../mesh/rpc.ts'
import { type LogBatch, LogBatchCodec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_LOGS } from '../../proto/topics.ts'
import type { LogHub } from './log-hub.ts'

export interface LogIngestDeps {
  node: MeshLibp2p
  hub: LogHub
  /** True for peers the controller admitted (agents and routers); everyone else is refused. */
  isAdmitted: (peerId: string) => boolean
  /** True for the other controllers of an HA cluster: their batches are replicas of their lines (log-replication.ts). */
  isController?: ((peerId: string) => boolean) | undefined
  logger: Logger
  registry?: Registry
  metrics?: RpcMetrics
}

/** Lines one batch may carry: the shipper sends at most 500, this leaves room and still bounds one request. */
export const MAX_BATCH_LINES = 5000

/**
 * Serves PROTOCOL_LOGS: an admitted peer sends a LogBatch, the hub stores its lines and the answer is an empty
 * LogBatch (the ack the shipper waits for before dropping the lines from its queue). A line's host id is the sender's
 * peer id, whatever the line claims, so a host cannot speak for another. Another controller's batch carries copies
 * of lines it stored (their host ids stand) and is stored as a replica.
 */
export async function serveLogIngest(deps: LogIngestDeps): Promise<void> {
  const batches =
    deps.registry === undefined
      ? undefined
      : new Counter({
          name: 'shoal_log_ingest_batches_total',
          help: 'Log batches received on the mesh by outcome: ok, not_admitted, too_large (replicas from controllers too)',
          labelNames: ['outcome'],
          registers: [deps.registry],
        })
  await handle(
    deps.node,
    PROTOCOL_LOGS,
    { request: LogBatchCodec, response: LogBatchCodec },
    async (batch, ctx): Promise<LogBatch> => {
      const controller = deps.isController?.(ctx.peer) === true
      if (!controller && !deps.isAdmitted(ctx.peer)) {
        batches?.inc({ outcome: 'not_admitted' })
        deps.logger.warn({ peer: ctx.peer }, 'log batch refused: peer not admitted')
        throw new ShoalError('NOT_ADMITTED', 'Cannot accept log lines: this peer has not been admitted to the cluster')
      }
      const lines = batch.lines ?? []
      if (lines.length > MAX_BATCH_LINES) {
        batches?.inc({ outcome: 'too_large' })
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot accept log lines: a batch has ${lines.length} lines, more than ${MAX_BATCH_LINES}`,
        )
      }
      if (controller) for (const line of lines) deps.hub.append(line, 'replica')
      else for (const line of lines) deps.hub.append({ ...line, hostId: ctx.peer })
      batches?.inc({ outcome: 'ok' })
      return { lines: [] }
    },
    { logger: deps.logger, ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }) },
  )
}
