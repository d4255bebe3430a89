import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { access, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import type { ImageInfo } from '../../agent/docker/docker-client.ts'
import { tryLock } from '../../agent/stack/build-lock.ts'
import {
  buildStack,
  resolveStack,
  type StackDocker,
  stackTarballPath,
  verifyTarball,
} from '../../agent/stack/stack-builder.ts'
import { silentLogger } from '../../lib/logger.ts'

/** Records what the builder asks of Docker; images "exist" once imported. */
class FakeDocker implements StackDocker {
  images = new Map<string, ImageInfo>()
  imports: Array<{ tag: string; bytes: Buffer; changes: string[] }> = []
  inspects = 0

  async imageExists(tag: string): Promise<boolean> {
    return this.images.has(tag)
  }

  async inspectImage(tag: string): Promise<ImageInfo | null> {
    this.inspects++
    return this.images.get(tag) ?? null
  }

  async importImage(tar: Readable, tag: string, opts: { changes?: string[] } = {}): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of tar) chunks.push(chunk as Buffer)
    this.imports.push({ tag, bytes: Buffer.concat(chunks), changes: opts.changes ?? [] })
    this.images.set(tag, { id: `sha256:${tag}`, sizeBytes: 1234, labels: {} })
  }
}

async function writeTarball(workDir: string, version: string, content: Buffer, sha?: string): Promise<string> {
  const file = stackTarballPath(workDir, version)
  await writeFile(file, content)
  const digest = sha ?? createHash('sha256').update(content).digest('hex')
  await writeFile(`${file}.sha256`, `${digest}  ${file.split('/').pop()}\n`)
  return file
}

describe('buildStack (fake Docker)', () => {
  let dir: string
  let host: { root: string; env: NodeJS.ProcessEnv }
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoal-stack-'))
    const root = join(dir, 'host')
    await mkdir(join(root, 'etc/ssl/certs'), { recursive: true })
    await writeFile(
      join(root, 'etc/ssl/certs/ca-certificates.crt'),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    )
    host = { root, env: { HOME: join(dir, 'home') } }
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('does nothing when the image of this stack version exists', async () => {
    const docker = new FakeDocker()
    const { tag } = await resolveStack({ host })
    docker.images.set(tag, { id: 'sha256:x', sizeBytes: 42, labels: {} })
    const workDir = join(dir, 'present')
    const lines: string[] = []
    const result = await buildStack({ docker, workDir, logger: silentLogger, host, onLog: (l) => lines.push(l) })
    assert.equal(result.outcome, 'present')
    assert.equal(result.tag, tag)
    assert.equal(result.imageSizeBytes, 42)
    assert.equal(docker.imports.length, 0)
    await assert.rejects(access(workDir), 'no work dir, no lock: nothing was built')
    assert.ok(lines.some((l) => l.includes('is present')))
  })

  it('imports the cached rootfs tarball without rebuilding, and prunes other versions', async () => {
    const docker = new FakeDocker()
    const workDir = join(dir, 'cached')
    await mkdir(workDir, { recursive: true })
    const { version, tag } = await resolveStack({ host })
    const content = Buffer.from('pretend this is a gzip tarball of a rootfs')
    await writeTarball(workDir, version, content)
    await writeTarball(workDir, 'bookworm-00000000', Buffer.from('an older stack'))

    const result = await buildStack({ docker, workDir, logger: silentLogger, host })
    assert.equal(result.outcome, 'imported')
    assert.equal(docker.imports.length, 1)
    const imported = docker.imports[0]!
    assert.equal(imported.tag, tag)
    assert.deepEqual(imported.bytes, content)
    assert.ok(imported.changes.includes('USER dyno'))
    assert.ok(imported.changes.some((c) => c.startsWith(`LABEL shoal.stack.version=${version}`)))
    assert.deepEqual((await readdir(workDir)).sort(), [`stack-${version}.tar.gz`, `stack-${version}.tar.gz.sha256`])

    const again = await buildStack({ docker, workDir, logger: silentLogger, host })
    assert.equal(again.outcome, 'present', 'the second call finds the imported image')
    assert.equal(docker.imports.length, 1)
  })

  it('trusts a cached tarball only when its checksum matches', async () => {
    const workDir = join(dir, 'verify')
    await mkdir(workDir, { recursive: true })
    const good = await writeTarball(workDir, 'bookworm-11111111', Buffer.from('complete'))
    assert.equal(await verifyTarball(good), true)
    const bad = await writeTarball(workDir, 'bookworm-22222222', Buffer.from('truncat'), 'f'.repeat(64))
    assert.equal(await verifyTarball(bad), false)
    await writeFile(stackTarballPath(workDir, 'bookworm-33333333'), 'no checksum file: an interrupted pack')
    assert.equal(await verifyTarball(stackTarballPath(workDir, 'bookworm-33333333')), false)
  })
})

describe('stack build lock', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoal-lock-'))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('is exclusive while its holder lives and is released on request', async () => {
    const path = join(dir, 'a.lock')
    const first = await tryLock(path)
    assert.ok('release' in first)
    await writeFile(path, String(process.ppid)) // pretend a live process (our parent) holds it
    const second = await tryLock(path)
    assert.deepEqual(second, { heldBy: process.ppid })
    await first.release()
    const third = await tryLock(path)
    assert.ok('release' in third)
    await third.release()
  })

  it('takes over the lock of a process that died', async () => {
    const path = join(dir, 'b.lock')
    await writeFile(path, '2147483646') // no such pid
    const got = await tryLock(path)
    assert.ok('release' in got)
    await got.release()
  })
})
