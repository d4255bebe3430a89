// Router log lines in Heroku's format, e.g.
//   at=info method=GET path="/" host=myapp.example.com request_id=… fwd="1.2.3.4" dyno=web.1 connect=1ms service=18ms status=200 bytes=13 protocol=http
//   at=error code=H12 desc="Request timeout" method=GET path="/" … service=30000ms status=503 bytes=0 protocol=http

export type LogLevel = 'info' | 'warning' | 'error'

export interface HCode {
  readonly desc: string
  readonly status: number
  readonly level: LogLevel
}

/** Heroku's router error codes that shoal can raise, with the status the client gets and the log level. */
export const H_CODES = {
  H10: { desc: 'App crashed', status: 503, level: 'error' },
  H11: { desc: 'Backlog too deep', status: 503, level: 'error' },
  H12: { desc: 'Request timeout', status: 503, level: 'error' },
  H13: { desc: 'Connection closed without response', status: 503, level: 'error' },
  H14: { desc: 'No web processes running', status: 503, level: 'error' },
  H15: { desc: 'Idle connection', status: 503, level: 'error' },
  H17: { desc: 'Poorly formatted HTTP response', status: 503, level: 'error' },
  H18: { desc: 'Server Request Interrupted', status: 503, level: 'error' },
  H19: { desc: 'Backend connection timeout', status: 503, level: 'error' },
  H20: { desc: 'App boot timeout', status: 503, level: 'error' },
  H21: { desc: 'Backend connection refused', status: 503, level: 'error' },
  H22: { desc: 'Connection limit reached', status: 503, level: 'error' },
  H24: { desc: 'Forced close', status: 503, level: 'error' },
  H25: { desc: 'HTTP Restriction', status: 502, level: 'error' },
  H26: { desc: 'Request Error', status: 400, level: 'error' },
  H27: { desc: 'Client Request Interrupted', status: 499, level: 'warning' },
  H28: { desc: 'Client Connection Idle', status: 499, level: 'warning' },
  H31: { desc: 'Misdirected Request', status: 421, level: 'error' },
  H80: { desc: 'Maintenance mode', status: 503, level: 'info' },
  H81: { desc: 'Blank app', status: 503, level: 'info' },
  H99: { desc: 'Platform error', status: 503, level: 'error' },
} as const satisfies Record<string, HCode>

export type HCodeName = keyof typeof H_CODES

export interface RouterLogFields {
  code?: HCodeName | undefined
  method: string
  path: string
  host: string
  requestId: string
  fwd: string
  /** Dyno name (web.1); undefined when no dyno was reached, logged as `dyno=`. */
  dyno?: string | undefined
  connectMs?: number | undefined
  serviceMs?: number | undefined
  /** Time queued for a dyno slot (HAProxy's Tw); logged as `queue=` when a request was queued at all. */
  queueMs?: number | undefined
  status: number
  bytes?: number | undefined
  protocol: string
  /** For H18: which side closed the connection. */
  sock?: 'client' | 'backend' | undefined
}

export function formatRouterLine(f: RouterLogFields): string {
  const parts: string[] = []
  if (f.code === undefined) parts.push('at=info')
  else {
    const h = H_CODES[f.code]
    parts.push(`at=${h.level}`, `code=${f.code}`, `desc=${quote(h.desc)}`)
  }
  parts.push(
    `method=${bare(f.method)}`,
    `path=${quote(f.path)}`,
    `host=${bare(f.host)}`,
    `request_id=${bare(f.requestId)}`,
    `fwd=${quote(f.fwd)}`,
    `dyno=${bare(f.dyno ?? '')}`,
    ...(f.queueMs !== undefined && f.queueMs > 0 ? [`queue=${ms(f.queueMs)}`] : []),
    `connect=${ms(f.connectMs)}`,
    `service=${ms(f.serviceMs)}`,
    `status=${f.status}`,
    `bytes=${f.bytes === undefined ? '' : String(f.bytes)}`,
    `protocol=${bare(f.protocol)}`,
  )
  if (f.sock !== undefined) parts.push(`sock=${f.sock}`)
  return parts.join(' ')
}

const ms = (v: number | undefined): string => (v === undefined ? '' : `${Math.max(0, Math.round(v))}ms`)

// Values come from the client (path, Host): escape so one request can never forge extra fields or lines.
function quote(value: string): string {
  return `"${escapeValue(value)}"`
}

function bare(value: string): string {
  return /[\s"=\\]/.test(value) || /[^\x21-\x7e]/.test(value) ? quote(value) : value
}

function escapeValue(value: string): string {
  return value
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
