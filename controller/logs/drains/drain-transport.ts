import { request as httpsRequest } from 'node:https'
import { isIP, connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import type { DrainTarget } from './drain-url.ts'

/** What became of one batch: delivered, or refused for good by the receiver (Logplex drops those: 4xx but 429). */
export type SendOutcome = 'delivered' | 'rejected'

/** Carries framed batches to one drain. send() throws on anything worth retrying (refused, timeout, 5xx, 429). */
export interface DrainTransport {
  /** frames are octet-counted RFC 5424 messages; frameId names the batch (Logplex-Frame-Id). */
  send(frames: string[], frameId: string, signal: AbortSignal): Promise<SendOutcome>
  close(): void
}

export interface TransportOptions {
  /** The drain token, sent as Logplex-Drain-Token. */
  token: string
  /** Extra trusted CA certificates (PEM) for syslog+tls:// and https:// drains. */
  ca?: string | undefined
  /** Logplex: connect 3 s, request 5 s. */
  connectTimeoutMs?: number
  requestTimeoutMs?: number
}

export class DrainError extends Error {
  /** L14 for a certificate the drain could not verify, else L13 (delivery error). */
  readonly herokuCode: 'L13' | 'L14'
  constructor(message: string, herokuCode: 'L13' | 'L14' = 'L13') {
    super(message)
    this.name = 'DrainError'
    this.herokuCode = herokuCode
  }
}

const CERT_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME/

export function describeError(err: unknown): DrainError {
  if (err instanceof DrainError) return err
  const e = err as { code?: string; message?: string }
  const code = e.code ?? ''
  const text = code === '' ? (e.message ?? String(err)) : `${code}${e.message ? `: ${e.message}` : ''}`
  return new DrainError(text.slice(0, 300), CERT_ERRORS.test(code) ? 'L14' : 'L13')
}

export function createTransport(target: DrainTarget, options: TransportOptions): DrainTransport {
  return target.kind === 'https' ? new HttpsTransport(target, options) : new SyslogTransport(target, options)
}

/**
 * TCP (optionally TLS) to a syslog receiver. One connection is kept open and reused; any error drops it and the
 * next send reconnects. Syslog over TCP has no acknowledgement: a batch counts as delivered once the kernel took it.
 */
class SyslogTransport implements DrainTransport {
  readonly #target: DrainTarget
  readonly #options: TransportOptions
  #socket: Socket | undefined

  constructor(target: DrainTarget, options: TransportOptions) {
    this.#target = target
    this.#options = options
  }

  async send(frames: string[], _frameId: string, signal: AbortSignal): Promise<SendOutcome> {
    const socket = this.#socket ?? (await this.#connect(signal))
    const timeoutMs = this.#options.requestTimeoutMs ?? 5000
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new DrainError(`write timed out after ${timeoutMs} ms`)), timeoutMs)
        const fail = (err: unknown): void => {
          clearTimeout(timer)
          reject(describeError(err))
        }
        socket.once('error', fail)
        socket.write(frames.join(''), (err) => {
          clearTimeout(timer)
          socket.off('error', fail)
          if (err) reject(describeError(err))
          else resolve()
        })
      })
    } catch (err) {
      this.close()
      throw err
    }
    return 'delivered'
  }

  close(): void {
    this.#socket?.destroy()
    this.#socket = undefined
  }

  #connect(signal: AbortSignal): Promise<Socket> {
    const { host, port, kind } = this.#target
    const timeoutMs = this.#options.connectTimeoutMs ?? 3000
    return new Promise<Socket>((resolve, reject) => {
      const socket =
        kind === 'syslog+tls'
          ? tlsConnect({
              host,
              port,
              ...(isIP(host) === 0 ? { servername: host } : {}),
              ...(this.#options.ca ? { ca: this.#ca() } : {}),
            })
          : netConnect({ host, port })
      const timer = setTimeout(() => {
        socket.destroy()
        reject(new DrainError(`connect to ${host}:${port} timed out after ${timeoutMs} ms`))
      }, timeoutMs)
      const onAbort = (): void => {
        socket.destroy()
        reject(new DrainError('drain stopped'))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      socket.once('error', (err) => {
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
        reject(describeError(err))
      })
      socket.once(kind === 'syslog+tls' ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
        socket.removeAllListeners('error')
        socket.setNoDelay(true)
        socket.setKeepAlive(true, 30_000)
        // A receiver that closes or fails is noticed on the next write; reading is never expected.
        socket.on('error', () => this.close())
        socket.on('close', () => {
          if (this.#socket === socket) this.#socket = undefined
        })
        socket.on('data', () => {})
        this.#socket = socket
        resolve(socket)
      })
    })
  }

  #ca(): string[] {
    return [this.#options.ca ?? '']
  }
}

/** Logplex's HTTPS drains: one POST per batch, body = the octet-counted frames. */
class HttpsTransport implements DrainTransport {
  readonly #target: DrainTarget
  readonly #options: TransportOptions

  constructor(target: DrainTarget, options: TransportOptions) {
    this.#target = target
    this.#options = options
  }

  send(frames: string[], frameId: string, signal: AbortSignal): Promise<SendOutcome> {
    const body = Buffer.from(frames.join(''), 'utf8')
    const url = new URL(this.#target.url)
    const timeoutMs = this.#options.requestTimeoutMs ?? 5000
    return new Promise<SendOutcome>((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method: 'POST',
          signal,
          timeout: this.#options.connectTimeoutMs ?? 3000,
          ...(this.#options.ca ? { ca: [this.#options.ca] } : {}),
          headers: {
            'content-type': 'application/logplex-1',
            'content-length': String(body.length),
            'logplex-msg-count': String(frames.length),
            'logplex-frame-id': frameId,
            'logplex-drain-token': this.#options.token,
            'user-agent': 'shoal-logplex/1',
          },
        },
        (res) => {
          clearTimeout(overall)
          res.resume()
          const status = res.statusCode ?? 0
          if (status >= 200 && status < 300) resolve('delivered')
          else if (status >= 400 && status < 500 && status !== 429) resolve('rejected')
          else reject(new DrainError(`the drain answered HTTP ${status}`))
        },
      )
      const overall = setTimeout(
        () => req.destroy(new DrainError(`request timed out after ${timeoutMs} ms`)),
        timeoutMs,
      )
      req.on('timeout', () => req.destroy(new DrainError('connect timed out')))
      req.on('error', (err) => {
        clearTimeout(overall)
        reject(describeError(err))
      })
      req.end(body)
    })
  }

  close(): void {}
}
