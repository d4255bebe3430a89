import assert from 'node:assert/strict'
import { describe, it, test } from 'node:test'
import { createDockerClient, toContainerStats, toCreateOptions } from '../../agent/docker/docker-client.ts'
import { ShoalError } from '../../proto/errors.ts'

describe('docker client', () => {
  it('maps a dyno-like spec onto the engine create options', () => {
    const opts = toCreateOptions({
      image: 'shoal/stack:bookworm-12345678',
      name: 'app.web.1',
      cmd: ['bash', '-c', 'npm start'],
      env: { PORT: '5000', DYNO: 'web.1' },
      labels: { 'shoal.app': 'app' },
      user: 'dyno',
      workingDir: '/app',
      network: { mode: 'bridge', ports: [{ containerPort: 5000, hostPort: 31000, hostIp: '127.0.0.1' }] },
      memoryBytes: 512 * 1024 * 1024,
      cpuShares: 1024,
      pidsLimit: 256,
      noNewPrivileges: true,
      capDrop: ['ALL'],
      init: true,
      stopTimeoutSeconds: 30,
    })
    assert.equal(opts.Image, 'shoal/stack:bookworm-12345678')
    assert.equal(opts.name, 'app.web.1')
    assert.deepEqual(opts.Env?.sort(), ['DYNO=web.1', 'PORT=5000'])
    assert.deepEqual(opts.ExposedPorts, { '5000/tcp': {} })
    assert.equal(opts.User, 'dyno')
    assert.equal(opts.StopTimeout, 30)
    const host = opts.HostConfig!
    assert.equal(host.NetworkMode, 'bridge')
    assert.deepEqual(host.PortBindings, { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '31000' }] })
    assert.equal(host.Memory, 512 * 1024 * 1024)
    assert.equal(host.MemorySwap, host.Memory, 'no swap beyond the memory limit')
    assert.equal(host.PidsLimit, 256)
    assert.deepEqual(host.SecurityOpt, ['no-new-privileges:true'])
    assert.deepEqual(host.CapDrop, ['ALL'])
    assert.equal(host.Init, true)
  })

  it('uses the host network without publishing ports', () => {
    const opts = toCreateOptions({ image: 'x', network: { mode: 'host' } })
    assert.equal(opts.HostConfig?.NetworkMode, 'host')
    assert.equal(opts.ExposedPorts, undefined)
    assert.equal(opts.HostConfig?.PortBindings, undefined)
  })

  it('reports an engine that does not answer as UNAVAILABLE', async () => {
    const docker = createDockerClient('/nonexistent/shoal-test/docker.sock')
    await assert.rejects(
      docker.ping(),
      (err: unknown) =>
        err instanceof ShoalError && err.code === 'UNAVAILABLE' && err.message.includes('/nonexistent/shoal-test'),
    )
    await assert.rejects(docker.imageExists('shoal/stack:x'), (err: unknown) => err instanceof ShoalError)
  })
})

test("stats: cgroup v1's hierarchy totals, v2's names, and no memory (not running) as null", () => {
  const v1 = toContainerStats({
    cpu_stats: { cpu_usage: { total_usage: 120398554 } },
    memory_stats: {
      usage: 17539072,
      stats: {
        rss: 1,
        total_rss: 16162816,
        total_cache: 4096,
        total_swap: 8192,
        total_pgpgin: 4924,
        total_pgpgout: 978,
      },
    },
  })
  assert.deepEqual(v1, {
    cpuUsageNs: 120398554,
    rssBytes: 16162816,
    cacheBytes: 4096,
    swapBytes: 8192,
    pgpgin: 4924,
    pgpgout: 978,
  })
  const v2 = toContainerStats({
    cpu_stats: { cpu_usage: { total_usage: 5 } },
    memory_stats: { usage: 100, stats: { anon: 70, file: 30, pgfault: 9 } },
  })
  assert.deepEqual(v2, { cpuUsageNs: 5, rssBytes: 70, cacheBytes: 30, swapBytes: 0, pgpgin: 0, pgpgout: 0 })
  assert.equal(toContainerStats({ cpu_stats: {}, memory_stats: {} }), null)
})
