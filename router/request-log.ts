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
  /**
   * Lines formatted and shipped per second at most (a token bucket, bursts of one second); beyond it requests are
   * still counted in the statistics but get no line, so a flood cannot take the router's whole core. Default 10000.
   */
  maxLinesPerSecond?: number | undefined
  now?: () => number
  /** Called for each request that got no line because the budget was spent. */
  onLineDropped?: () => void
}

/** Turns each HAProxy record into a Heroku router line and the request statistics. */
export function requestLogger(deps: RequestLogDeps): (r: RequestRecord) => void {
  const rate = deps.maxLinesPerSecond ?? 10_000
  const now = deps.now ?? Date.now
  let tokens = rate
  let last = now()
  return (r) => {
    const v = verdictOf(r, {
      crashed: r.app !== '' && deps.crashed(r.app),
      hasDynos: r.app !== '' && deps.hasDynos(r.app),
    })
    const t = timesOf(r)
    deps.stats.record(r.app, 'web', { status: v.status, code: v.code, ...t })
    const at = now()
    tokens = Math.min(rate, tokens + ((at - last) * rate) / 1000)
    last = at
    if (tokens < 1) {
      deps.onLineDropped?.()
      return
    }
    tokens--
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
