// A stand-in for the router's TLS side, for controller tests until the HAProxy router lands: a mesh peer admitted
// with the router role that follows the app directory, fetches the leader's TlsState over PROTOCOL_TLS whenever
// `tls_version` differs from the one it holds (as routers do), and answers ACME HTTP-01 challenges from it.

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { peerIdFromString } from '@libp2p/peer-id'
import { systemClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { SHOAL_VERSION } from '../../lib/version.ts'
import { controllersOf, joinCluster } from '../../mesh/join-cluster.ts'
import { decodeJoinToken } from '../../mesh/join-token.ts'
import { request } from '../../mesh/rpc.ts'
import {
  type AppDirectory,
  AppDirectoryCodec,
  type TlsState,
  TlsStateCodec,
  TlsStateRequestCodec,
} from '../../proto/codec.ts'
import { PROTOCOL_TLS, TOPIC_APPS } from '../../proto/topics.ts'
import { type TestPeer, testPeer } from './mesh.ts'

export interface TlsResponder {
  peer: TestPeer
  /** http://127.0.0.1:PORT that answers /.well-known/acme-challenge/<token> */
  port: number
  directory(): AppDirectory | undefined
  state(): TlsState | undefined
  /** Hosts whose challenges are refused with 404 (to make an order fail). */
  refuse: Set<string>
  stop(): Promise<void>
}

export async function startTlsResponder(joinToken: string, port: number): Promise<TlsResponder> {
  const token = decodeJoinToken(joinToken)
  const peer = await testPeer(Buffer.from(token.swarmKey, 'base64url'))
  await joinCluster({
    node: peer.node,
    token,
    role: 'router',
    version: SHOAL_VERSION,
    clock: systemClock,
    log: silentLogger,
    signal: AbortSignal.timeout(20_000),
  })
  const leader = peerIdFromString([...controllersOf(token).keys()][0] as string)
  let directory: AppDirectory | undefined
  let state: TlsState | undefined
  let fetching = false
  const refuse = new Set<string>()
  const sync = async (): Promise<void> => {
    if (fetching || directory === undefined || directory.tlsVersion === state?.version) return
    fetching = true
    try {
      state = await request(
        peer.node.libp2p,
        leader,
        PROTOCOL_TLS,
        { request: TlsStateRequestCodec, response: TlsStateCodec },
        { haveVersion: state?.version ?? 0 },
        { timeoutMs: 10_000 },
      )
    } finally {
      fetching = false
    }
    if (directory.tlsVersion !== state.version) await sync()
  }
  peer.bus.subscribe(TOPIC_APPS, AppDirectoryCodec, ({ message }) => {
    directory = message
    sync().catch(() => {})
    return true
  })
  const server: Server = createServer((req, res) => {
    const m = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '')
    const host = (req.headers.host ?? '').replace(/:\d+$/, '')
    const challenge = state?.challenges?.find((c) => c.token === m?.[1])
    if (m === null || challenge === undefined || refuse.has(host) || challenge.domain !== host) {
      res.writeHead(404).end('no such challenge')
      return
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(challenge.keyAuthorization)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    peer,
    port: (server.address() as AddressInfo).port,
    directory: () => directory,
    state: () => state,
    refuse,
    async stop() {
      server.close()
      await peer.stop()
    },
  }
}
