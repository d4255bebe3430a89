// The controllers of an HA cluster on the API: GET /v1/controller (this one: role, epoch, store health, version),
// GET /v1/controllers (all of them, each asked in turn), and the follower gate. A follower serves what lives in
// the shared store (apps, config vars, formation, releases, cluster info) and the log rings (every controller holds
// them); whatever needs the leader's memory or disk (builds and git, dynos and one-offs, hosts) is answered NOT_LEADER with the leader's API URL in the
// `shoal-leader` header (git gets a 307 to the leader, which it follows), and the CLI retries there.

import type { FastifyInstance } from 'fastify'
import { pinnedRequest, readBody } from '../../lib/pinned-tls.ts'
import { type ControllerStatus, type ControllersResponse, LEADER_HEADER } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { ControllerRecord } from '../controllers/controller-records.ts'
import { sendError } from './api-server.ts'

export interface ControllersRoutesDeps {
  self: () => Promise<ControllerStatus>
  list: () => Promise<ControllerRecord[]>
  token: string
  /** The API certificate's fingerprint (shared by every controller of the cluster): asking another one pins it. */
  fingerprint: string
  /** Present in an HA cluster: whether this controller leads, and where the leader's API is. */
  follower?: { isLeader: () => boolean; leaderUrl: () => Promise<string | undefined> } | undefined
}

/** Served by every controller, leader or not: state that lives in the shared store. */
const ANY_CONTROLLER: Array<[string, RegExp]> = [
  ['GET', /^\/v1\/(controller|controllers|cluster|join-token)$/],
  ['GET', /^\/v1\/apps(\/[^/]+)?$/],
  ['POST', /^\/v1\/apps$/],
  ['DELETE', /^\/v1\/apps\/[^/]+$/],
  ['GET', /^\/v1\/apps\/[^/]+\/(config-vars|formation|releases)(\/[^/]+(\/config-vars)?)?$/],
  // Every controller holds every app's log ring (logs/log-replication.ts).
  ['GET', /^\/v1\/apps\/[^/]+\/logs$/],
  ['PATCH', /^\/v1\/apps\/[^/]+\/(config-vars|formation)$/],
]

/** Must run before the routes are registered, so the gate sees every request. */
export function registerLeaderGate(api: FastifyInstance, deps: ControllersRoutesDeps): void {
  const follower = deps.follower
  if (follower === undefined) return
  api.addHook('onRequest', async (request, reply) => {
    if (follower.isLeader()) return
    const path = request.url.split('?')[0] ?? ''
    if (path === '/healthz') return
    if (
      ANY_CONTROLLER.some(([method, re]) => (request.method === method || request.method === 'HEAD') && re.test(path))
    ) {
      return
    }
    const leader = await follower.leaderUrl().catch(() => undefined)
    if (leader !== undefined && (path.startsWith('/git/') || /^\/[^/]+\.git\//.test(path))) {
      return reply.redirect(new URL(request.url, leader).toString(), 307)
    }
    if (leader !== undefined) reply.header(LEADER_HEADER, leader)
    const where = leader === undefined ? 'no leader is elected right now' : `the leader is ${leader}`
    return sendError(
      reply,
      new ShoalError('NOT_LEADER', `Cannot ${request.method} ${path} on this controller: ${where}; ask the leader`),
    )
  })
}

export function registerControllersRoutes(api: FastifyInstance, deps: ControllersRoutesDeps): void {
  api.get('/v1/controller', async (): Promise<ControllerStatus> => deps.self())
  api.get('/v1/controllers', async (): Promise<ControllersResponse> => {
    const self = await deps.self()
    const records = await deps.list()
    const others = records.filter((r) => r.id !== self.id)
    const statuses = await Promise.all(others.map((r) => ask(r, deps.token, deps.fingerprint)))
    const all = [self, ...statuses].sort((a, b) => a.apiUrl.localeCompare(b.apiUrl))
    return { controllers: all }
  })
}

async function ask(record: ControllerRecord, token: string, fingerprint: string): Promise<ControllerStatus> {
  try {
    // The token goes only to a controller presenting the cluster's API certificate.
    const res = await pinnedRequest(new URL('/v1/controller', record.apiUrl), fingerprint, {
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: 2000,
      connectTimeoutMs: 2000,
    })
    const body = await readBody(res)
    if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}`)
    return JSON.parse(body) as ControllerStatus
  } catch (err) {
    return {
      id: record.id,
      apiUrl: record.apiUrl,
      role: 'unreachable',
      epoch: 0,
      store: { kind: 'etcd', healthy: false, latencyMs: null, error: (err as Error).message },
      version: record.version,
    }
  }
}
