// A hostile mesh peer for the chaos suite, run inside a lab namespace (lab.exec): it holds the cluster's network
// key (from the join token) but was never admitted, dials the controller and every host's agent and router, and
// floods every shoal topic for FLOOD_MS: undecodable garbage, well-formed host reports at flood rate, and now and
// then a message over gossipsub's inbound limit. It prints one JSON line: what it sent, how many cluster peers it
// reached, and how many still answer its pings at the end.
//
//   FLOOD_JOIN_TOKEN=... FLOOD_TARGETS=/ip4/198.18.0.11/tcp/7947,... FLOOD_MS=20000 node flood-peer-main.ts

import { multiaddr } from '@multiformats/multiaddr'
import { silentLogger } from '../../lib/logger.ts'
import { Bus } from '../../mesh/bus.ts'
import { loadIdentity, newIdentity } from '../../mesh/identity.ts'
import { decodeJoinToken } from '../../mesh/join-token.ts'
import { MeshNode } from '../../mesh/mesh-node.ts'
import { HostReportCodec } from '../../proto/codec.ts'
import {
  TOPIC_APPS,
  TOPIC_HOST_REPORT,
  TOPIC_LEADER,
  TOPIC_METRICS,
  TOPIC_ROUTER_REPORT,
  TOPIC_ROUTES,
} from '../../proto/topics.ts'

const TOPICS = [TOPIC_HOST_REPORT, TOPIC_LEADER, TOPIC_ROUTES, TOPIC_ROUTER_REPORT, TOPIC_APPS, TOPIC_METRICS]
/** Over gossipsub's default 4 MiB inbound frame limit. */
const OVERSIZED = 5 * 1024 * 1024

const token = decodeJoinToken(process.env['FLOOD_JOIN_TOKEN'] ?? '')
const targets = [...token.controllers, ...(process.env['FLOOD_TARGETS'] ?? '').split(',').filter(Boolean)]
const floodMs = Number(process.env['FLOOD_MS'] ?? 20_000)

const node = await MeshNode.create({
  privateKey: loadIdentity(await newIdentity()),
  swarmKey: Buffer.from(token.swarmKey, 'base64url'),
  listen: ['/ip4/0.0.0.0/tcp/0'],
  logger: silentLogger,
  redialMs: 500,
})
await node.start()
const bus = new Bus(node.libp2p.services.pubsub, { logger: silentLogger })
for (const topic of TOPICS) bus.subscribe(topic, HostReportCodec, () => true)
const self = node.peerId.toString()

// Keep dialling every target (a flooder that is cut off tries again), without waiting on any.
const redial = (): void => {
  for (const t of targets) node.libp2p.dial(multiaddr(t), { signal: AbortSignal.timeout(3000) }).catch(() => {})
}
redial()
const redialTimer = setInterval(redial, 1000)
const peers = (): number => node.libp2p.getPeers().length

const connectedAt = Date.now()
while (peers() < targets.length && Date.now() - connectedAt < 15_000) await new Promise((r) => setTimeout(r, 100))
const peersAtStart = peers()

const sent = { garbage: 0, reports: 0, oversized: 0, errors: 0 }
let maxPeersLastHalf = 0
const started = Date.now()
for (let i = 0; Date.now() - started < floodMs; i++) {
  const topic = TOPICS[i % TOPICS.length] as string
  try {
    if (i % 500 === 499) {
      await bus.publishRaw(topic, new Uint8Array(OVERSIZED))
      sent.oversized++
    } else if (i % 2 === 0) {
      await bus.publishRaw(topic, Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f, i & 0xff]))
      sent.garbage++
    } else {
      await bus.publish(topic, HostReportCodec, { hostId: self, dynoCount: i })
      sent.reports++
    }
  } catch {
    sent.errors++
    await new Promise((r) => setTimeout(r, 5)) // nobody to send to: do not spin
  }
  if (Date.now() - started > floodMs / 2) maxPeersLastHalf = Math.max(maxPeersLastHalf, peers())
  if (i % 50 === 0) await new Promise((r) => setImmediate(r))
}
clearInterval(redialTimer)
// Its side of a refused handshake can look connected for a moment; what counts is whether anyone still answers.
let answering = 0
for (const t of targets) {
  const ok = await node.libp2p.services.ping
    .ping(multiaddr(t), { signal: AbortSignal.timeout(3000) })
    .then(() => true)
    .catch(() => false)
  if (ok) answering++
}
const out = { peerId: self, targets: targets.length, peersAtStart, maxPeersLastHalf, answering, ...sent }
await node.stop().catch(() => {})
console.log(JSON.stringify(out))
process.exit(0)
