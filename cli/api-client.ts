import type { IncomingMessage } from 'node:http'
import { PinMismatchError, pinnedRequest, readBody } from '../lib/pinned-tls.ts'
import type { ErrorBody } from '../proto/api.ts'
import { isErrorCode, ShoalError } from '../proto/errors.ts'
import { type CliConfig, readConfig } from './cli-config.ts'

/** A thin JSON client for the controller's HTTP API; API errors come back as ShoalError with the server's code. */
export class ApiClient {
  readonly config: CliConfig

  constructor(config: CliConfig = readConfig()) {
    this.config = config
  }

  async get<T>(path: string, what: string): Promise<T> {
    return this.request<T>('GET', path, undefined, what)
  }

  async request<T>(method: string, path: string, body: unknown, what: string): Promise<T> {
    const res = await this.send(method, path, what, {
      ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
    })
    const text = await readBody(res)
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      throw new ShoalError(
        'INTERNAL',
        `Cannot ${what}: the API answered ${res.statusCode} with a body that is not JSON`,
      )
    }
    const status = res.statusCode ?? 0
    if (status < 200 || status >= 300) {
      const e = (parsed as Partial<ErrorBody> | undefined)?.error
      const code = isErrorCode(e?.code) ? e.code : 'INTERNAL'
      throw new ShoalError(code, e?.message ?? `Cannot ${what}: the API answered ${status}`)
    }
    return parsed as T
  }

  /** Sends one request over pinned TLS with the token; the caller reads the response (streams, NDJSON). */
  async send(
    method: string,
    path: string,
    what: string,
    options: { body?: string | Buffer | NodeJS.ReadableStream; contentType?: string; timeoutMs?: number } = {},
  ): Promise<IncomingMessage> {
    try {
      return await pinnedRequest(new URL(path, this.config.apiUrl), this.config.fingerprint, {
        method,
        headers: {
          authorization: `Bearer ${this.config.token}`,
          ...(options.contentType === undefined ? {} : { 'content-type': options.contentType }),
        },
        ...(options.body === undefined ? {} : { body: options.body }),
        timeoutMs: options.timeoutMs ?? 30_000,
      })
    } catch (err) {
      throw apiConnectError(err, what, this.config.apiUrl)
    }
  }
}

/** The ShoalError for a failed connection to the API: a pin mismatch says so, anything else is UNAVAILABLE. */
export function apiConnectError(err: unknown, what: string, apiUrl: string): ShoalError {
  if (err instanceof PinMismatchError) return new ShoalError('TLS_PIN_MISMATCH', `Cannot ${what}: ${err.message}`)
  const why = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err)
  return new ShoalError('UNAVAILABLE', `Cannot ${what}: the API at ${apiUrl} is unreachable (${why})`)
}

/** The ShoalError an API answer that is not a websocket upgrade carries (its JSON error body), or a generic one. */
export function refusal(res: import('node:http').IncomingMessage, fallback: string): Promise<ShoalError> {
  return new Promise((resolve) => {
    let body = ''
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      body = (body + chunk).slice(0, 64 * 1024)
    })
    res.on('end', () => {
      let e: Partial<ErrorBody['error']> | undefined
      try {
        e = (JSON.parse(body) as Partial<ErrorBody>).error
      } catch {}
      resolve(
        new ShoalError(
          isErrorCode(e?.code) ? e.code : 'INTERNAL',
          e?.message ?? `${fallback}: the API answered ${res.statusCode}`,
        ),
      )
    })
  })
}
