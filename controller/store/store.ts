// The controller's desired-state store. Shaped after etcd's KV / Txn / Watch so the etcd backend maps onto it 1:1:
// a store-wide revision counter that every committed write bumps by one (all writes of one transaction share it),
// a per-key modification revision (etcd's mod_revision), compare-and-swap on that revision (0 = key absent), and
// prefix watches that deliver changes in commit order.

import { ShoalError } from '../../proto/errors.ts'

/** A stored key with its value and modification revision (the store revision of the write that set it). */
export interface Entry {
  key: string
  value: Uint8Array
  revision: number
}

export type Op = { type: 'put'; key: string; value: Uint8Array } | { type: 'delete'; key: string }

/** Holds when the key's modification revision equals `revision`; revision 0 means the key must not exist. */
export interface Compare {
  key: string
  revision: number
}

export interface TxnRequest {
  compare: Compare[]
  success: Op[]
  failure?: Op[] | undefined
  /**
   * The fence of a leader-only write: compares that must all hold for the transaction to run at all, whichever
   * branch. When one fails nothing is written (not even `failure`) and txn rejects with NOT_LEADER.
   */
  guard?: Compare[] | undefined
}

/** `revision` is the store revision after the transaction: the new one if it wrote, else the current one. */
export interface TxnResult {
  succeeded: boolean
  revision: number
}

export type WatchEvent =
  | { type: 'put'; key: string; value: Uint8Array; revision: number }
  | { type: 'delete'; key: string; revision: number }

/** Called once per event, in commit order; the next call waits until a returned promise settles. */
export type WatchHandler = (event: WatchEvent) => void | Promise<void>

export interface OpOptions {
  signal?: AbortSignal | undefined
}

export interface ListOptions extends OpOptions {
  /** At most this many entries (a positive integer); all when absent. */
  limit?: number | undefined
}

export interface WatchOptions {
  /** Ends the watch; no handler call starts after it aborts. */
  signal?: AbortSignal | undefined
  /**
   * Called once when the watch ends for any reason other than the signal: the store closed, the backend lost the
   * stream, or the handler threw (that error is passed). No events follow, so a consumer re-lists and re-watches.
   */
  onError?: ((err: Error) => void) | undefined
}

/**
 * Keys are non-empty strings with `/`-separated prefixes (`hosts/<id>`), ordered by their UTF-8 bytes. Values are
 * opaque bytes. Operations on a closed store reject with UNAVAILABLE; an aborted signal rejects with its reason
 * before anything is written.
 */
export interface Store {
  get(key: string, options?: OpOptions): Promise<Entry | undefined>
  /** Resolves to the new revision. */
  put(key: string, value: Uint8Array, options?: OpOptions): Promise<number>
  /** Resolves to whether the key existed; deleting an absent key writes nothing and keeps the revision. */
  delete(key: string, options?: OpOptions): Promise<boolean>
  /** Entries whose key starts with `prefix` (plain string prefix: `hosts/` does not match `host`), sorted by key. */
  list(prefix: string, options?: ListOptions): Promise<Entry[]>
  /** Atomically: if every compare holds, apply `success`, else `failure`. A key may appear once per branch. */
  txn(request: TxnRequest, options?: OpOptions): Promise<TxnResult>
  /**
   * Delivers changes to keys under `prefix` committed after the returned promise resolves. To follow a prefix
   * without gaps, watch first, then list, and ignore events whose revision is not above the listed entry's.
   */
  watch(prefix: string, handler: WatchHandler, options?: WatchOptions): Promise<void>
  /** Waits for writes in flight, ends every watch (onError gets UNAVAILABLE) and releases the backend. */
  close(): Promise<void>
}

export interface JsonEntry<T> {
  key: string
  value: T
  revision: number
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value))
}

export function decodeJson<T>(key: string, bytes: Uint8Array): T {
  try {
    return JSON.parse(decoder.decode(bytes)) as T
  } catch (err) {
    throw new ShoalError('INTERNAL', `Cannot read key "${key}": its value is not valid JSON`, { cause: err })
  }
}

export async function getJson<T>(store: Store, key: string, options?: OpOptions): Promise<JsonEntry<T> | undefined> {
  const entry = await store.get(key, options)
  return entry === undefined ? undefined : { key, value: decodeJson<T>(key, entry.value), revision: entry.revision }
}

export function putJson(store: Store, key: string, value: unknown, options?: OpOptions): Promise<number> {
  return store.put(key, encodeJson(value), options)
}

export async function listJson<T>(store: Store, prefix: string, options?: ListOptions): Promise<JsonEntry<T>[]> {
  const entries = await store.list(prefix, options)
  return entries.map((e) => ({ key: e.key, value: decodeJson<T>(e.key, e.value), revision: e.revision }))
}

export interface CasOptions extends OpOptions {
  /** Attempts after the first when another writer got in between; default 16. */
  retries?: number | undefined
}

export interface CasResult<T> {
  /** The value now stored (undefined: the key is absent). */
  value: T | undefined
  /** The key's modification revision now (0 when absent). */
  revision: number
  changed: boolean
}

/**
 * Read-modify-write with optimistic concurrency: `update` gets the current value (undefined when absent) and returns
 * the new one, undefined to delete the key, or the very value it was given to leave the key untouched. `update`
 * may run several times and should be pure; whatever it throws propagates. Rejects with CONFLICT when every attempt
 * lost a race.
 */
export async function casJson<T>(
  store: Store,
  key: string,
  update: (old: T | undefined) => T | undefined,
  options: CasOptions = {},
): Promise<CasResult<T>> {
  const retries = options.retries ?? 16
  if (!Number.isInteger(retries) || retries < 0) {
    throw new ShoalError('INVALID_INPUT', `Cannot update key "${key}": retries must be a non-negative integer`)
  }
  const opts = { signal: options.signal }
  for (let attempt = 0; attempt <= retries; attempt++) {
    const current = await getJson<T>(store, key, opts)
    const old = current?.value
    const next = update(old)
    const revision = current?.revision ?? 0
    if (next === old) {
      return { value: old, revision, changed: false }
    }
    const op: Op = next === undefined ? { type: 'delete', key } : { type: 'put', key, value: encodeJson(next) }
    const result = await store.txn({ compare: [{ key, revision }], success: [op] }, opts)
    if (result.succeeded) {
      return { value: next, revision: next === undefined ? 0 : result.revision, changed: true }
    }
  }
  throw new ShoalError('CONFLICT', `Cannot update key "${key}": it changed concurrently ${retries + 1} times in a row`)
}
