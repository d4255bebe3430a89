// Git repositories shared between controllers through bundle blobs: a push recorded on controller A is found by
// controller B (fetching the bundle from A by hash), a further push to B keeps the history, and A catches up on it.
// Real git, real bare repositories, a shared store; the blob stores are peers of each other like controllers.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { PeerBlobStore } from '../../controller/blobs/peer-blob-store.ts'
import { type GitBundleRecord, GitSync, gitBundleKey } from '../../controller/git/git-sync.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { getJson } from '../../controller/store/store.ts'
import type { BlobStore } from '../../lib/blob-store.ts'
import { silentLogger } from '../../lib/logger.ts'

const root = mkdtempSync(join(tmpdir(), 'shoal-git-sync-'))
after(() => rmSync(root, { recursive: true, force: true }))

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
}
const git = (...args: string[]): string => execFileSync('git', args, { env, encoding: 'utf8' })

function controllers(names: string[], options: { others?: number; copyWaitMs?: number } = {}) {
  const store = new MemoryStore()
  const blobs: Record<string, BlobStore> = {}
  const out: Record<string, { sync: GitSync; repo: string }> = {}
  for (const name of names) {
    blobs[name] = new PeerBlobStore(join(root, `${name}-blobs`), {
      peers: () => names.filter((n) => n !== name),
      fetch: async (peer, sha, into) => {
        const source = blobs[peer]!
        if ((await source.size(sha)) === undefined) throw new Error(`${peer} has no ${sha}`)
        return (await into.put(source.open(sha), { expectSha256: sha })).size
      },
    })
    const repo = join(root, `${name}-app.git`)
    git('init', '--bare', '--quiet', '--initial-branch=main', repo)
    const sync = new GitSync({
      store,
      blobs: blobs[name]!,
      logger: silentLogger,
      self: name,
      others: () => options.others ?? 0,
      copyWaitMs: options.copyWaitMs,
    })
    out[name] = { sync, repo }
  }
  return { store, blobs: (name: string) => blobs[name]!, controller: (name: string) => out[name]! }
}

function commit(work: string, file: string, message: string): void {
  writeFileSync(join(work, file), message)
  git('-C', work, 'add', file)
  git('-C', work, 'commit', '--quiet', '-m', message)
}

const log = (repo: string): string[] => git('-C', repo, 'log', '--format=%s', 'main').trim().split('\n')

it('a push recorded on one controller is served by another, and history survives a push there', async () => {
  const { store, controller } = controllers(['a', 'b'])
  const [a, b] = [controller('a'), controller('b')]
  const work = join(root, 'work')
  git('init', '--quiet', '--initial-branch=main', work)
  commit(work, 'one.txt', 'first')
  git('-C', work, 'push', '--quiet', a.repo, 'main')
  await a.sync.record('app', a.repo)
  assert.ok((await store.get(gitBundleKey('app'))) !== undefined, 'the bundle hash is recorded in the store')

  // Failover: B serves the app next. Its repository starts empty and catches up from A's bundle blob.
  await b.sync.catchUp('app', b.repo)
  assert.deepEqual(log(b.repo), ['first'])
  const clone = join(root, 'clone')
  git('clone', '--quiet', b.repo, clone)
  commit(clone, 'two.txt', 'second')
  git('-C', clone, 'push', '--quiet', 'origin', 'main')
  await b.sync.record('app', b.repo)

  // A fresh clone through B shows both commits, and A (back again) catches up on B's push.
  const fresh = join(root, 'fresh')
  git('clone', '--quiet', b.repo, fresh)
  assert.deepEqual(log(fresh), ['second', 'first'])
  await a.sync.catchUp('app', a.repo)
  assert.deepEqual(log(a.repo), ['second', 'first'])
})

it('an app with no recorded bundle is left as it is; a bundle no peer has is refused as UNAVAILABLE', async () => {
  const { store, controller } = controllers(['c', 'd'])
  const [c, d] = [controller('c'), controller('d')]
  await d.sync.catchUp('app', d.repo)
  assert.equal(git('-C', d.repo, 'for-each-ref').trim(), '', 'nothing recorded, nothing fetched')
  await store.put(gitBundleKey('app'), new TextEncoder().encode(JSON.stringify({ sha256: 'f'.repeat(64), size: 1 })))
  await assert.rejects(c.sync.catchUp('app', c.repo), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'UNAVAILABLE')
    assert.match(err.message, /Cannot serve app\.git: its repository bundle ffffffffffff is on no reachable controller/)
    return true
  })
})

it('a push is answered once another controller holds its bundle; a superseded bundle is deleted everywhere', async () => {
  const { store, blobs, controller } = controllers(['e', 'f'], { others: 1, copyWaitMs: 20_000 })
  const [e, f] = [controller('e'), controller('f')]
  const replicating = new AbortController()
  try {
    await f.sync.replicate(replicating.signal)
    const work = join(root, 'work-ef')
    git('init', '--quiet', '--initial-branch=main', work)
    commit(work, 'one.txt', 'first')
    git('-C', work, 'push', '--quiet', e.repo, 'main')
    await e.sync.record('app', e.repo)
    const first = (await getJson<GitBundleRecord>(store, gitBundleKey('app')))!.value.sha256
    // Answered only now: F holds the bundle (E could die at once and lose nothing).
    assert.equal(await blobs('f').has(first), true, 'the other controller holds the bundle when the push is answered')
    commit(work, 'two.txt', 'second')
    git('-C', work, 'push', '--quiet', e.repo, 'main')
    await e.sync.record('app', e.repo)
    const second = (await getJson<GitBundleRecord>(store, gitBundleKey('app')))!.value.sha256
    assert.notEqual(second, first)
    assert.equal(await blobs('f').has(second), true)
    assert.equal(await blobs('e').has(first), false, 'the superseded bundle is gone from the controller that took it')
    assert.equal(await blobs('f').has(first), false, 'and from the one that copied it')
  } finally {
    replicating.abort()
  }
})

it('with no other controller answering, a push is still accepted after the wait (and says so in the log)', async () => {
  const { store, controller } = controllers(['g', 'h'], { others: 1, copyWaitMs: 200 })
  const g = controller('g')
  const work = join(root, 'work-g')
  git('init', '--quiet', '--initial-branch=main', work)
  commit(work, 'one.txt', 'first')
  git('-C', work, 'push', '--quiet', g.repo, 'main')
  await g.sync.record('app', g.repo)
  assert.ok((await store.get(gitBundleKey('app'))) !== undefined)
})
