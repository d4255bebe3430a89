// How a controller reaches etcd: `etcd://[user:password@]host:port[,host:port…][/prefix]` (plain) or `etcds://…`
// (TLS, with `?ca=FILE&cert=FILE&key=FILE`). One parsed value opens the etcd3 client the store and the election
// share, with a per-request deadline so a lost quorum fails a call instead of hanging it.

import { readFileSync } from 'node:fs'
import { Etcd3, GRPCDeadlineExceededError, GRPCUnavailableError, type IOptions } from 'etcd3'
import { type Clock, systemClock } from '../../lib/clock.ts'
import { ShoalError } from '../../proto/errors.ts'

export interface EtcdConnection {
  /** `host:port` of every member; the client spreads requests over them and skips unreachable ones. */
  endpoints: string[]
  /** Every shoal key lives under this etcd key prefix (default `shoal/`), so one etcd can serve several clusters. */
  prefix: string
  tls?: { ca: Buffer; cert?: Buffer | undefined; key?: Buffer | undefined } | undefined
  auth?: { username: string; password: string } | undefined
  /** Deadline of each unary request (default 5000 ms): a store call on a cluster without quorum rejects after it. */
  requestTimeoutMs?: number | undefined
  /** gRPC keep-alive pings (default KEEPALIVE_MS; tests shorten them, with an etcd that allows it). */
  keepaliveMs?: { time: number; timeout: number } | undefined
}

const DEFAULT_PREFIX = 'shoal/'
/** Deadline of each unary request unless the URL sets `timeout_ms`. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000

/** Parses an `etcd://` / `etcds://` URL; TLS files are read here, so a bad path fails at startup. */
export function parseEtcdUrl(url: string): EtcdConnection {
  const fail = (why: string): never => {
    throw new ShoalError('INVALID_INPUT', `Cannot use store ${redact(url)}: ${why}`)
  }
  const match = /^(etcds?):\/\/(?:([^@/]*)@)?([^/?]+)(\/[^?]*)?(?:\?(.*))?$/.exec(url)
  if (match === null) return fail('expected etcd://[user:password@]host:port[,host:port…][/prefix]')
  const [, scheme, userinfo, hosts, path, query] = match
  const endpoints = (hosts ?? '').split(',').map((h) => h.trim())
  for (const e of endpoints) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(e)) fail(`"${e}" is not host:port`)
  }
  const rawPrefix = decodeURIComponent((path ?? '').replace(/^\//, ''))
  const prefix = rawPrefix === '' ? DEFAULT_PREFIX : rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`
  const connection: EtcdConnection = { endpoints, prefix }
  if (userinfo !== undefined && userinfo !== '') {
    const colon = userinfo.indexOf(':')
    if (colon <= 0) fail('credentials must be user:password')
    connection.auth = {
      username: decodeURIComponent(userinfo.slice(0, colon)),
      password: decodeURIComponent(userinfo.slice(colon + 1)),
    }
  }
  const params = new URLSearchParams(query ?? '')
  const read = (name: string): Buffer | undefined => {
    const file = params.get(name)
    if (file === null) return undefined
    try {
      return readFileSync(file)
    } catch (err) {
      return fail(`cannot read ${name} file ${file} (${(err as Error).message})`)
    }
  }
  if (scheme === 'etcds') {
    const ca = read('ca')
    if (ca === undefined) fail('etcds:// needs ?ca=FILE (the CA that signed the etcd members’ certificates)')
    const cert = read('cert')
    const key = read('key')
    if ((cert === undefined) !== (key === undefined)) fail('a client certificate needs both cert= and key=')
    connection.tls = { ca: ca as Buffer, cert, key }
  } else if (params.has('ca') || params.has('cert')) {
    fail('TLS files need the etcds:// scheme')
  }
  const timeout = params.get('timeout_ms')
  if (timeout !== null) {
    if (!/^\d+$/.test(timeout) || Number(timeout) < 100) fail('timeout_ms must be an integer ≥ 100')
    connection.requestTimeoutMs = Number(timeout)
  }
  return connection
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}

type Policy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>
const noEvent = () => ({ dispose: () => {} })
const noRetry = {
  _altReturn: undefined as never,
  onSuccess: noEvent,
  onFailure: noEvent,
  execute: async (fn: (context: { signal: AbortSignal }) => unknown, signal?: AbortSignal) =>
    fn({ signal: signal ?? new AbortController().signal }),
} as unknown as Policy

/** The largest answer the client accepts from etcd: a page of EtcdStore's listing at etcd's largest values. */
export const MAX_RECEIVE_BYTES = 128 * 1024 * 1024

/** gRPC keep-alive pings to each member: how often while streams are open, and how long an answer may take. */
export const KEEPALIVE_MS = { time: 10_000, timeout: 5000 }

/** How long an etcd member that failed a call is left out: doubling from the first, up to the last. */
export const MEMBER_BACKOFF_MS = { first: 500, max: 4000 }

/** What a call fails with when the pool skips a member its breaker holds out (the pool then picks another one). */
const LEFT_OUT = 'etcd member left out after a failure (circuit breaker is open)'

/**
 * Asks one member whether it serves (a linearizable read, so a member cut off from its quorum does not pass):
 * resolves when it answered (a refusal is an answer), rejects when it did not answer before `signal` aborts.
 */
export type MemberProbe = (signal: AbortSignal) => Promise<void>

/** The breakers of one client's members: when every member is left out, calls go through rather than fail unsent. */
export class BreakerGroup {
  readonly #open = new Set<object>()
  #size = 0

  join(): { setOpen: (open: boolean) => void; allOpen: () => boolean } {
    const me = {}
    this.#size++
    return {
      setOpen: (open) => {
        if (open) this.#open.add(me)
        else this.#open.delete(me)
      },
      allOpen: () => this.#open.size >= this.#size,
    }
  }
}

/**
 * The per-member policy of the client's pool: a member that fails a call with UNAVAILABLE or DEADLINE_EXCEEDED (not
 * an answer of etcd's, nor a call we cancelled) is left out at once (the pool then picks another member). Once a
 * backoff that doubles while it keeps failing has run out, the breaker asks the member itself (`probe`, in the
 * background, with the same deadline as a call: a slow member is still a member) and lets calls back in only when
 * it answered; no caller's request is the try while another member serves. When every member of the group is left
 * out, calls go through as they come (nothing better is left, and failing them unsent would turn a slow etcd into
 * no etcd). Opening a stream (watch, lease keep-alive) is not an answer: the stream is made at once, before the
 * member said anything, so it neither closes the breaker nor counts as a failure; a stream that then fails tells
 * the breaker through the pool's markFailed.
 * etcd3's default breaker opens only after 3 consecutive failures and retries after 5 s, each retry a call that can
 * hang to its deadline: with one of three members' machines gone (unreachable, not refusing), a third of all calls
 * stalled for 5 s and leaders lost their lease over and over. Letting one caller's request try the member (rather
 * than a probe of our own) still failed that request after the whole deadline every few seconds: lab-ha's retried
 * deploy met it ~20 s after a member's machine died ("DEADLINE_EXCEEDED … Waiting for LB pick").
 */
export function memberBreaker(
  probe: MemberProbe,
  options: { clock?: Clock; probeTimeoutMs?: number; group?: BreakerGroup } = {},
): Policy {
  const clock = options.clock ?? systemClock
  const probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  const member = (options.group ?? new BreakerGroup()).join()
  const now = () => clock.now()
  let failures = 0
  let openUntil = 0
  let probing = false
  const leaveOut = (): void => {
    openUntil = now() + Math.min(MEMBER_BACKOFF_MS.max, MEMBER_BACKOFF_MS.first * 2 ** failures++)
    member.setOpen(true)
  }
  const letIn = (): void => {
    failures = 0
    member.setOpen(false)
  }
  const check = (): void => {
    if (probing) return
    probing = true
    const timeout = new AbortController()
    const timer = clock.setTimeout(() => timeout.abort(), probeTimeoutMs)
    probe(timeout.signal)
      .then(letIn, () => {
        if (failures > 0) leaveOut()
      })
      .finally(() => {
        timer.cancel()
        probing = false
      })
  }
  return {
    _altReturn: undefined as never,
    onSuccess: noEvent,
    onFailure: noEvent,
    execute: async (fn: (context: { signal: AbortSignal }) => unknown, signal?: AbortSignal) => {
      const left = failures > 0
      if (left) {
        if (now() >= openUntil) check()
        if (!member.allOpen()) throw new Error(LEFT_OUT)
      }
      try {
        const result = await fn({ signal: signal ?? new AbortController().signal })
        // Only a unary answer proves the member serves; a stream is handed out before it says anything.
        if (left && !isStream(result)) letIn()
        return result
      } catch (err) {
        if (err instanceof GRPCUnavailableError || err instanceof GRPCDeadlineExceededError) leaveOut()
        throw err
      }
    },
  } as unknown as Policy
}

/** A gRPC stream the pool hands out (its answers come later), as opposed to a unary call's answer. */
function isStream(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { on?: unknown }).on === 'function'
}

/** A probe over its own single-member client (closed with `close`), asking with a linearizable read of `key`. */
function memberProbe(
  options: IOptions,
  host: string,
  key: string,
  timeoutMs: number,
): { probe: MemberProbe; close: () => void } {
  let client: Etcd3 | undefined
  return {
    probe: async (signal) => {
      client ??= new Etcd3({
        ...options,
        hosts: [host],
        faultHandling: { global: noRetry, host: () => noRetry },
        defaultCallOptions: () => ({ deadline: Date.now() + timeoutMs }),
      })
      const request = client.get(key).exists()
      const aborted = new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => reject(new Error('no answer to the health check')), { once: true })
      })
      try {
        await Promise.race([request, aborted])
      } catch (err) {
        // etcd answered, only to refuse (e.g. a permission): the member serves.
        if (err instanceof GRPCUnavailableError || err instanceof GRPCDeadlineExceededError) throw err
        if (signal.aborted) throw err
      }
    },
    close: () => client?.close(),
  }
}

export function isEtcdUrl(value: string): boolean {
  return /^etcds?:\/\//.test(value)
}

/** Opens an etcd3 client for `connection`; the caller closes it. */
export function openEtcd(connection: EtcdConnection): Etcd3 {
  const timeout = connection.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  const scheme = connection.tls === undefined ? 'http' : 'https'
  const options: IOptions = {
    hosts: connection.endpoints.map((e) => `${scheme}://${e}`),
    dialTimeout: Math.min(timeout, 2000),
    // Streams (watches, lease keep-alives) live on; a unary call that etcd cannot commit (no quorum) fails in time.
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + timeout }),
    // etcd3 retries failed calls by default; a transaction whose answer was lost would then run twice (and report
    // a failed compare for its own write). EtcdStore retries only what is safe to repeat.
    // One member: leaving it out would only turn a slow answer into no answer (several: memberBreaker, below).
    faultHandling: { global: noRetry, host: () => noRetry },
    // gRPC's default 4 MiB receive cap is below what one page of a listing can hold (EtcdStore lists LIST_PAGE
    // keys at a time, each value up to etcd's 1.5 MiB request cap); an answer over it failed the call and left the
    // member out as if it were down.
    grpcOptions: {
      'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
      // A member whose machine is gone sends nothing, not even a reset: without pings a watch stream on it waits
      // forever. A ping unanswered within the timeout closes the connection, its streams fail (UNAVAILABLE, so
      // the breaker leaves the member out) and watches resume on another member. etcd refuses pings more often
      // than every 5 s (--grpc-keepalive-min-time); gRPC sends them only while a call or stream is open.
      'grpc.keepalive_time_ms': (connection.keepaliveMs ?? KEEPALIVE_MS).time,
      'grpc.keepalive_timeout_ms': (connection.keepaliveMs ?? KEEPALIVE_MS).timeout,
    },
  }
  if (connection.tls !== undefined) {
    options.credentials = {
      rootCertificate: connection.tls.ca,
      ...(connection.tls.key === undefined ? {} : { privateKey: connection.tls.key }),
      ...(connection.tls.cert === undefined ? {} : { certChain: connection.tls.cert }),
    }
  }
  if (connection.auth !== undefined) options.auth = { ...connection.auth }
  if (connection.endpoints.length === 1) return new Etcd3(options)
  const probes: Array<{ close: () => void }> = []
  const group = new BreakerGroup()
  const client = new Etcd3({
    ...options,
    faultHandling: {
      global: noRetry,
      host: (host) => {
        const member = memberProbe(options, host, `${connection.prefix}health`, timeout)
        probes.push(member)
        return memberBreaker(member.probe, { probeTimeoutMs: timeout, group })
      },
    },
  })
  const close = client.close.bind(client)
  client.close = () => {
    for (const p of probes) p.close()
    close()
  }
  return client
}
