import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Lifecycle, startable, stopper } from '../../lib/lifecycle.ts'

test('starts in order and stops in reverse', async () => {
  const seen: string[] = []
  const life = new Lifecycle()
  for (const n of ['a', 'b', 'c']) {
    life.add(
      startable(
        n,
        () => void seen.push(`start ${n}`),
        () => void seen.push(`stop ${n}`),
      ),
    )
  }
  await life.start()
  assert.equal(life.running, true)
  await life.stop()
  await life.stop()
  assert.deepEqual(seen, ['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a'])
  assert.equal(life.running, false)
})

test('a failed start stops what already started and rethrows', async () => {
  const seen: string[] = []
  const life = new Lifecycle()
  life.add(stopper('db', () => void seen.push('close db')))
  life.add(
    startable('api', () => {
      throw new Error('port taken')
    }),
  )
  life.add(startable('never', () => void seen.push('never started')))
  await assert.rejects(life.start(), /port taken/)
  assert.deepEqual(seen, ['close db'])
})

test('a stop error is reported and the rest still stop', async () => {
  const errors: string[] = []
  const seen: string[] = []
  const life = new Lifecycle({ onStopError: (err, name) => errors.push(`${name}: ${String(err)}`) })
  life.add(stopper('first', () => void seen.push('first')))
  life.add(
    stopper('broken', () => {
      throw new Error('boom')
    }),
  )
  await life.start()
  await life.stop()
  assert.deepEqual(seen, ['first'])
  assert.deepEqual(errors, ['broken: Error: boom'])
})

test('can be started again after a stop (leadership regained)', async () => {
  let starts = 0
  let signal: AbortSignal | undefined
  const life = new Lifecycle()
  life.add(
    startable('loop', (s) => {
      starts++
      signal = s
    }),
  )
  await life.start()
  const first = signal
  await life.stop()
  assert.equal(first?.aborted, true)
  await life.start()
  assert.equal(starts, 2)
  assert.equal(signal?.aborted, false)
})
