// A controller's blob store in an HA cluster: blobs (sources, slugs) are content-addressed, so a controller that
// lacks one — a new leader asked for a slug the old leader stored — fetches it by hash from a peer that has it
// (the other controllers, then the hosts: the agent that built a slug keeps a copy) and then serves it as its own.
// A slug exists on at least two peers before its release is created: the build host that made it and the leader
// that copied it back (BuildService), so losing any one of them loses no slug.

import { BlobStore, isSha256 } from '../../lib/blob-store.ts'
import { type Logger, silentLogger } from '../../lib/logger.ts'

export interface PeerBlobStoreDeps {
  /** Peers to ask, in order (never this controller). */
  peers: () => string[]
  /** Fetches `sha256` from `peer` into `into` (verifying the hash); rejects when the peer lacks it. */
  fetch: (peer: string, sha256: string, into: BlobStore, signal: AbortSignal) => Promise<number>
  logger?: Logger | undefined
  /** Per-peer time limit (default 120 s: a slug may be hundreds of MB). */
  timeoutMs?: number | undefined
}

export class PeerBlobStore extends BlobStore {
  readonly #deps: PeerBlobStoreDeps
  readonly #logger: Logger
  /** Blobs being fetched now: asked for one of them meanwhile (perhaps by the very peer we are asking), say no. */
  readonly #fetching = new Set<string>()

  constructor(dir: string, deps: PeerBlobStoreDeps) {
    super(dir)
    this.#deps = deps
    this.#logger = deps.logger ?? silentLogger
  }

  override async size(sha256: string): Promise<number | undefined> {
    const local = await super.size(sha256)
    if (local !== undefined || !isSha256(sha256) || this.#fetching.has(sha256)) return local
    this.#fetching.add(sha256)
    try {
      for (const peer of this.#deps.peers()) {
        try {
          await this.#deps.fetch(peer, sha256, this, AbortSignal.timeout(this.#deps.timeoutMs ?? 120_000))
          this.#logger.info({ blob: sha256.slice(0, 12), peer }, 'blob fetched from a peer')
          return await super.size(sha256)
        } catch (err) {
          this.#logger.debug({ blob: sha256.slice(0, 12), peer, err: String(err) }, 'peer has no copy of the blob')
        }
      }
      return undefined
    } finally {
      this.#fetching.delete(sha256)
    }
  }
}
