import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { test } from 'node:test'
import { PortAllocator } from '../../agent/dynos/port-allocator.ts'
import { tcpProbe } from '../../agent/dynos/port-probe.ts'

test('ports are handed out in turn, skip reserved ones, and are not reused at once after release', () => {
  const a = new PortAllocator({ min: 100, max: 103 })
  a.reserve(101)
  assert.equal(a.take('web.1'), 100)
  assert.equal(a.take('web.2'), 102)
  a.release(100)
  assert.equal(a.take('web.3'), 103)
  assert.equal(a.take('web.4'), 100, 'wraps around to the freed port')
  assert.throws(() => a.take('web.5 of app x'), { code: 'UNAVAILABLE', message: /Cannot start web\.5 of app x/ })
  // reservations are counted: two holders of one port need two releases
  a.reserve(102)
  a.release(102)
  assert.equal(a.isUsed(102), true)
  a.release(102)
  assert.equal(a.isUsed(102), false)
  assert.throws(() => new PortAllocator({ min: 10, max: 9 }), { code: 'INVALID_INPUT' })
})

test('the TCP probe tells a listening port from a closed one', async () => {
  const server = createServer((s) => s.destroy())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  const probe = tcpProbe(1000)
  const signal = new AbortController().signal
  assert.equal(await probe('127.0.0.1', port, signal), true)
  await new Promise<void>((r) => server.close(() => r()))
  assert.equal(await probe('127.0.0.1', port, signal), false)
  const aborted = AbortSignal.abort()
  assert.equal(await probe('127.0.0.1', port, aborted), false)
})

// Regression: with host networking, a port some other process already listens on (another agent's dyno) was handed
// out, and the dyno crashed with EADDRINUSE — or, worse, looked booted because the other process answered.
test('take() skips ports something else already listens on', () => {
  const taken = new Set([30001, 30002])
  const ports = new PortAllocator({ min: 30000, max: 30005 }, (p) => taken.has(p))
  assert.deepEqual([ports.take('a'), ports.take('b'), ports.take('c')], [30000, 30003, 30004])
})
