// The stack builder's small helpers: mount bookkeeping (what must never be deleted through), registry tarballs,
// and host commands.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fetchNpmTarball, integrityOf, tarballUrl } from '../../agent/stack/npm-tarball.ts'
import { mountsBelow, parseMountPoints } from '../../agent/stack/rootfs-mounts.ts'
import { runCommand } from '../../agent/stack/run-command.ts'
import { ShoalError } from '../../proto/errors.ts'

const isCode = (code: string, pattern: RegExp) => (err: unknown) =>
  err instanceof ShoalError && err.code === code && pattern.test(err.message)

describe('rootfs mounts', () => {
  const mountinfo = [
    '22 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
    '40 22 0:5 / /var/lib/shoal/stack/rootfs-x/proc rw - proc proc rw',
    '41 40 0:6 / /var/lib/shoal/stack/rootfs-x/proc/sys/fs/binfmt_misc rw - binfmt_misc binfmt_misc rw',
    '42 22 0:7 / /var/lib/shoal/stack/rootfs-xy/proc rw - proc proc rw',
    '43 22 0:8 / /mnt/with\\040space rw - tmpfs tmpfs rw',
    '',
  ].join('\n')

  it('reads mount points and undoes the octal escapes', () => {
    const points = parseMountPoints(mountinfo)
    assert.equal(points.length, 5)
    assert.ok(points.includes('/mnt/with space'))
  })

  it('lists what is mounted strictly below a tree, deepest first, not in a sibling with the same prefix', () => {
    assert.deepEqual(mountsBelow(parseMountPoints(mountinfo), '/var/lib/shoal/stack/rootfs-x'), [
      '/var/lib/shoal/stack/rootfs-x/proc/sys/fs/binfmt_misc',
      '/var/lib/shoal/stack/rootfs-x/proc',
    ])
    assert.deepEqual(mountsBelow(parseMountPoints(mountinfo), '/var/lib/shoal/stack/rootfs-x/proc/'), [
      '/var/lib/shoal/stack/rootfs-x/proc/sys/fs/binfmt_misc',
    ])
  })
})

describe('npm tarballs', () => {
  it('builds registry tarball URLs for plain and scoped packages', () => {
    assert.equal(tarballUrl({ name: 'npm', version: '11.0.0' }), 'https://registry.npmjs.org/npm/-/npm-11.0.0.tgz')
    assert.equal(
      tarballUrl({ name: '@scope/tool', version: '1.2.3' }, 'https://mirror.example/npm'),
      'https://mirror.example/npm/@scope/tool/-/tool-1.2.3.tgz',
    )
  })

  it('uses a cached tarball whose integrity matches, and refetches one that does not', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'shoal-npm-'))
    try {
      const data = Buffer.from('tarball bytes')
      const tool = { name: 'tool', version: '1.0.0', integrity: integrityOf(data) }
      await writeFile(join(cacheDir, 'tool-1.0.0.tgz'), data)
      // An unroutable registry proves the cached copy was used without any request.
      const opts = { cacheDir, ca: '', registry: 'https://127.0.0.1:1/' }
      assert.equal(await fetchNpmTarball(tool, opts), join(cacheDir, 'tool-1.0.0.tgz'))
      await writeFile(join(cacheDir, 'tool-1.0.0.tgz'), 'tampered')
      await assert.rejects(fetchNpmTarball(tool, opts), isCode('UNAVAILABLE', /127\.0\.0\.1:1/))
    } finally {
      await rm(cacheDir, { recursive: true, force: true })
    }
  })
})

describe('runCommand', () => {
  it('returns stdout and streams lines', async () => {
    const lines: string[] = []
    const { stdout } = await runCommand('sh', ['-c', 'echo one; echo two >&2; printf three'], {
      what: 'say things',
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    })
    assert.equal(stdout, 'one\nthree')
    assert.deepEqual(lines.sort(), ['stderr:two', 'stdout:one', 'stdout:three'])
  })

  it("says what failed with the tool's last lines", async () => {
    await assert.rejects(
      runCommand('sh', ['-c', 'echo "E: Unable to locate package nope" >&2; exit 100'], { what: 'install nope' }),
      isCode('INTERNAL', /^Cannot install nope: sh exited with status 100:\nE: Unable to locate package nope$/),
    )
  })

  it('reports a missing tool as UNAVAILABLE with the setup hint', async () => {
    await assert.rejects(
      runCommand('shoal-no-such-tool', [], { what: 'bootstrap' }),
      isCode('UNAVAILABLE', /shoal-no-such-tool is not installed \(run scripts\/setup\.sh\)/),
    )
  })

  it('ends the whole process group on abort', async () => {
    const controller = new AbortController()
    const started = performance.now()
    // The grandchild holds stdout open: only a group kill lets the command finish before it would.
    const pending = runCommand('sh', ['-c', 'sleep 30 & echo started; wait'], {
      what: 'wait',
      signal: controller.signal,
      onLine: (line) => {
        if (line === 'started') controller.abort()
      },
    })
    await assert.rejects(pending, isCode('TIMEOUT', /aborted/))
    assert.ok(performance.now() - started < 10_000)
  })
})
