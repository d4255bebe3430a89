// A peer that joins the cluster the way an agent or a router does and ships log lines to the controller over
// PROTOCOL_LOGS with the daemons' own LogShipper (the log tests' stand-in for a host).
import { peerIdFromString } from '@libp2p/peer-id'
import { systemClock } from '../../lib/clock.ts'
import { LogShipper } from '../../lib/log-shipper.ts'
import { silentLogger } from '../../lib/logger.ts'
import { SHOAL_VERSION } from '../../lib/version.ts'
import { controllersOf, joinCluster } from '../../mesh/join-cluster.ts'
import type { JoinToken } from '../../mesh/join-token.ts'
import { request } from '../../mesh/rpc.ts'
import { LogBatchCodec } from '../../proto/codec.ts'
import { PROTOCOL_LOGS } from '../../proto/topics.ts'
import { type TestPeer, testPeer } from './mesh.ts'

export interface LogPeer {
  member: TestPeer
  shipper: LogShipper
  /** The controller the lines go to (the first one the token names). */
  controllerPeer: string
}

export async function joinedLogPeer(token: JoinToken, role: 'agent' | 'router'): Promise<LogPeer> {
  const controllerPeer = [...controllersOf(token).keys()][0] as string
  const member = await testPeer(Buffer.from(token.swarmKey, 'base64url'))
  try {
    await joinCluster({
      node: member.node,
      token,
      role,
      version: SHOAL_VERSION,
      clock: systemClock,
      log: silentLogger,
      signal: AbortSignal.timeout(20_000),
    })
  } catch (err) {
    await member.stop().catch(() => {})
    throw err
  }
  const codecs = { request: LogBatchCodec, response: LogBatchCodec }
  const shipper = new LogShipper({
    clock: systemClock,
    target: () => controllerPeer,
    send: async (peer, batch, signal) => {
      await request(member.node.libp2p, peerIdFromString(peer), PROTOCOL_LOGS, codecs, batch, { signal })
    },
  })
  return { member, shipper, controllerPeer }
}
