import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MetricsHistory } from '../../controller/dashboard/metrics-history.ts'
import { ManualClock } from '../../lib/clock.ts'

const MB = 1024 * 1024

test('dyno charts: per bucket, mean and max memory per dyno against the quota, and CPU load', () => {
  const clock = new ManualClock(1_000_000)
  const h = new MetricsHistory({ clock })
  const quota = 512 * MB
  // two hosts report in the same 5 s bucket; a dyno reported twice counts once (its latest reading)
  h.recordDynos([
    { id: 'a', app: 'hello', memoryBytes: 100 * MB, memoryQuotaBytes: quota, cpuLoad: 0.2 },
    { id: 'x', app: 'other', memoryBytes: 10 * MB, memoryQuotaBytes: quota, cpuLoad: 0 },
  ])
  h.recordDynos([
    { id: 'b', app: 'hello', memoryBytes: 300 * MB, memoryQuotaBytes: quota, cpuLoad: 1 },
    { id: 'c', app: 'hello', state: 1 }, // starting: no reading yet, not charted
  ])
  h.recordDynos([{ id: 'a', app: 'hello', memoryBytes: 200 * MB, memoryQuotaBytes: quota, cpuLoad: 0.5 }])
  clock.advance(5000)
  h.recordDynos([{ id: 'a', app: 'hello', memoryBytes: 50 * MB, memoryQuotaBytes: quota, cpuLoad: 0 }])
  assert.deepEqual(h.dynoPoints('hello'), [
    { t: 1000, dynos: 2, memoryMeanMb: 250, memoryMaxMb: 300, memoryQuotaMb: 512, loadMean: 0.75, loadMax: 1 },
    { t: 1005, dynos: 1, memoryMeanMb: 50, memoryMaxMb: 50, memoryQuotaMb: 512, loadMean: 0, loadMax: 0 },
  ])
  assert.equal(h.dynoPoints('other').length, 1)
  h.drop('hello')
  assert.deepEqual(h.dynoPoints('hello'), [])
})
