// The agent's Docker client against the real engine, with containers from the stack image: the lifecycle calls the
// dyno runner relies on (labels, stop grace, no-op stop/kill/remove, logs, exit codes, limits).

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import type { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createDockerClient } from '../../agent/docker/docker-client.ts'
import { buildStack } from '../../agent/stack/stack-builder.ts'
import { DEFAULT_STACK_DIR } from '../../agent/stack/stack-main.ts'
import { silentLogger } from '../../lib/logger.ts'

const run = promisify(execFile)
const repo = fileURLToPath(new URL('../../', import.meta.url))
const label = { 'shoal.test': `docker-client-${process.pid}` }

async function text(stream: Readable): Promise<string> {
  let out = ''
  for await (const chunk of stream) out += (chunk as Buffer).toString('utf8')
  return out
}

describe('docker client (real engine)', { timeout: 20 * 60_000 }, () => {
  const docker = createDockerClient()
  let image: string

  before(async () => {
    await run('bash', [`${repo}scripts/setup.sh`], { timeout: 10 * 60_000 })
    const stack = await buildStack({
      docker,
      workDir: process.env['SHOAL_STACK_DIR'] ?? DEFAULT_STACK_DIR,
      logger: silentLogger,
    })
    image = stack.tag
  })

  after(async () => {
    for (const c of await docker.listContainers(label)) await docker.removeContainer(c.id, { force: true })
  })

  it('creates, lists by label, inspects, stops with a grace period, and removes', async () => {
    const id = await docker.createContainer({
      image,
      name: `shoal-test-${process.pid}-stop`,
      // Ignores SIGTERM, like a dyno that will not shut down: the stop must end in SIGKILL after the grace period.
      cmd: ['bash', '-c', 'trap "echo got TERM" TERM; echo ready; while true; do sleep 0.1; done'],
      labels: { ...label, 'shoal.dyno': 'web.1' },
      env: { PORT: '5000', DYNO: 'web.1' },
      network: { mode: 'none' },
      memoryBytes: 256 * 1024 * 1024,
      pidsLimit: 64,
      noNewPrivileges: true,
      capDrop: ['ALL'],
      init: true,
    })
    const created = await docker.inspectContainer(id)
    assert.equal(created?.status, 'created')
    assert.equal(created?.exitCode, null)
    assert.equal(created?.startedAt, null)

    await docker.startContainer(id)
    const running = await docker.inspectContainer(id)
    assert.equal(running?.running, true)
    assert.equal(running?.labels['shoal.dyno'], 'web.1')
    assert.ok((running?.pid ?? 0) > 0)

    const listed = await docker.listContainers({ ...label, 'shoal.dyno': '' })
    assert.deepEqual(
      listed.map((c) => [c.id, c.name, c.status]),
      [[id, `shoal-test-${process.pid}-stop`, 'running']],
    )
    assert.deepEqual(await docker.listContainers({ ...label, 'shoal.dyno': 'worker.1' }), [])

    const started = performance.now()
    await docker.stopContainer(id, 1)
    const tookMs = performance.now() - started
    assert.ok(tookMs >= 900, `stop waited the grace period (${tookMs} ms)`)
    const stopped = await docker.inspectContainer(id)
    assert.equal(stopped?.running, false)
    assert.equal(stopped?.exitCode, 137, 'SIGKILLed after ignoring SIGTERM')

    const logs = await docker.containerLogs(id)
    assert.match(await text(logs.stdout), /^ready\ngot TERM\n/)

    await docker.stopContainer(id, 1) // already stopped: no-op
    await docker.killContainer(id) // not running: no-op
    await docker.removeContainer(id)
    assert.equal(await docker.inspectContainer(id), null)
    await docker.removeContainer(id) // already gone: no-op
  })

  it('returns exit codes and separates stdout from stderr', async () => {
    const id = await docker.createContainer({
      image,
      cmd: ['bash', '-c', 'echo out; echo err >&2; exit 3'],
      labels: label,
      network: { mode: 'none' },
    })
    try {
      const exit = docker.waitContainer(id, { condition: 'next-exit' })
      const streams = await docker.attachContainer(id)
      const [out, err] = [text(streams.stdout), text(streams.stderr)]
      await docker.startContainer(id)
      assert.deepEqual(await exit, { exitCode: 3 })
      assert.equal(await out, 'out\n')
      assert.equal(await err, 'err\n')
    } finally {
      await docker.removeContainer(id, { force: true })
    }
  })

  it('feeds stdin to an attached container', async () => {
    const id = await docker.createContainer({
      image,
      cmd: ['bash', '-c', 'read line; echo "you said $line"'],
      labels: label,
      network: { mode: 'none' },
      openStdin: true,
    })
    try {
      const streams = await docker.attachContainer(id, { stdin: true })
      const out = text(streams.stdout)
      await docker.startContainer(id)
      streams.stdin?.write('hello\n')
      assert.deepEqual(await docker.waitContainer(id), { exitCode: 0 })
      streams.close()
      assert.equal(await out, 'you said hello\n')
    } finally {
      await docker.removeContainer(id, { force: true })
    }
  })

  it('refuses a duplicate name with CONFLICT and an unknown image with NOT_FOUND', async () => {
    const name = `shoal-test-${process.pid}-dup`
    const id = await docker.createContainer({ image, name, cmd: ['true'], labels: label })
    try {
      await assert.rejects(docker.createContainer({ image, name, cmd: ['true'], labels: label }), { code: 'CONFLICT' })
      await assert.rejects(docker.createContainer({ image: 'shoal/no-such-image:none', labels: label }), {
        code: 'NOT_FOUND',
      })
    } finally {
      await docker.removeContainer(id, { force: true })
    }
  })

  it("reads a running container's CPU and memory in one stats read; a stopped one reads as null", async () => {
    const id = await docker.createContainer({
      image,
      name: `shoal-test-${process.pid}-stats`,
      // some CPU, then idle
      cmd: ['bash', '-c', 'x=0; while [ $x -lt 100000 ]; do x=$((x+1)); done; echo busy-done; sleep 600'],
      labels: label,
      network: { mode: 'none' },
      memoryBytes: 64 * 1024 * 1024,
    })
    try {
      assert.equal(await docker.containerStats(id), null, 'created, not running')
      await docker.startContainer(id)
      const logs = await docker.containerLogs(id, { follow: true })
      await new Promise<void>((resolve) => {
        logs.stdout.on('data', (b: Buffer) => {
          if (b.toString().includes('busy-done')) resolve()
        })
      })
      logs.close()
      const started = performance.now()
      const stats = await docker.containerStats(id)
      console.log(`# one stats read: ${Math.round(performance.now() - started)} ms`)
      assert.ok(stats !== null)
      assert.ok(stats.cpuUsageNs > 1e6, `the loop used CPU: ${stats.cpuUsageNs} ns`)
      // A sleeping bash's anonymous memory can be as little as 100 KiB (CI read exactly 102,400).
      assert.ok(stats.rssBytes > 0 && stats.rssBytes < 64 * 1024 * 1024, `rss ${stats.rssBytes}`)
      assert.ok(stats.cacheBytes >= 0 && stats.swapBytes >= 0)
      await docker.killContainer(id, 'SIGKILL')
      await docker.waitContainer(id)
      assert.equal(await docker.containerStats(id), null, 'exited')
    } finally {
      await docker.removeContainer(id, { force: true })
    }
    assert.equal(await docker.containerStats(id), null, 'removed')
  })

  it("reports the kernel's OOM kill at the memory limit (the runner's R15)", async () => {
    const id = await docker.createContainer({
      image,
      name: `shoal-test-${process.pid}-oom`,
      // tail keeps a line without a newline in memory: 200 MB of zeros against a 32 MB limit
      cmd: ['bash', '-c', 'head -c 200000000 /dev/zero | tail'],
      labels: label,
      network: { mode: 'none' },
      memoryBytes: 32 * 1024 * 1024,
    })
    try {
      await docker.startContainer(id)
      const { exitCode } = await docker.waitContainer(id)
      const state = await docker.inspectContainer(id)
      assert.equal(state?.oomKilled, true, `exit ${exitCode}`)
    } finally {
      await docker.removeContainer(id, { force: true })
    }
  })
})
