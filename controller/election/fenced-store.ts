// The store as leader-only components see it: reads pass through; every write is a transaction guarded by the
// current term's fence (the leader key at the revision the term began), so a write a deposed leader sends late —
// after a pause, a partition, or while its step-down is in flight — is refused by the store with NOT_LEADER and
// changes nothing. Without a term (`fence()` undefined) writes are refused at once.

import { ShoalError } from '../../proto/errors.ts'
import type { Compare, OpOptions, Store, TxnRequest, TxnResult } from '../store/store.ts'

export function fencedStore(store: Store, fence: () => Compare | undefined): Store {
  const guard = (action: string): Compare[] => {
    const f = fence()
    if (f === undefined) throw new ShoalError('NOT_LEADER', `Cannot ${action}: this controller is not the leader`)
    return [f]
  }
  return {
    get: (key, options) => store.get(key, options),
    list: (prefix, options) => store.list(prefix, options),
    watch: (prefix, handler, options) => store.watch(prefix, handler, options),
    close: () => store.close(),
    async put(key: string, value: Uint8Array, options?: OpOptions): Promise<number> {
      const request = {
        guard: guard(`write key "${key}"`),
        compare: [],
        success: [{ type: 'put' as const, key, value }],
      }
      return (await store.txn(request, options)).revision
    },
    async delete(key: string, options?: OpOptions): Promise<boolean> {
      for (;;) {
        const g = guard(`delete key "${key}"`)
        const entry = await store.get(key, options)
        if (entry === undefined) return false
        const result = await store.txn(
          { guard: g, compare: [{ key, revision: entry.revision }], success: [{ type: 'delete', key }] },
          options,
        )
        if (result.succeeded) return true
      }
    },
    txn(request: TxnRequest, options?: OpOptions): Promise<TxnResult> {
      return store.txn({ ...request, guard: [...(request.guard ?? []), ...guard('run transaction')] }, options)
    },
  }
}
