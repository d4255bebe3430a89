// One request as HAProxy logged it (LOG_FORMAT in haproxy-config.ts), decoded once at the edge, and what it means
// in Heroku's terms: the H-code from the router's own verdict or HAProxy's termination state and timers.

import { H_CODES, type HCodeName } from './log-format.ts'

export interface RequestRecord {
  app: string
  /** The verdict the router's rules set (H26, H80, H14, H10, H11), or ''. */
  code: string
  method: string
  path: string
  host: string
  requestId: string
  /** X-Forwarded-For as the client sent it ('' when absent). */
  xff: string
  clientIp: string
  /** HAProxy's server name, `<NOSRV>` when none was picked. */
  server: string
  /** Time to receive the request head, queue wait, connect, time to response head, total active time (ms; -1 never reached). */
  headMs: number
  queueMs: number
  connectMs: number
  responseMs: number
  totalMs: number
  status: number
  bytes: number
  /** HAProxy's termination state: cause, session state, cookie flags (e.g. `sH--`, `----`). */
  termination: string
  tls: boolean
  startMs: number
  httpVersion: string
  backend: string
}

const FIELDS = 21
// Fields that may be absent: app, code, host, request id, X-Forwarded-For, start.
const OPTIONAL = [0, 1, 4, 5, 6, 18]

/** Decodes one log record (`[fields…]`); undefined for anything else (HAProxy's own messages share the ring). */
export function parseRecord(text: string): RequestRecord | undefined {
  if (text.charCodeAt(0) !== 0x5b) return undefined
  let f: unknown
  try {
    f = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!Array.isArray(f) || f.length !== FIELDS) return undefined
  for (let i = 0; i < FIELDS; i++) if (typeof f[i] !== 'string') return undefined
  // HAProxy logs an absent sample as "-". (The array is this call's own: edited in place, one allocation less
  // on the router's per-request path.)
  const s = f as string[]
  for (const i of OPTIONAL) if (s[i] === '-') s[i] = ''
  const n = (i: number): number => {
    const v = Number(s[i])
    return s[i] === '' || !Number.isFinite(v) ? -1 : v
  }
  return {
    app: s[0]!,
    code: s[1]!,
    method: s[2]!,
    path: s[3]!,
    host: s[4]!,
    requestId: s[5]!,
    xff: s[6]!,
    clientIp: s[7]!,
    server: s[8]!,
    headMs: n(9),
    queueMs: n(10),
    connectMs: n(11),
    responseMs: n(12),
    totalMs: n(13),
    status: n(14),
    bytes: Math.max(0, n(15)),
    termination: s[16]!,
    tls: s[17] === '1',
    startMs: n(18),
    httpVersion: s[19]!,
    backend: s[20]!,
  }
}

export interface Verdict {
  code: HCodeName | undefined
  /** The status Heroku logs (499 for a client that left, 503 for a dyno's timeout HAProxy answers 504 to). */
  status: number
  sock?: 'client' | 'backend' | undefined
}

const ROUTER_CODES = new Set(['H10', 'H11', 'H14', 'H26', 'H80'])

export interface AppFacts {
  /** Every web dyno crashed: "no dynos" is H10. */
  crashed: boolean
  /** The router knows dynos for the app: no server available means they all refuse connections (H21). */
  hasDynos: boolean
}

/** The Heroku verdict for a record. */
export function verdictOf(r: RequestRecord, app: AppFacts): Verdict {
  const crashed = app.crashed
  const byCode = (code: HCodeName, sock?: 'client' | 'backend'): Verdict => ({
    code,
    status: H_CODES[code].status,
    sock,
  })
  if (ROUTER_CODES.has(r.code)) {
    const code = r.code === 'H14' && crashed ? 'H10' : (r.code as HCodeName)
    return { code, status: code === 'H26' ? r.status : H_CODES[code].status }
  }
  const cause = r.termination[0] ?? '-'
  const phase = r.termination[1] ?? '-'
  const responded = r.responseMs >= 0
  // A request HAProxy could not parse (it answered 400 itself), unless the client merely stalled (H28 below).
  if (r.method === '<BADREQ>' && cause !== 'c') return { code: 'H26', status: r.status > 0 ? r.status : 400 }
  switch (cause) {
    case 'C':
      // The client went away; once the response had started this is not the app's error.
      return responded && phase === 'D' ? { code: undefined, status: r.status } : byCode('H27')
    case 'c':
      if (phase === 'R') return { code: 'H28', status: r.status > 0 ? r.status : 408 }
      return byCode('H28')
    case 's':
      if (phase === 'C') return byCode('H19')
      if (phase === 'Q' || phase === 'H') return byCode('H12')
      return { ...byCode('H15'), status: r.status }
    case 'S':
      if (phase === 'C' && r.server !== '<NOSRV>') return byCode('H21')
      if (phase === 'C') return byCode(crashed ? 'H10' : app.hasDynos ? 'H21' : 'H14')
      if (phase === 'H') return byCode('H13')
      return { code: 'H18', status: r.status, sock: 'backend' }
    case 'P':
      if (phase === 'H' || phase === 'D') return byCode('H17')
      return { code: 'H26', status: r.status }
    case 'R':
    case 'I':
    case 'K':
      return byCode('H99')
    default:
      break
  }
  if (r.method === '<BADREQ>' || (r.status >= 400 && r.status < 500 && r.server === '<NOSRV>' && r.app === '')) {
    return r.status === 404 ? { code: undefined, status: 404 } : { code: 'H26', status: r.status }
  }
  return { code: undefined, status: r.status }
}

/** Connect and service times as Heroku reports them: service runs from connected to the last byte. */
export function timesOf(r: RequestRecord): {
  connectMs?: number | undefined
  serviceMs?: number | undefined
  queueMs?: number | undefined
} {
  if (r.connectMs < 0) return r.queueMs >= 0 ? { queueMs: r.queueMs } : {}
  const before = Math.max(0, r.headMs) + Math.max(0, r.queueMs) + r.connectMs
  return {
    queueMs: Math.max(0, r.queueMs),
    connectMs: r.connectMs,
    serviceMs: r.totalMs >= 0 ? Math.max(0, r.totalMs - before) : undefined,
  }
}
