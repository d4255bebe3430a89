// Certificate pinning for clients of the controller's API. The API's certificate is self-signed (made by `shoal
// init`), so no CA vouches for it; instead the CLI config and the join token carry its SHA-256 fingerprint and every
// client compares the certificate the server presents against it *after the TLS handshake and before a single byte
// of the request (and so the bearer token) is written*. A mismatch fails the connection with TLS_PIN_MISMATCH.

import { createHash, X509Certificate } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { Agent, type AgentOptions, request as httpsRequest } from 'node:https'
import type { Duplex } from 'node:stream'
import { type ConnectionOptions, connect, type TLSSocket } from 'node:tls'

/** `AB:CD:…` (as X509Certificate.fingerprint256 prints it), upper case, whatever the input's case or colons. */
export function normalizeFingerprint(fp: string): string {
  const hex = fp
    .replace(/^sha256[:/]*/i, '')
    .replace(/:/g, '')
    .toUpperCase()
  if (!/^[0-9A-F]{64}$/.test(hex)) throw new Error(`Cannot read certificate fingerprint "${fp}": expected 32 hex bytes`)
  return hex.match(/../g)?.join(':') ?? hex
}

/** The SHA-256 fingerprint of the first certificate in a PEM. */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256
}

/** curl's/git's `http.pinnedPubkey` form of a certificate's public key: `sha256//<base64 of sha256(SPKI DER)>`. */
export function publicKeyPin(certPem: string | Buffer): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' })
  return `sha256//${createHash('sha256').update(spki).digest('base64')}`
}

export class PinMismatchError extends Error {
  readonly code = 'TLS_PIN_MISMATCH'
  constructor(host: string, presented: string, pinned: string) {
    super(
      `the server at ${host} presented certificate ${presented}, but the pinned fingerprint is ${pinned} ` +
        '(nothing was sent; check the CLI config or join token)',
    )
    this.name = 'PinMismatchError'
  }
}

type ConnectOptions = ConnectionOptions & { host?: string; port?: number; servername?: string }
type Callback = (err: Error | null, socket?: Duplex) => void

/**
 * How long a connection may take, TCP and TLS handshake and pin check together, before it fails. A request's own
 * timeout starts only once it has its socket: without this a controller whose machine is gone (packets dropped, no
 * RST) held a client for the kernel's SYN retries (~2 min) instead of letting it try the next controller.
 */
export const CONNECT_TIMEOUT_MS = 5_000

/** An https.Agent whose connections succeed only when the server's leaf certificate has the pinned fingerprint. */
export class PinnedAgent extends Agent {
  readonly fingerprint: string
  readonly connectTimeoutMs: number

  constructor(fingerprint: string, options: AgentOptions & { connectTimeoutMs?: number | undefined } = {}) {
    const { connectTimeoutMs, ...agent } = options
    super({ keepAlive: false, ...agent })
    this.fingerprint = normalizeFingerprint(fingerprint)
    this.connectTimeoutMs = connectTimeoutMs ?? CONNECT_TIMEOUT_MS
  }

  // Node's Agent accepts a connection through the callback; the request is written only once it is called.
  override createConnection(options: ConnectOptions, callback: Callback): undefined {
    const socket: TLSSocket = connect({
      ...options,
      // The chain cannot verify (self-signed); the pin below is the check, and it is stricter than a CA.
      rejectUnauthorized: false,
      ...(options.servername === undefined && options.host !== undefined && !/^[\d.:]+$/.test(options.host)
        ? { servername: options.host }
        : {}),
    })
    let done = false
    const slow = setTimeout(
      () =>
        finish(
          new Error(`no connection to ${options.host ?? ''}:${options.port ?? ''} within ${this.connectTimeoutMs} ms`),
        ),
      this.connectTimeoutMs,
    )
    const finish = (err: Error | null): void => {
      if (done) return
      done = true
      clearTimeout(slow)
      if (err === null) callback(null, socket)
      else {
        socket.destroy()
        callback(err)
      }
    }
    socket.once('secureConnect', () => {
      const presented = socket.getPeerCertificate().fingerprint256 ?? ''
      if (presented !== this.fingerprint) {
        finish(new PinMismatchError(`${options.host ?? ''}:${options.port ?? ''}`, presented, this.fingerprint))
      } else finish(null)
    })
    socket.once('error', (err) => finish(err))
    return undefined
  }
}

export interface PinnedRequestOptions {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer | NodeJS.ReadableStream
  /** Idle time allowed once connected (default 30 s). */
  timeoutMs?: number
  /** Time allowed to connect (default CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number
}

/**
 * One HTTPS request whose connection must present the pinned certificate; resolves with the response head (read
 * the body from it). Refuses plain http: the API token never crosses the network in clear.
 */
export function pinnedRequest(
  url: string | URL,
  fingerprint: string,
  options: PinnedRequestOptions = {},
): Promise<IncomingMessage> {
  const target = new URL(url)
  if (target.protocol !== 'https:') {
    return Promise.reject(new Error(`refusing ${target.origin}: the API is only spoken over https`))
  }
  return new Promise((resolve, reject) => {
    const body = options.body
    const fixed = typeof body === 'string' || Buffer.isBuffer(body)
    const req = httpsRequest(target, {
      method: options.method ?? 'GET',
      // Node frames a DELETE/GET body only when told its length; a stream goes chunked.
      headers: { ...options.headers, ...(fixed ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      agent: new PinnedAgent(fingerprint, { connectTimeoutMs: options.connectTimeoutMs }),
      timeout: options.timeoutMs ?? 30_000,
    })
    req.once('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)))
    req.once('error', reject)
    req.once('response', resolve)
    if (body === undefined) req.end()
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body)
    else (body as NodeJS.ReadableStream).pipe(req)
  })
}

/** Reads a whole response body as UTF-8 (up to `limit` bytes). */
export async function readBody(res: IncomingMessage, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of res) {
    size += (c as Buffer).length
    if (size > limit) throw new Error(`the response is larger than ${limit} bytes`)
    chunks.push(c as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Connects once and returns the server's leaf certificate (DER) if it has the pinned fingerprint. */
export function fetchPinnedCertificate(url: string | URL, fingerprint: string): Promise<Buffer> {
  const target = new URL(url)
  const agent = new PinnedAgent(fingerprint)
  return new Promise((resolve, reject) => {
    agent.createConnection(
      { host: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port || 443) },
      (err, socket) => {
        if (err !== null || socket === undefined) return reject(err ?? new Error('no connection'))
        const tls = socket as TLSSocket
        const raw = tls.getPeerCertificate().raw
        tls.end()
        resolve(raw)
      },
    )
  })
}
