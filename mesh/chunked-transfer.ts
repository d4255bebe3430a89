// The framing every bulk transfer on the mesh shares (blobs by sha256, stack tarballs by version): on one stream the
// caller writes one request frame, the server answers one header frame and, when the header promises a body, the
// body as length-prefixed chunks of at most CHUNK_BYTES, ended by an empty frame. A server that fails mid-body
// aborts the stream instead, so a receiver never mistakes a truncated body for a complete one.
//
// Flow control: the receiver answers each chunk it has consumed with an empty frame, and the server never has more
// than WINDOW chunks unanswered. libp2p does not hold a sender back by itself: yamux credits the sender as soon as
// bytes arrive, not when the reader takes them, so a receiver slower than the network (writing to a busy disk)
// would see its read buffer (4 MiB) overflow and the stream reset; pausing the stream does not help either, as yamux
// may have credited up to 16 MiB by then.

import type { DialTarget, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { Logger } from '../lib/logger.ts'
import type { Codec } from '../proto/codec.ts'
import type { MeshLibp2p } from './mesh-node.ts'

export const CHUNK_BYTES = 256 * 1024
const MAX_FRAME = CHUNK_BYTES + 1024
/** Chunks in flight: 2 MiB, half the reader's buffer; enough for ~40 MB/s at 50 ms round trips, more on a LAN. */
const WINDOW = 8
const ACK = new Uint8Array(0)
const REQUEST_TIMEOUT_MS = 10_000
const TRANSFER_TIMEOUT_MS = 30 * 60_000

export interface ChunkedCodecs<Req, Head> {
  request: Codec<Req>
  header: Codec<Head>
}

export interface ChunkedOffer<Head> {
  header: Head
  /** Sent after the header; absent when the header says there is nothing. A throw while reading it aborts the stream. */
  body?: AsyncIterable<Uint8Array>
  /** Names the body in the log line a completed transfer leaves (`blob 3fa2…`, `stack bookworm-…`). */
  what?: string
}

export interface ServeChunkedOptions {
  logger: Logger
  /** Bound on a whole transfer (default 30 min). */
  timeoutMs?: number
}

/** Serves `protocol`: `offer` turns each request into a header and, optionally, a body to stream. */
export async function serveChunked<Req, Head>(
  node: MeshLibp2p,
  protocol: string,
  codecs: ChunkedCodecs<Req, Head>,
  offer: (request: Req, peer: string) => Promise<ChunkedOffer<Head>>,
  options: ServeChunkedOptions,
): Promise<void> {
  await node.handle(protocol, async (stream: Stream, connection) => {
    const peer = connection.remotePeer.toString()
    const lp = lpStream(stream, { maxDataLength: MAX_FRAME })
    const signal = AbortSignal.timeout(options.timeoutMs ?? TRANSFER_TIMEOUT_MS)
    try {
      const request = codecs.request.decode(
        (await lp.read({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).subarray(),
      )
      const { header, body, what } = await offer(request, peer)
      await lp.write(codecs.header.encode(header), { signal })
      if (body === undefined) {
        await stream.close({ signal })
        return
      }
      const started = performance.now()
      let bytes = 0
      let sent = 0
      let acked = 0
      for await (const chunk of body) {
        bytes += chunk.length
        for (let i = 0; i < chunk.length; i += CHUNK_BYTES) {
          for (; sent - acked >= WINDOW; acked++) await lp.read({ signal })
          await lp.write(chunk.subarray(i, i + CHUNK_BYTES), { signal })
          sent++
        }
      }
      await lp.write(new Uint8Array(0), { signal })
      await stream.close({ signal })
      // Which peer got what from this one, and how fast: the trail of distribution without a registry.
      const ms = Math.round(performance.now() - started)
      options.logger.info({ protocol, peer, what, bytes, ms }, 'transfer sent')
    } catch (err) {
      options.logger.debug({ protocol, peer, err: String(err) }, 'chunked transfer failed')
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  })
}

/**
 * Asks `target` over `protocol` and hands the header and the body (read it at most once; it ends at the sender's
 * end frame and throws if the stream breaks first) to `receive`, whose result this returns. The stream is closed
 * after `receive` returns, and aborted if it throws.
 */
export async function fetchChunked<Req, Head, T>(
  node: MeshLibp2p,
  target: DialTarget,
  protocol: string,
  codecs: ChunkedCodecs<Req, Head>,
  request: Req,
  receive: (header: Head, body: AsyncIterable<Uint8Array>) => Promise<T>,
  options: { signal?: AbortSignal } = {},
): Promise<T> {
  const signal = options.signal ?? AbortSignal.timeout(TRANSFER_TIMEOUT_MS)
  const stream = await node.dialProtocol(target, protocol, { signal })
  try {
    const lp = lpStream(stream, { maxDataLength: MAX_FRAME })
    await lp.write(codecs.request.encode(request), { signal })
    const header = codecs.header.decode((await lp.read({ signal })).subarray())
    async function* body(): AsyncGenerator<Uint8Array> {
      for (;;) {
        const chunk = (await lp.read({ signal })).subarray()
        if (chunk.length === 0) return
        yield chunk
        await lp.write(ACK, { signal }) // consumed: the sender may send one more
      }
    }
    const result = await receive(header, body())
    await stream.close({ signal }).catch(() => {})
    return result
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
  }
}
