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
    let res: Response
    try {
      res = await fetch(new URL(path, this.config.apiUrl), {
        method,
        headers: {
          authorization: `Bearer ${this.config.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      })
    } catch (err) {
      const why = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err)
      throw new ShoalError('UNAVAILABLE', `Cannot ${what}: the API at ${this.config.apiUrl} is unreachable (${why})`)
    }
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      throw new ShoalError('INTERNAL', `Cannot ${what}: the API answered ${res.status} with a body that is not JSON`)
    }
    if (!res.ok) {
      const e = (parsed as Partial<ErrorBody> | undefined)?.error
      const code = isErrorCode(e?.code) ? e.code : 'INTERNAL'
      throw new ShoalError(code, e?.message ?? `Cannot ${what}: the API answered ${res.status}`)
    }
    return parsed as T
  }
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
