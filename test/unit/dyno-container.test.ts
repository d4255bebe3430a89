import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  containerName,
  DYNO_INIT,
  dynoContainerSpec,
  LABEL,
  specHash,
  toRunSpec,
} from '../../agent/dynos/dyno-container.ts'
import { dynoSize } from '../../agent/dynos/dyno-sizes.ts'
import type { DynoSpec } from '../../proto/codec.ts'

const SHA = 'cd'.repeat(32)
const base: DynoSpec = {
  id: 'a1b2c3d4-0000',
  app: 'hello',
  name: 'web.1',
  release: 7,
  slugSha256: SHA,
  command: 'npm start',
  env: { DATABASE_URL: 'postgres://x', PORT: '1', DYNO: 'nope' },
  size: 'Standard-2X',
  stack: 'shoal/stack:bookworm-1',
}

test('the container runs the command through the init as the dyno user, with limits by size', () => {
  const s = toRunSpec(base)
  assert.equal(s.processType, 'web', 'derived from the name')
  assert.equal(s.size, 'standard-2x')
  const c = dynoContainerSpec(s, { image: 'shoal/slug:x', port: 20007, hostId: 'peer-1' })
  assert.deepEqual(c.entrypoint, ['/usr/bin/tini', '-g', '--', '/bin/bash', '-c', DYNO_INIT, 'shoal-dyno'])
  assert.deepEqual(c.cmd, ['npm start'])
  assert.equal(c.user, 'dyno')
  assert.equal(c.workingDir, '/app')
  assert.equal(c.noNewPrivileges, true)
  assert.deepEqual(c.capDrop, ['ALL'])
  assert.equal(c.memoryBytes, 2 * 1024 * 1024 * 1024, 'the hard limit is the R15 line: twice the 1 GB quota')
  assert.equal(c.cpuShares, 2048)
  assert.equal(c.pidsLimit, 512)
  assert.deepEqual(c.network, { mode: 'host' })
  assert.equal(c.stopSignal, 'SIGTERM')
  assert.equal(c.stopTimeoutSeconds, 30)
  // platform variables win over config vars of the same name
  assert.deepEqual(c.env, { DATABASE_URL: 'postgres://x', PORT: '20007', DYNO: 'web.1', HOME: '/app' })
  assert.equal(c.labels?.[LABEL.managed], 'true')
  assert.equal(c.labels?.[LABEL.dynoId], 'a1b2c3d4-0000')
  assert.equal(c.labels?.[LABEL.app], 'hello')
  assert.equal(c.labels?.[LABEL.name], 'web.1')
  assert.equal(c.labels?.[LABEL.release], '7')
  assert.equal(c.labels?.[LABEL.port], '20007')
  assert.equal(c.labels?.[LABEL.host], 'peer-1')
  assert.equal(c.labels?.[LABEL.spec], specHash(s))
  assert.match(c.name ?? '', /^shoal-hello-web-1-[0-9a-f]{12}$/)
})

// Regression: names once kept only the first 12 characters of the id, so a new release's web.1 (same prefix) took
// the old one's name, and the create-conflict path removed the old container mid-deploy.
test('two dynos of one index on different releases get different container names', () => {
  const a = toRunSpec({ ...base, id: 'echo.web.1.r2.mwxqh7zn' })
  const b = toRunSpec({ ...base, id: 'echo.web.1.r3.mwxqk1aa' })
  assert.notEqual(containerName(a), containerName(b))
})

test('bridge mode publishes PORT on the same host port', () => {
  const c = dynoContainerSpec(
    toRunSpec(base),
    { image: 'img', port: 20008 },
    {
      network: { mode: 'bridge', hostIp: '10.0.0.5' },
      user: 'dyno',
      initCommand: ['/usr/bin/tini', '-g', '--'],
      stopTimeoutMs: 5000,
    },
  )
  assert.deepEqual(c.network, {
    mode: 'bridge',
    ports: [{ containerPort: 20008, hostPort: 20008, hostIp: '10.0.0.5' }],
  })
  assert.equal(c.stopTimeoutSeconds, 5)
})

test('sizes match Heroku', () => {
  const MiB = 1024 * 1024
  assert.deepEqual(
    ['standard-1x', 'standard-2x', 'performance-m', 'performance-l'].map((n) => {
      const s = dynoSize(n)
      return [s.memoryBytes / MiB, s.cpuShares, s.pidsLimit]
    }),
    [
      [512, 1, 256],
      [1024, 2, 512],
      [2560, 4, 16384],
      [14336, 8, 32768],
    ],
  )
  assert.equal(dynoSize('').name, 'standard-1x')
  assert.throws(() => dynoSize('hobby'), { code: 'INVALID_INPUT' })
})

test('the spec hash changes with what needs a new container, and only that', () => {
  const a = specHash(toRunSpec(base))
  assert.equal(specHash(toRunSpec({ ...base, env: { DYNO: 'nope', PORT: '1', DATABASE_URL: 'postgres://x' } })), a)
  for (const change of [
    { release: 8 },
    { env: { DATABASE_URL: 'postgres://y' } },
    { command: 'node server.js' },
    { size: 'performance-m' },
    { slugSha256: 'ef'.repeat(32) },
    { stack: 'shoal/stack:bookworm-2' },
  ]) {
    assert.notEqual(specHash(toRunSpec({ ...base, ...change })), a, JSON.stringify(change))
  }
})

test('malformed specs are refused with INVALID_INPUT', () => {
  for (const bad of [
    { id: '' },
    { app: '' },
    { name: 'web' },
    { name: 'Web.1' },
    { slugSha256: 'abc' },
    { command: '  ' },
    { stack: '' },
    { port: 70000 },
    { env: { 'BAD-NAME': 'x' } },
    { size: 'huge' },
  ]) {
    assert.throws(() => toRunSpec({ ...base, ...bad }), { code: 'INVALID_INPUT' }, JSON.stringify(bad))
  }
})
