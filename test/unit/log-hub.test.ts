import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Registry } from 'prom-client'
import { LogHub } from '../../controller/logs/log-hub.ts'
import { LogRing } from '../../controller/logs/log-ring.ts'
import { ManualClock } from '../../lib/clock.ts'
import { appLine, formatLogLine, type LogLineInput, routerLine, systemLine } from '../../lib/log-format.ts'
import { metricValue } from '../helpers/mesh.ts'

const T = Date.UTC(2026, 10, 26, 15, 0, 0) * 1000

const line = (i: number, dyno = 'web.1', app = 'myapp'): LogLineInput => appLine(app, dyno, `line ${i}`, T + i)
const messages = (lines: LogLineInput[]): string[] => lines.map((l) => l.message)

describe('LogRing', () => {
  it('keeps the newest items and returns them oldest first', () => {
    const ring = new LogRing<number>(3)
    for (let i = 1; i <= 5; i++) ring.push(i)
    assert.equal(ring.size, 3)
    assert.deepEqual(ring.newest(10), [3, 4, 5])
    assert.deepEqual(ring.newest(2), [4, 5])
    assert.deepEqual(
      ring.newest(2, (n) => n % 2 === 1),
      [3, 5],
    )
  })
})

describe('LogHub', () => {
  it('keeps the last 1500 lines per app and returns 100 by default, at most 1500', () => {
    const hub = new LogHub()
    for (let i = 0; i < 1600; i++) hub.append(line(i))
    hub.append(line(0, 'web.1', 'other-app'))
    const all = hub.recent('myapp', { num: 1500 })
    assert.equal(all.length, 1500)
    assert.equal(all[0]?.message, 'line 100')
    assert.equal(all.at(-1)?.message, 'line 1599')
    assert.equal(hub.recent('myapp', { num: 5000 }).length, 1500)
    const latest = hub.recent('myapp')
    assert.equal(latest.length, 100)
    assert.equal(latest[0]?.message, 'line 1500')
    assert.deepEqual(hub.recent('myapp', { num: 0 }), [])
    assert.equal(hub.recent('other-app').length, 1)
    assert.deepEqual(hub.recent('nobody'), [])
  })

  it('filters by source, dyno and process type before taking the newest num', () => {
    const hub = new LogHub()
    hub.append(line(1, 'web.1'))
    hub.append(line(2, 'web.2'))
    hub.append(line(3, 'worker.1'))
    hub.append(systemLine('myapp', 'web.1', 'State changed from starting to up', T + 4))
    hub.append(routerLine('myapp', 'at=info status=200', T + 5))
    hub.apiEvent('myapp', 'Release v2 created by user admin')
    for (let i = 0; i < 50; i++) hub.append(line(100 + i, 'worker.1'))
    assert.deepEqual(messages(hub.recent('myapp', { processType: 'web' })), [
      'line 1',
      'line 2',
      'State changed from starting to up',
    ])
    assert.deepEqual(messages(hub.recent('myapp', { dyno: 'web.1' })), ['line 1', 'State changed from starting to up'])
    assert.deepEqual(messages(hub.recent('myapp', { source: 'shoal' })), [
      'State changed from starting to up',
      'at=info status=200',
    ])
    assert.deepEqual(messages(hub.recent('myapp', { source: 'app', dyno: 'api' })), [
      'Release v2 created by user admin',
    ])
    assert.deepEqual(messages(hub.recent('myapp', { dyno: 'router' })), ['at=info status=200'])
    assert.deepEqual(messages(hub.recent('myapp', { source: 'app', processType: 'web', num: 1 })), ['line 2'])
  })

  it('stamps API events with the clock as app[api] lines', () => {
    const hub = new LogHub({ clock: new ManualClock(Date.UTC(2026, 10, 26, 15, 0, 0, 250)) })
    hub.apiEvent('myapp', 'Set FOO config vars by user admin')
    assert.deepEqual(hub.recent('myapp').map(formatLogLine), [
      '2026-11-26T15:00:00.250000+00:00 app[api]: Set FOO config vars by user admin',
    ])
  })

  it('splits multi-line and over-long messages into several lines', () => {
    const hub = new LogHub()
    assert.equal(hub.append(appLine('myapp', 'web.1', `one\ntwo\n${'x'.repeat(10_001)}`, T)), 4)
    assert.deepEqual(
      hub.recent('myapp').map((l) => l.message.length),
      [3, 3, 10_000, 1],
    )
  })

  it('stamps a line without a usable time on arrival', () => {
    const hub = new LogHub({ clock: new ManualClock(Date.UTC(2026, 10, 26, 15, 0, 1)) })
    hub.append({ ...line(1), atUs: 0 })
    hub.append({ ...line(2), atUs: 1e30 })
    hub.append({ ...line(3), atUs: Number.NaN })
    assert.deepEqual(
      hub.recent('myapp').map((l) => formatLogLine(l).slice(0, 32)),
      Array(3).fill('2026-11-26T15:00:01.000000+00:00'),
    )
  })

  it('drops and counts malformed lines and lines beyond the app limit', async () => {
    const registry = new Registry()
    const hub = new LogHub({ registry, maxApps: 2 })
    assert.equal(hub.append({ ...line(1), app: 'Not An App' }), 0)
    assert.equal(hub.append({ ...line(1), dyno: 'web 1]: forged' }), 0)
    assert.equal(hub.append({ app: 'myapp', atUs: T, source: 'heroku', dyno: 'web.1', message: 'x' }), 0)
    assert.equal(hub.append(line(1, 'web.1', 'app-one')), 1)
    assert.equal(hub.append(line(1, 'web.1', 'app-two')), 1)
    assert.equal(hub.append(line(1, 'web.1', 'app-three')), 0)
    assert.deepEqual(hub.apps(), ['app-one', 'app-two'])
    assert.equal(await metricValue(registry, 'shoal_log_hub_lines_dropped_total', { reason: 'invalid' }), 3)
    assert.equal(await metricValue(registry, 'shoal_log_hub_lines_dropped_total', { reason: 'app_limit' }), 1)
    assert.equal(await metricValue(registry, 'shoal_log_hub_lines_appended_total'), 2)
    assert.equal(await metricValue(registry, 'shoal_log_hub_apps'), 2)
  })

  it('hands live matching lines to tails until they unsubscribe', async () => {
    const registry = new Registry()
    const hub = new LogHub({ registry })
    const web: string[] = []
    const all: string[] = []
    const webTail = hub.subscribe('myapp', { processType: 'web' }, (l) => {
      web.push(l.message)
      return true
    })
    hub.subscribe('myapp', {}, (l) => {
      all.push(l.message)
      return true
    })
    hub.append(line(1, 'web.1'))
    hub.append(line(2, 'worker.1'))
    hub.append(line(3, 'web.1', 'other-app'))
    assert.equal(await metricValue(registry, 'shoal_log_hub_tails'), 2)
    webTail.unsubscribe()
    hub.append(line(4, 'web.2'))
    assert.deepEqual(web, ['line 1'])
    assert.deepEqual(all, ['line 1', 'line 2', 'line 4'])
    assert.equal(hub.tailCount(), 1)
  })

  it('bounds a slow tail: queues up to its buffer, drops the rest, then reports them with an L10 line', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 26, 15, 0, 5))
    const registry = new Registry()
    const hub = new LogHub({ clock, registry, tailBuffer: 10 })
    const got: string[] = []
    let ready = false
    const tail = hub.subscribe('myapp', {}, (l) => {
      got.push(formatLogLine(l))
      return ready
    })
    const fast: string[] = []
    hub.subscribe('myapp', {}, (l) => {
      fast.push(l.message)
      return true
    })
    hub.append(line(0)) // delivered; the sink says it is full
    for (let i = 1; i <= 100_000; i++) hub.append(line(i))
    assert.equal(tail.pending, 10, 'the queue stops at the tail buffer')
    assert.equal(got.length, 1)
    assert.equal(fast.length, 100_001, 'a slow tail does not hold up the others')
    assert.equal(await metricValue(registry, 'shoal_log_hub_lines_dropped_total', { reason: 'tail_overflow' }), 99_990)
    ready = true
    tail.resume()
    assert.equal(tail.pending, 0)
    assert.equal(got.length, 12)
    assert.deepEqual(
      got.slice(1, 11).map((l) => l.split(': ')[1]),
      Array.from({ length: 10 }, (_, i) => `line ${i + 1}`),
    )
    assert.equal(
      got[11],
      '2026-11-26T15:00:05.000000+00:00 shoal[logplex]: Error L10 (output buffer overflow): 99990 messages dropped since 2026-11-26T15:00:00.000011+00:00.',
    )
    hub.append(line(100_001))
    assert.match(got.at(-1) ?? '', /app\[web\.1\]: line 100001$/)
    assert.equal(hub.recent('myapp', { num: 1 })[0]?.message, 'line 100001', 'the ring got every line')
  })

  it('keeps order when a tail pauses again while it drains', () => {
    const hub = new LogHub({ tailBuffer: 3 })
    const got: string[] = []
    let budget = 1
    const tail = hub.subscribe('myapp', {}, (l) => {
      got.push(l.message)
      budget--
      return budget > 0
    })
    for (let i = 0; i < 6; i++) hub.append(line(i)) // 0 delivered, 1–3 queued, 4–5 dropped
    budget = 2
    tail.resume() // 1, 2 delivered, then paused again
    hub.append(line(6)) // queued behind the gap
    budget = 10
    tail.resume()
    assert.deepEqual(got, [
      'line 0',
      'line 1',
      'line 2',
      'line 3',
      'Error L10 (output buffer overflow): 2 messages dropped since 2026-11-26T15:00:00.000004+00:00.',
      'line 6',
    ])
  })

  it('removes a tail whose sink throws, without losing the line for others', () => {
    const hub = new LogHub()
    const ok: string[] = []
    hub.subscribe('myapp', {}, () => {
      throw new Error('socket gone')
    })
    hub.subscribe('myapp', {}, (l) => {
      ok.push(l.message)
      return true
    })
    hub.append(line(1))
    hub.append(line(2))
    assert.deepEqual(ok, ['line 1', 'line 2'])
    assert.equal(hub.tailCount(), 1)
    assert.equal(hub.recent('myapp').length, 2)
  })

  it('drop() forgets the app and ends its tails', () => {
    const hub = new LogHub()
    let ended = 0
    hub.subscribe('myapp', {}, () => true, { onEnd: () => ended++ })
    hub.append(line(1))
    hub.drop('myapp')
    assert.deepEqual(hub.recent('myapp'), [])
    assert.equal(ended, 1)
    assert.equal(hub.tailCount(), 0)
    assert.deepEqual(hub.apps(), [])
  })
})
