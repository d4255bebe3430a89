import assert from 'node:assert/strict'
import { test } from 'node:test'
import { waitForEngine } from '../../agent/docker/engine-wait.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { settle } from '../helpers/dyno-fake-docker.ts'

/** A ping that fails until `answersAt` pings have been made. */
function engine(answersAt: number) {
  let pings = 0
  return {
    get pings() {
      return pings
    },
    ping: async () => {
      pings++
      if (pings < answersAt) throw new Error('connect ENOENT /var/run/docker.sock')
    },
  }
}

test('waits for an engine that is not up yet, backing off, and resolves once it answers', async () => {
  const clock = new ManualClock()
  const docker = engine(4)
  let done = false
  const waiting = waitForEngine({ docker, clock, logger: silentLogger, signal: new AbortController().signal }).then(
    () => {
      done = true
    },
  )
  await settle()
  assert.equal(docker.pings, 1)
  clock.advance(249)
  await settle()
  assert.equal(docker.pings, 1, 'no second ping before the first pause')
  clock.advance(1)
  await settle()
  assert.equal(docker.pings, 2)
  clock.advance(500) // the pause doubled
  await settle()
  assert.equal(docker.pings, 3)
  assert.equal(done, false)
  clock.advance(1000)
  await settle()
  await waiting
  assert.equal(docker.pings, 4)
  assert.equal(done, true)
})

test('the pause between pings is capped', async () => {
  const clock = new ManualClock()
  const docker = engine(Number.POSITIVE_INFINITY)
  const stop = new AbortController()
  const waiting = waitForEngine({ docker, clock, logger: silentLogger, signal: stop.signal, maxDelayMs: 1000 })
  waiting.catch(() => {})
  await settle()
  for (let i = 0; i < 400; i++) {
    clock.advance(50)
    await settle(5)
  }
  // pings at 0, 250, 750, 1750, then one a second to 19750: 4 + 18
  assert.equal(docker.pings, 22, 'the pause doubles from 250 ms, then stays at 1 s')
  stop.abort(new Error('agent stopping'))
  await assert.rejects(waiting, /agent stopping/)
})

test('a stop while waiting ends the wait at once', async () => {
  const clock = new ManualClock()
  const stop = new AbortController()
  const waiting = waitForEngine({ docker: engine(100), clock, logger: silentLogger, signal: stop.signal })
  await settle()
  stop.abort(new Error('agent stopping'))
  await assert.rejects(waiting, /agent stopping/)
})
