import type { PeerId } from '@libp2p/interface'
import type { BlobStore } from '../lib/blob-store.ts'
import { isSha256 } from '../lib/blob-store.ts'
import type { Logger } from '../lib/logger.ts'
import { BlobHeaderCodec, BlobRequestCodec } from '../proto/codec.ts'
import { ShoalError } from '../proto/errors.ts'
import { PROTOCOL_BLOB } from '../proto/topics.ts'
import { fetchChunked, serveChunked } from './chunked-transfer.ts'
import type { MeshLibp2p } from './mesh-node.ts'

const CODECS = { request: BlobRequestCodec, header: BlobHeaderCodec }

/** Serves every blob of `store` to peers in the mesh (all of them are admitted or hold the private-network key). */
/**
 * Serves this peer's blobs (sources, slugs: an app's code) to the peers `isTrusted` admits, by default every peer
 * (tests); daemons pass their view of the admitted set, so a peer that only holds the network key gets NOT_ADMITTED.
 */
export async function serveBlobs(
  node: MeshLibp2p,
  store: BlobStore,
  logger: Logger,
  isTrusted: (peer: string) => boolean = () => true,
): Promise<void> {
  await serveChunked(
    node,
    PROTOCOL_BLOB,
    CODECS,
    async (req, peer) => {
      if (!isTrusted(peer)) {
        return {
          header: { found: false, code: 'NOT_ADMITTED', message: `Cannot serve blobs: peer ${peer} is not admitted` },
        }
      }
      const sha = req.sha256 ?? ''
      const size = isSha256(sha) ? await store.size(sha) : undefined
      if (size === undefined) return { header: { found: false, code: 'NOT_FOUND', message: `No blob ${sha}` } }
      return { header: { found: true, size }, body: store.open(sha), what: `blob ${sha.slice(0, 12)}` }
    },
    { logger },
  )
}

/** Fetches a blob from a peer into `store`, verifying its hash; resolves to its size. */
export async function fetchBlob(
  node: MeshLibp2p,
  peer: PeerId,
  sha256: string,
  store: BlobStore,
  options: { signal?: AbortSignal; maxBytes?: number } = {},
): Promise<number> {
  return await fetchChunked(
    node,
    peer,
    PROTOCOL_BLOB,
    CODECS,
    { sha256 },
    async (header, body) => {
      if (header.found !== true) {
        const code = header.code === 'NOT_ADMITTED' ? 'NOT_ADMITTED' : 'NOT_FOUND'
        throw new ShoalError(code, `Cannot fetch blob ${sha256.slice(0, 12)} from ${peer}: ${header.message}`)
      }
      const size = Number(header.size)
      if (options.maxBytes !== undefined && size > options.maxBytes) {
        throw new ShoalError(
          'PAYLOAD_TOO_LARGE',
          `Cannot fetch blob ${sha256.slice(0, 12)}: ${size} bytes is over the limit`,
        )
      }
      const put = await store.put(body, {
        expectSha256: sha256,
        maxBytes: size,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      })
      return put.size
    },
    options.signal === undefined ? {} : { signal: options.signal },
  )
}
