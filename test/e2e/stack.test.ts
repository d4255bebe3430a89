// The stack image for real: scripts/setup.sh (packages, dockerd), debootstrap from the host's mirror, docker import,
// then containers from it running Node.js 24, npm, git, as the dyno user, reaching the npm registry through the
// host's CA trust. Needs root (CI runs as root). A first run builds the stack (about 1–2 min); later runs reuse it.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createDockerClient, type DockerClient, type NetworkSpec } from '../../agent/docker/docker-client.ts'
import {
  buildStack,
  resolveStack,
  type StackBuildResult,
  stackImageChanges,
  stackTarballPath,
} from '../../agent/stack/stack-builder.ts'
import { DEFAULT_STACK_DIR } from '../../agent/stack/stack-main.ts'
import { silentLogger } from '../../lib/logger.ts'

const run = promisify(execFile)
const repo = fileURLToPath(new URL('../../', import.meta.url))
const workDir = process.env['SHOAL_STACK_DIR'] ?? DEFAULT_STACK_DIR
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`

async function text(stream: Readable): Promise<string> {
  let out = ''
  for await (const chunk of stream) out += (chunk as Buffer).toString('utf8')
  return out
}

/** `docker run --rm` through the agent's own client: attach, start, wait, remove. */
async function runInStack(
  docker: DockerClient,
  image: string,
  script: string,
  network: NetworkSpec = { mode: 'bridge' },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const id = await docker.createContainer({
    image,
    cmd: ['bash', '-c', script],
    network,
    labels: { 'shoal.test': 'stack' },
  })
  try {
    const streams = await docker.attachContainer(id)
    const stdout = text(streams.stdout)
    const stderr = text(streams.stderr)
    await docker.startContainer(id)
    // not-running after start: returns at once if the container already exited, so there is no race.
    const { exitCode } = await docker.waitContainer(id, { condition: 'not-running' })
    return { code: exitCode, stdout: await stdout, stderr: await stderr }
  } finally {
    await docker.removeContainer(id, { force: true })
  }
}

describe('stack image', { timeout: 20 * 60_000 }, () => {
  const docker = createDockerClient()
  let stack: StackBuildResult

  before(async () => {
    const { stdout } = await run('bash', [`${repo}scripts/setup.sh`], { timeout: 10 * 60_000 })
    console.log(stdout.trim())
    await docker.ping()
  })

  it('builds the stack (or finds it), and a second call is a no-op', async () => {
    const started = performance.now()
    stack = await buildStack({ docker, workDir, logger: silentLogger })
    const first = performance.now() - started
    const steps = Object.entries(stack.timings)
      .map(([k, v]) => `${k} ${seconds(v)}`)
      .join(', ')
    console.log(`stack ${stack.tag}: ${stack.outcome} in ${seconds(first)}${steps ? ` (${steps})` : ''}`)
    console.log(`stack image size: ${((stack.imageSizeBytes ?? 0) / 1e6).toFixed(0)} MB`)
    assert.match(stack.tag, /^shoal\/stack:bookworm-[0-9a-f]{8}$/)
    assert.equal(await docker.imageExists(stack.tag), true)

    const again = performance.now()
    const second = await buildStack({ docker, workDir, logger: silentLogger })
    console.log(`cached stack check: ${second.outcome} in ${seconds(performance.now() - again)}`)
    assert.equal(second.outcome, 'present')
    assert.equal(second.tag, stack.tag)
  })

  it('lays the rootfs out with system modes whoever built it (a daemon builds under umask 077)', async () => {
    const version = stack.tag.split(':')[1] as string
    const { stdout } = await run('tar', ['-tzvf', stackTarballPath(workDir, version)], { maxBuffer: 256 * 1024 * 1024 })
    const mode = (path: string) =>
      stdout
        .split('\n')
        .find((l) => l.endsWith(` ./${path}`))
        ?.split(' ')[0]
    // Under the daemon's umask these came out 0700/0600: no npm and no CA bundle for the dyno user.
    assert.equal(mode('usr/local/lib/node_modules/'), 'drwxr-xr-x')
    assert.equal(mode('usr/local/lib/node_modules/npm/'), 'drwxr-xr-x')
    assert.equal(mode('usr/local/include/'), 'drwxr-xr-x')
    assert.equal(mode('etc/ssl/certs/ca-certificates.crt'), '-rw-r--r--')
  })

  it('runs Node.js 24, npm, git and build tools as the unprivileged dyno user', async () => {
    const r = await runInStack(
      docker,
      stack.tag,
      'node --version; npm --version; git --version; id dyno; id -un; echo "home=$HOME pwd=$PWD"; gcc --version | head -1; python3 --version',
    )
    assert.equal(r.code, 0, r.stderr)
    const lines = r.stdout.trim().split('\n')
    assert.match(lines[0]!, /^v24\.\d+\.\d+$/)
    assert.match(lines[1]!, /^\d+\.\d+\.\d+$/)
    assert.match(lines[2]!, /^git version 2\./)
    assert.match(lines[3]!, /^uid=61000\(dyno\) gid=61000\(dyno\)/)
    assert.equal(lines[4], 'dyno', 'containers start as dyno, not root')
    assert.equal(lines[5], 'home=/app pwd=/app')
    assert.match(lines[6]!, /^gcc /)
    assert.match(lines[7]!, /^Python 3\./)
  })

  it("reaches the npm registry from a container through the host's CA trust (bridge network)", async () => {
    const r = await runInStack(
      docker,
      stack.tag,
      'npm view is-number version && curl -sS -o /dev/null -w "%{http_code}" https://registry.npmjs.org/is-number',
    )
    assert.equal(r.code, 0, r.stderr)
    const [npmSays, curlSays] = r.stdout.trim().split('\n')
    assert.match(npmSays!, /^\d+\.\d+\.\d+$/)
    assert.equal(curlSays, '200')
  })

  it('reaches the npm registry on the host network too', async () => {
    const r = await runInStack(docker, stack.tag, 'npm view is-number version', { mode: 'host' })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/)
  })

  it('runs with the docker CLI too (docker run --rm)', async () => {
    const { stdout } = await run('docker', ['run', '--rm', stack.tag, 'node', '-p', 'process.versions.node'])
    assert.match(stdout.trim(), /^24\./)
  })

  it('keeps a verified rootfs tarball that imports as a working image (what peers get over the mesh)', async () => {
    const id = await resolveStack()
    const tarball = `${workDir}/stack-${id.version}.tar.gz`
    await access(tarball)
    await access(`${tarball}.sha256`)
    const tag = `shoal-e2e/stack-import:${process.pid}`
    const started = performance.now()
    await docker.importImage(createReadStream(tarball), tag, { changes: stackImageChanges(id) })
    console.log(`import of the cached stack tarball: ${seconds(performance.now() - started)}`)
    try {
      const r = await runInStack(docker, tag, 'node --version && id -un')
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(r.stdout.trim().split('\n'), [id.nodeVersion, 'dyno'])
    } finally {
      await docker.removeImage(tag, { force: true })
    }
    assert.equal(await docker.imageExists(tag), false)
  })

  it('has a CLI entry that reports the stack as present', async () => {
    const { stdout } = await run(process.execPath, [`${repo}agent/stack/stack-main.ts`, 'build', '--work-dir', workDir])
    assert.match(stdout, new RegExp(`${stack.tag.replace(/[/.]/g, '\\$&')} present in \\d+\\.\\ds`))
  })

  after(async () => {
    for (const c of await docker.listContainers({ 'shoal.test': 'stack' })) {
      await docker.removeContainer(c.id, { force: true })
    }
  })
})
