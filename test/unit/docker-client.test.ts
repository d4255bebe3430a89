import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createDockerClient, toCreateOptions } from '../../agent/docker/docker-client.ts'
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
