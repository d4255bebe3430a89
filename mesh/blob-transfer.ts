import type { PeerId, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { BlobStore } from '../lib/blob-store.ts'
import { isSha256 } from '../lib/blob-store.ts'
import type { Logger } from '../lib/logger.ts'
import { BlobHeaderCodec, BlobRequestCodec } from '../proto/codec.ts'
import { ShoalError } from '../proto/errors.ts'
import { PROTOCOL_BLOB } from '../proto/topics.ts'
import type { MeshLibp2p } from './mesh-node.ts'

// After the BlobHeader, the body travels as length-prefixed chunks of at most CHUNK bytes, ended by an empty one.
const CHUNK = 256 * 1024

/** Serves every blob of `store` to peers in the mesh (all of them are admitted or hold the private-network key). */
export async function serveBlobs(node: MeshLibp2p, store: BlobStore, logger: Logger): Promise<void> {
  await node.handle(PROTOCOL_BLOB, async (stream: Stream) => {
    const lp = lpStream(stream, { maxDataLength: CHUNK + 1024 })
    const signal = AbortSignal.timeout(30 * 60_000)
    try {
      const req = BlobRequestCodec.decode((await lp.read({ signal: AbortSignal.timeout(10_000) })).subarray())
      const sha = req.sha256 ?? ''
      const size = isSha256(sha) ? await store.size(sha) : undefined
      if (size === undefined) {
        await lp.write(BlobHeaderCodec.encode({ found: false, code: 'NOT_FOUND', message: `No blob ${sha}` }), {
          signal,
        })
        await stream.close({ signal })
        return
      }
      await lp.write(BlobHeaderCodec.encode({ found: true, size }), { signal })
      for await (const chunk of store.open(sha)) {
        const buf = chunk as Buffer
        for (let i = 0; i < buf.length; i += CHUNK) await lp.write(buf.subarray(i, i + CHUNK), { signal })
      }
      await lp.write(new Uint8Array(0), { signal })
      await stream.close({ signal })
    } catch (err) {
      logger.debug({ err: String(err) }, 'blob transfer failed')
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    }
  })
}

/** Fetches a blob from a peer into `store`, verifying its hash; resolves to its size. */
export async function fetchBlob(
  node: MeshLibp2p,
  peer: PeerId,
  sha256: string,
  store: BlobStore,
  options: { signal?: AbortSignal; maxBytes?: number } = {},
): Promise<number> {
  const signal = options.signal ?? AbortSignal.timeout(30 * 60_000)
  const stream = await node.dialProtocol(peer, PROTOCOL_BLOB, { signal })
  try {
    const lp = lpStream(stream, { maxDataLength: CHUNK + 1024 })
    await lp.write(BlobRequestCodec.encode({ sha256 }), { signal })
    const header = BlobHeaderCodec.decode((await lp.read({ signal })).subarray())
    if (header.found !== true) {
      throw new ShoalError('NOT_FOUND', `Cannot fetch blob ${sha256.slice(0, 12)} from ${peer}: ${header.message}`)
    }
    const size = Number(header.size)
    if (options.maxBytes !== undefined && size > options.maxBytes) {
      throw new ShoalError(
        'PAYLOAD_TOO_LARGE',
        `Cannot fetch blob ${sha256.slice(0, 12)}: ${size} bytes is over the limit`,
      )
    }
    async function* body(): AsyncGenerator<Uint8Array> {
      for (;;) {
        const chunk = (await lp.read({ signal })).subarray()
        if (chunk.length === 0) return
        yield chunk
      }
    }
    const put = await store.put(body(), { expectSha256: sha256, maxBytes: size, signal })
    await stream.close({ signal }).catch(() => {})
    return put.size
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
  }
}
