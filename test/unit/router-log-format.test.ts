import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatRouterLine, H_CODES } from '../../router/log-format.ts'

const base = {
  method: 'GET',
  path: '/',
  host: 'myapp.shoal.test',
  requestId: 'f3b1f4a2-0000-4000-8000-000000000001',
  fwd: '1.2.3.4',
  protocol: 'http',
}

describe('formatRouterLine', () => {
  it('writes the info line exactly as Heroku does', () => {
    const line = formatRouterLine({ ...base, dyno: 'web.1', connectMs: 1, serviceMs: 18, status: 200, bytes: 13 })
    assert.equal(
      line,
      'at=info method=GET path="/" host=myapp.shoal.test request_id=f3b1f4a2-0000-4000-8000-000000000001 fwd="1.2.3.4" dyno=web.1 connect=1ms service=18ms status=200 bytes=13 protocol=http',
    )
  })

  it('writes the error form with code and desc first', () => {
    const line = formatRouterLine({
      ...base,
      code: 'H12',
      dyno: 'web.1',
      connectMs: 0,
      serviceMs: 30000,
      status: 503,
      bytes: 0,
    })
    assert.equal(
      line,
      'at=error code=H12 desc="Request timeout" method=GET path="/" host=myapp.shoal.test request_id=f3b1f4a2-0000-4000-8000-000000000001 fwd="1.2.3.4" dyno=web.1 connect=0ms service=30000ms status=503 bytes=0 protocol=http',
    )
  })

  it('leaves dyno, connect and service empty when no dyno was reached', () => {
    const line = formatRouterLine({ ...base, code: 'H14', status: 503, bytes: 0 })
    assert.equal(
      line,
      'at=error code=H14 desc="No web processes running" method=GET path="/" host=myapp.shoal.test request_id=f3b1f4a2-0000-4000-8000-000000000001 fwd="1.2.3.4" dyno= connect= service= status=503 bytes=0 protocol=http',
    )
  })

  it('logs a client hang-up at warning level and H18 with the side that closed', () => {
    assert.match(
      formatRouterLine({ ...base, code: 'H27', status: 499 }),
      /^at=warning code=H27 desc="Client Request Interrupted" /,
    )
    assert.match(
      formatRouterLine({ ...base, code: 'H18', status: 200, dyno: 'web.2', serviceMs: 5, bytes: 10 }),
      /^at=error code=H18 desc="Server Request Interrupted" .* status=200 bytes=10 protocol=http$/,
    )
    assert.match(formatRouterLine({ ...base, code: 'H18', status: 200, sock: 'backend' }), / sock=backend$/)
  })

  it('rounds durations and escapes client-controlled values so they cannot forge fields', () => {
    const line = formatRouterLine({
      ...base,
      path: '/a" status=200 x="\\',
      host: 'evil host=x',
      status: 404,
      connectMs: 1.6,
      serviceMs: 0.2,
    })
    assert.ok(line.includes('path="/a\\" status=200 x=\\"\\\\"'), line)
    assert.ok(line.includes('host="evil host=x"'), line)
    assert.ok(line.includes('connect=2ms service=0ms'), line)
    assert.equal(formatRouterLine({ ...base, path: '/\n\u0000', status: 200 }).includes('\n'), false)
  })
})

describe('H_CODES', () => {
  it('has a description, a status and a level for every code', () => {
    for (const [code, h] of Object.entries(H_CODES)) {
      assert.match(code, /^H\d\d$/)
      assert.ok(h.desc.length > 0, code)
      assert.ok(h.status >= 400 && h.status < 600, code)
    }
  })

  it('matches the statuses Heroku documents', () => {
    assert.equal(H_CODES.H12.status, 503)
    assert.equal(H_CODES.H25.status, 502)
    assert.equal(H_CODES.H26.status, 400)
    assert.equal(H_CODES.H27.status, 499)
    assert.equal(H_CODES.H27.level, 'warning')
    assert.equal(H_CODES.H31.status, 421)
    for (const code of ['H10', 'H13', 'H14', 'H19', 'H21', 'H99'] as const) assert.equal(H_CODES[code].status, 503)
  })
})
