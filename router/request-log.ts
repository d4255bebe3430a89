import { formatRouterLine } from './log-format.ts'
import { type RequestRecord, timesOf, verdictOf } from './request-record.ts'
import type { Stats } from './stats.ts'

export interface RequestLogDeps {
  stats: Stats
  /** The dyno name (web.1) behind a HAProxy server name, when the router knows it. */
  dynoOf: (server: string) => string | undefined
  crashed: (app: string) => boolean
  hasDynos: (app: string) => boolean
  /** One Heroku-format line per request; app is undefined when the request matched no app. */
  emit: (line: string, app: string | undefined) => void
}

/** Turns each HAProxy record into a Heroku router line and the request statistics. */
export function requestLogger(deps: RequestLogDeps): (r: RequestRecord) => void {
  return (r) => {
    const v = verdictOf(r, {
      crashed: r.app !== '' && deps.crashed(r.app),
      hasDynos: r.app !== '' && deps.hasDynos(r.app),
    })
    const t = timesOf(r)
    deps.stats.record(r.app, 'web', { status: v.status, code: v.code, ...t })
    const dyno = r.server === '<NOSRV>' || r.server === '' ? undefined : deps.dynoOf(r.server)
    const line = formatRouterLine({
      code: v.code,
      method: r.method === '<BADREQ>' ? '' : r.method,
      path: r.path,
      host: r.host,
      requestId: r.requestId,
      fwd: r.xff === '' ? r.clientIp : `${r.xff}, ${r.clientIp}`,
      dyno,
      connectMs: t.connectMs,
      serviceMs: t.serviceMs,
      queueMs: t.queueMs,
      status: v.status,
      bytes: r.bytes,
      protocol: r.tls ? 'https' : 'http',
      sock: v.sock,
    })
    deps.emit(line, r.app === '' ? undefined : r.app)
  }
}
