import type { Connection, PeerId, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { Multiaddr } from '@multiformats/multiaddr'
import { Counter, type Registry } from 'prom-client'
import type { Logger } from '../lib/logger.ts'
import { type Codec, StreamErrorCodec } from '../proto/codec.ts'
import { isErrorCode, ShoalError } from '../proto/errors.ts'
import type { MeshLibp2p } from './mesh-node.ts'

// A request/response exchange is one stream: the caller writes one length-prefixed frame, the handler answers with
// one. The first byte of a response frame says whether the rest is the response (0) or a StreamError (1).
const OK = 0
const ERR = 1
const MAX_FRAME = 8 * 1024 * 1024

export interface RpcContext {
  peer: string
  connection: Connection
  signal: AbortSignal
}

export interface RpcMetrics {
  requests: Counter<'protocol' | 'outcome'>
}

export function rpcMetrics(registry: Registry): RpcMetrics {
  return {
    requests: new Counter({
      name: 'shoal_mesh_rpc_requests_total',
      help: 'Inbound mesh requests by outcome: ok, error, malformed (dropped), failed (stream broke)',
      labelNames: ['protocol', 'outcome'],
      registers: [registry],
    }),
  }
}

export interface HandleOptions {
  logger: Logger
  metrics?: RpcMetrics
  timeoutMs?: number
}

/** Serves one protocol. A malformed request is counted and its stream aborted; the node keeps serving. */
export async function handle<Req, Res>(
  node: MeshLibp2p,
  protocol: string,
  codecs: { request: Codec<Req>; response: Codec<Res> },
  handler: (request: Req, context: RpcContext) => Promise<Res>,
  options: HandleOptions,
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const count = (outcome: string): void => options.metrics?.requests.inc({ protocol, outcome })
  await node.handle(protocol, async (stream: Stream, connection: Connection) => {
    const signal = AbortSignal.timeout(timeoutMs)
    const lp = lpStream(stream, { maxDataLength: MAX_FRAME })
    let request: Req
    try {
      const frame = await lp.read({ signal })
      request = codecs.request.decode(frame.subarray())
    } catch (err) {
      count('malformed')
      options.logger.debug({ protocol, peer: connection.remotePeer.toString(), err: String(err) }, 'bad mesh request')
      stream.abort(err instanceof Error ? err : new Error(String(err)))
      return
    }
    let reply: Uint8Array
    try {
      const response = await handler(request, { peer: connection.remotePeer.toString(), connection, signal })
      reply = frame(OK, codecs.response.encode(response))
      count('ok')
    } catch (err) {
      const code = err instanceof ShoalError ? err.code : 'INTERNAL'
      const message = err instanceof Error ? err.message : String(err)
      if (code === 'INTERNAL') options.logger.warn({ protocol, err }, 'mesh request handler failed')
      reply = frame(ERR, StreamErrorCodec.encode({ code, message }))
      count('error')
    }
    try {
      await lp.write(reply, { signal })
      await stream.close({ signal })
    } catch (err) {
      count('failed')
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  })
}

export interface RequestOptions {
  signal?: AbortSignal
  timeoutMs?: number
}

/** Sends one request and waits for its response; a handler's ShoalError comes back as a ShoalError. */
export async function request<Req, Res>(
  node: MeshLibp2p,
  peer: PeerId | Multiaddr | Multiaddr[],
  protocol: string,
  codecs: { request: Codec<Req>; response: Codec<Res> },
  message: Req,
  options: RequestOptions = {},
): Promise<Res> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])
  let stream: Stream | undefined
  try {
    stream = await node.dialProtocol(peer, protocol, { signal })
    const lp = lpStream(stream, { maxDataLength: MAX_FRAME })
    await lp.write(codecs.request.encode(message), { signal })
    const bytes = (await lp.read({ signal })).subarray()
    await stream.close({ signal }).catch(() => {})
    const body = bytes.subarray(1)
    if (bytes[0] === OK) return codecs.response.decode(body)
    if (bytes[0] === ERR) {
      const e = StreamErrorCodec.decode(body)
      throw new ShoalError(isErrorCode(e.code) ? e.code : 'INTERNAL', e.message ?? 'remote error')
    }
    throw new ShoalError('BAD_MESSAGE', `Cannot read response on ${protocol}: unknown frame kind ${bytes[0]}`)
  } catch (err) {
    stream?.abort(err instanceof Error ? err : new Error(String(err)))
    if (err instanceof ShoalError) throw err
    if (timeout.aborted) {
      throw new ShoalError('TIMEOUT', `Cannot complete ${protocol}: no answer within ${options.timeoutMs ?? 10_000}ms`)
    }
    throw new ShoalError('UNAVAILABLE', `Cannot complete ${protocol}: ${err instanceof Error ? err.message : err}`, {
      cause: err,
    })
  }
}

function frame(kind: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 1)
  out[0] = kind
  out.set(payload, 1)
  return out
}
