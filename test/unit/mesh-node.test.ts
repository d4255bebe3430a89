import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { newSwarmKey } from '../../mesh/identity.ts'
import { handle, request, rpcMetrics } from '../../mesh/rpc.ts'
import { type HostReport, HostReportCodec, JoinRequestCodec, JoinResponseCodec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { eventually, metricValue, type TestPeer, testPeer } from '../helpers/mesh.ts'

const TOPIC = 'shoal/test/1'

describe('mesh node', () => {
  const key = newSwarmKey()
  let a: TestPeer
  let b: TestPeer

  before(async () => {
    a = await testPeer(key)
    b = await testPeer(key)
    b.node.want(a.node.peerId.toString(), a.node.addresses())
    await eventually(() => b.node.isConnected(a.node.peerId.toString()), 10_000, 'connection')
  })
  after(async () => {
    await a.stop()
    await b.stop()
  })

  it('delivers typed gossip with the signer as sender, and counts garbage as dropped', async () => {
    const got: Array<{ message: HostReport; from: string }> = []
    b.bus.subscribe(TOPIC, HostReportCodec, (e) => {
      got.push(e)
      return true
    })
    a.bus.subscribe(TOPIC, HostReportCodec, () => true)
    await eventually(() => a.node.libp2p.services.pubsub.getSubscribers(TOPIC).length > 0, 10_000, 'subscription')
    // 0x0a 0xff … is field 1 (string) with a length running past the end: not decodable.
    await a.bus.publishRaw(TOPIC, Uint8Array.from([0x0a, 0xff, 0x01, 0x02]))
    await a.bus.publish(TOPIC, HostReportCodec, { hostId: a.node.peerId.toString(), dynoCount: 3 })
    await eventually(() => got.length === 1, 10_000, 'typed message')
    assert.equal(got[0]?.message.dynoCount, 3)
    assert.equal(got[0]?.from, a.node.peerId.toString())
    assert.equal(await metricValue(b.registry, 'shoal_gossip_messages_dropped_total', { reason: 'decode' }), 1)
  })

  it('answers requests, returns handler errors with their code, and survives garbage on a stream', async () => {
    const metrics = rpcMetrics(a.registry)
    const codecs = { request: JoinRequestCodec, response: JoinResponseCodec }
    await handle(
      a.node.libp2p,
      '/shoal/test-rpc/1',
      codecs,
      async (req) => {
        if (req.secret !== 'open') throw new ShoalError('JOIN_REJECTED', 'Cannot join: wrong secret')
        return { ok: true, clusterId: 'c1' }
      },
      { logger: (await import('../../lib/logger.ts')).silentLogger, metrics },
    )
    const peer = a.node.peerId
    const ok = await request(b.node.libp2p, peer, '/shoal/test-rpc/1', codecs, { secret: 'open' })
    assert.equal(ok.clusterId, 'c1')
    await assert.rejects(
      request(b.node.libp2p, peer, '/shoal/test-rpc/1', codecs, { secret: 'nope' }),
      (err: unknown) => err instanceof ShoalError && err.code === 'JOIN_REJECTED',
    )
    // Garbage: a length prefix promising more bytes than MAX_FRAME allows.
    const stream = await b.node.libp2p.dialProtocol(peer, '/shoal/test-rpc/1')
    stream.send(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x7f]))
    await eventually(
      async () => (await metricValue(a.registry, 'shoal_mesh_rpc_requests_total', { outcome: 'malformed' })) === 1,
      10_000,
      'malformed count',
    )
    const again = await request(b.node.libp2p, peer, '/shoal/test-rpc/1', codecs, { secret: 'open' })
    assert.equal(again.ok, true)
  })

  it('times out a request with TIMEOUT', async () => {
    const codecs = { request: JoinRequestCodec, response: JoinResponseCodec }
    await handle(
      a.node.libp2p,
      '/shoal/test-slow/1',
      codecs,
      async (_req, { signal }) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve))
        return { ok: true }
      },
      { logger: (await import('../../lib/logger.ts')).silentLogger, timeoutMs: 2000 },
    )
    await assert.rejects(
      request(b.node.libp2p, a.node.peerId, '/shoal/test-slow/1', codecs, {}, { timeoutMs: 200 }),
      (err: unknown) => err instanceof ShoalError && err.code === 'TIMEOUT',
    )
  })

  it('refuses a peer with a different pre-shared key', async () => {
    const stranger = await testPeer(newSwarmKey())
    try {
      await assert.rejects(
        stranger.node.libp2p.dial(a.node.libp2p.getMultiaddrs(), { signal: AbortSignal.timeout(3000) }),
      )
      assert.equal(stranger.node.isConnected(a.node.peerId.toString()), false)
    } finally {
      await stranger.stop()
    }
  })
  it('refuses a revoked peer at connect: open connections close, neither side can dial the other again', async () => {
    const c = await testPeer(key)
    try {
      const aId = a.node.peerId.toString()
      const cId = c.node.peerId.toString()
      c.node.want(aId, a.node.addresses())
      await eventually(() => a.node.isConnected(cId), 10_000, 'the peer connected')
      a.node.refuse([cId])
      await eventually(() => !a.node.isConnected(cId) && !c.node.isConnected(aId), 10_000, 'the connection closed')
      let opened = 0
      a.node.libp2p.addEventListener('connection:open', (e) => {
        if (e.detail.remotePeer.toString() === cId) opened++
      })
      // The revoked peer dials in (it still has the network key): refused once its identity is known, before any
      // stream (its side of the handshake may finish first, so its dial can resolve; nothing goes through).
      await assert.rejects(c.node.libp2p.services.ping.ping(a.node.libp2p.getMultiaddrs()))
      await eventually(() => !c.node.isConnected(aId), 10_000, 'the inbound attempt closed')
      // And the refusing side never dials it, even when asked to.
      a.node.want(cId, c.node.addresses())
      await assert.rejects(a.node.libp2p.dial(c.node.libp2p.getMultiaddrs(), { signal: AbortSignal.timeout(10_000) }))
      assert.equal(a.node.isConnected(cId), false)
      assert.equal(opened, 0, 'no connection with the revoked peer was ever opened')
      // From the revoked side, redials are dropped at once, which joinCluster turns into a hint for the operator.
      await eventually(() => c.node.droppedAtOnce(aId) >= 3, 15_000, 'redials dropped at once, counted')
      assert.ok(a.node.isConnected(b.node.peerId.toString()), 'other peers stay connected')
    } finally {
      await c.stop()
    }
  })
})
