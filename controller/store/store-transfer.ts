// Moving a cluster's desired state between stores (one controller on level → controllers on etcd): a dump is JSON
// lines, a header then one `{ key, value }` per key with the value in base64, so any bytes survive. An import goes
// only into an empty store and writes in transactions of at most 100 keys (etcd refuses more than 128 operations
// in one). `cluster/epoch` travels with the rest, and the etcd election counts its epochs above it, so agents that
// obeyed the single controller keep accepting the new leader.

import { ShoalError } from '../../proto/errors.ts'
import type { Op, Store } from './store.ts'

export const DUMP_FORMAT = 'shoal-store-dump'
const BATCH = 100

interface DumpHeader {
  format: typeof DUMP_FORMAT
  version: 1
  keys: number
  exportedAt: string
}

/** Every key of `store` as dump lines (header first), each ending in a newline. */
export async function exportStore(store: Store, now: Date = new Date()): Promise<string[]> {
  const entries = await store.list('')
  const header: DumpHeader = { format: DUMP_FORMAT, version: 1, keys: entries.length, exportedAt: now.toISOString() }
  return [
    `${JSON.stringify(header)}\n`,
    ...entries.map((e) => `${JSON.stringify({ key: e.key, value: Buffer.from(e.value).toString('base64') })}\n`),
  ]
}

/** Writes a dump into `store`, which must be empty; resolves to the number of keys written. */
export async function importStore(store: Store, dump: string): Promise<number> {
  const lines = dump.split('\n').filter((l) => l.trim() !== '')
  const header = parseLine<Partial<DumpHeader>>(lines[0], 1)
  if (header.format !== DUMP_FORMAT || header.version !== 1) {
    throw new ShoalError('INVALID_INPUT', 'Cannot import the store: the input is not a shoal store dump (version 1)')
  }
  const ops: Op[] = lines.slice(1).map((line, i) => {
    const row = parseLine<{ key?: unknown; value?: unknown }>(line, i + 2)
    if (typeof row.key !== 'string' || row.key === '' || typeof row.value !== 'string') {
      throw new ShoalError('INVALID_INPUT', `Cannot import the store: line ${i + 2} is not { key, value }`)
    }
    return { type: 'put', key: row.key, value: new Uint8Array(Buffer.from(row.value, 'base64')) }
  })
  if (header.keys !== ops.length) {
    throw new ShoalError(
      'INVALID_INPUT',
      `Cannot import the store: the dump announces ${header.keys} keys but holds ${ops.length} (truncated?)`,
    )
  }
  const existing = await store.list('', { limit: 1 })
  if (existing.length > 0) {
    throw new ShoalError(
      'CONFLICT',
      `Cannot import the store: the target already holds keys (first: "${existing[0]?.key}"); import into an empty store`,
    )
  }
  for (let i = 0; i < ops.length; i += BATCH) {
    const batch = ops.slice(i, i + BATCH)
    // Each key must still be absent: two imports racing into one store cannot interleave silently.
    const result = await store.txn({ compare: batch.map((op) => ({ key: op.key, revision: 0 })), success: batch })
    if (!result.succeeded) {
      throw new ShoalError('CONFLICT', 'Cannot import the store: another writer added keys during the import')
    }
  }
  return ops.length
}

function parseLine<T>(line: string | undefined, n: number): T {
  try {
    const value: unknown = JSON.parse(line ?? '')
    if (value === null || typeof value !== 'object') throw new Error('not an object')
    return value as T
  } catch {
    throw new ShoalError('INVALID_INPUT', `Cannot import the store: line ${n} is not JSON`)
  }
}
