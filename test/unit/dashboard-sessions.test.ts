import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MetricsHistory } from '../../controller/dashboard/metrics-history.ts'
import { readCookie, SESSION_COOKIE, Sessions } from '../../controller/dashboard/sessions.ts'
import { ManualClock } from '../../lib/clock.ts'

describe('dashboard sessions', () => {
  it('issue an HttpOnly SameSite=Strict cookie, need the CSRF token for writes, and expire when idle', () => {
    const clock = new ManualClock(0)
    const sessions = new Sessions({ clock, idleMs: 1000, max: 2 })
    const s = sessions.create()
    const cookie = sessions.cookie(s, false)
    assert.match(cookie, /^shoal_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/)
    assert.match(sessions.cookie(s, true), /; Secure$/)
    const header = `other=1; ${SESSION_COOKIE}=${s.id}`
    assert.equal(readCookie(header, SESSION_COOKIE), s.id)
    assert.equal(sessions.fromCookie(header), s)
    assert.equal(sessions.fromCookie(`${SESSION_COOKIE}=forged`), undefined)
    assert.equal(sessions.allows(s, 'GET', undefined), true)
    assert.equal(sessions.allows(s, 'PATCH', undefined), false)
    assert.equal(sessions.allows(s, 'PATCH', 'wrong'), false)
    assert.equal(sessions.allows(s, 'PATCH', s.csrf), true)
    clock.advance(999)
    assert.equal(sessions.fromCookie(header), s, 'use keeps it alive')
    clock.advance(1001)
    assert.equal(sessions.fromCookie(header), undefined, 'idle too long')
    const a = sessions.create()
    clock.advance(1)
    sessions.create()
    sessions.create()
    assert.equal(sessions.fromCookie(`${SESSION_COOKIE}=${a.id}`), undefined, 'the least recently used goes first')
  })
})

describe('metrics history', () => {
  it('sums requests over routers per bucket and keeps a bounded window', () => {
    const clock = new ManualClock(10_000)
    const h = new MetricsHistory({ clock, bucketMs: 5000, keep: 2 })
    h.record([{ app: 'a', requests: 10, errors: 1, serviceP50Ms: 10, serviceP95Ms: 20 }])
    h.record([{ app: 'a', requests: 30, serviceP50Ms: 20, serviceP95Ms: 40 }])
    let points = h.points('a')
    assert.equal(points.length, 1)
    assert.deepEqual(
      { t: points[0]?.t, requests: points[0]?.requests, errors: points[0]?.errors, rate: points[0]?.rate },
      { t: 10, requests: 40, errors: 1, rate: 8 },
    )
    assert.equal(points[0]?.serviceP50, 17.5, 'request-weighted without sketches')
    clock.advance(5000)
    h.record([{ app: 'a', requests: 1 }])
    clock.advance(5000)
    h.record([{ app: 'a', requests: 2 }])
    points = h.points('a')
    assert.deepEqual(
      points.map((p) => p.requests),
      [1, 2],
    )
    assert.deepEqual(h.points('nope'), [])
  })
})
