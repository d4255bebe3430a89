// Header rules between client, router and dyno, as pure functions over Node's flat rawHeaders arrays
// ([name, value, name, value, …]) so that name casing, order and repeated headers survive the hop.

export const VIA = '1.1 shoal'

/** Heroku's limits on what a client may send. */
export const LIMITS = {
  requestLine: 8192,
  headerLine: 8192,
  headerName: 1000,
  headerCount: 1000,
  cookie: 8192,
} as const

const REQUEST_ID = /^[A-Za-z0-9+/=-]{20,200}$/

/** Keeps the client's X-Request-Id when it is 20–200 chars of [A-Za-z0-9+/=-]; otherwise makes a fresh one. */
export function requestIdFor(incoming: string | readonly string[] | undefined, uuid: () => string): string {
  const value = typeof incoming === 'string' ? incoming : undefined
  return value !== undefined && REQUEST_ID.test(value) ? value : uuid()
}

export interface ForwardContext {
  clientIp: string
  proto: 'http' | 'https'
  /** The port the client connected to on the router. */
  port: number
  /** Unix ms at which the router received the request. */
  requestStart: number
  requestId: string
  websocket: boolean
}

// Always hop-by-hop (RFC 9110 §7.6.1, plus the Proxy-* family and Keep-Alive that old clients still send).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade'])

// Set by the router itself; a client's values are not trusted and not passed on.
const ROUTER_SET = new Set(['x-forwarded-proto', 'x-forwarded-port', 'x-request-start', 'x-request-id'])

/**
 * Headers for the request to the dyno. X-Forwarded-For: like Heroku, the client's IP is appended to whatever
 * the client sent, so the rightmost entry is always the one the router saw; apps must not trust entries to its
 * left. X-Forwarded-Proto/Port, X-Request-Start and X-Request-Id are always the router's own values. Expect:
 * 100-continue is answered by the router (100 Continue once a dyno is connected), so it is not forwarded.
 */
export function upstreamHeaders(raw: readonly string[], ctx: ForwardContext): string[] {
  const dropped = connectionTokens(raw)
  const out: string[] = []
  const via: string[] = []
  let chunked = false
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    const value = raw[i + 1]!
    const lower = name.toLowerCase()
    if (lower === 'transfer-encoding') chunked = true
    if (lower === 'x-forwarded-for') continue
    if (lower === 'via') via.push(value)
    else if (lower === 'upgrade' && ctx.websocket) out.push(name, value)
    else if (isHopByHop(lower, dropped) || ROUTER_SET.has(lower)) continue
    else if (lower === 'expect' && value.trim().toLowerCase() === '100-continue') continue
    else out.push(name, value)
  }
  // Chunked wins over Content-Length (the body is re-framed by Node on the way out).
  const headers = chunked ? withoutHeader(out, 'content-length') : out
  if (ctx.websocket) headers.push('Connection', 'Upgrade')
  headers.push(
    'X-Forwarded-For',
    forwardedFor(raw, ctx.clientIp),
    'X-Forwarded-Proto',
    ctx.proto,
    'X-Forwarded-Port',
    String(ctx.port),
    'X-Request-Start',
    String(ctx.requestStart),
    'X-Request-Id',
    ctx.requestId,
    'Via',
    [...via, VIA].join(', '),
  )
  return headers
}

/** The X-Forwarded-For value sent to the dyno: the client's own value(s), then the address the router saw. */
export function forwardedFor(raw: readonly string[], clientIp: string): string {
  const values: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'x-forwarded-for' && raw[i + 1]!.trim() !== '') values.push(raw[i + 1]!.trim())
  }
  values.push(clientIp)
  return values.join(', ')
}

/** Headers for the response to the client: hop-by-hop stripped (Node re-frames the body), Via appended. */
export function downstreamHeaders(raw: readonly string[], websocket = false): string[] {
  const dropped = connectionTokens(raw)
  const out: string[] = []
  const via: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    const value = raw[i + 1]!
    const lower = name.toLowerCase()
    if (lower === 'via') via.push(value)
    else if (lower === 'upgrade' && websocket) out.push(name, value)
    else if (!isHopByHop(lower, dropped)) out.push(name, value)
  }
  if (websocket) out.push('Connection', 'Upgrade')
  out.push('Via', [...via, VIA].join(', '))
  return out
}

/** Two Content-Length values that differ, or one that is not a plain decimal number, make a request unframeable. */
export function hasConflictingContentLength(raw: readonly string[]): boolean {
  const values = new Set<string>()
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'content-length') continue
    for (const part of raw[i + 1]!.split(',')) {
      const v = part.trim()
      if (!/^\d+$/.test(v)) return true
      values.add(v.replace(/^0+(?=\d)/, ''))
    }
  }
  return values.size > 1
}

/** Returns why a request breaks one of Heroku's limits, or undefined when it is within them. */
export function requestLimitError(
  method: string,
  url: string,
  httpVersion: string,
  raw: readonly string[],
): string | undefined {
  if (method.length + url.length + httpVersion.length + 7 > LIMITS.requestLine) {
    return `request line is over ${LIMITS.requestLine} bytes`
  }
  if (raw.length / 2 > LIMITS.headerCount) return `more than ${LIMITS.headerCount} headers`
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    const value = raw[i + 1]!
    if (name.length > LIMITS.headerName) return `a header name is over ${LIMITS.headerName} bytes`
    if (name.length + 2 + value.length > LIMITS.headerLine) return `a header line is over ${LIMITS.headerLine} bytes`
    if (name.toLowerCase() === 'cookie' && value.length > LIMITS.cookie) {
      return `the Cookie header is over ${LIMITS.cookie} bytes`
    }
  }
  return undefined
}

/** `Connection: upgrade` plus `Upgrade: websocket`; shoal proxies no other protocol upgrades. */
export function isWebSocketUpgrade(headers: {
  connection?: string | undefined
  upgrade?: string | undefined
}): boolean {
  const connection = tokens(headers.connection ?? '')
  return connection.has('upgrade') && tokens(headers.upgrade ?? '').has('websocket')
}

/** The client address as the log and X-Forwarded-For show it: IPv4-mapped IPv6 addresses unwrapped. */
export function clientAddress(remote: string | undefined): string {
  if (remote === undefined) return ''
  return remote.startsWith('::ffff:') && remote.includes('.') ? remote.slice(7) : remote
}

function isHopByHop(lower: string, dropped: ReadonlySet<string>): boolean {
  return HOP_BY_HOP.has(lower) || lower.startsWith('proxy-') || dropped.has(lower)
}

/** Headers named in Connection are hop-by-hop too. */
function connectionTokens(raw: readonly string[]): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') for (const t of tokens(raw[i + 1]!)) out.add(t)
  }
  // Routing needs Host whatever the client lists.
  out.delete('host')
  return out
}

function tokens(value: string): Set<string> {
  return new Set(
    value
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== ''),
  )
}

function withoutHeader(raw: readonly string[], lower: string): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() !== lower) out.push(raw[i]!, raw[i + 1]!)
  return out
}
