// Renders HAProxy's configuration. Everything that changes while the cluster runs (servers, their state and maxconn,
// hosts → apps, apps → backends, maintenance, queue bounds) lives in maps and runtime state applied through the
// admin socket; the file only changes when the pool of backends must grow, and then HAProxy reloads hitlessly.

import { join } from 'node:path'

export interface HaproxyPaths {
  dir: string
  config: string
  pidFile: string
  adminSocket: string
  masterSocket: string
  hostsMap: string
  backendsMap: string
  stateMap: string
  queueMap: string
  acmeMap: string
  pages: string
  crtList: string
  certs: string
}

export function haproxyPaths(dataDir: string): HaproxyPaths {
  const dir = join(dataDir, 'haproxy')
  return {
    dir,
    config: join(dir, 'haproxy.cfg'),
    pidFile: join(dir, 'haproxy.pid'),
    adminSocket: join(dir, 'admin.sock'),
    masterSocket: join(dir, 'master.sock'),
    hostsMap: join(dir, 'hosts.map'),
    backendsMap: join(dir, 'backends.map'),
    stateMap: join(dir, 'state.map'),
    queueMap: join(dir, 'queue.map'),
    acmeMap: join(dir, 'acme.map'),
    pages: join(dir, 'pages'),
    crtList: join(dir, 'crt-list.txt'),
    certs: join(dir, 'certs'),
  }
}

export interface ServerLine {
  name: string
  address: string
  port: number
  /** 0: unlimited. */
  maxconn: number
  state: 'ready' | 'drain' | 'maint'
}

export interface ConfigInput {
  paths: HaproxyPaths
  /** HTTP ingress, host:port. */
  http: { host: string; port: number }
  /** HTTPS ingress; absent: no TLS listener. */
  https?: { host: string; port: number; defaultCert: string } | undefined
  /** Backends to render, each with its servers (the runtime state at render time, so a reload loses nothing). */
  backends: ReadonlyArray<{ name: string; servers: readonly ServerLine[] }>
  timeouts: RouterTimeouts
  /** Connections this router accepts at once (global and per frontend). */
  maxConnections: number
  /** HAProxy threads; 1 by default (a router shares its host with dynos). */
  threads: number
}

export interface RouterTimeouts {
  /** Connect to a dyno, per attempt (H19). Heroku: 5 s. */
  connectMs: number
  /** Dyno silent after the request was sent (H12), and idle while streaming (H15). Heroku: 30 s. */
  serverMs: number
  /** A request waiting in the queue for a dyno slot (H12); the request timeout unless set. */
  queueMs?: number | undefined
  /** Client idle mid-request (H28). Heroku: 55 s. */
  clientMs: number
  /** Whole request head must arrive within this (slowloris). */
  headersMs: number
  /** Idle keep-alive connection from a client reaped after this. */
  keepAliveMs: number
  /** Idle websocket. Heroku: 55 s. */
  tunnelMs: number
}

export const DEFAULT_TIMEOUTS: RouterTimeouts = {
  connectMs: 5000,
  serverMs: 30_000,
  clientMs: 55_000,
  headersMs: 60_000,
  keepAliveMs: 60_000,
  tunnelMs: 55_000,
}

/** Heroku's limits on what a client may send. */
export const LIMITS = { url: 8192, headers: 16_384, cookie: 8192 } as const

export const VIA = '1.1 shoal'

/** The in-memory ring HAProxy logs each request to; `shoal router` reads it (log-ring.ts). */
export const LOG_RING = 'shoal-requests'

/**
 * Bytes of records the ring holds for a reader that falls behind (about a second at 30k requests/s); beyond it
 * records are dropped, never requests.
 */
export const LOG_RING_BYTES = 8 * 1024 * 1024

/**
 * One log record per request, one line, as a JSON array so the router parses it with JSON.parse and client-supplied
 * text (path, Host, request id) can neither forge fields nor start another line (json() escapes control
 * characters). Field order: request-record.ts.
 */
export const LOG_FORMAT = [
  '%[var(txn.app),json(utf8s)]',
  '%[var(txn.code),json(utf8s)]',
  '%HM',
  '%[capture.req.uri,json(utf8s)]',
  '%[var(txn.hosthdr),json(utf8s)]',
  '%[var(txn.rid),json(utf8s)]',
  '%[var(txn.xff),json(utf8s)]',
  '%ci',
  '%s',
  '%TR',
  '%Tw',
  '%Tc',
  '%Tr',
  '%Ta',
  '%ST',
  '%B',
  '%tsc',
  '%[ssl_fc]',
  '%[var(txn.start)]',
  '%HV',
  '%b',
]
  // Every field quoted: an absent value is then "" rather than a hole that breaks the JSON.
  .map((f) => `\\"${f}\\"`)
  .join(',')

const ms = (v: number): string => `${Math.max(1, Math.round(v))}ms`

/** The error statuses HAProxy itself may answer, each with a router page. */
export const ERROR_STATUSES = [400, 403, 405, 408, 413, 425, 429, 500, 501, 502, 503, 504] as const

export function renderConfig(c: ConfigInput): string {
  const p = c.paths
  const t = c.timeouts
  const page = (status: number) => `${p.pages}/${status}.html`
  const pageArgs = (status: number) =>
    `content-type "text/html; charset=utf-8" file ${page(status)} hdr Cache-Control "no-cache, no-store" hdr Via "${VIA}"`
  const lines: string[] = [
    '# Rendered by shoal router; edits are overwritten.',
    'global',
    '  master-worker',
    `  stats socket ${p.adminSocket} mode 600 level admin expose-fd listeners`,
    // The router's record stream (`show events … -w`) is idle while no request comes: it must not time out.
    '  stats timeout 24d',
    `  log ring@${LOG_RING} len 32768 format raw local0 info`,
    `  maxconn ${c.maxConnections}`,
    `  nbthread ${c.threads}`,
    '  tune.bufsize 32768',
    '  tune.ssl.default-dh-param 2048',
    '  ssl-default-bind-options ssl-min-ver TLSv1.2',
    '',
    // Appending a record to the ring costs no system call (a datagram per request cost HAProxy ~8 µs of its ~30).
    `ring ${LOG_RING}`,
    '  format raw',
    '  maxlen 32768',
    `  size ${LOG_RING_BYTES}`,
    '',
    'defaults',
    '  mode http',
    '  log global',
    '  option dontlognull',
    '  option http-keep-alive',
    // A reload (or an adopting router's) soft-stops the old worker: it answers the next request on each idle
    // keep-alive connection with `Connection: close` instead of closing it under a client that may be sending.
    '  option idle-close-on-response',
    '  option forwardfor',
    // A client that leaves while its request waits (queue, connect, dyno) is noticed at once (H27).
    '  option abortonclose',
    // The start of a body (up to a buffer) must arrive before a dyno is bothered: slow uploads stay at the router.
    '  option http-buffer-request',
    '  http-reuse safe',
    `  timeout connect ${ms(t.connectMs)}`,
    `  timeout client ${ms(t.clientMs)}`,
    `  timeout server ${ms(t.serverMs)}`,
    `  timeout queue ${ms(t.queueMs ?? t.serverMs)}`,
    `  timeout http-request ${ms(t.headersMs)}`,
    `  timeout http-keep-alive ${ms(t.keepAliveMs)}`,
    `  timeout tunnel ${ms(t.tunnelMs)}`,
    '  timeout client-fin 5s',
    '  timeout server-fin 5s',
    // Retries only before anything was sent: a refused or timed-out connect, on another dyno.
    '  retries 9',
    '  retry-on conn-failure',
    '  option redispatch 1',
    ...ERROR_STATUSES.map((s) => `  errorfile ${s} ${p.pages}/${s}.http`),
    '',
    'frontend http',
    `  bind ${bindAddress(c.http.host)}:${c.http.port}`,
    ...(c.https === undefined
      ? []
      : [
          `  bind ${bindAddress(c.https.host)}:${c.https.port} ssl crt ${c.https.defaultCert} crt-list ${p.crtList} alpn h2,http/1.1`,
        ]),
    `  maxconn ${c.maxConnections}`,
    `  log-format "[${LOG_FORMAT}]"`,
    '  http-request set-var(txn.start) date(0,ms)',
    '  http-request set-var(txn.hosthdr) req.fhdr(host)',
    '  http-request set-var(txn.xff) req.hdr(x-forwarded-for)',
    '  http-request set-var(txn.rid) req.fhdr(x-request-id) if { req.fhdr_cnt(x-request-id) eq 1 } { req.fhdr(x-request-id) -m reg ^[A-Za-z0-9+/=-]{20,200}$ }',
    '  http-request set-var(txn.rid) uuid unless { var(txn.rid) -m found }',
    // ACME HTTP-01 challenges answer on every router, whatever the Host.
    `  http-request set-var(txn.acme) path,regsub(^/\\.well-known/acme-challenge/,),map(${p.acmeMap}) if { path_beg /.well-known/acme-challenge/ }`,
    '  http-request return status 200 content-type text/plain lf-string %[var(txn.acme)] if { var(txn.acme) -m found }',
    // Framing and limits (H26): refuse what could be read two ways before any routing.
    '  acl multi_host req.hdr_cnt(host) gt 1',
    '  acl multi_cl req.fhdr_cnt(content-length) gt 1',
    '  acl has_te req.fhdr_cnt(transfer-encoding) gt 0',
    '  acl has_cl req.fhdr_cnt(content-length) gt 0',
    // Only a lone `Transfer-Encoding: chunked` frames a body; any other coding list is refused (501 is for
    // codings a server does not know, but a list like `identity, chunked` is a smuggling probe, so 400).
    '  acl te_chunked_only req.fhdr(transfer-encoding) -i chunked',
    '  acl multi_te req.fhdr_cnt(transfer-encoding) gt 1',
    '  acl http10 req.ver 1.0',
    '  acl has_expect req.fhdr_cnt(expect) gt 0',
    '  acl expect_continue req.fhdr(expect) -i 100-continue',
    `  acl too_long url_len gt ${LIMITS.url}`,
    `  acl too_large req.hdrs,length gt ${LIMITS.headers}`,
    `  acl too_large req.fhdr(cookie),length gt ${LIMITS.cookie}`,
    // Each class of refusal is evaluated once (a condition named again in a later rule is evaluated again): the
    // last match wins, so 417 before 400 before 414 before 431, as the rules used to be ordered.
    '  http-request set-var(txn.refuse) int(431) if too_large',
    '  http-request set-var(txn.refuse) int(414) if too_long',
    '  http-request set-var(txn.refuse) int(400) if multi_host || multi_cl || multi_te || has_te !te_chunked_only || has_te http10 || has_te has_cl',
    '  http-request set-var(txn.refuse) int(417) if has_expect !expect_continue',
    '  acl refused var(txn.refuse) -m found',
    '  http-request set-var(txn.code) str(H26) if refused',
    ...([417, 400, 414, 431] as const).map(
      (status) =>
        `  http-request deny deny_status ${status} ${pageArgs(status)} hdr Connection close if refused { var(txn.refuse) -m int ${status} }`,
    ),
    // Host → app: exact names (APP.<domain> and custom domains), then a *.parent wildcard.
    '  http-request set-var(txn.host) req.hdr(host),field(1,:),lower,regsub(\\.$,)',
    `  http-request set-var(txn.app) var(txn.host),map(${p.hostsMap})`,
    `  http-request set-var(txn.app) var(txn.host),regsub(^[^.]*,*),map(${p.hostsMap}) unless { var(txn.app) -m found }`,
    `  http-request return status 404 ${pageArgs(404)} unless { var(txn.app) -m found }`,
    `  http-request set-var(txn.appstate) var(txn.app),map(${p.stateMap},up)`,
    '  http-request set-var(txn.code) str(H80) if { var(txn.appstate) -m str maintenance }',
    `  http-request return status 503 ${pageArgs(503)} if { var(txn.appstate) -m str maintenance }`,
    `  http-request set-var(txn.be) var(txn.app),map(${p.backendsMap})`,
    '  http-request set-var(txn.code) str(H10) if !{ var(txn.be) -m found } { var(txn.appstate) -m str crashed }',
    '  http-request set-var(txn.code) str(H14) if !{ var(txn.be) -m found }',
    `  http-request return status 503 ${pageArgs(503)} if !{ var(txn.be) -m found }`,
    // Heroku's headers: the router's own values replace whatever the client sent.
    '  http-request set-header X-Request-Id %[var(txn.rid)]',
    '  http-request set-header X-Request-Start %[var(txn.start)]',
    '  http-request set-header X-Forwarded-Proto %[ssl_fc,iif(https,http)]',
    '  http-request set-header X-Forwarded-Port %[dst_port]',
    `  http-request add-header Via "${VIA}"`,
    `  http-response add-header Via "${VIA}"`,
    '  use_backend %[var(txn.be)]',
    '',
  ]
  for (const b of c.backends) {
    lines.push(
      `backend ${b.name}`,
      // leastconn, not random(2): with servers added at runtime HAProxy 2.6's random(2) left one of three dynos
      // without a single request (measured: 31/0/29 of 60); leastconn spreads 20/20/20 and favours idle dynos.
      '  balance leastconn',
      // H11: the app's queue on this router is at its bound (Heroku: 200 per web dyno).
      `  http-request set-var(txn.qmax) be_name,map(${p.queueMap},1000000000)`,
      '  http-request set-var(txn.code) str(H11) if { queue,sub(txn.qmax) ge 0 }',
      `  http-request return status 503 ${pageArgs(503)} if { var(txn.code) -m str H11 }`,
    )
    for (const s of b.servers) lines.push(`  ${serverLine(s)}`)
    lines.push('')
  }
  return `${lines.join('\n')}\n`
}

/**
 * The parameters a server gets, in a config file or in `add server` (the same keywords work in both).
 * `pool-max-conn -1 pool-purge-delay 5s` are a static server's defaults, but HAProxy 2.6 gives a server made by
 * `add server` pool-max-conn 0: no idle connection is kept, so every request opened (and RST-closed) a new TCP
 * connection to its dyno — measured: ~6.8k req/s and 94 µs of HAProxy CPU per request, against ~29k req/s with
 * connections reused (`show servers conn` shows idle_lim).
 */
export function serverParams(s: Pick<ServerLine, 'maxconn'>): string {
  return `maxconn ${s.maxconn} pool-max-conn -1 pool-purge-delay 5s check inter 2s fastinter 1s downinter 1s rise 1 fall 3 observe layer4 error-limit 1 on-error mark-down`
}

function serverLine(s: ServerLine): string {
  const state = s.state === 'maint' ? ' disabled' : s.state === 'drain' ? ' weight 0' : ''
  return `server ${s.name} ${bindAddress(s.address)}:${s.port} ${serverParams(s)}${state}`
}

export function bindAddress(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}
