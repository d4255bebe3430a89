// Config vars sealed at rest: a Store decorator that seals the `config` values of release records (and the `env` of
// one-off records) on every write
// (put, txn) and opens them on every read (get, list, watch) with lib/secret-box.ts, so the store (a level
// directory, etcd) never holds a plaintext config var, while every other part of the controller keeps reading and
// writing plain records. Each value is bound to its key and name (a sealed value copied elsewhere fails to open).
// Values found in plaintext (a store from before sealing) are read as they are and re-sealed by sealPlaintext().

import { isSealed, type Keyring, open, seal, sealedWith } from '../../lib/secret-box.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { Entry, Op, Store, TxnRequest, WatchEvent } from './store.ts'

export type SealedField = 'config' | 'env' | 'response'

/**
 * Which field of which records holds secrets: a release's config vars, a one-off's `shoal run -e` environment, the
 * answer kept for an idempotency key (it may list config vars).
 */
export const SEALED_FIELDS: ReadonlyArray<{ prefix: string; field: SealedField }> = [
  { prefix: 'releases/', field: 'config' },
  { prefix: 'oneoffs/', field: 'env' },
  { prefix: 'idempotency/', field: 'response' },
]
export const SEALED_PREFIXES = SEALED_FIELDS.map((f) => f.prefix)

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

const fieldOf = (key: string): SealedField | undefined => SEALED_FIELDS.find((f) => key.startsWith(f.prefix))?.field
const context = (key: string, name: string): string => `${key}\n${name}`

type Record_ = Record<string, unknown>

function parse(key: string, bytes: Uint8Array): Record_ | undefined {
  try {
    const v = JSON.parse(decoder.decode(bytes)) as unknown
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record_) : undefined
  } catch {
    throw new ShoalError('INTERNAL', `Cannot read key "${key}": its value is not valid JSON`)
  }
}

/** Rewrites each config value with `f`; the same bytes back when there is no config. */
function mapConfig(key: string, bytes: Uint8Array, f: (name: string, value: string) => string): Uint8Array {
  const field = fieldOf(key)
  if (field === undefined) return bytes
  const record = parse(key, bytes)
  const values = secretsOf(record, field)
  if (values === undefined) return bytes
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(values)) out[name] = f(name, String(value))
  return encoder.encode(JSON.stringify({ ...record, [field]: out }))
}

function secretsOf(record: Record_ | undefined, field: SealedField): Record<string, unknown> | undefined {
  const v = record?.[field]
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
}

export function sealRecord(keyring: Keyring, key: string, bytes: Uint8Array): Uint8Array {
  return mapConfig(key, bytes, (name, v) => (isSealed(v) ? v : seal(keyring, v, context(key, name))))
}

export function openRecord(keyring: Keyring, key: string, bytes: Uint8Array): Uint8Array {
  return mapConfig(key, bytes, (name, v) => {
    if (!isSealed(v)) return v
    try {
      return open(keyring, v, context(key, name))
    } catch (err) {
      throw new ShoalError('SECRET_UNREADABLE', `Cannot read config var ${name} of ${key}: ${(err as Error).message}`)
    }
  })
}

export function sealingStore(inner: Store, keyring: () => Keyring): Store {
  const sealOp = (op: Op): Op => (op.type === 'put' ? { ...op, value: sealRecord(keyring(), op.key, op.value) } : op)
  const openEntry = (e: Entry): Entry => ({ ...e, value: openRecord(keyring(), e.key, e.value) })
  return {
    async get(key, options) {
      const e = await inner.get(key, options)
      return e === undefined ? undefined : openEntry(e)
    },
    put: (key, value, options) => inner.put(key, sealRecord(keyring(), key, value), options),
    delete: (key, options) => inner.delete(key, options),
    async list(prefix, options) {
      return (await inner.list(prefix, options)).map(openEntry)
    },
    txn: (request: TxnRequest, options) =>
      inner.txn(
        {
          // The guard (a leader's fence, a request's idempotency claim) passes through untouched.
          ...(request.guard === undefined ? {} : { guard: request.guard }),
          compare: request.compare,
          success: request.success.map(sealOp),
          ...(request.failure === undefined ? {} : { failure: request.failure.map(sealOp) }),
        },
        options,
      ),
    watch: (prefix, handler, options) =>
      inner.watch(
        prefix,
        (event: WatchEvent) =>
          handler(event.type === 'put' ? { ...event, value: openRecord(keyring(), event.key, event.value) } : event),
        options,
      ),
    close: () => inner.close(),
  }
}

/**
 * Seals what is still plaintext and re-seals what an older key sealed (after a rotation), each record in a
 * compare-and-swap so a concurrent write is never lost (it is retried next time). Resolves to the records rewritten.
 */
export async function sealPlaintext(inner: Store, keyring: Keyring): Promise<number> {
  let rewritten = 0
  for (const prefix of SEALED_PREFIXES) {
    for (const e of await inner.list(prefix)) {
      const record = parse(e.key, e.value)
      const values = Object.values(secretsOf(record, fieldOf(e.key) ?? 'config') ?? {}).map(String)
      if (values.every((v) => isSealed(v) && sealedWith(v) === keyring.current)) continue
      const plain = openRecord(keyring, e.key, e.value)
      const value = sealRecord(keyring, e.key, plain)
      const r = await inner.txn({
        compare: [{ key: e.key, revision: e.revision }],
        success: [{ type: 'put', key: e.key, value }],
      })
      if (r.succeeded) rewritten++
    }
  }
  return rewritten
}
