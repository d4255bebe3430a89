// How a controller reaches etcd: `etcd://[user:password@]host:port[,host:port…][/prefix]` (plain) or `etcds://…`
// (TLS, with `?ca=FILE&cert=FILE&key=FILE`). One parsed value opens the etcd3 client the store and the election
// share, with a per-request deadline so a lost quorum fails a call instead of hanging it.

import { readFileSync } from 'node:fs'
import { Etcd3, GRPCDeadlineExceededError, GRPCUnavailableError, type IOptions } from 'etcd3'
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
}

const DEFAULT_PREFIX = 'shoal/'

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

/** How long an etcd member that failed a call is left out: doubling from the first, up to the last. */
export const MEMBER_BACKOFF_MS = { first: 500, max: 4000 }

/**
 * The per-member policy of the client's pool: a member that fails a call with UNAVAILABLE or DEADLINE_EXCEEDED (not
 * an answer of etcd's, nor a call we cancelled) is left out at once (the pool then picks another member) and tried again after a backoff that doubles while it keeps failing.
 * etcd3's default breaker opens only after 3 consecutive failures and retries after 5 s, each retry a call that can
 * hang to its deadline: with one of three members' machines gone (unreachable, not refusing), a third of all calls
 * stalled for 5 s and leaders lost their lease over and over.
 */
export function memberBreaker(now: () => number = Date.now): Policy {
  let failures = 0
  let openUntil = 0
  return {
    _altReturn: undefined as never,
    onSuccess: noEvent,
    onFailure: noEvent,
    execute: async (fn: (context: { signal: AbortSignal }) => unknown, signal?: AbortSignal) => {
      if (now() < openUntil) throw new Error('etcd member left out after a failure (circuit breaker is open)')
      try {
        const result = await fn({ signal: signal ?? new AbortController().signal })
        failures = 0
        return result
      } catch (err) {
        if (err instanceof GRPCUnavailableError || err instanceof GRPCDeadlineExceededError) {
          openUntil = now() + Math.min(MEMBER_BACKOFF_MS.max, MEMBER_BACKOFF_MS.first * 2 ** failures++)
        }
        throw err
      }
    },
  } as unknown as Policy
}

export function isEtcdUrl(value: string): boolean {
  return /^etcds?:\/\//.test(value)
}

/** Opens an etcd3 client for `connection`; the caller closes it. */
export function openEtcd(connection: EtcdConnection): Etcd3 {
  const timeout = connection.requestTimeoutMs ?? 5000
  const scheme = connection.tls === undefined ? 'http' : 'https'
  const options: IOptions = {
    hosts: connection.endpoints.map((e) => `${scheme}://${e}`),
    dialTimeout: Math.min(timeout, 2000),
    // Streams (watches, lease keep-alives) live on; a unary call that etcd cannot commit (no quorum) fails in time.
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + timeout }),
    // etcd3 retries failed calls by default; a transaction whose answer was lost would then run twice (and report
    // a failed compare for its own write). EtcdStore retries only what is safe to repeat.
    // One member: leaving it out would only turn a slow answer into no answer.
    faultHandling: { global: noRetry, host: () => (connection.endpoints.length > 1 ? memberBreaker() : noRetry) },
    // gRPC's default 4 MiB receive cap is below what one page of a listing can hold (EtcdStore lists LIST_PAGE
    // keys at a time, each value up to etcd's 1.5 MiB request cap); an answer over it failed the call and left the
    // member out as if it were down.
    grpcOptions: { 'grpc.max_receive_message_length': MAX_RECEIVE_BYTES },
  }
  if (connection.tls !== undefined) {
    options.credentials = {
      rootCertificate: connection.tls.ca,
      ...(connection.tls.key === undefined ? {} : { privateKey: connection.tls.key }),
      ...(connection.tls.cert === undefined ? {} : { certChain: connection.tls.cert }),
    }
  }
  if (connection.auth !== undefined) options.auth = { ...connection.auth }
  return new Etcd3(options)
}
