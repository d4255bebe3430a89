// A controller lacking a blob fetches it by hash from the first peer that has one; peers that lack it too (even
// when each asks the other) answer no instead of waiting on each other forever.

import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, it } from 'node:test'
import { PeerBlobStore } from '../../controller/blobs/peer-blob-store.ts'
import type { BlobStore } from '../../lib/blob-store.ts'

const root = mkdtempSync(join(tmpdir(), 'shoal-peer-blobs-'))
after(() => rmSync(root, { recursive: true, force: true }))

function mesh(names: string[], order: Record<string, string[]>) {
  const stores: Record<string, BlobStore> = {}
  const asked: string[] = []
  for (const name of names) {
    stores[name] = new PeerBlobStore(join(root, `${name}-${Math.random()}`), {
      peers: () => order[name] ?? [],
      fetch: async (peer, sha, into) => {
        asked.push(`${name}→${peer}`)
        const source = stores[peer]!
        const size = await source.size(sha)
        if (size === undefined) throw new Error(`${peer} has no ${sha}`)
        return (await into.put(source.open(sha), { expectSha256: sha })).size
      },
    })
  }
  return { stores, asked }
}

it('fetches a missing blob from the first peer that has it, then serves it locally', async () => {
  const { stores, asked } = mesh(['a', 'b', 'c'], { a: ['b', 'c'] })
  const { sha256 } = await stores.c!.put(Readable.from([Buffer.from('slug bytes')]))
  assert.equal(await stores.a!.size(sha256), 10)
  assert.equal(await readFile(stores.a!.path(sha256), 'utf8'), 'slug bytes')
  assert.deepEqual(asked, ['a→b', 'a→c'])
  assert.equal(await stores.a!.has(sha256), true)
  assert.deepEqual(asked, ['a→b', 'a→c'], 'no second fetch once held')
})

it('answers no when nobody has the blob, even when two peers ask each other', async () => {
  const { stores, asked } = mesh(['a', 'b'], { a: ['b'], b: ['a'] })
  const sha = createHash('sha256').update('nowhere').digest('hex')
  assert.equal(await stores.a!.size(sha), undefined)
  assert.deepEqual(asked, ['a→b', 'b→a'])
})
