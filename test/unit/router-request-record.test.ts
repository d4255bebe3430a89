import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseRecord, type RequestRecord, timesOf, verdictOf } from '../../router/request-record.ts'

const fields = (over: Partial<Record<number, string>> = {}): string[] => {
  const f = [
    'shop',
    '-',
    'GET',
    '/p?q=1',
    'shop.shoal.test',
    'rid-1',
    '-',
    '127.0.0.1',
    'dabc',
    '1',
    '0',
    '2',
    '30',
    '40',
    '200',
    '120',
    '----',
    '0',
    '1700000000000',
    'HTTP/1.1',
    'b1',
  ]
  for (const [i, v] of Object.entries(over)) f[Number(i)] = v as string
  return f
}
const record = (over: Partial<Record<number, string>> = {}): RequestRecord =>
  parseRecord(JSON.stringify(fields(over))) as RequestRecord
const facts = { crashed: false, hasDynos: true }

describe('request records', () => {
  it('decodes a record, absent samples ("-") as empty, and refuses anything else', () => {
    const r = record()
    assert.deepEqual(
      [r.app, r.code, r.xff, r.path, r.status, r.connectMs, r.server],
      ['shop', '', '', '/p?q=1', 200, 2, 'dabc'],
    )
    assert.equal(parseRecord('not json'), undefined)
    assert.equal(parseRecord('[not json'), undefined)
    assert.equal(parseRecord('["too","short"]'), undefined)
    assert.equal(parseRecord(JSON.stringify(fields().map((_, i) => i))), undefined, 'numbers')
    // HAProxy's own messages share the ring.
    assert.equal(parseRecord('Server b1/da is DOWN, reason: Layer4 connection problem'), undefined)
  })

  it('maps HAProxy termination states to Heroku H-codes and statuses', () => {
    const cases: [Partial<Record<number, string>>, string | undefined, number][] = [
      [{}, undefined, 200],
      [{ 16: 'sC--', 14: '503' }, 'H19', 503],
      [{ 16: 'SC--', 14: '503' }, 'H21', 503],
      [{ 16: 'sQ--', 14: '503' }, 'H12', 503],
      [{ 16: 'sH--', 14: '504' }, 'H12', 503],
      [{ 16: 'SH--', 14: '502' }, 'H13', 503],
      [{ 16: 'SD--', 14: '200' }, 'H18', 200],
      [{ 16: 'sD--', 14: '200' }, 'H15', 200],
      [{ 16: 'CH--', 14: '-1', 12: '-1' }, 'H27', 499],
      [{ 16: 'cD--', 14: '200' }, 'H28', 499],
      [{ 16: 'cR--', 14: '408' }, 'H28', 408],
      [{ 16: 'PH--', 14: '502' }, 'H17', 503],
      [{ 16: 'IH--', 14: '500' }, 'H99', 503],
      [{ 1: 'H80', 14: '503', 16: 'LR--' }, 'H80', 503],
      [{ 1: 'H11', 14: '503', 16: 'LR--' }, 'H11', 503],
      [{ 1: 'H26', 14: '431', 16: 'PR--' }, 'H26', 431],
      [{ 0: '-', 2: '<BADREQ>', 14: '400', 8: '<NOSRV>', 16: 'CR--' }, 'H26', 400],
      [{ 0: '-', 14: '404', 8: '<NOSRV>', 16: 'LR--' }, undefined, 404],
    ]
    for (const [over, code, status] of cases) {
      const v = verdictOf(record(over), facts)
      assert.deepEqual([v.code, v.status], [code, status], JSON.stringify(over))
    }
  })

  it('tells H14 from H10 and H21 when HAProxy had no server to pick', () => {
    const nosrv = record({ 8: '<NOSRV>', 16: 'SC--', 14: '503' })
    assert.equal(verdictOf(nosrv, { crashed: false, hasDynos: false }).code, 'H14')
    assert.equal(verdictOf(nosrv, { crashed: true, hasDynos: false }).code, 'H10')
    assert.equal(verdictOf(nosrv, { crashed: false, hasDynos: true }).code, 'H21', 'every dyno refused and is down')
    assert.equal(verdictOf(record({ 1: 'H14', 14: '503' }), { crashed: true, hasDynos: false }).code, 'H10')
  })

  it('derives connect, service and queue times from the timers', () => {
    assert.deepEqual(timesOf(record()), { queueMs: 0, connectMs: 2, serviceMs: 37 })
    assert.deepEqual(timesOf(record({ 10: '25', 11: '-1', 12: '-1' })), { queueMs: 25 })
  })
})

describe('router line budget', () => {
  it('formats at most maxLinesPerSecond lines and still counts every request', async () => {
    const { requestLogger } = await import('../../router/request-log.ts')
    const { Stats } = await import('../../router/stats.ts')
    let now = 0
    const lines: string[] = []
    let dropped = 0
    const stats = new Stats({ now: 0 })
    const log = requestLogger({
      stats,
      dynoOf: () => 'web.1',
      crashed: () => false,
      hasDynos: () => true,
      emit: (line) => lines.push(line),
      maxLinesPerSecond: 10,
      now: () => now,
      onLineDropped: () => dropped++,
    })
    for (let i = 0; i < 25; i++) log(record())
    assert.deepEqual([lines.length, dropped], [10, 15])
    now = 500
    for (let i = 0; i < 10; i++) log(record())
    assert.deepEqual([lines.length, dropped], [15, 20], 'half a second refills half the budget')
    assert.equal(stats.snapshot(1000)[0]?.requests, 35)
  })
})
