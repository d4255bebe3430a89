import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { after, test } from 'node:test'
import {
  type ReleaseImageDocker,
  ReleaseImages,
  releaseImageTag,
  type SlugSource,
} from '../../agent/dynos/release-image.ts'
import { rewriteSlug } from '../../agent/dynos/slug-rewrite.ts'

const root = mkdtempSync(join(tmpdir(), 'dyno-release-image-'))
after(() => rmSync(root, { recursive: true, force: true }))

/** A slug made by GNU tar as root-owned files, like a build that ran as root would leave them. */
function makeSlug(
  name: string,
  layout: 'contents' | 'app-dir',
  longName = false,
  format = 'gnu',
): { path: string; sha256: string } {
  const src = join(root, `${name}-src`)
  const base = layout === 'app-dir' ? join(src, 'app') : src
  mkdirSync(join(base, '.profile.d'), { recursive: true })
  writeFileSync(join(base, 'Procfile'), 'web: node server.js\n')
  writeFileSync(join(base, '.profile.d', 'node.sh'), 'export PATH=/app/bin:$PATH\n')
  writeFileSync(join(base, 'server.js'), 'x'.repeat(70_000))
  if (longName) {
    const deep = join(base, 'node_modules', 'a'.repeat(60), 'b'.repeat(60))
    mkdirSync(deep, { recursive: true })
    writeFileSync(join(deep, 'index.js'), 'module.exports = 1\n')
  }
  const path = join(root, `${name}.tgz`)
  execFileSync('tar', ['-C', src, `--format=${format}`, '--owner=0', '--group=0', '--numeric-owner', '-czf', path, '.'])
  return { path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') }
}

function listing(tarPath: string): string[] {
  return execFileSync('tar', ['-tvf', tarPath, '--numeric-owner'], { encoding: 'utf8' }).trim().split('\n')
}

for (const format of ['gnu', 'posix']) {
  test(`rewriting gives every entry to the dyno user and keeps the contents (${format} tar)`, async () => {
    const slug = makeSlug(`contents-${format}`, 'contents', true, format)
    const out = join(root, `contents-${format}.tar`)
    const r = await rewriteSlug(slug.path, out, { uid: 1000, gid: 1000, user: 'dyno', group: 'dyno' })
    assert.equal(r.sha256, slug.sha256)
    assert.equal(r.layout, 'contents')
    const lines = listing(out)
    assert.ok(lines.length >= 6)
    for (const l of lines) assert.match(l, /^\S+ 1000\/1000 /, l)
    assert.ok(!lines.some((l) => / \.\/$/.test(l)), 'the root entry is dropped: /app keeps its owner')
    assert.ok(
      lines.some((l) => l.endsWith(`${'b'.repeat(60)}/index.js`)),
      'long names survive',
    )
    const x = join(root, `contents-x-${format}`)
    mkdirSync(x)
    execFileSync('tar', ['-C', x, '-xf', out])
    assert.equal(readFileSync(join(x, 'server.js'), 'utf8'), 'x'.repeat(70_000))
    assert.equal(readFileSync(join(x, 'Procfile'), 'utf8'), 'web: node server.js\n')
  })
}

test('a slug holding ./app/ is recognised as such', async () => {
  const slug = makeSlug('appdir', 'app-dir')
  const r = await rewriteSlug(slug.path, join(root, 'appdir.tar'), { uid: 7, gid: 8, user: 'u', group: 'g' })
  assert.equal(r.layout, 'app-dir')
  for (const l of listing(join(root, 'appdir.tar'))) assert.match(l, /^\S+ 7\/8 /)
})

test('a slug with an entry outside the app, or a truncated one, is refused', async () => {
  const src = join(root, 'evil-src')
  mkdirSync(join(src, 'app'), { recursive: true })
  mkdirSync(join(src, 'etc'), { recursive: true })
  writeFileSync(join(src, 'app', 'a'), 'a')
  writeFileSync(join(src, 'etc', 'passwd'), 'x')
  const evil = join(root, 'evil.tgz')
  execFileSync('tar', ['-C', src, '-czf', evil, 'app', 'etc'])
  await assert.rejects(rewriteSlug(evil, join(root, 'evil.tar'), { uid: 1, gid: 1, user: 'u', group: 'g' }), {
    code: 'INVALID_INPUT',
    message: /outside app\//,
  })
  const good = makeSlug('trunc', 'contents')
  const cut = join(root, 'trunc-cut.tgz')
  const gz = readFileSync(good.path)
  writeFileSync(cut, gz.subarray(0, Math.floor(gz.length / 2)))
  await assert.rejects(rewriteSlug(cut, join(root, 'cut.tar'), { uid: 1, gid: 1, user: 'u', group: 'g' }), {
    code: 'INVALID_INPUT',
  })
})

class FakeBuilder implements ReleaseImageDocker {
  readonly images = new Set<string>(['shoal/stack:bookworm-1'])
  builds: Array<{ tag: string; files: Map<string, Buffer> }> = []
  async imageExists(tag: string): Promise<boolean> {
    return this.images.has(tag)
  }
  async buildImage(context: Readable, tag: string): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of context) chunks.push(c as Buffer)
    const dir = mkdtempSync(join(root, 'ctx-'))
    writeFileSync(join(dir, 'context.tar'), Buffer.concat(chunks))
    execFileSync('tar', ['-C', dir, '-xf', join(dir, 'context.tar')])
    const files = new Map<string, Buffer>()
    for (const f of readdirSync(dir)) if (f !== 'context.tar') files.set(f, readFileSync(join(dir, f)))
    this.builds.push({ tag, files })
    await new Promise((r) => setTimeout(r, 5))
    this.images.add(tag)
  }
}

test('an image is built once per slug and stack, from a context with the Dockerfile and the slug', async () => {
  const slug = makeSlug('build', 'contents')
  const docker = new FakeBuilder()
  let fetches = 0
  const slugs: SlugSource = {
    fetch: async (sha) => {
      fetches++
      assert.equal(sha, slug.sha256)
      return slug.path
    },
  }
  const workDir = join(root, 'work')
  const images = new ReleaseImages({ docker, slugs, workDir })
  const tags = await Promise.all([1, 2, 3].map(() => images.ensure(slug.sha256, 'shoal/stack:bookworm-1')))
  const tag = releaseImageTag(slug.sha256, 'shoal/stack:bookworm-1')
  assert.equal(tag, `shoal/slug:${slug.sha256.slice(0, 16)}-bookworm-1`)
  assert.deepEqual(tags, [tag, tag, tag])
  assert.equal(docker.builds.length, 1, 'three dynos of one release: one build')
  assert.equal(fetches, 1)
  const files = docker.builds[0]?.files
  assert.equal(
    files?.get('Dockerfile')?.toString(),
    `FROM shoal/stack:bookworm-1\nADD slug.tar /app/\nLABEL shoal.slug=${slug.sha256} shoal.stack=shoal/stack:bookworm-1\n`,
  )
  assert.ok((files?.get('slug.tar')?.length ?? 0) > 70_000)
  assert.deepEqual(readdirSync(workDir), [], 'the unpacked slug is removed after the build')
  // cached per host: later dynos find the image
  await images.ensure(slug.sha256, 'shoal/stack:bookworm-1')
  assert.equal(docker.builds.length, 1)
  // a new stack means a new image
  docker.images.add('shoal/stack:bookworm-2')
  await images.ensure(slug.sha256, 'shoal/stack:bookworm-2')
  assert.equal(docker.builds.length, 2)
})

test('a missing stack or a slug whose sha256 does not match fails clearly', async () => {
  const slug = makeSlug('bad', 'app-dir')
  const docker = new FakeBuilder()
  const images = new ReleaseImages({ docker, slugs: { fetch: async () => slug.path }, workDir: join(root, 'w2') })
  await assert.rejects(images.ensure(slug.sha256, 'shoal/stack:none'), {
    code: 'NOT_FOUND',
    message: /shoal\/stack:none/,
  })
  await assert.rejects(images.ensure('0'.repeat(64), 'shoal/stack:bookworm-1'), {
    code: 'INVALID_INPUT',
    message: /has sha256/,
  })
  assert.equal(docker.builds.length, 0)
  await images.ensure(slug.sha256, 'shoal/stack:bookworm-1')
  assert.match(docker.builds[0]?.files.get('Dockerfile')?.toString() ?? '', /^ADD slug\.tar \/$/m)
})

test('a caller giving up does not abort the shared build', async () => {
  const slug = makeSlug('abort', 'contents')
  const docker = new FakeBuilder()
  const images = new ReleaseImages({ docker, slugs: { fetch: async () => slug.path }, workDir: join(root, 'w3') })
  const ac = new AbortController()
  const gaveUp = images.ensure(slug.sha256, 'shoal/stack:bookworm-1', ac.signal)
  const waits = images.ensure(slug.sha256, 'shoal/stack:bookworm-1')
  ac.abort()
  await assert.rejects(gaveUp, { code: 'TIMEOUT' })
  assert.equal(await waits, releaseImageTag(slug.sha256, 'shoal/stack:bookworm-1'))
  assert.equal(docker.builds.length, 1)
})
