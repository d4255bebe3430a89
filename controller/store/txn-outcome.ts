// The transaction semantics shared by every in-process backend: validate, evaluate the compares against the keys'
// current revisions, and work out which writes really change something (deleting an absent key does not).

import { ShoalError } from '../../proto/errors.ts'
import { checkKey } from './keys.ts'
import type { Op, TxnRequest, WatchEvent } from './store.ts'

export interface TxnOutcome {
  succeeded: boolean
  /** The effective writes, as the events watchers will see; empty when nothing changes. */
  events: WatchEvent[]
  /** The store revision after the transaction. */
  revision: number
}

/**
 * Validates the request and returns every key whose current revision evaluateTxn will ask for: the compared and
 * guarded keys and the deleted ones. A put's outcome does not depend on what it replaces, so its key is not read (a
 * new leader's first round writes ~100k assignments in one transaction).
 */
export function txnKeys(request: TxnRequest): string[] {
  if (request === null || typeof request !== 'object' || !Array.isArray(request.compare)) {
    throw new ShoalError('INVALID_INPUT', 'Cannot run transaction: compare must be an array')
  }
  const keys = new Set<string>()
  if (request.guard !== undefined && !Array.isArray(request.guard)) {
    throw new ShoalError('INVALID_INPUT', 'Cannot run transaction: guard must be an array')
  }
  for (const c of [...request.compare, ...(request.guard ?? [])]) {
    checkKey(c?.key, 'run transaction')
    if (!Number.isSafeInteger(c.revision) || c.revision < 0) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot run transaction: compare on "${c.key}" needs a non-negative integer revision`,
      )
    }
    keys.add(c.key)
  }
  for (const key of checkOps(request.success, 'success')) keys.add(key)
  for (const key of checkOps(request.failure ?? [], 'failure')) keys.add(key)
  return [...keys]
}

/** Validates one branch; returns its deleted keys. */
function checkOps(ops: Op[], branch: string): string[] {
  if (!Array.isArray(ops)) throw new ShoalError('INVALID_INPUT', `Cannot run transaction: ${branch} must be an array`)
  const seen = new Set<string>()
  const deleted: string[] = []
  for (const op of ops) {
    const key = op?.key
    checkKey(key, 'run transaction')
    if (op.type === 'put') {
      if (!(op.value instanceof Uint8Array)) {
        throw new ShoalError('INVALID_INPUT', `Cannot run transaction: the value for "${key}" is not a Uint8Array`)
      }
    } else if (op.type === 'delete') {
      deleted.push(key)
    } else {
      throw new ShoalError('INVALID_INPUT', `Cannot run transaction: unknown operation on "${key}"`)
    }
    // etcd refuses a key twice in one branch; refusing it here too keeps the backends interchangeable.
    if (seen.has(key)) {
      throw new ShoalError('INVALID_INPUT', `Cannot run transaction: key "${key}" appears twice in ${branch}`)
    }
    seen.add(key)
  }
  return deleted
}

/**
 * `revisionOf` answers the current modification revision of each key txnKeys returned (0 when absent); `current` is
 * the store revision. Put values are copied so later changes by the caller cannot reach the store.
 */
export function evaluateTxn(request: TxnRequest, revisionOf: (key: string) => number, current: number): TxnOutcome {
  const fence = (request.guard ?? []).find((c) => revisionOf(c.key) !== c.revision)
  if (fence !== undefined) throw fencedError(fence.key)
  const succeeded = request.compare.every((c) => revisionOf(c.key) === c.revision)
  const ops = succeeded ? request.success : (request.failure ?? [])
  const next = current + 1
  const events: WatchEvent[] = []
  for (const op of ops) {
    if (op.type === 'put') events.push({ type: 'put', key: op.key, value: new Uint8Array(op.value), revision: next })
    else if (revisionOf(op.key) !== 0) events.push({ type: 'delete', key: op.key, revision: next })
  }
  return { succeeded, events, revision: events.length > 0 ? next : current }
}

/** A guarded (leader-only) write whose fence no longer holds: the writer's term has ended. */
export function fencedError(key: string): ShoalError {
  return new ShoalError('NOT_LEADER', `Cannot write: this controller's leadership ended (fence "${key}" moved)`)
}
