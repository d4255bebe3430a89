import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock, systemClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { FloodGuard } from '../../mesh/flood-guard.ts'
import { newSwarmKey } from '../../mesh/identity.ts'
import { HostReportCodec } from '../../proto/codec.ts'
import { eventually, metricValue, testPeer } from '../helpers/mesh.ts'

const TOPIC = 'shoal/test-flood/1'

describe('flood guard', () => {
  const guard = (clock: ManualClock, banned: Array<[string, number]>) =>
    new FloodGuard({
      clock,
      logger: silentLogger,
      ban: (peer, ms) => banned.push([peer, ms]),
      exempt: (peer) => peer === 'controller',
      maxInvalid: 3,
      maxSigned: 5,
      windowMs: 1000,
      banMs: 60_000,
    })

  it('bans a peer over the invalid or signed limit within a window, once, and lifts the ban when it ends', () => {
    const clock = new ManualClock(1000)
    const banned: Array<[string, number]> = []
    const g = guard(clock, banned)
    for (let i = 0; i < 3; i++) g.invalid('garbler')
    assert.equal(banned.length, 0, 'at the limit: not yet')
    g.invalid('garbler')
    g.invalid('garbler')
    assert.deepEqual(banned, [['garbler', 60_000]])
    assert.ok(g.isBanned('garbler'))
    assert.equal(g.signed('garbler'), false, "a banned peer's messages are dropped")
    // A steady sender under the limit per window is never banned.
    for (let w = 0; w < 10; w++) {
      for (let i = 0; i < 5; i++) assert.ok(g.signed('steady'))
      clock.advance(1000)
    }
    assert.equal(g.isBanned('steady'), false)
    for (let i = 0; i < 5; i++) g.signed('burst')
    assert.equal(g.signed('burst'), false)
    assert.deepEqual(
      banned.map(([p]) => p),
      ['garbler', 'burst'],
    )
    // Controllers are never banned.
    for (let i = 0; i < 50; i++) g.invalid('controller')
    assert.ok(g.signed('controller'))
    clock.advance(60_000)
    assert.equal(g.isBanned('burst'), false)
    assert.ok(g.signed('burst'))
  })

  it('a peer relaying garbage is cut off at the connection and refused when it redials; an honest peer is not', async () => {
    const key = newSwarmKey()
    const victim = await testPeer(key, {
      guard: (node) =>
        new FloodGuard({
          clock: systemClock,
          logger: silentLogger,
          ban: (peer, ms) => node.ban(peer, ms),
          maxInvalid: 10,
        }),
    })
    const flooder = await testPeer(key)
    const honest = await testPeer(key)
    try {
      let delivered = 0
      victim.bus.subscribe(TOPIC, HostReportCodec, () => {
        delivered++
        return true
      })
      flooder.bus.subscribe(TOPIC, HostReportCodec, () => true)
      honest.bus.subscribe(TOPIC, HostReportCodec, () => true)
      const victimId = victim.node.peerId.toString()
      flooder.node.want(victimId, victim.node.addresses())
      honest.node.want(victimId, victim.node.addresses())
      await eventually(
        () => flooder.node.libp2p.services.pubsub.getSubscribers(TOPIC).some((p) => p.toString() === victimId),
        10_000,
        'the flooder sees the victim subscribed',
      )
      await eventually(
        () => honest.node.libp2p.services.pubsub.getSubscribers(TOPIC).some((p) => p.toString() === victimId),
        10_000,
        'the honest peer sees the victim subscribed',
      )
      await eventually(
        async () => {
          if (delivered === 0)
            await honest.bus.publish(TOPIC, HostReportCodec, { hostId: honest.node.peerId.toString() })
          return delivered > 0
        },
        20_000,
        'the honest message',
      )
      const heard = delivered
      for (let i = 0; i < 50 && victim.node.isConnected(flooder.node.peerId.toString()); i++) {
        await flooder.bus.publishRaw(TOPIC, Uint8Array.from([0x0a, 0xff, 0x01, i]))
      }
      const flooderId = flooder.node.peerId.toString()
      await eventually(() => victim.node.isRefused(flooderId), 10_000, 'the flooder banned')
      await eventually(() => !victim.node.isConnected(flooderId), 10_000, 'the flooder disconnected')
      assert.ok((await metricValue(victim.registry, 'shoal_gossip_messages_dropped_total', { reason: 'decode' })) > 10)
      // It redials (it still wants the victim): refused before any stream.
      await assert.rejects(
        flooder.node.libp2p.services.ping.ping(victim.node.libp2p.getMultiaddrs(), {
          signal: AbortSignal.timeout(5000),
        }),
      )
      // The honest peer is untouched and still heard.
      assert.ok(victim.node.isConnected(honest.node.peerId.toString()))
      await honest.bus.publish(TOPIC, HostReportCodec, { hostId: honest.node.peerId.toString(), dynoCount: 2 })
      await eventually(() => delivered > heard, 20_000, 'the honest peer still heard')
    } finally {
      await Promise.all([victim.stop(), flooder.stop(), honest.stop()])
    }
  })
})
