import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  apiLine,
  appLine,
  formatLogLine,
  formatTimestamp,
  MAX_MESSAGE_BYTES,
  microsFromMs,
  normalizeMessage,
  overflowLine,
  parseProcessType,
  routerLine,
  splitLong,
  systemLine,
} from '../../lib/log-format.ts'

const T = Date.UTC(2026, 10, 26, 15, 0, 0) * 1000 // 2026-11-26T15:00:00Z in µs

describe('formatTimestamp', () => {
  it('writes RFC 5424 with six fraction digits and +00:00', () => {
    assert.equal(formatTimestamp(T + 123_456), '2026-11-26T15:00:00.123456+00:00')
  })

  it('pads the microseconds to six digits', () => {
    assert.equal(formatTimestamp(T), '2026-11-26T15:00:00.000000+00:00')
    assert.equal(formatTimestamp(T + 7), '2026-11-26T15:00:00.000007+00:00')
    assert.equal(formatTimestamp(T + 1_000), '2026-11-26T15:00:00.001000+00:00')
    assert.equal(formatTimestamp(T + 999_999), '2026-11-26T15:00:00.999999+00:00')
  })

  it('carries whole seconds into the date part', () => {
    assert.equal(formatTimestamp(T + 61_000_001), '2026-11-26T15:01:01.000001+00:00')
    assert.equal(
      formatTimestamp(Date.UTC(2026, 11, 31, 23, 59, 59) * 1000 + 1_000_000),
      '2027-01-01T00:00:00.000000+00:00',
    )
  })

  it('turns milliseconds into microseconds', () => {
    assert.equal(microsFromMs(1_700_000_000_123), 1_700_000_000_123_000)
  })
})

describe('formatLogLine', () => {
  it('formats every kind of line like Logplex, with shoal in place of heroku', () => {
    const at = T + 123_456
    assert.equal(
      formatLogLine(appLine('myapp', 'web.1', 'listening on 5000', at)),
      '2026-11-26T15:00:00.123456+00:00 app[web.1]: listening on 5000',
    )
    assert.equal(
      formatLogLine(systemLine('myapp', 'web.1', 'State changed from starting to up', at)),
      '2026-11-26T15:00:00.123456+00:00 shoal[web.1]: State changed from starting to up',
    )
    assert.equal(
      formatLogLine(routerLine('myapp', 'at=info method=GET path="/" status=200', at)),
      '2026-11-26T15:00:00.123456+00:00 shoal[router]: at=info method=GET path="/" status=200',
    )
    assert.equal(
      formatLogLine(apiLine('myapp', 'Release v3 created by user admin', at)),
      '2026-11-26T15:00:00.123456+00:00 app[api]: Release v3 created by user admin',
    )
  })

  it('formats a decoded wire line', () => {
    const wire = { app: 'myapp', atUs: T, source: 'app', dyno: 'worker.2', message: 'tick', hostId: 'h' }
    assert.equal(formatLogLine(wire), '2026-11-26T15:00:00.000000+00:00 app[worker.2]: tick')
  })

  it("writes Heroku's L10 drop notice", () => {
    assert.equal(
      formatLogLine(overflowLine('myapp', 42, T + 5, T + 2_000_000)),
      '2026-11-26T15:00:02.000000+00:00 shoal[logplex]: Error L10 (output buffer overflow): 42 messages dropped since 2026-11-26T15:00:00.000005+00:00.',
    )
  })
})

describe('parseProcessType', () => {
  it('strips the dyno number only', () => {
    assert.equal(parseProcessType('web.1'), 'web')
    assert.equal(parseProcessType('worker.12'), 'worker')
    assert.equal(parseProcessType('run.4520'), 'run')
    assert.equal(parseProcessType('router'), 'router')
    assert.equal(parseProcessType('api'), 'api')
    assert.equal(parseProcessType('my.worker'), 'my.worker')
    assert.equal(parseProcessType('.1'), '.1')
  })
})

describe('splitLong', () => {
  it('leaves a message at the limit whole', () => {
    const m = 'x'.repeat(MAX_MESSAGE_BYTES)
    assert.deepEqual(splitLong(m), [m])
  })

  it('splits ASCII at exactly the byte limit', () => {
    const m = 'a'.repeat(10_000) + 'b'.repeat(10_000) + 'c'.repeat(5)
    assert.deepEqual(splitLong(m, 10_000), ['a'.repeat(10_000), 'b'.repeat(10_000), 'ccccc'])
  })

  it('never cuts a multi-byte character, and loses nothing', () => {
    // 'é' is 2 bytes, '€' 3, '😀' 4: after a 1-byte prefix the byte limit falls inside a character for é and 😀.
    for (const ch of ['é', '€', '😀']) {
      const m = `z${ch.repeat(7000)}`
      const parts = splitLong(m, 10_000)
      assert.ok(parts.length > 1)
      assert.equal(parts.join(''), m)
      for (const p of parts) {
        assert.ok(Buffer.byteLength(p) <= 10_000)
        assert.ok(!p.includes('\uFFFD'), 'no replacement characters')
      }
    }
  })
})

describe('normalizeMessage', () => {
  it('makes one line per newline, drops a trailing CR and a final empty line', () => {
    assert.deepEqual(normalizeMessage('one\r\ntwo\n'), ['one', 'two'])
    assert.deepEqual(normalizeMessage('a\n\nb'), ['a', '', 'b'])
    assert.deepEqual(normalizeMessage(''), [''])
  })

  it('splits long parts too', () => {
    assert.deepEqual(normalizeMessage(`${'a'.repeat(6)}\nb`, 4), ['aaaa', 'aa', 'b'])
  })
})
