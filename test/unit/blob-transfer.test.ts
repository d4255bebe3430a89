import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { BlobStore } from '../../lib/blob-store.ts'
import { silentLogger } from '../../lib/logger.ts'
import { fetchBlob, serveBlobs } from '../../mesh/blob-transfer.ts'
import { newSwarmKey } from '../../mesh/identity.ts'
import { ShoalError } from '../../proto/errors.ts'
import { eventually, type TestPeer, testPeer } from '../helpers/mesh.ts'
import { tempDir } from '../helpers/processes.ts'

describe('blob store', () => {
  const dir = tempDir('blobs')
  after(() => dir.remove())

  it('stores by sha256 and refuses oversized or mismatching content, keeping nothing', async () => {
    const store = new BlobStore(dir.path)
    const data = randomBytes(100_000)
    const sha = createHash('sha256').update(data).digest('hex')
    assert.deepEqual(await store.put(Readable.from([data])), { sha256: sha, size: data.length })
    assert.equal(await store.size(sha), data.length)
    await assert.rejects(
      store.put(Readable.from([randomBytes(2000)]), { maxBytes: 1000 }),
      (e: unknown) => e instanceof ShoalError && e.code === 'PAYLOAD_TOO_LARGE',
    )
    await assert.rejects(
      store.put(Readable.from([randomBytes(10)]), { expectSha256: sha.replace(/^./, 'f') }),
      (e: unknown) => e instanceof ShoalError && e.code === 'BAD_MESSAGE',
    )
    assert.deepEqual(await store.list(), [sha])
    assert.throws(
      () => store.path('../etc/passwd'),
      (e: unknown) => e instanceof ShoalError && e.code === 'INVALID_INPUT',
    )
  })
})

describe('blob transfer over the mesh', () => {
  const key = newSwarmKey()
  const dirs = [tempDir('blob-a'), tempDir('blob-b')]
  let a: TestPeer
  let b: TestPeer
  let refused = ''
  before(async () => {
    a = await testPeer(key)
    b = await testPeer(key)
    // Peer a serves everyone but `refused`, a peer holding the network key that was never admitted.
    await serveBlobs(a.node.libp2p, new BlobStore(dirs[0]!.path), silentLogger, (p) => p !== refused)
    b.node.want(a.node.peerId.toString(), a.node.addresses())
    await eventually(() => b.node.isConnected(a.node.peerId.toString()))
  })
  after(async () => {
    await a.stop()
    await b.stop()
    for (const d of dirs) d.remove()
  })

  it('copies a multi-megabyte blob and verifies it', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17)
    const { sha256 } = await new BlobStore(dirs[0]!.path).put(Readable.from([data]))
    const local = new BlobStore(dirs[1]!.path)
    assert.equal(await fetchBlob(b.node.libp2p, a.node.peerId, sha256, local), data.length)
    assert.ok(readFileSync(local.path(sha256)).equals(data))
  })

  it('reports a missing blob as NOT_FOUND and a too-large one as PAYLOAD_TOO_LARGE', async () => {
    const local = new BlobStore(dirs[1]!.path)
    await assert.rejects(
      fetchBlob(b.node.libp2p, a.node.peerId, 'a'.repeat(64), local),
      (e: unknown) => e instanceof ShoalError && e.code === 'NOT_FOUND',
    )
    const { sha256 } = await new BlobStore(dirs[0]!.path).put(Readable.from([randomBytes(5000)]))
    await assert.rejects(
      fetchBlob(b.node.libp2p, a.node.peerId, sha256, local, { maxBytes: 100 }),
      (e: unknown) => e instanceof ShoalError && e.code === 'PAYLOAD_TOO_LARGE',
    )
    assert.equal(await local.has(sha256), false)
  })

  it('refuses a peer the cluster has not admitted (NOT_ADMITTED), keeping nothing', async () => {
    const { sha256 } = await new BlobStore(dirs[0]!.path).put(Readable.from([randomBytes(5000)]))
    const local = new BlobStore(dirs[1]!.path)
    refused = b.node.peerId.toString()
    try {
      await assert.rejects(
        fetchBlob(b.node.libp2p, a.node.peerId, sha256, local),
        (e: unknown) => e instanceof ShoalError && e.code === 'NOT_ADMITTED',
      )
      assert.equal(await local.has(sha256), false)
    } finally {
      refused = ''
    }
    assert.equal(await fetchBlob(b.node.libp2p, a.node.peerId, sha256, local), 5000)
  })
})
