// Idempotency keys for the API's mutating requests (POST, PUT, PATCH, DELETE with an `Idempotency-Key` header), so a
// client may retry a request whose answer it lost (the CLI does, against another controller, after a failover)
// without the change being applied twice.
//
// A key is claimed in the shared store (`idempotency/<sha256 of the key>`, so every controller of an HA cluster
// sees it) before the handler runs: a record holding a digest of the request, the attempt that owns it, whether a
// write of that attempt has committed, and an expiry. While the handler runs, the store it writes through
// (`scoped()`) fences each write on the claim's revision and marks the record `applied` in the same transaction.
// When the answer is ready it is kept in the record (sealed at rest: it may list config vars; up to 8 KiB, larger
// ones are not kept and a retry hears CONFLICT). A retry then:
//   - finds the answer: replays it (status, body, `Idempotent-Replayed: true`), nothing runs;
//   - finds a pending claim that wrote nothing (its controller died, or the client gave up on it): takes the claim
//     over, which moves its revision, so a late write of the first attempt is refused; and runs the request;
//   - finds a pending claim that did write but never answered (the controller stopped between the two): cannot
//     know the answer, and must not apply again, so it answers CONFLICT saying so (and keeps that answer);
//   - finds the key used for a different request: INVALID_INPUT.
// A claim whose request failed with a 5xx before writing anything is released, so the retry runs afresh. Records
// expire after `ttlMs` (24 h): an expired key is free again, and the leader sweeps expired records away.

import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash, randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Clock, Timer } from '../../lib/clock.ts'
import { type Startable, startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import { type ErrorBody, IDEMPOTENCY_HEADER, REPLAYED_HEADER } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import {
  type Compare,
  encodeJson,
  getJson,
  listJson,
  type Op,
  type OpOptions,
  type Store,
  type TxnRequest,
  type TxnResult,
} from '../store/store.ts'

export const IDEMPOTENCY_PREFIX = 'idempotency/'
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000
const SWEEP_EVERY_MS = 10 * 60 * 1000
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** The largest answer kept for a replay (sealed, a record is about 1.4× that). */
export const MAX_KEPT_BYTES = 8 * 1024
const KEY_RULE = /^[\x21-\x7e]{1,200}$/

export interface KeyRecord {
  /** sha256 of the method, URL and body: the same key for another request is refused. */
  request: string
  state: 'pending' | 'done'
  /** The attempt holding a pending claim. */
  owner: string
  /** A write of the owning attempt has committed. */
  applied: boolean
  expiresAtMs: number
  status?: number | undefined
  contentType?: string | undefined
  /** The answer's body, under `body` (a sealed field: see store/sealing-store.ts). */
  response?: { body: string } | undefined
}

/** One request's claim while its handler runs. */
interface Scope {
  what: string
  recordKey: string
  revision: number
  record: KeyRecord
  active: boolean
  /** The scope's writes, one after another (each moves the claim's revision). */
  chain: Promise<unknown>
}

type Claim =
  | { kind: 'run'; scope: Scope }
  | { kind: 'replay'; status: number; contentType: string | undefined; body: string }

export interface IdempotencyOptions {
  /** The store the records live in (the shared one; the sealing store, so answers are sealed). */
  store: Store
  clock: Clock
  logger: Logger
  ttlMs?: number | undefined
}

const SCOPE = Symbol('idempotency scope')
type Scoped = FastifyRequest & { [SCOPE]?: Scope | undefined }

export class Idempotency {
  readonly #store: Store
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #ttlMs: number
  readonly #scopes = new AsyncLocalStorage<Scope>()

  constructor(options: IdempotencyOptions) {
    this.#store = options.store
    this.#clock = options.clock
    this.#logger = options.logger
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS
  }

  /**
   * `store` as the request handlers should write through it: outside a keyed request it is `store` itself; inside
   * one every write is also fenced on the request's claim and marks it applied, in the same transaction.
   */
  scoped(store: Store): Store {
    const active = (): Scope | undefined => {
      const s = this.#scopes.getStore()
      return s?.active === true ? s : undefined
    }
    return {
      get: (key, options) => store.get(key, options),
      list: (prefix, options) => store.list(prefix, options),
      watch: (prefix, handler, options) => store.watch(prefix, handler, options),
      close: () => store.close(),
      put: (key: string, value: Uint8Array, options?: OpOptions): Promise<number> => {
        const scope = active()
        if (scope === undefined) return store.put(key, value, options)
        return this.#write(scope, async (guard, mark) => {
          const r = await store.txn({ guard, compare: [], success: [{ type: 'put', key, value }, mark] }, options)
          return { result: r.revision, wrote: true, revision: r.revision }
        })
      },
      delete: (key: string, options?: OpOptions): Promise<boolean> => {
        const scope = active()
        if (scope === undefined) return store.delete(key, options)
        return this.#write(scope, async (guard, mark) => {
          // One transaction: an absent key (compare holds) writes nothing; a present one is deleted with the mark.
          const r = await store.txn(
            { guard, compare: [{ key, revision: 0 }], success: [], failure: [{ type: 'delete', key }, mark] },
            options,
          )
          return { result: !r.succeeded, wrote: !r.succeeded, revision: r.revision }
        })
      },
      txn: (request: TxnRequest, options?: OpOptions): Promise<TxnResult> => {
        const scope = active()
        if (scope === undefined) return store.txn(request, options)
        return this.#write(scope, async (guard, mark) => {
          const failure = request.failure ?? []
          const r = await store.txn(
            {
              guard: [...(request.guard ?? []), ...guard],
              compare: request.compare,
              success: [...request.success, mark],
              ...(failure.length === 0 ? {} : { failure: [...failure, mark] }),
            },
            options,
          )
          return { result: r, wrote: r.succeeded || failure.length > 0, revision: r.revision }
        })
      },
    }
  }

  #write<T>(
    scope: Scope,
    run: (guard: Compare[], mark: Op) => Promise<{ result: T; wrote: boolean; revision: number }>,
  ): Promise<T> {
    const next = async (): Promise<T> => {
      const record: KeyRecord = { ...scope.record, applied: true }
      const mark: Op = { type: 'put', key: scope.recordKey, value: encodeJson(record) }
      try {
        const r = await run([{ key: scope.recordKey, revision: scope.revision }], mark)
        if (r.wrote) {
          scope.revision = r.revision
          scope.record = record
        }
        return r.result
      } catch (err) {
        if (err instanceof ShoalError && err.code === 'NOT_LEADER') {
          const now = await this.#store.get(scope.recordKey).catch(() => undefined)
          if (now?.revision !== scope.revision) {
            throw new ShoalError(
              'CONFLICT',
              `Cannot ${scope.what}: a retry with the same Idempotency-Key took this request over`,
              { cause: err },
            )
          }
        }
        throw err
      }
    }
    const p = scope.chain.then(next, next)
    scope.chain = p.catch(() => {})
    return p
  }

  /** Adds the hooks to the API; call before the routes are registered. */
  register(api: FastifyInstance): void {
    api.addHook('preHandler', (request, reply, done) => {
      if (!MUTATING.has(request.method)) return done()
      const header = request.headers[IDEMPOTENCY_HEADER]
      if (header === undefined) return done()
      const what = `${request.method} ${request.url.split('?')[0]}`
      if (typeof header !== 'string' || !KEY_RULE.test(header)) {
        return done(
          new ShoalError('INVALID_INPUT', `Cannot ${what}: an Idempotency-Key is 1-200 printable ASCII characters`),
        )
      }
      // Keys cover JSON requests (every CLI write); an upload (a build's tarball, a stream) runs as if it had none.
      if (!isJson(request.body)) return done()
      const digest = sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      this.claim(header, digest, what).then(
        (claim) => {
          if (claim.kind === 'replay') {
            replay(reply, claim)
            return
          }
          ;(request as Scoped)[SCOPE] = claim.scope
          // The handler runs inside the claim's scope, so its writes through scoped() are fenced on it.
          this.#scopes.run(claim.scope, () => done())
        },
        (err: unknown) => done(err as Error),
      )
    })
    api.addHook('onSend', async (request, reply, payload) => {
      const scope = (request as Scoped)[SCOPE]
      if (scope === undefined) return payload
      ;(request as Scoped)[SCOPE] = undefined
      await this.#finish(scope, reply, payload).catch((err: unknown) =>
        this.#logger.warn({ err: String(err), what: scope.what }, 'the answer for an idempotency key was not kept'),
      )
      return payload
    })
  }

  /** Claims `key` for a request with `digest`, or answers what an earlier attempt with it answered. */
  async claim(key: string, digest: string, what: string): Promise<Claim> {
    const recordKey = IDEMPOTENCY_PREFIX + sha256(key)
    for (let attempt = 0; attempt < 16; attempt++) {
      const entry = await getJson<KeyRecord>(this.#store, recordKey)
      const now = this.#clock.now()
      const old = entry === undefined || entry.value.expiresAtMs <= now ? undefined : entry.value
      if (old !== undefined && old.request !== digest) {
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot ${what}: this Idempotency-Key was already used for a different request; send a new key`,
        )
      }
      if (old?.state === 'done') {
        if (old.response === undefined) {
          return conflict(
            `Cannot ${what}: an earlier attempt with this Idempotency-Key was applied (answered ${old.status}), but ` +
              'its answer was too large to keep; check the current state instead of retrying',
          )
        }
        return { kind: 'replay', status: old.status ?? 200, contentType: old.contentType, body: old.response.body }
      }
      const revision = entry?.revision ?? 0
      if (old?.applied === true) {
        // The attempt that holds the key wrote, then stopped before answering: it must not run again, and its
        // answer is lost. Keep that verdict, so every further retry hears the same (and the attempt is fenced off).
        const verdict = conflict(
          `Cannot ${what}: an earlier attempt with this Idempotency-Key was applied, but the controller handling it ` +
            'stopped before answering; check the current state instead of retrying',
        )
        const done: KeyRecord = {
          ...old,
          state: 'done',
          status: verdict.status,
          contentType: verdict.contentType,
          response: { body: verdict.body },
        }
        const r = await this.#store.txn({
          compare: [{ key: recordKey, revision }],
          success: [{ type: 'put', key: recordKey, value: encodeJson(done) }],
        })
        if (r.succeeded) return verdict
        continue
      }
      // Free, expired, or held by an attempt that wrote nothing (and whose client gave up on it): claim it. Taking
      // it over moves its revision, so that attempt's writes are refused from now on.
      const record: KeyRecord = {
        request: digest,
        state: 'pending',
        owner: randomUUID(),
        applied: false,
        expiresAtMs: now + this.#ttlMs,
      }
      const r = await this.#store.txn({
        compare: [{ key: recordKey, revision }],
        success: [{ type: 'put', key: recordKey, value: encodeJson(record) }],
      })
      if (r.succeeded) {
        return {
          kind: 'run',
          scope: { what, recordKey, revision: r.revision, record, active: true, chain: Promise.resolve() },
        }
      }
    }
    throw new ShoalError('CONFLICT', `Cannot ${what}: its Idempotency-Key is contended; retry`)
  }

  async #finish(scope: Scope, reply: FastifyReply, payload: unknown): Promise<void> {
    await scope.chain
    scope.active = false
    const status = reply.statusCode
    const compare = [{ key: scope.recordKey, revision: scope.revision }]
    if (status >= 500 && !scope.record.applied) {
      // Nothing was written: free the key, so a retry (elsewhere, later) runs the request afresh.
      await this.#store.txn({ compare, success: [{ type: 'delete', key: scope.recordKey }] })
      return
    }
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined
    // Records stay small: a store lists them in pages (etcd answers at most 4 MiB at once), so a larger answer (or a
    // stream) is not kept, and a retry that needs it hears CONFLICT saying the change was applied.
    const body = text !== undefined && Buffer.byteLength(text) <= MAX_KEPT_BYTES ? text : undefined
    const contentType = reply.getHeader('content-type')
    const done: KeyRecord = {
      ...scope.record,
      state: 'done',
      status,
      contentType: typeof contentType === 'string' ? contentType : undefined,
      response: body === undefined ? undefined : { body },
    }
    const r = await this.#store.txn({
      compare,
      success: [{ type: 'put', key: scope.recordKey, value: encodeJson(done) }],
    })
    if (!r.succeeded) this.#logger.warn({ what: scope.what }, 'a retry took over an idempotency key before it answered')
  }

  /** Deletes expired records; resolves to how many. */
  async sweep(): Promise<number> {
    const now = this.#clock.now()
    let removed = 0
    for (const e of await listJson<KeyRecord>(this.#store, IDEMPOTENCY_PREFIX)) {
      if (e.value.expiresAtMs > now) continue
      const r = await this.#store.txn({
        compare: [{ key: e.key, revision: e.revision }],
        success: [{ type: 'delete', key: e.key }],
      })
      if (r.succeeded) removed++
    }
    return removed
  }

  /** The leader's periodic sweep of expired keys. */
  sweeper(): Startable & { name: string } {
    let timer: Timer | undefined
    return startable(
      'idempotency-sweep',
      () => {
        timer = this.#clock.setInterval(() => {
          this.sweep().catch((err: unknown) =>
            this.#logger.warn({ err: String(err) }, 'expired idempotency keys not swept'),
          )
        }, SWEEP_EVERY_MS)
      },
      () => timer?.cancel(),
    )
  }
}

/** A parsed JSON body (or none), as opposed to a raw Buffer or stream. */
function isJson(body: unknown): boolean {
  if (body === null || body === undefined || typeof body !== 'object') return true
  const proto = Object.getPrototypeOf(body)
  return Array.isArray(body) || proto === Object.prototype || proto === null
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

function conflict(message: string): Claim & { kind: 'replay' } {
  const body: ErrorBody = { error: { code: 'CONFLICT', message } }
  return { kind: 'replay', status: 409, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) }
}

function replay(reply: FastifyReply, claim: Claim & { kind: 'replay' }): void {
  reply.code(claim.status).header(REPLAYED_HEADER, 'true')
  if (claim.contentType !== undefined) reply.header('content-type', claim.contentType)
  reply.send(claim.body)
}
