// The embedded backends' transaction core: which keys a transaction reads before it writes. Only compared, guarded
// and deleted keys are read: a put's outcome does not depend on what it replaces, and a new leader's first round
// puts ~100k assignments in one transaction.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { evaluateTxn, txnKeys } from '../../controller/store/txn-outcome.ts'

const bytes = new Uint8Array([1])

it('reads the compared, guarded and deleted keys of a transaction, never the put ones', () => {
  const request = {
    compare: [{ key: 'apps/a', revision: 3 }],
    guard: [{ key: 'leader', revision: 7 }],
    success: [
      { type: 'put' as const, key: 'assignments/a/1', value: bytes },
      { type: 'delete' as const, key: 'assignments/a/0' },
    ],
    failure: [{ type: 'delete' as const, key: 'assignments/a/9' }],
  }
  assert.deepEqual(txnKeys(request).sort(), ['apps/a', 'assignments/a/0', 'assignments/a/9', 'leader'])
  const read: string[] = []
  const outcome = evaluateTxn(
    request,
    (key) => {
      read.push(key)
      return { 'apps/a': 3, leader: 7, 'assignments/a/0': 2 }[key] ?? 0
    },
    10,
  )
  assert.ok(
    read.every((k) => txnKeys(request).includes(k)),
    `read ${read.join(' ')}`,
  )
  assert.deepEqual(
    outcome.events.map((e) => `${e.type} ${e.key} ${e.revision}`),
    ['put assignments/a/1 11', 'delete assignments/a/0 11'],
  )
  assert.throws(
    () =>
      txnKeys({
        compare: [],
        success: [
          { type: 'put', key: 'k', value: bytes },
          { type: 'put', key: 'k', value: bytes },
        ],
      }),
    /appears twice/,
  )
})
