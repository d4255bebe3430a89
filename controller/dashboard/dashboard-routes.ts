// The web dashboard: static pages (no build chain: plain ES modules and CSS, uPlot from node_modules), sign-in with
// the API token into a session cookie, and the chart data of the controller's own metrics history. Every page reads
// and writes through the same /v1 API as the CLI, authenticated by the session cookie plus a CSRF header on writes.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sameSecret } from '../../lib/ids.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { DynoPoint, MetricsHistory, MetricsPoint } from './metrics-history.ts'
import { CSRF_HEADER, Sessions } from './sessions.ts'

export interface DashboardDeps {
  token: string
  sessions: Sessions
  history: MetricsHistory
  requireApp: (app: string) => Promise<void>
}

interface Asset {
  type: string
  body: Buffer
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ')

function loadAssets(): Map<string, Asset> {
  const here = join(import.meta.dirname, 'static')
  const uplot = dirname(createRequire(import.meta.url).resolve('uplot'))
  const file = (path: string, type: string): Asset => ({ type, body: readFileSync(path) })
  return new Map([
    ['/dashboard', file(join(here, 'index.html'), 'text/html; charset=utf-8')],
    ['/dashboard/app.js', file(join(here, 'app.js'), 'text/javascript; charset=utf-8')],
    ['/dashboard/style.css', file(join(here, 'style.css'), 'text/css; charset=utf-8')],
    ['/dashboard/vendor/uplot.js', file(join(uplot, 'uPlot.iife.min.js'), 'text/javascript; charset=utf-8')],
    ['/dashboard/vendor/uplot.css', file(join(uplot, 'uPlot.min.css'), 'text/css; charset=utf-8')],
  ])
}

function secure(request: FastifyRequest): boolean {
  return request.protocol === 'https'
}

export function registerDashboardRoutes(api: FastifyInstance, deps: DashboardDeps): void {
  const assets = loadAssets()
  const serve = (path: string) => async (_request: FastifyRequest, reply: FastifyReply) => {
    const asset = assets.get(path) as Asset
    return reply
      .header('content-type', asset.type)
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .send(asset.body)
  }
  for (const path of assets.keys()) api.get(path, serve(path))
  api.get('/dashboard/', async (_request, reply) => reply.redirect('/dashboard'))

  api.post('/dashboard/login', async (request, reply) => {
    const token = (request.body as { token?: unknown } | undefined)?.token
    if (typeof token !== 'string' || !sameSecret(token, deps.token)) {
      throw new ShoalError('UNAUTHORIZED', 'Cannot sign in: the API token is wrong')
    }
    const session = deps.sessions.create()
    reply.header('set-cookie', deps.sessions.cookie(session, secure(request)))
    return { csrf: session.csrf }
  })
  api.get('/dashboard/session', async (request) => {
    const session = deps.sessions.fromCookie(request.headers.cookie)
    if (session === undefined) throw new ShoalError('UNAUTHORIZED', 'Cannot read the session: not signed in')
    return { csrf: session.csrf }
  })
  api.post('/dashboard/logout', async (request, reply) => {
    const session = deps.sessions.fromCookie(request.headers.cookie)
    if (session !== undefined && deps.sessions.allows(session, 'POST', request.headers[CSRF_HEADER])) {
      deps.sessions.revoke(session.id)
    }
    reply.header('set-cookie', Sessions.clearCookie(secure(request)))
    return { ok: true }
  })

  api.get('/v1/apps/:app/metrics', async (request): Promise<{ points: MetricsPoint[]; dynos: DynoPoint[] }> => {
    const { app } = request.params as { app: string }
    await deps.requireApp(app)
    return { points: deps.history.points(app), dynos: deps.history.dynoPoints(app) }
  })
}
