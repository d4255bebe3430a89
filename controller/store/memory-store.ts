// A Store kept in a Map: the same semantics as the embedded and etcd backends (the contract suite proves it), for
// unit tests of the components that sit on a store.

import { type Logger, silentLogger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import { checkKey, checkLimit, checkPrefix, compareKeys } from './keys.ts'
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

interface Slot {
  value: Uint8Array
  revision: number
}

export interface MemoryStoreOptions {
  logger?: Logger | undefined
}

export class MemoryStore implements Store {
  readonly #data = new Map<string, Slot>()
  readonly #hub: WatchHub
  #revision = 0
  #closed = false

  constructor(options: MemoryStoreOptions = {}) {
    this.#hub = new WatchHub(options.logger ?? silentLogger)
  }

  async get(key: string, options: OpOptions = {}): Promise<Entry | undefined> {
    this.#ready(`read key "${key}"`, options.signal)
    checkKey(key, 'read a key')
    const slot = this.#data.get(key)
    return slot === undefined ? undefined : { key, value: new Uint8Array(slot.value), revision: slot.revision }
  }

  async put(key: string, value: Uint8Array, options: OpOptions = {}): Promise<number> {
    checkKey(key, 'write a key')
    return this.#apply({ compare: [], success: [{ type: 'put', key, value }] }, `write key "${key}"`, options.signal)
      .revision
  }

  async delete(key: string, options: OpOptions = {}): Promise<boolean> {
    checkKey(key, 'delete a key')
    return (
      this.#apply({ compare: [], success: [{ type: 'delete', key }] }, `delete key "${key}"`, options.signal).events
        .length > 0
    )
  }

  async list(prefix: string, options: ListOptions = {}): Promise<Entry[]> {
    this.#ready(`list prefix "${prefix}"`, options.signal)
    checkPrefix(prefix, 'list keys')
    const limit = checkLimit(options.limit)
    const keys = [...this.#data.keys()].filter((k) => k.startsWith(prefix)).sort(compareKeys)
    return keys.slice(0, limit).map((key) => {
      const slot = this.#data.get(key)!
      return { key, value: new Uint8Array(slot.value), revision: slot.revision }
    })
  }

  async txn(request: TxnRequest, options: OpOptions = {}): Promise<TxnResult> {
    const plan = this.#apply(request, 'run transaction', options.signal)
    return { succeeded: plan.succeeded, revision: plan.revision }
  }

  async watch(prefix: string, handler: WatchHandler, options: WatchOptions = {}): Promise<void> {
    this.#ready(`watch prefix "${prefix}"`, options.signal)
    checkPrefix(prefix, 'watch keys')
    this.#hub.add(prefix, handler, options, this.#revision)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#hub.endAll(new ShoalError('UNAVAILABLE', 'Watch ended: the store was closed'))
  }

  // Synchronous from check to publish, so no other call can interleave: that is the atomicity.
  #apply(request: TxnRequest, action: string, signal: AbortSignal | undefined): TxnOutcome {
    this.#ready(action, signal)
    txnKeys(request)
    const plan = evaluateTxn(request, (key) => this.#data.get(key)?.revision ?? 0, this.#revision)
    for (const e of plan.events) {
      if (e.type === 'put') this.#data.set(e.key, { value: e.value, revision: e.revision })
      else this.#data.delete(e.key)
    }
    this.#revision = plan.revision
    this.#hub.publish(plan.events)
    return plan
  }

  #ready(action: string, signal: AbortSignal | undefined): void {
    signal?.throwIfAborted()
    if (this.#closed) throw new ShoalError('UNAVAILABLE', `Cannot ${action}: the store is closed`)
  }
}
