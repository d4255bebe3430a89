// Stack tarballs between peers over real libp2p nodes on loopback: which peers are asked and in what order, a
// corrupt copy rejected (and no longer offered by its host), the fetched tarball written the way buildStack packs
// one so buildStack only imports it, and the cases that leave the build to debootstrap.

import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { multiaddr } from '@multiformats/multiaddr'
import type { ImageInfo } from '../../agent/docker/docker-client.ts'
import {
  buildStack,
  resolveStack,
  type StackDocker,
  stackTarballPath,
  verifyTarball,
} from '../../agent/stack/stack-builder.ts'
import { fetchStackTarball, StackPeers } from '../../agent/stack/stack-peers.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { newSwarmKey } from '../../mesh/identity.ts'
import type { HostReport } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { eventually, type TestPeer, testPeer } from '../helpers/mesh.ts'
import { tempDir } from '../helpers/processes.ts'

class FakeDocker implements StackDocker {
  images = new Map<string, ImageInfo>()
  imports: Array<{ tag: string; bytes: Buffer }> = []

  async imageExists(tag: string): Promise<boolean> {
    return this.images.has(tag)
  }

  async inspectImage(tag: string): Promise<ImageInfo | null> {
    return this.images.get(tag) ?? null
  }

  async importImage(tar: Readable, tag: string): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of tar) chunks.push(chunk as Buffer)
    this.imports.push({ tag, bytes: Buffer.concat(chunks) })
    this.images.set(tag, { id: `sha256:${tag}`, sizeBytes: 1, labels: {} })
  }
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

async function writeTarball(dir: string, version: string, content: Buffer, sha = sha256(content)): Promise<string> {
  await mkdir(dir, { recursive: true })
  const file = stackTarballPath(dir, version)
  await writeFile(file, content)
  await writeFile(`${file}.sha256`, `${sha}  ${file.split('/').pop()}\n`)
  return file
}

/** The hash every peer reports unless told otherwise: the good copy's, which the tests' leader vouches for. */
let goodSha = ''

function report(peer: TestPeer, stackVersion: string, load1 = 0, stackSha256 = goodSha): HostReport {
  return {
    hostId: peer.node.peerId.toString(),
    addresses: peer.node.addresses(),
    stackVersion,
    stackSha256,
    usage: { load1 },
  }
}

const isCode = (code: string) => (e: unknown) => e instanceof ShoalError && e.code === code

describe('stack tarballs from peers', () => {
  const key = newSwarmKey()
  const root = tempDir('stack-peers')
  const dirOf = (name: string) => join(root.path, name)
  let good: TestPeer
  let corrupt: TestPeer
  let empty: TestPeer
  let me: TestPeer
  let stack: { version: string; tag: string }
  let host: { root: string; env: NodeJS.ProcessEnv }
  const content = randomBytes(3 * 1024 * 1024 + 123) // several chunks, not a multiple of the chunk size
  /** What the leader vouches for, per version (empty: nothing yet). */
  let vouched = new Map<string, string>()
  const peersOf = (dir: string, clock = new ManualClock(1000), discoverMs = 5000) =>
    new StackPeers({
      vouched: (version) => vouched.get(version),
      node: me.node.libp2p,
      stackDir: dir,
      selfId: me.node.peerId.toString(),
      logger: silentLogger,
      clock,
      stack: async () => stack,
      discoverMs,
    })

  before(async () => {
    host = { root: dirOf('host'), env: { HOME: dirOf('home') } }
    await mkdir(join(host.root, 'etc/ssl/certs'), { recursive: true })
    await writeFile(
      join(host.root, 'etc/ssl/certs/ca-certificates.crt'),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    )
    const id = await resolveStack({ host })
    stack = { version: id.version, tag: id.tag }
    goodSha = sha256(content)
    vouched = new Map([[stack.version, goodSha]])
    ;[good, corrupt, empty, me] = await Promise.all([testPeer(key), testPeer(key), testPeer(key), testPeer(key)])
    await writeTarball(dirOf('good'), stack.version, content)
    // Same size, other bytes, the good copy's checksum: a copy that rotted on its host's disk.
    await writeTarball(dirOf('corrupt'), stack.version, randomBytes(content.length), sha256(content))
    await mkdir(dirOf('empty'), { recursive: true })
    for (const [peer, dir] of [
      [good, 'good'],
      [corrupt, 'corrupt'],
      [empty, 'empty'],
    ] as const) {
      const served = new StackPeers({
        node: peer.node.libp2p,
        stackDir: dirOf(dir),
        selfId: peer.node.peerId.toString(),
        logger: silentLogger,
        clock: new ManualClock(),
        stack: async () => stack,
        vouched: () => undefined, // serving needs no vouching
      })
      await served.serve()
    }
  })
  after(async () => {
    await Promise.all([good, corrupt, empty, me].map((p) => p?.stop()))
    root.remove()
  })

  it('offers its version only once a tarball and its checksum file are in its stack dir', async () => {
    const peers = peersOf(dirOf('offer'))
    const none = { version: '', sha256: '' }
    assert.deepEqual(await peers.offered(), none)
    await mkdir(dirOf('offer'), { recursive: true })
    await writeFile(stackTarballPath(dirOf('offer'), stack.version), 'half')
    assert.deepEqual(await peers.offered(), none, 'no checksum file: an interrupted pack or fetch')
    await writeTarball(dirOf('offer'), stack.version, Buffer.from('whole'))
    assert.deepEqual(await peers.offered(), { version: stack.version, sha256: sha256(Buffer.from('whole')) })
  })

  it('lists fresh peers of the same version, least loaded first, and believes only signed reports', () => {
    const clock = new ManualClock(1000)
    const peers = peersOf(dirOf('list'), clock)
    assert.equal(
      peers.heard({ ...report(good, stack.version), hostId: 'someone-else' }, good.node.peerId.toString()),
      false,
    )
    assert.equal(peers.heard(report(me, stack.version), me.node.peerId.toString()), true)
    peers.heard(report(good, stack.version, 0.5), good.node.peerId.toString())
    peers.heard(report(corrupt, stack.version, 0.1), corrupt.node.peerId.toString())
    peers.heard(report(empty, 'bookworm-00000000'), empty.node.peerId.toString())
    assert.deepEqual(
      peers.candidates(stack.version).map((c) => c.peerId),
      [corrupt.node.peerId.toString(), good.node.peerId.toString()],
      'not itself, not another version; lower load first',
    )
    peers.heard(report(corrupt, ''), corrupt.node.peerId.toString())
    assert.deepEqual(
      peers.candidates(stack.version).map((c) => c.peerId),
      [good.node.peerId.toString()],
      'a peer that stops offering is dropped',
    )
    clock.advance(15_000)
    assert.deepEqual(peers.candidates(stack.version), [], 'a peer silent for 15 s is presumed gone')
  })

  it('skips a corrupt copy, takes the good one, and buildStack then imports it without building', async () => {
    const dir = dirOf('fetched')
    const peers = peersOf(dir)
    const lines: string[] = []
    // The corrupt peer is the least loaded, so it is asked first.
    peers.heard(report(corrupt, stack.version, 0), corrupt.node.peerId.toString())
    peers.heard(report(empty, stack.version, 0.2), empty.node.peerId.toString())
    peers.heard(report(good, stack.version, 0.9), good.node.peerId.toString())
    const docker = new FakeDocker()
    const got = await peers.prepare({ docker, onLog: (l) => lines.push(l) })
    assert.equal(got.outcome, 'fetched')
    assert.ok(got.outcome === 'fetched')
    assert.equal(got.peer, good.node.peerId.toString())
    assert.equal(got.bytes, content.length)
    assert.equal(got.sha256, sha256(content))
    assert.deepEqual(
      got.failed.map((f) => f.peer),
      [corrupt.node.peerId.toString(), empty.node.peerId.toString()],
    )
    assert.match(got.failed[1]?.error ?? '', /No tarball of stack/)
    const tarball = stackTarballPath(dir, stack.version)
    assert.ok(readFileSync(tarball).equals(content))
    assert.equal(await verifyTarball(tarball), true, 'the checksum file is what buildStack expects')
    assert.deepEqual((await readdir(dir)).sort(), [
      `stack-${stack.version}.tar.gz`,
      `stack-${stack.version}.tar.gz.sha256`,
    ])
    assert.ok(lines.some((l) => l.includes(`from peer ${good.node.peerId}`)))
    // The corrupt host found out while sending and stopped offering its copy.
    const corruptTarball = stackTarballPath(dirOf('corrupt'), stack.version)
    await eventually(() => !existsSync(`${corruptTarball}.sha256`), 5000, 'the corrupt checksum file removed')

    const built = await buildStack({ docker, workDir: dir, logger: silentLogger, host })
    assert.equal(built.outcome, 'imported')
    assert.equal(docker.imports.length, 1)
    assert.ok(docker.imports[0]?.bytes.equals(content))

    assert.deepEqual(await peers.prepare({ docker }), { outcome: 'present' }, 'once imported nothing is fetched')
    assert.deepEqual(await peers.prepare({ docker: new FakeDocker() }), { outcome: 'cached' }, 'a verified tarball')
  })

  it('waits for a report when it knows no peer yet, and uses the one that arrives', async () => {
    const peers = peersOf(dirOf('late'), new ManualClock(1000), 60_000)
    const got = await peers.prepare({
      docker: new FakeDocker(),
      onLog: (line) => {
        // The clock never moves: only the report can end the wait.
        if (line.includes('Waiting for a peer')) peers.heard(report(good, stack.version), good.node.peerId.toString())
      },
    })
    assert.equal(got.outcome, 'fetched')
  })

  it('leaves the build to buildStack when no peer has the stack', async () => {
    const clock = new ManualClock(1000)
    const peers = peersOf(dirOf('none'), clock, 5000)
    peers.heard(report(empty, 'bookworm-00000000'), empty.node.peerId.toString())
    let settled = false
    const pending = peers.prepare({ docker: new FakeDocker() }).finally(() => {
      settled = true
    })
    for (let i = 0; i < 2000 && !settled; i++) {
      clock.advance(100)
      await new Promise((r) => setImmediate(r))
    }
    assert.deepEqual(await pending, { outcome: 'unavailable', failed: [] })
    assert.equal(existsSync(stackTarballPath(dirOf('none'), stack.version)), false)

    peers.heard(report(empty, stack.version), empty.node.peerId.toString()) // claims it, has none
    // The clock moves meanwhile too: a transfer that stalls (CI once hung here, on a loaded machine) times out as it
    // would in production, instead of waiting on a clock that never advances.
    let done = false
    const asked = peers.prepare({ docker: new FakeDocker() }).finally(() => {
      done = true
    })
    for (let i = 0; i < 2000 && !done; i++) {
      clock.advance(100)
      await new Promise((r) => setTimeout(r, 5))
    }
    const tried = await asked
    assert.equal(tried.outcome, 'unavailable')
    assert.equal(tried.outcome === 'unavailable' && tried.failed.length, 1)
  })

  it('answers NOT_FOUND for a version it lacks and refuses names that are not versions', async () => {
    const target = good.node.addresses().map((a) => multiaddr(a))
    await assert.rejects(
      fetchStackTarball(me.node.libp2p, target, 'bookworm-99999999', dirOf('nf')),
      isCode('NOT_FOUND'),
    )
    await assert.rejects(
      fetchStackTarball(me.node.libp2p, target, '../../../etc/passwd', dirOf('nf')),
      isCode('INVALID_INPUT'),
    )
    assert.equal(existsSync(dirOf('nf')), false, 'nothing written')
  })
  it('fetches only the tarball the leader vouches for: other hashes are skipped, and nothing while it names none', async () => {
    const clock = new ManualClock(1000)
    const peers = peersOf(dirOf('vouched'), clock)
    const other = 'f'.repeat(64)
    peers.heard(report(good, stack.version, 0.9), good.node.peerId.toString())
    peers.heard(report(corrupt, stack.version, 0.1, other), corrupt.node.peerId.toString())
    assert.deepEqual(
      peers.candidates(stack.version).map((c) => c.peerId),
      [good.node.peerId.toString()],
      'a peer reporting another hash is no candidate, however idle',
    )
    const saved = vouched
    vouched = new Map()
    try {
      assert.deepEqual(peers.candidates(stack.version), [], 'no vouched hash yet: no candidate at all')
    } finally {
      vouched = saved
    }
    // A peer that reports the vouched hash but serves another one is refused at its header, before any byte.
    const target = good.node.addresses().map((a) => multiaddr(a))
    await assert.rejects(
      fetchStackTarball(me.node.libp2p, target, stack.version, dirOf('vouched-header'), { sha256: other }),
      (e: unknown) => isCode('BAD_MESSAGE')(e) && /as the leader vouches/.test((e as Error).message),
    )
    assert.equal(existsSync(`${stackTarballPath(dirOf('vouched-header'), stack.version)}.sha256`), false)
  })
})
