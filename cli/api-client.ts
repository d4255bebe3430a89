import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { PinMismatchError, pinnedRequest, readBody } from '../lib/pinned-tls.ts'
import { type ControllerStatus, type ErrorBody, IDEMPOTENCY_HEADER, LEADER_HEADER } from '../proto/api.ts'
import { isErrorCode, ShoalError } from '../proto/errors.ts'
import { apiUrls, type CliConfig, readConfig } from './cli-config.ts'

/**
 * A thin JSON client for the controller's HTTP API; API errors come back as ShoalError with the server's code.
 *
 * In an HA cluster the config lists every controller. A request goes to the one that answered last; when a
 * controller cannot be reached it moves on to the next. Every mutating request (POST, PUT, PATCH, DELETE) carries an
 * Idempotency-Key, the same on each of its attempts, so repeating one whose answer was lost (the controller died
 * after applying it) returns the first answer instead of applying it twice (controller/idempotency/). A follower's
 * NOT_LEADER names the leader (shoal-leader header): the request goes there, since the follower did nothing. While
 * no leader is elected it waits and asks again.
 */
export class ApiClient {
  readonly config: CliConfig
  #preferred = 0

  constructor(config: CliConfig = readConfig()) {
    this.config = config
  }

  async get<T>(path: string, what: string): Promise<T> {
    return this.request<T>('GET', path, undefined, what)
  }

  /** The base URL of a controller that can serve leader-only requests (streams, builds, git). */
  async leaderBase(what: string): Promise<string> {
    const urls = apiUrls(this.config)
    if (urls.length === 1) return this.config.apiUrl
    const { status, base } = await this.#send<ControllerStatus>('GET', '/v1/controller', undefined, what)
    if (status.role === 'leader' || status.leader === undefined || status.leader.apiUrl === '') return base
    return status.leader.apiUrl
  }

  async request<T>(method: string, path: string, body: unknown, what: string): Promise<T> {
    return (await this.#send<T>(method, path, body, what)).status
  }

  async #send<T>(method: string, path: string, body: unknown, what: string): Promise<{ status: T; base: string }> {
    const urls = apiUrls(this.config)
    const key = MUTATING.has(method) ? randomUUID() : undefined
    const deadline = Date.now() + NO_LEADER_WAIT_MS
    let redirect: string | undefined
    let lastError: ShoalError | undefined
    let unreachable = 0
    for (let attempt = 0; attempt < 64; attempt++) {
      const base = redirect ?? urls[(this.#preferred + attempt) % urls.length] ?? this.config.apiUrl
      redirect = undefined
      let res: IncomingMessage
      try {
        // Pinned TLS: the token is written only to a server whose certificate has the configured fingerprint.
        res = await pinnedRequest(new URL(path, base), this.config.fingerprint, {
          method,
          headers: {
            authorization: `Bearer ${this.config.token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(key === undefined ? {} : { [IDEMPOTENCY_HEADER]: key }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          timeoutMs: 30_000,
        })
      } catch (err) {
        if (err instanceof PinMismatchError) throw apiConnectError(err, what, base)
        const why = err instanceof Error ? err.message : String(err)
        lastError = new ShoalError('UNAVAILABLE', `Cannot ${what}: the API at ${base} is unreachable (${why})`)
        // Reads are harmless to repeat, and a write carries its idempotency key: the next controller either replays
        // the first answer or applies it once.
        if (urls.length > 1 && ++unreachable < urls.length) continue
        throw lastError
      }
      const text = await readBody(res)
      const status = res.statusCode ?? 0
      let parsed: unknown
      try {
        parsed = text === '' ? undefined : JSON.parse(text)
      } catch {
        throw new ShoalError('INTERNAL', `Cannot ${what}: the API answered ${status} with a body that is not JSON`)
      }
      if (status < 200 || status >= 300) {
        const e = (parsed as Partial<ErrorBody> | undefined)?.error
        const code = isErrorCode(e?.code) ? e.code : 'INTERNAL'
        const error = new ShoalError(code, e?.message ?? `Cannot ${what}: the API answered ${status}`)
        if (code === 'NOT_LEADER') {
          const header = res.headers[LEADER_HEADER]
          const leader = typeof header === 'string' ? header : null
          if (leader !== null && leader !== base) {
            redirect = leader
            lastError = error
            continue
          }
          if (Date.now() < deadline) {
            // An election is under way: ask again shortly.
            lastError = error
            await new Promise((r) => setTimeout(r, 500))
            continue
          }
        }
        throw error
      }
      this.#preferred = Math.max(0, urls.indexOf(base))
      return { status: parsed as T, base }
    }
    throw lastError ?? new ShoalError('UNAVAILABLE', `Cannot ${what}: no controller answered`)
  }
}

/**
 * Sends one request to the leader over pinned TLS with the token; the caller reads the response (build streams,
 * uploads). `path` is resolved against `base` (see leaderBase).
 */
export async function sendTo(
  config: CliConfig,
  base: string,
  method: string,
  path: string,
  what: string,
  options: { body?: string | Buffer | NodeJS.ReadableStream; contentType?: string; timeoutMs?: number } = {},
): Promise<IncomingMessage> {
  try {
    return await pinnedRequest(new URL(path, base), config.fingerprint, {
      method,
      headers: {
        authorization: `Bearer ${config.token}`,
        ...(options.contentType === undefined ? {} : { 'content-type': options.contentType }),
      },
      ...(options.body === undefined ? {} : { body: options.body }),
      timeoutMs: options.timeoutMs ?? 30_000,
    })
  } catch (err) {
    throw apiConnectError(err, what, base)
  }
}

/** The ShoalError for a failed connection to the API: a pin mismatch says so, anything else is UNAVAILABLE. */
export function apiConnectError(err: unknown, what: string, apiUrl: string): ShoalError {
  if (err instanceof PinMismatchError) return new ShoalError('TLS_PIN_MISMATCH', `Cannot ${what}: ${err.message}`)
  const why = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err)
  return new ShoalError('UNAVAILABLE', `Cannot ${what}: the API at ${apiUrl} is unreachable (${why})`)
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** How long a request waits for a leader to be elected before it gives up with NOT_LEADER. */
const NO_LEADER_WAIT_MS = 10_000

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
