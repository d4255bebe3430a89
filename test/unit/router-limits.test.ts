import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { after, before, beforeEach, describe, it } from 'node:test'
import { type AppState, createRouterServer, type RouterServer } from '../../router/proxy.ts'
import { RouteTable } from '../../router/route-table.ts'
import { Stats } from '../../router/stats.ts'

// What the router answers itself, over real sockets on 127.0.0.1: unknown hosts, apps without dynos, Heroku's
// request limits (400 H26), Expect (417 / 100-continue).

function get(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, headers: { host }, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** Writes bytes on a raw socket and returns everything the server sends before it closes. */
function raw(port: number, data: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(data))
    let out = ''
    socket.setEncoding('utf8')
    socket.on('data', (c: string) => {
      out += c
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve(out))
    setTimeout(() => socket.destroy(), 2000).unref()
  })
}

describe('router answers and limits', { timeout: 20_000 }, () => {
  const logs: { line: string; app: string | undefined }[] = []
  const states = new Map<string, AppState>()
  const table = new RouteTable()
  let router: RouterServer
  let port: number
  let backend: Server
  let seq = 0
  const serve = (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    backend.removeAllListeners('request')
    backend.on('request', handler)
    const address = `127.0.0.1:${(backend.address() as AddressInfo).port}`
    table.apply({
      hostId: 'h1',
      seq: ++seq,
      snapshot: true,
      up: [{ dynoId: '1', app: 'shop', processType: 'web', dynoName: 'web.1', release: 1, address }],
    })
  }
  const waitLog = async (pattern: RegExp) => {
    for (let i = 0; i < 200; i++) {
      const found = logs.find((l) => pattern.test(l.line))
      if (found !== undefined) return found
      await new Promise((r) => setTimeout(r, 5))
    }
    assert.fail(`no log line matches ${pattern}; got:\n${logs.map((l) => l.line).join('\n')}`)
  }

  before(async () => {
    backend = createServer()
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    router = createRouterServer({
      routeTable: table,
      stats: new Stats(),
      domain: 'shoal.test',
      appState: (app) => states.get(app),
      log: (line, app) => logs.push({ line, app }),
    })
    port = (await router.listen(0)).port
  })

  after(async () => {
    await router.close()
    backend.closeAllConnections()
    await new Promise((r) => backend.close(r))
  })

  beforeEach(() => {
    logs.length = 0
    states.clear()
    table.apply({ hostId: 'h1', seq: ++seq, snapshot: true, up: [] })
  })

  it('answers 404 for an unknown host and logs it without an app', async () => {
    const r = await get(port, 'nobody.example.com')
    assert.equal(r.status, 404)
    assert.match(r.body, /No such app/)
    const log = await waitLog(/status=404/)
    assert.equal(log.app, undefined)
    assert.match(
      log.line,
      /^at=info method=GET path="\/" host=nobody.example.com .* dyno= connect= service= status=404 /,
    )
    states.set('gone', 'unknown')
    assert.equal((await get(port, 'gone.shoal.test')).status, 404)
    assert.equal((await waitLog(/host=gone.shoal.test .* status=404 /)).app, undefined)
  })

  it('answers 503 H14 for an app without dynos, H10 when it crashed, H80 in maintenance', async () => {
    const r = await get(port, 'shop.shoal.test')
    assert.equal(r.status, 503)
    assert.match(
      (await waitLog(/code=H14/)).line,
      /desc="No web processes running" .* dyno= connect= service= status=503/,
    )
    states.set('shop', 'crashed')
    assert.equal((await get(port, 'shop.shoal.test')).status, 503)
    assert.match((await waitLog(/code=H10/)).line, /desc="App crashed"/)
    states.set('shop', 'maintenance')
    assert.equal((await get(port, 'shop.shoal.test')).status, 503)
    assert.match((await waitLog(/code=H80/)).line, /^at=info code=H80 desc="Maintenance mode"/)
  })

  it('answers 400 to malformed requests and oversized heads, and keeps serving', async () => {
    serve((_req, res) => res.end('ok'))
    assert.match(await raw(port, 'GARBAGE\x01 / HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request\r\n/)
    const hugeHead = `GET / HTTP/1.1\r\nHost: shop.shoal.test\r\nX-Big: ${'x'.repeat(70 * 1024)}\r\n\r\n`
    assert.match(await raw(port, hugeHead), /^HTTP\/1\.1 400 Bad Request\r\n/)
    const longLine = `GET /${'a'.repeat(8200)} HTTP/1.1\r\nHost: shop.shoal.test\r\n\r\n`
    assert.match(await raw(port, longLine), /^HTTP\/1\.1 400 Bad Request\r\n/)
    assert.match((await waitLog(/code=H26/)).line, /^at=error code=H26 desc="Request Error" .* status=400 /)
    const longHeader = `GET / HTTP/1.1\r\nHost: shop.shoal.test\r\nX-Long: ${'y'.repeat(8200)}\r\n\r\n`
    assert.match(await raw(port, longHeader), /^HTTP\/1\.1 400 Bad Request\r\n/)
    assert.equal((await get(port, 'shop.shoal.test')).body, 'ok')
  })

  it('answers 400 to conflicting Content-Length and 417 to an unknown Expect', async () => {
    serve((req, res) => req.resume().on('end', () => res.end('ok')))
    const conflicting = 'POST / HTTP/1.1\r\nHost: shop.shoal.test\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'
    assert.match(await raw(port, conflicting), /^HTTP\/1\.1 400 Bad Request\r\n/)
    const both =
      'POST / HTTP/1.1\r\nHost: shop.shoal.test\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'
    assert.match(await raw(port, both), /^HTTP\/1\.1 400 Bad Request\r\n/)
    const expect = 'GET / HTTP/1.1\r\nHost: shop.shoal.test\r\nExpect: teapot\r\n\r\n'
    assert.match(await raw(port, expect), /^HTTP\/1\.1 417 Expectation Failed\r\n/)
    assert.match((await waitLog(/status=417/)).line, /code=H26/)
    const cont =
      'POST / HTTP/1.1\r\nHost: shop.shoal.test\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi'
    assert.match(await raw(port, cont), /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nok$/)
  })
})
