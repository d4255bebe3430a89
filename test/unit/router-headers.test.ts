import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  clientAddress,
  downstreamHeaders,
  type ForwardContext,
  hasConflictingContentLength,
  isWebSocketUpgrade,
  requestIdFor,
  requestLimitError,
  upstreamHeaders,
  VIA,
} from '../../router/headers.ts'

const fresh = () => 'generated-uuid'

/** Flat raw headers → list of [name, value] for readable assertions. */
function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = []
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!])
  return out
}
const get = (raw: readonly string[], name: string): string[] =>
  pairs(raw)
    .filter(([n]) => n.toLowerCase() === name.toLowerCase())
    .map(([, v]) => v)

const ctx: ForwardContext = {
  clientIp: '203.0.113.9',
  proto: 'http',
  port: 8080,
  requestStart: 1_700_000_000_123,
  requestId: 'rid-from-router-000000',
  websocket: false,
}

describe('requestIdFor', () => {
  it('keeps a client id of 20 and of 200 allowed characters', () => {
    const twenty = 'a'.repeat(20)
    const twoHundred = 'Ab9+/=-'.repeat(29).slice(0, 200)
    assert.equal(twoHundred.length, 200)
    assert.equal(requestIdFor(twenty, fresh), twenty)
    assert.equal(requestIdFor(twoHundred, fresh), twoHundred)
  })

  it('replaces ids of 19 and 201 characters', () => {
    assert.equal(requestIdFor('a'.repeat(19), fresh), 'generated-uuid')
    assert.equal(requestIdFor('a'.repeat(201), fresh), 'generated-uuid')
  })

  it('replaces ids with characters outside [A-Za-z0-9+/=-]', () => {
    for (const bad of [`${'a'.repeat(20)}_`, `${'a'.repeat(20)} `, `${'a'.repeat(20)}.`, `é${'a'.repeat(20)}`]) {
      assert.equal(requestIdFor(bad, fresh), 'generated-uuid', bad)
    }
  })

  it('replaces a missing or repeated header', () => {
    assert.equal(requestIdFor(undefined, fresh), 'generated-uuid')
    assert.equal(requestIdFor(['a'.repeat(20), 'b'.repeat(20)], fresh), 'generated-uuid')
  })
})

describe('upstreamHeaders', () => {
  it('sets the router headers and drops the client values of them', () => {
    const raw = [
      'Host',
      'myapp.shoal.test',
      'X-Request-Start',
      '1',
      'X-Forwarded-Proto',
      'https',
      'X-Forwarded-Port',
      '443',
      'X-Request-Id',
      'client-id-that-is-long-enough',
      'Accept',
      '*/*',
    ]
    const out = upstreamHeaders(raw, ctx)
    assert.deepEqual(get(out, 'host'), ['myapp.shoal.test'])
    assert.deepEqual(get(out, 'x-forwarded-for'), ['203.0.113.9'])
    assert.deepEqual(get(out, 'x-forwarded-proto'), ['http'])
    assert.deepEqual(get(out, 'x-forwarded-port'), ['8080'])
    assert.deepEqual(get(out, 'x-request-start'), ['1700000000123'])
    assert.deepEqual(get(out, 'x-request-id'), ['rid-from-router-000000'])
    assert.deepEqual(get(out, 'via'), [VIA])
    assert.deepEqual(get(out, 'accept'), ['*/*'])
  })

  it('appends the client address to an incoming X-Forwarded-For and Via', () => {
    const raw = ['X-Forwarded-For', '10.0.0.1, 10.0.0.2', 'x-forwarded-for', '10.0.0.3', 'Via', '1.0 other']
    const out = upstreamHeaders(raw, ctx)
    assert.deepEqual(get(out, 'x-forwarded-for'), ['10.0.0.1, 10.0.0.2, 10.0.0.3, 203.0.113.9'])
    assert.deepEqual(get(out, 'via'), ['1.0 other, 1.1 shoal'])
  })

  it('strips hop-by-hop headers and those named in Connection', () => {
    const raw = [
      'Connection',
      'keep-alive, X-Secret-Hop',
      'Keep-Alive',
      'timeout=5',
      'Proxy-Authorization',
      'Basic x',
      'Proxy-Connection',
      'keep-alive',
      'TE',
      'trailers',
      'Trailer',
      'X-Checksum',
      'Transfer-Encoding',
      'chunked',
      'Upgrade',
      'h2c',
      'X-Secret-Hop',
      'v',
      'Expect',
      '100-continue',
      'X-Kept',
      'yes',
    ]
    const out = upstreamHeaders(raw, ctx)
    const names = pairs(out).map(([n]) => n.toLowerCase())
    for (const gone of ['connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer']) {
      assert.ok(!names.includes(gone), gone)
    }
    for (const gone of ['transfer-encoding', 'upgrade', 'x-secret-hop', 'expect'])
      assert.ok(!names.includes(gone), gone)
    assert.deepEqual(get(out, 'x-kept'), ['yes'])
  })

  it('never drops Host even when Connection names it', () => {
    const out = upstreamHeaders(['Host', 'a.shoal.test', 'Connection', 'host'], ctx)
    assert.deepEqual(get(out, 'host'), ['a.shoal.test'])
  })

  it('lets chunked win over Content-Length', () => {
    const out = upstreamHeaders(['Content-Length', '5', 'Transfer-Encoding', 'chunked'], ctx)
    assert.deepEqual(get(out, 'content-length'), [])
    assert.deepEqual(get(upstreamHeaders(['Content-Length', '5'], ctx), 'content-length'), ['5'])
  })

  it('keeps Upgrade and sends Connection: Upgrade for a websocket', () => {
    const raw = ['Connection', 'Upgrade', 'Upgrade', 'websocket', 'Sec-WebSocket-Key', 'k==']
    const out = upstreamHeaders(raw, { ...ctx, websocket: true })
    assert.deepEqual(get(out, 'upgrade'), ['websocket'])
    assert.deepEqual(get(out, 'connection'), ['Upgrade'])
    assert.deepEqual(get(out, 'sec-websocket-key'), ['k=='])
  })

  it('keeps repeated end-to-end headers and their order', () => {
    const out = upstreamHeaders(['X-A', '1', 'X-B', '2', 'X-A', '3'], ctx)
    assert.deepEqual(out.slice(0, 6), ['X-A', '1', 'X-B', '2', 'X-A', '3'])
  })
})

describe('downstreamHeaders', () => {
  it('strips hop-by-hop, keeps Set-Cookie repeats and appends Via', () => {
    const raw = ['Set-Cookie', 'a=1', 'Connection', 'keep-alive', 'Transfer-Encoding', 'chunked', 'Set-Cookie', 'b=2']
    assert.deepEqual(downstreamHeaders(raw), ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Via', '1.1 shoal'])
  })

  it('keeps the upgrade headers of a 101', () => {
    const raw = ['Upgrade', 'websocket', 'Connection', 'Upgrade', 'Sec-WebSocket-Accept', 'x']
    assert.deepEqual(downstreamHeaders(raw, true), [
      'Upgrade',
      'websocket',
      'Sec-WebSocket-Accept',
      'x',
      'Connection',
      'Upgrade',
      'Via',
      '1.1 shoal',
    ])
  })
})

describe('hasConflictingContentLength', () => {
  it('accepts one value, or repeats of the same value', () => {
    assert.equal(hasConflictingContentLength(['Content-Length', '10']), false)
    assert.equal(hasConflictingContentLength(['Content-Length', '10', 'content-length', '10']), false)
    assert.equal(hasConflictingContentLength(['Content-Length', '10, 10']), false)
    assert.equal(hasConflictingContentLength(['Host', 'x']), false)
  })

  it('rejects differing or non-numeric values', () => {
    assert.equal(hasConflictingContentLength(['Content-Length', '10', 'Content-Length', '11']), true)
    assert.equal(hasConflictingContentLength(['Content-Length', '10, 11']), true)
    assert.equal(hasConflictingContentLength(['Content-Length', '-1']), true)
    assert.equal(hasConflictingContentLength(['Content-Length', '0x10']), true)
    assert.equal(hasConflictingContentLength(['Content-Length', '']), true)
  })
})

describe('requestLimitError', () => {
  it('allows a request line of exactly 8192 bytes and refuses one byte more', () => {
    // "GET " + url + " HTTP/1.1" = url + 13
    const url = `/${'a'.repeat(8192 - 13 - 1)}`
    assert.equal(requestLimitError('GET', url, '1.1', []), undefined)
    assert.match(requestLimitError('GET', `${url}a`, '1.1', []) ?? '', /request line/)
  })

  it('refuses a header line over 8192 bytes, a name over 1000, more than 1000 headers', () => {
    assert.equal(requestLimitError('GET', '/', '1.1', ['X-Big', 'v'.repeat(8192 - 7)]), undefined)
    assert.match(requestLimitError('GET', '/', '1.1', ['X-Big', 'v'.repeat(8192 - 6)]) ?? '', /header line/)
    assert.match(requestLimitError('GET', '/', '1.1', ['X'.repeat(1001), 'v']) ?? '', /header name/)
    const many = Array.from({ length: 1001 }, (_, i) => [`X-${i}`, 'v']).flat()
    assert.match(requestLimitError('GET', '/', '1.1', many) ?? '', /more than 1000 headers/)
    assert.equal(requestLimitError('GET', '/', '1.1', many.slice(2)), undefined)
  })
})

describe('small helpers', () => {
  it('recognises websocket upgrades only', () => {
    assert.equal(isWebSocketUpgrade({ connection: 'keep-alive, Upgrade', upgrade: 'WebSocket' }), true)
    assert.equal(isWebSocketUpgrade({ connection: 'Upgrade', upgrade: 'h2c' }), false)
    assert.equal(isWebSocketUpgrade({ upgrade: 'websocket' }), false)
  })

  it('unwraps IPv4-mapped client addresses', () => {
    assert.equal(clientAddress('::ffff:127.0.0.1'), '127.0.0.1')
    assert.equal(clientAddress('::1'), '::1')
    assert.equal(clientAddress(undefined), '')
  })
})
