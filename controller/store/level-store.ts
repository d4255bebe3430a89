// The embedded Store: LevelDB through classic-level, for a single controller. One write at a time (a promise queue)
// makes a transaction's read-compare-write atomic against other calls in this process; each write is one LevelDB
// batch that also records the store revision, so a crash never splits a transaction and revisions keep rising
// across restarts. Watches are served in-process after each commit.
//
// A failed write (a full disk) may leave part of a record at the end of LevelDB's log. Records appended after it
// would be dropped when the log is replayed at the next open: measured, all 50 writes acknowledged after space
// returned were gone after a restart. So the next write first reopens the database (the log is replayed now, the
// partial tail dropped, a new log started), and only when the disk has room again, so reads go on meanwhile.

import { statfs } from 'node:fs/promises'
import { ClassicLevel } from 'classic-level'
import { type Logger, silentLogger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import { checkKey, checkLimit, checkPrefix } from './keys.ts'
import type {
  Entry,
  ListOptions,
  OpOptions,
  Store,
  TxnRequest,
  TxnResult,
  WatchHandler,
  WatchOptions,
} from './store.ts'
import { evaluateTxn, type TxnOutcome, txnKeys } from './txn-outcome.ts'
import { WatchHub } from './watch-hub.ts'

// Layout: `d/<key>` → [format 1][revision, float64 BE][value bytes]; `m/revision` → [revision, float64 BE].
const DATA = 'd/'
const META_REVISION = 'm/revision'
const FORMAT = 1
const HEADER = 9

/** Free space a reopen needs (a new log, a level-0 table of the memtable, the manifest) before it is tried. */
const REOPEN_FREE_BYTES = 8 * 1024 * 1024

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export interface LevelStoreOptions {
  logger?: Logger | undefined
  /** fsync every write (default true): an acknowledged change to desired state survives a power cut. */
  sync?: boolean | undefined
}

type Db = ClassicLevel<Uint8Array, Uint8Array>

export class LevelStore implements Store {
  readonly #db: Db
  readonly #hub: WatchHub
  readonly #sync: boolean
  readonly #directory: string
  #revision: number
  /** Set by a failed write: the log may end in a partial record, so the next write reopens first. */
  #damaged = false
  /** A reopen in progress: reads wait for it (the database is closed for a moment). */
  #reopening: Promise<void> | undefined
  #closed = false
  #closing: Promise<void> | undefined
  #tail: Promise<unknown> = Promise.resolve()

  private constructor(db: Db, directory: string, revision: number, options: LevelStoreOptions) {
    this.#db = db
    this.#directory = directory
    this.#revision = revision
    this.#sync = options.sync ?? true
    this.#hub = new WatchHub(options.logger ?? silentLogger)
  }

  /** Opens (creating if missing) the store in `directory`; one process at a time may hold it. */
  static async open(directory: string, options: LevelStoreOptions = {}): Promise<LevelStore> {
    const db: Db = new ClassicLevel<Uint8Array, Uint8Array>(directory, { keyEncoding: 'view', valueEncoding: 'view' })
    try {
      await db.open()
    } catch (err) {
      // abstract-level wraps the reason (LEVEL_LOCKED: another holder of the LOCK file) in LEVEL_DATABASE_NOT_OPEN.
      const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause
      const why = cause?.code === 'LEVEL_LOCKED' ? 'another process holds it' : String(cause?.message ?? err)
      throw new ShoalError('UNAVAILABLE', `Cannot open store in ${directory}: ${why}`, { cause: err })
    }
    const raw = await db.get(encoder.encode(META_REVISION))
    return new LevelStore(db, directory, raw === undefined ? 0 : readRevision(raw, 0), options)
  }

  async get(key: string, options: OpOptions = {}): Promise<Entry | undefined> {
    this.#ready(`read key "${key}"`, options.signal)
    checkKey(key, 'read a key')
    if (this.#reopening !== undefined) await this.#reopening
    const raw = await this.#db.get(dataKey(key))
    return raw === undefined ? undefined : decodeEntry(key, raw)
  }

  async put(key: string, value: Uint8Array, options: OpOptions = {}): Promise<number> {
    checkKey(key, 'write a key')
    const plan = await this.#apply(
      { compare: [], success: [{ type: 'put', key, value }] },
      `write key "${key}"`,
      options,
    )
    return plan.revision
  }

  async delete(key: string, options: OpOptions = {}): Promise<boolean> {
    checkKey(key, 'delete a key')
    const plan = await this.#apply({ compare: [], success: [{ type: 'delete', key }] }, `delete key "${key}"`, options)
    return plan.events.length > 0
  }

  async list(prefix: string, options: ListOptions = {}): Promise<Entry[]> {
    this.#ready(`list prefix "${prefix}"`, options.signal)
    checkPrefix(prefix, 'list keys')
    const limit = checkLimit(options.limit)
    if (this.#reopening !== undefined) await this.#reopening
    const start = dataKey(prefix)
    const range = { gte: start, lt: prefixEnd(start), signal: options.signal }
    const rows = await this.#db.iterator(limit === undefined ? range : { ...range, limit }).all()
    return rows.map(([k, v]) => decodeEntry(decoder.decode(k.subarray(DATA.length)), v))
  }

  async txn(request: TxnRequest, options: OpOptions = {}): Promise<TxnResult> {
    const plan = await this.#apply(request, 'run transaction', options)
    return { succeeded: plan.succeeded, revision: plan.revision }
  }

  async watch(prefix: string, handler: WatchHandler, options: WatchOptions = {}): Promise<void> {
    this.#ready(`watch prefix "${prefix}"`, options.signal)
    checkPrefix(prefix, 'watch keys')
    this.#hub.add(prefix, handler, options, this.#revision)
  }

  close(): Promise<void> {
    this.#closing ??= this.#close()
    return this.#closing
  }

  async #close(): Promise<void> {
    this.#closed = true
    await this.#tail
    this.#hub.endAll(new ShoalError('UNAVAILABLE', 'Watch ended: the store was closed'))
    await this.#db.close()
  }

  #apply(request: TxnRequest, action: string, options: OpOptions): Promise<TxnOutcome> {
    this.#ready(action, options.signal)
    const keys = txnKeys(request)
    const run = this.#tail.then(() => this.#commit(request, keys, action, options.signal))
    this.#tail = run.catch(() => {})
    return run
  }

  // Runs alone: the queue in #apply starts it only after the previous write settled.
  async #commit(
    request: TxnRequest,
    keys: string[],
    action: string,
    signal: AbortSignal | undefined,
  ): Promise<TxnOutcome> {
    // Checked again: the signal may have fired while this write waited its turn, and nothing is written yet.
    signal?.throwIfAborted()
    if (this.#damaged) await this.#reopen(action)
    const raws = keys.length === 0 ? [] : await this.#db.getMany(keys.map(dataKey))
    const revisions = new Map<string, number>()
    keys.forEach((key, i) => {
      const raw = raws[i]
      revisions.set(key, raw === undefined ? 0 : readRevision(raw, 1))
    })
    const plan = evaluateTxn(request, (key) => revisions.get(key) ?? 0, this.#revision)
    if (plan.events.length === 0) return plan
    const batch = this.#db.batch()
    for (const e of plan.events) {
      if (e.type === 'put') batch.put(dataKey(e.key), encodeValue(e.revision, e.value))
      else batch.del(dataKey(e.key))
    }
    batch.put(encoder.encode(META_REVISION), revisionBytes(plan.revision))
    try {
      await batch.write({ sync: this.#sync })
    } catch (err) {
      this.#damaged = true
      throw this.#writeError(action, err)
    }
    this.#revision = plan.revision
    this.#hub.publish(plan.events)
    return plan
  }

  /** Reopens the database after a failed write, once the disk has room for it; otherwise refuses the write. */
  async #reopen(action: string): Promise<void> {
    const fs = await statfs(this.#directory)
    if (fs.bavail * fs.bsize < REOPEN_FREE_BYTES) {
      throw new ShoalError('STORAGE_FULL', `Cannot ${action}: the disk holding the store (${this.#directory}) is full`)
    }
    this.#reopening = (async () => {
      await this.#db.close()
      await this.#db.open()
    })()
    try {
      await this.#reopening
      this.#damaged = false
    } catch (err) {
      // Closed and not open again: the next write tries once more; reads fail until then (no worse than a full disk).
      throw this.#writeError(action, err)
    } finally {
      this.#reopening = undefined
    }
  }

  #writeError(action: string, err: unknown): ShoalError {
    const text = String((err as { cause?: unknown }).cause ?? err)
    if (/No space left on device|Disk quota exceeded|ENOSPC|EDQUOT/.test(text)) {
      return new ShoalError(
        'STORAGE_FULL',
        `Cannot ${action}: the disk holding the store (${this.#directory}) is full`,
        {
          cause: err,
        },
      )
    }
    return new ShoalError('UNAVAILABLE', `Cannot ${action}: the write failed (${text})`, { cause: err })
  }

  #ready(action: string, signal: AbortSignal | undefined): void {
    signal?.throwIfAborted()
    if (this.#closed) throw new ShoalError('UNAVAILABLE', `Cannot ${action}: the store is closed`)
  }
}

function dataKey(key: string): Uint8Array {
  return encoder.encode(DATA + key)
}

/** The smallest key above every key that starts with `start`; UTF-8 has no 0xff byte, so the last byte can rise. */
function prefixEnd(start: Uint8Array): Uint8Array {
  const end = start.slice()
  end[end.length - 1] = (end[end.length - 1] ?? 0) + 1
  return end
}

function revisionBytes(revision: number): Uint8Array {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setFloat64(0, revision)
  return bytes
}

function readRevision(raw: Uint8Array, offset: number): number {
  if (raw.byteLength < offset + 8) throw corrupt('a revision is truncated')
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getFloat64(offset)
}

function encodeValue(revision: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + value.byteLength)
  out[0] = FORMAT
  new DataView(out.buffer).setFloat64(1, revision)
  out.set(value, HEADER)
  return out
}

function decodeEntry(key: string, raw: Uint8Array): Entry {
  if (raw[0] !== FORMAT) throw corrupt(`key "${key}" has unknown format ${raw[0]}`)
  // A plain Uint8Array copy, not a view into LevelDB's Buffer, whatever the caller does with it.
  return { key, value: new Uint8Array(raw.subarray(HEADER)), revision: readRevision(raw, 1) }
}

function corrupt(why: string): ShoalError {
  return new ShoalError('INTERNAL', `Cannot read the store: ${why}`)
}
