import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatLoad, newTally, quantile, record, summarizeLoad } from '../lab/load-report.ts'

test('quantile is nearest-rank and 0 for no values', () => {
  assert.equal(quantile([], 0.5), 0)
  assert.equal(quantile([5], 0.99), 5)
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
  assert.equal(quantile(sorted, 0.5), 50)
  assert.equal(quantile(sorted, 0.99), 99)
  assert.equal(quantile(sorted, 1), 100)
})

test('a load tally counts 2xx/3xx as ok and errors, 4xx and 5xx as failed, per target', () => {
  const t = newTally(1000)
  const ok = { status: 200, headers: {}, body: 'web.1', ms: 3 }
  record(t, 'http://a', 1001, ok, 'web.1')
  record(t, 'http://b', 1002, { ...ok, body: 'web.2' }, 'web.2')
  record(t, 'http://a', 1003, { status: 302, headers: {}, body: '', ms: 1 })
  record(t, 'http://b', 1500, { status: 503, headers: {}, body: '', ms: 9 })
  record(t, 'http://b', 1600, { status: 0, headers: {}, body: '', ms: 30, error: 'ECONNREFUSED' })
  const r = summarizeLoad(t, 3000)
  assert.equal(r.requests, 5)
  assert.equal(r.ok, 3)
  assert.equal(r.failed, 2)
  assert.deepEqual(r.byStatus, { '200': 2, '302': 1, '503': 1 })
  assert.deepEqual(r.byError, { ECONNREFUSED: 1 })
  assert.deepEqual(r.perTarget, { 'http://a': { requests: 2, failed: 0 }, 'http://b': { requests: 3, failed: 2 } })
  assert.equal(r.firstFailureAt, 1500)
  assert.equal(r.lastFailureAt, 1600)
  assert.deepEqual(
    r.failures.map((f) => [f.at, f.status, f.error]),
    [
      [1500, 503, undefined],
      [1600, undefined, 'ECONNREFUSED'],
    ],
  )
  assert.deepEqual(r.tally, { 'web.1': 1, 'web.2': 1 })
  assert.equal(r.durationMs, 2000)
  assert.equal(r.rate, 2.5)
  assert.equal(r.latencyMs.max, 30)
  assert.match(formatLoad(r), /^5 requests, 2 failed \(200×2 302×1 503×1, ECONNREFUSED×1\)/)
})

test('a load with no failures has no failure times', () => {
  const t = newTally(0)
  record(t, 'http://a', 1, { status: 204, headers: {}, body: '', ms: 1 })
  const r = summarizeLoad(t, 0)
  assert.equal(r.failed, 0)
  assert.equal(r.firstFailureAt, undefined)
  assert.equal(r.rate, 0)
})
