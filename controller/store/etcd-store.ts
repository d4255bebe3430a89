// The Store over etcd v3, for controllers that share state: store revisions are etcd's revisions, a transaction is
// one etcd Txn comparing mod_revision (0 = absent, as etcd compares a missing key), and watches are etcd watches
// that resume at the last delivered revision after a dropped stream and re-list after a compaction (etcd-watch.ts).
// Every key lives under the connection's prefix. A call that etcd cannot answer in time (member down, no quorum)
// rejects with UNAVAILABLE; nothing is retried by the client library, so a transaction never applies twice.

import type { Etcd3, IKeyValue, Namespace } from 'etcd3'
import { type Logger, silentLogger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import { DEFAULT_REQUEST_TIMEOUT_MS, type EtcdConnection, openEtcd } from './etcd-connection.ts'
import { type EtcdStoreMetrics, noEtcdMetrics } from './etcd-metrics.ts'
import { EtcdWatch } from './etcd-watch.ts'
import { checkKey, checkLimit, checkPrefix } from './keys.ts'
import type {
  Compare,
  Entry,
  ListOptions,
  Op,
  OpOptions,
  Store,
  TxnRequest,
  TxnResult,
  WatchHandler,
  WatchOptions,
} from './store.ts'
import { fencedError, txnKeys } from './txn-outcome.ts'

export interface EtcdStoreOptions {
  logger?: Logger | undefined
  metrics?: EtcdStoreMetrics | undefined
}

const encoder = new TextEncoder()
/** Failures that prove the request never reached a member, so even a write may go to the next one. */
const NOT_SENT = /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|No connection established|circuit breaker is open/i
const decoder = new TextDecoder()

export class EtcdStore implements Store {
  readonly #client: Etcd3
  readonly #ns: Namespace
  readonly #prefix: Buffer
  readonly #logger: Logger
  readonly #metrics: EtcdStoreMetrics
  readonly #watches = new Set<EtcdWatch>()
  readonly #inflight = new Set<Promise<unknown>>()
  readonly #attempts: number
  readonly #requestTimeoutMs: number
  #closed = false
  #closing: Promise<void> | undefined

  private constructor(client: Etcd3, connection: EtcdConnection, options: EtcdStoreOptions) {
    this.#client = client
    this.#attempts = connection.endpoints.length + 2
    this.#requestTimeoutMs = connection.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
    // The namespace only hosts the raw KV / Watch clients; keys are prefixed here, explicitly.
    this.#ns = client
    this.#prefix = Buffer.from(connection.prefix)
    this.#logger = options.logger ?? silentLogger
    this.#metrics = options.metrics ?? noEtcdMetrics
  }

  /** Connects and checks that etcd answers (rejects with UNAVAILABLE when it does not). */
  static async open(connection: EtcdConnection, options: EtcdStoreOptions = {}): Promise<EtcdStore> {
    const client = openEtcd(connection)
    const store = new EtcdStore(client, connection, options)
    try {
      await store.revision()
    } catch (err) {
      client.close()
      throw err
    }
    return store
  }

  /** The etcd client, shared with the election so both use one connection pool. */
  get client(): Etcd3 {
    return this.#client
  }

  /** The etcd key of a store key (for the election, whose keys live beside the store's). */
  etcdKey(key: string): Buffer {
    return Buffer.concat([this.#prefix, Buffer.from(key)])
  }

  /** The current store revision (a read; it needs a reachable etcd with quorum). */
  async revision(options: OpOptions = {}): Promise<number> {
    this.#ready('read the store revision', options.signal)
    const res = await this.#call('range', 'read the store revision', () =>
      this.#ns.kv.range({ key: this.etcdKey('\0'), count_only: true }),
    )
    return Number(res.header.revision)
  }

  async get(key: string, options: OpOptions = {}): Promise<Entry | undefined> {
    this.#ready(`read key "${key}"`, options.signal)
    checkKey(key, 'read a key')
    const res = await this.#call('range', `read key "${key}"`, () => this.#ns.kv.range({ key: this.etcdKey(key) }))
    const kv = res.kvs[0]
    return kv === undefined ? undefined : this.#entry(kv)
  }

  async put(key: string, value: Uint8Array, options: OpOptions = {}): Promise<number> {
    this.#ready(`write key "${key}"`, options.signal)
    checkKey(key, 'write a key')
    const res = await this.#write('put', `write key "${key}"`, () =>
      this.#ns.kv.put({ key: this.etcdKey(key), value: Buffer.from(value) }),
    )
    return Number(res.header.revision)
  }

  async delete(key: string, options: OpOptions = {}): Promise<boolean> {
    this.#ready(`delete key "${key}"`, options.signal)
    checkKey(key, 'delete a key')
    const res = await this.#write('delete', `delete key "${key}"`, () =>
      this.#ns.kv.deleteRange({ key: this.etcdKey(key) }),
    )
    return Number(res.deleted) > 0
  }

  async list(prefix: string, options: ListOptions = {}): Promise<Entry[]> {
    this.#ready(`list prefix "${prefix}"`, options.signal)
    checkPrefix(prefix, 'list keys')
    const limit = checkLimit(options.limit)
    return (await this.#rangeAll(prefix, limit)).entries
  }

  /** The entries under `prefix` and the revision they were read at (what a watch resumes after). */
  async snapshot(prefix: string): Promise<{ entries: Entry[]; revision: number }> {
    return this.#rangeAll(prefix, undefined)
  }

  /**
   * Every entry under `prefix` (up to `limit`), read in pages of LIST_PAGE keys all pinned at the first page's
   * revision: one consistent view, and no single gRPC answer grows past the client's receive cap however many
   * releases or config versions the prefix holds (one answer of 5.9 MB over gRPC's default 4 MiB made a restarted
   * controller unable to load; 200 releases of 40 KB in one page did again, hence the raised cap too).
   */
  async #rangeAll(prefix: string, limit: number | undefined): Promise<{ entries: Entry[]; revision: number }> {
    const start = this.etcdKey(prefix)
    const end = prefixEnd(start)
    const entries: Entry[] = []
    let from = start
    let revision: number | undefined
    for (;;) {
      const want = limit === undefined ? LIST_PAGE : Math.min(LIST_PAGE, limit - entries.length)
      const at = revision
      const res = await this.#call('range', `list prefix "${prefix}"`, () =>
        this.#ns.kv.range({ key: from, range_end: end, limit: want, ...(at === undefined ? {} : { revision: at }) }),
      )
      revision ??= Number(res.header.revision)
      for (const kv of res.kvs) entries.push(this.#entry(kv))
      const last = res.kvs.at(-1)
      if (!res.more || last === undefined || (limit !== undefined && entries.length >= limit)) break
      from = Buffer.concat([last.key, Buffer.from([0])])
    }
    return { entries, revision }
  }

  async txn(request: TxnRequest, options: OpOptions = {}): Promise<TxnResult> {
    this.#ready('run transaction', options.signal)
    txnKeys(request)
    const ops = (list: Op[]) =>
      list.map((op) =>
        op.type === 'put'
          ? { request_put: { key: this.etcdKey(op.key), value: Buffer.from(op.value) } }
          : { request_delete_range: { key: this.etcdKey(op.key) } },
      )
    const compares = (list: Compare[]) =>
      list.map((c) => ({
        key: this.etcdKey(c.key),
        target: 'Mod' as const,
        result: 'Equal' as const,
        mod_revision: c.revision,
      }))
    const inner = {
      compare: compares(request.compare),
      success: ops(request.success),
      failure: ops(request.failure ?? []),
    }
    const guard = request.guard ?? []
    if (guard.length > 0) {
      // The fence wraps the whole transaction: etcd runs the inner one only if every guard holds.
      const res = await this.#write('txn', 'run transaction', () =>
        this.#ns.kv.txn({ compare: compares(guard), success: [{ request_txn: inner }], failure: [] }),
      )
      if (!res.succeeded) throw fencedError(guard.map((g) => g.key).join(', '))
      const nested = res.responses[0]?.response_txn
      return { succeeded: nested?.succeeded ?? false, revision: Number(res.header.revision) }
    }
    const res = await this.#write('txn', 'run transaction', () => this.#ns.kv.txn(inner))
    return { succeeded: res.succeeded, revision: Number(res.header.revision) }
  }

  async watch(prefix: string, handler: WatchHandler, options: WatchOptions = {}): Promise<void> {
    this.#ready(`watch prefix "${prefix}"`, options.signal)
    checkPrefix(prefix, 'watch keys')
    const watch = new EtcdWatch({
      store: this,
      prefix,
      handler,
      onError: options.onError,
      logger: this.#logger,
      metrics: this.#metrics,
      onEnd: () => this.#watches.delete(watch),
      createTimeoutMs: this.#requestTimeoutMs,
    })
    this.#watches.add(watch)
    const signal = options.signal
    const onAbort = (): void => watch.stop()
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      await watch.start()
    } catch (err) {
      signal?.removeEventListener('abort', onAbort)
      watch.stop()
      // Closed while starting: the watch already ended, and its onError heard UNAVAILABLE.
      if (this.#closed) return
      throw err
    }
    // A close that raced the start ends the watch now rather than leaving it open on a closed client.
    if (this.#closed) watch.end(closedError('watch keys'))
  }

  /** Opens a raw etcd watch stream (one per watch: a stuck handler delays only its own). */
  openWatchStream() {
    return this.#ns.watchClient.watch()
  }

  close(): Promise<void> {
    this.#closing ??= this.#close()
    return this.#closing
  }

  get closed(): boolean {
    return this.#closed
  }

  async #close(): Promise<void> {
    this.#closed = true
    await Promise.allSettled([...this.#inflight])
    for (const w of [...this.#watches]) w.end(closedError('watch keys'))
    await Promise.allSettled([...this.#watches].map((w) => w.ended))
    this.#client.close()
  }

  #entry(kv: IKeyValue): Entry {
    const key = decoder.decode(kv.key.subarray(this.#prefix.length))
    return { key, value: new Uint8Array(kv.value), revision: Number(kv.mod_revision) }
  }

  /** Turns an etcd key under this store's prefix back into a store key. */
  storeKey(etcdKey: Buffer): string {
    return decoder.decode(etcdKey.subarray(this.#prefix.length))
  }

  #write<T>(op: string, action: string, fn: () => Promise<T>): Promise<T> {
    const p = this.#call(op, action, fn)
    this.#inflight.add(p)
    void p.then(
      () => this.#inflight.delete(p),
      () => this.#inflight.delete(p),
    )
    return p
  }

  /**
   * Runs one request, trying other members when one is unreachable: a read may always be repeated; a write only
   * when it surely never reached a member (refused connection, open circuit breaker), since a repeated transaction
   * could apply twice.
   */
  async #call<T>(op: string, action: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now()
    let attempt = 0
    for (;;) {
      try {
        const result = await fn()
        this.#metrics.observe(op, (performance.now() - started) / 1000, false)
        return result
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err)
        const repeatable = op === 'range' ? !/deadline|timed out/i.test(why) : NOT_SENT.test(why)
        if (repeatable && ++attempt < this.#attempts && !this.#closed) continue
        this.#metrics.observe(op, (performance.now() - started) / 1000, true)
        if (err instanceof ShoalError) throw err
        this.#logger.debug({ err: why, op }, 'etcd request failed')
        throw new ShoalError('UNAVAILABLE', `Cannot ${action}: etcd did not answer (${why})`, { cause: err })
      }
    }
  }

  #ready(action: string, signal: AbortSignal | undefined): void {
    signal?.throwIfAborted()
    if (this.#closed) throw closedError(action)
  }
}

function closedError(action: string): ShoalError {
  return new ShoalError('UNAVAILABLE', `Cannot ${action}: the store is closed`)
}

/**
 * Keys per range call when listing a prefix (see #rangeAll): at etcd's default 1.5 MiB cap per value, a page is at
 * most 96 MiB, within the client's receive cap (MAX_RECEIVE_BYTES in etcd-connection.ts).
 */
const LIST_PAGE = 64

/** The smallest key above every key that starts with `start`; UTF-8 has no 0xff byte, so the last byte can rise. */
function prefixEnd(start: Buffer): Buffer {
  if (start.length === 0) return Buffer.from([0])
  const end = Buffer.from(start)
  end[end.length - 1] = (end[end.length - 1] ?? 0) + 1
  return end
}

export { encoder as etcdKeyEncoder, prefixEnd }
