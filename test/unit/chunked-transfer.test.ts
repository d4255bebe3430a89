// The bulk-transfer framing over real libp2p streams on loopback: a receiver much slower than the network (a stalled
// disk) holds the sender back instead of overflowing its read buffer, and gets every byte in order.

import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { silentLogger } from '../../lib/logger.ts'
import { fetchChunked, serveChunked } from '../../mesh/chunked-transfer.ts'
import { newSwarmKey } from '../../mesh/identity.ts'
import { BlobHeaderCodec, BlobRequestCodec } from '../../proto/codec.ts'
import { type TestPeer, testPeer } from '../helpers/mesh.ts'

const PROTOCOL = '/shoal/test-chunked/1.0.0'
const CODECS = { request: BlobRequestCodec, header: BlobHeaderCodec }
const MiB = 1024 * 1024

/** Deterministic bytes: block i is 64 KiB of (i mod 251), so order and completeness can be checked by hash. */
function block(i: number): Uint8Array {
  return new Uint8Array(64 * 1024).fill(i % 251)
}

describe('chunked transfer', () => {
  const key = newSwarmKey()
  let server: TestPeer
  let client: TestPeer
  let produced = 0
  const blocks = (64 * MiB) / (64 * 1024)
  const expected = createHash('sha256')
  for (let i = 0; i < blocks; i++) expected.update(block(i))
  const expectedSha = expected.digest('hex')

  before(async () => {
    server = await testPeer(key)
    client = await testPeer(key)
    await serveChunked(
      server.node.libp2p,
      PROTOCOL,
      CODECS,
      async () => ({
        header: { found: true, size: blocks * 64 * 1024 },
        body: (async function* () {
          for (let i = 0; i < blocks; i++) {
            produced += 64 * 1024
            yield block(i)
          }
        })(),
      }),
      { logger: silentLogger },
    )
  })
  after(async () => {
    await server.stop()
    await client.stop()
  })

  it('holds the sender back while the receiver stalls, then delivers the whole body in order', async () => {
    const result = await fetchChunked(
      client.node.libp2p,
      server.node.libp2p.getMultiaddrs(),
      PROTOCOL,
      CODECS,
      { sha256: 'x' },
      async (header, body) => {
        assert.equal(header.found, true)
        const hash = createHash('sha256')
        let bytes = 0
        let stalledAt = -1
        for await (const chunk of body) {
          hash.update(chunk)
          bytes += chunk.length
          if (stalledAt < 0) {
            // A stalled disk: read nothing more until the sender has had ample time to run ahead. Without
            // backpressure it sends everything it can and the read buffer (a few MiB) overflows.
            await new Promise((r) => setTimeout(r, 750))
            stalledAt = produced
          }
        }
        return { sha: hash.digest('hex'), bytes, stalledAt }
      },
    )
    assert.equal(result.bytes, 64 * MiB)
    assert.equal(result.sha, expectedSha)
    assert.ok(
      result.stalledAt < 40 * MiB,
      `the sender ran ${(result.stalledAt / MiB).toFixed(1)} MiB ahead of a stalled receiver`,
    )
  })
})
