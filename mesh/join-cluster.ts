import { hostname } from 'node:os'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Clock } from '../lib/clock.ts'
import type { Logger } from '../lib/logger.ts'
import { JoinRequestCodec, type JoinResponse, JoinResponseCodec } from '../proto/codec.ts'
import { ShoalError } from '../proto/errors.ts'
import { PROTOCOL_JOIN } from '../proto/topics.ts'
import type { JoinToken } from './join-token.ts'
import type { MeshNode } from './mesh-node.ts'
import { request } from './rpc.ts'

/** The controllers named by a join token, by peer id (addresses without /p2p/ are ignored). */
export function controllersOf(token: JoinToken): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const a of token.controllers) {
    const peer = /\/p2p\/([^/]+)$/.exec(a)?.[1]
    if (peer === undefined) continue
    out.set(peer, [...(out.get(peer) ?? []), a])
  }
  return out
}

/** Join attempts dropped after the handshake in a row before the agent says it was probably removed. */
const DROPS_BEFORE_HINT = 3

export interface JoinDeps {
  node: MeshNode
  token: JoinToken
  role: 'agent' | 'router'
  version: string
  clock: Clock
  log: Logger
  signal: AbortSignal
}

/**
 * Keeps the token's controllers wanted and asks each in turn to admit this peer until one does; backs off to 10 s
 * between rounds. A wrong secret is logged as an error and retried (the operator may be fixing the cluster).
 */
export async function joinCluster(deps: JoinDeps): Promise<JoinResponse> {
  const controllers = controllersOf(deps.token)
  for (const [peer, addrs] of controllers) deps.node.want(peer, addrs)
  let delay = 500
  const hinted = new Set<string>()
  for (;;) {
    for (const peer of controllers.keys()) {
      deps.signal.throwIfAborted()
      try {
        const res = await request(
          deps.node.libp2p,
          peerIdFromString(peer),
          PROTOCOL_JOIN,
          { request: JoinRequestCodec, response: JoinResponseCodec },
          { secret: deps.token.secret, hostname: hostname(), role: deps.role, version: deps.version },
          { timeoutMs: 5000, signal: deps.signal },
        )
        if (res.ok === true) {
          deps.log.info({ controller: peer, cluster: res.clusterId }, 'admitted to cluster')
          return res
        }
      } catch (err) {
        const level =
          err instanceof ShoalError &&
          (err.code === 'JOIN_REJECTED' || err.code === 'PEER_REVOKED' || err.code === 'VERSION_INCOMPATIBLE')
            ? 'error'
            : 'debug'
        deps.log[level]({ controller: peer, err: err instanceof Error ? err.message : String(err) }, 'join failed')
        // A revoked peer is refused at connect (mesh/mesh-node.ts): its side of the handshake completes, then the
        // controller drops the connection at once. Say so once it keeps happening.
        if (deps.node.droppedAtOnce(peer) >= DROPS_BEFORE_HINT && !hinted.has(peer)) {
          hinted.add(peer)
          deps.log.error(
            { controller: peer },
            'Cannot join the cluster: the controller drops this peer right after the handshake; ' +
              'this peer was removed (shoal hosts:remove) and is refused at connect: reinstall the host to rejoin',
          )
        }
      }
    }
    await new Promise<void>((resolve) => {
      const t = deps.clock.setTimeout(resolve, delay)
      deps.signal.addEventListener('abort', () => {
        t.cancel()
        resolve()
      })
    })
    delay = Math.min(delay * 2, 10_000)
  }
}
