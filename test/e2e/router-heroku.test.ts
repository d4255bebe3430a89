import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { Agent, createServer, request } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { after, before, beforeEach, describe, it } from 'node:test'
import { WebSocket, WebSocketServer } from 'ws'
import { type Backend, get, type Harness, httpBackend, raw, startHarness, until } from '../helpers/router-harness.ts'

// Heroku's router behaviour, black-box, through the real data plane: HAProxy started and driven by RouterCore,
// tiny node:http backends on loopback. Timeouts are shortened so the H12/H15/H19/H28 cases are quick.

describe('router (HAProxy) keeps Heroku behaviour', { timeout: 90_000 }, () => {
  let h: Harness
  const backends: Backend[] = []
  const serve = async (...args: Parameters<typeof httpBackend>) => {
    const b = await httpBackend(...args)
    backends.push(b)
    return b
  }
  const announce = (...routes: { id: string; port: number; app?: string }[]) =>
    h.announce(
      'h1',
      routes.map((r) => ({ dynoId: r.id, app: r.app ?? 'shop', port: r.port, dynoName: `web.${r.id}` })),
    )
  const refusedPort = async () => {
    const b = await httpBackend()
    await b.close()
    return b.port
  }
  const waitLog = (re: RegExp) => h.waitLine(re)
  const logOf = (re: RegExp) => until(`a line matching ${re}`, () => h.lines.find((l) => re.test(l.line)))

  before(async () => {
    // Client idle (H28) well above an event-loop stall of a loaded test machine reading a large response.
    h = await startHarness({ timeouts: { serverMs: 2500, connectMs: 300, clientMs: 1500 } })
    await h.directory([
      { name: 'shop', domains: ['www.shop.example', '*.wild.example'] },
      { name: 'chat' },
      { name: 'empty' },
    ])
  })

  after(async () => {
    await h.stop()
    await Promise.all(backends.map((b) => b.close()))
  })

  beforeEach(async () => {
    h.lines.length = 0
    await announce()
  })

  it('keeps connections to a dyno open between requests (a dyno added at runtime too)', async () => {
    // `add server` in HAProxy 2.6 defaults to pool-max-conn 0: every request then opened a new connection.
    const b = await serve()
    let connections = 0
    b.server.on('connection', () => connections++)
    await announce({ id: '1', port: b.port })
    // One client connection kept alive (as a browser or wrk does): its requests share one dyno connection.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      for (let i = 0; i < 10; i++) {
        const status = await new Promise<number>((resolve, reject) => {
          const req = request(
            { port: h.port, host: '127.0.0.1', headers: { host: 'shop.shoal.test' }, agent },
            (res) => {
              res.resume()
              res.on('end', () => resolve(res.statusCode ?? 0))
            },
          )
          req.on('error', reject)
          req.end()
        })
        assert.equal(status, 200)
      }
    } finally {
      agent.destroy()
    }
    assert.ok(connections <= 2, `10 requests on one client connection opened ${connections} connections to the dyno`)
    // Their lines arrive by datagram: wait for them, so none lands in the next test.
    await until('the 10 lines', () => h.lines.filter((l) => / status=200 /.test(l.line)).length >= 10 || undefined)
  })

  it('passes the Heroku headers to the dyno and logs the request', async () => {
    const b = await serve((req, res) => res.end(JSON.stringify(req.headers)))
    await announce({ id: '1', port: b.port })
    const before = Date.now()
    const r = await get(h.port, 'Shop.Shoal.Test', '/hello?x=1', {
      'X-Forwarded-For': '198.51.100.7',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Port': '1',
      'X-Request-Start': '1',
      'X-Request-Id': 'client-request-id-0123456789',
      'X-Custom': 'kept',
    })
    const after = Date.now()
    assert.equal(r.status, 200)
    assert.equal(r.headers.via, '1.1 shoal')
    const seen = JSON.parse(r.body) as Record<string, string>
    assert.equal(seen['host'], 'Shop.Shoal.Test')
    assert.equal(seen['x-forwarded-for'], '198.51.100.7, 127.0.0.1')
    assert.equal(seen['x-forwarded-proto'], 'http')
    assert.equal(seen['x-forwarded-port'], String(h.port))
    assert.equal(seen['x-request-id'], 'client-request-id-0123456789')
    assert.equal(seen['via'], '1.1 shoal')
    assert.equal(seen['x-custom'], 'kept')
    const start = Number(seen['x-request-start'])
    assert.ok(start >= before - 1 && start <= after + 1, `X-Request-Start ${start} not in [${before}, ${after}]`)

    const line = await waitLog(/status=200/)
    assert.equal(h.lines.find((l) => l.line === line)?.app, 'shop')
    assert.match(
      line,
      new RegExp(
        '^at=info method=GET path="/hello\\?x=1" host=Shop.Shoal.Test request_id=client-request-id-0123456789 ' +
          'fwd="198.51.100.7, 127.0.0.1" dyno=web.1 connect=\\d+ms service=\\d+ms status=200 bytes=\\d+ protocol=http$',
      ),
    )
    const text = await h.registry.metrics()
    assert.match(text, /shoal_router_requests_total\{app="shop",status_class="2xx",code=""\} \d+/)
    assert.match(text, /shoal_router_service_seconds_count\{app="shop"\} \d+/)
    assert.match(text, /shoal_router_connect_seconds_count\{app="shop"\} \d+/)
  })

  it('makes a request id when the client sends a bad one, and routes custom and wildcard domains', async () => {
    const b = await serve((req, res) => res.end(String(req.headers['x-request-id'])))
    await announce({ id: '1', port: b.port })
    for (const host of ['www.shop.example:8080', 'api.wild.example', 'WWW.SHOP.EXAMPLE.']) {
      const r = await get(h.port, host, '/', { 'X-Request-Id': 'short' })
      assert.equal(r.status, 200, host)
      assert.match(r.body, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      assert.match(await waitLog(new RegExp(`request_id=${r.body} `)), /status=200/)
    }
    assert.equal((await get(h.port, 'deep.api.wild.example')).status, 404, 'a wildcard covers one label')
  })

  it('retries a refused connect on another dyno', async () => {
    const live = await serve((_req, res) => res.end('live'))
    await announce({ id: 'dead', port: await refusedPort() }, { id: 'live', port: live.port })
    for (let i = 0; i < 10; i++) {
      const r = await get(h.port, 'shop.shoal.test')
      assert.equal(r.status, 200)
      assert.equal(r.body, 'live')
    }
    assert.equal(h.lines.filter((l) => /code=/.test(l.line)).length, 0, h.lines.map((l) => l.line).join('\n'))
  })

  it('answers 503 H21 when every dyno refuses, and H19 when connects time out', async () => {
    await announce({ id: 'd1', port: await refusedPort() }, { id: 'd2', port: await refusedPort() })
    const refused = await get(h.port, 'shop.shoal.test')
    assert.equal(refused.status, 503)
    assert.match(refused.body, /Application error/)
    assert.match(await waitLog(/code=H21/), /^at=error code=H21 desc="Backend connection refused" .* status=503 /)

    // A listener that never accepts, its one-slot queue filled: further SYNs are dropped and connects hang.
    const py = spawn('python3', ['-c', BLACKHOLE])
    try {
      const hole = await new Promise<number>((resolve) => py.stdout.once('data', (d) => resolve(Number(String(d)))))
      const filler = connect(hole, '127.0.0.1')
      await new Promise((r) => filler.once('connect', r))
      await announce({ id: 'slow', port: hole })
      h.lines.length = 0
      const timedOut = await get(h.port, 'shop.shoal.test')
      assert.equal(timedOut.status, 503)
      assert.match(await waitLog(/code=H19/), /desc="Backend connection timeout" .* status=503 /)
      filler.destroy()
    } finally {
      py.kill()
    }
  })

  it('answers 503 H12 when the dyno sends nothing within the timeout', async () => {
    const b = await serve(() => {})
    await announce({ id: '1', port: b.port })
    const r = await get(h.port, 'shop.shoal.test', '/slow')
    assert.equal(r.status, 503)
    const m =
      /^at=error code=H12 desc="Request timeout" method=GET path="\/slow" .* dyno=web.1 connect=\d+ms service=(\d+)ms status=503 bytes=\d+ protocol=http$/.exec(
        await waitLog(/code=H12/),
      )
    assert.ok(m !== null, h.lines.map((l) => l.line).join('\n'))
    assert.ok(Number(m[1]) >= 2490, `service=${m[1]}ms is shorter than the timeout`)
  })

  it('answers 503 H13 when the dyno closes the connection without a response', async () => {
    const b = await serve((req) => req.socket.destroy())
    await announce({ id: '1', port: b.port })
    const r = await get(h.port, 'shop.shoal.test')
    assert.equal(r.status, 503)
    assert.match(await waitLog(/code=H13/), /desc="Connection closed without response"/)
  })

  it('logs H18 when the dyno dies in the middle of a response', async () => {
    const b = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('partial')
      setTimeout(() => req.socket.destroy(), 20)
    })
    await announce({ id: '1', port: b.port })
    await assert.rejects(get(h.port, 'shop.shoal.test'))
    assert.match(await waitLog(/code=H18/), /status=200 bytes=\d+ protocol=http sock=backend$/)
  })

  it('streams request and response bodies without buffering them', async () => {
    const chunk = Buffer.alloc(64 * 1024, 7)
    const b = await serve()
    b.server.removeAllListeners('request')
    b.server.on('request', (req, res) => {
      const hash = createHash('sha256')
      let n = 0
      req.once('data', () => res.writeHead(200).write('first chunk arrived\n'))
      req.on('data', (c: Buffer) => {
        n += c.length
        hash.update(c)
      })
      req.on('end', () => res.end(`${n} ${hash.digest('hex')}\n`))
    })
    await announce({ id: '1', port: b.port })
    const expected = createHash('sha256')
    const result = await new Promise<string>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: h.port,
        method: 'POST',
        path: '/upload',
        headers: { host: 'shop.shoal.test' },
        agent: false,
      })
      req.on('error', reject)
      req.on('response', (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          // The dyno answered while the client still holds most of its body: both directions stream.
          if (body === '') {
            for (let i = 0; i < 128; i++) {
              req.write(chunk)
              expected.update(chunk)
            }
            req.end()
          }
          body += c
        })
        res.on('end', () => resolve(body))
      })
      req.write(chunk)
      expected.update(chunk)
    })
    assert.equal(result, `first chunk arrived\n${129 * chunk.length} ${expected.digest('hex')}\n`)
  })

  it('streams a large response', async () => {
    const size = 16 * 1024 * 1024
    const b = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(size) })
      let sent = 0
      const piece = Buffer.alloc(256 * 1024, 1)
      const pump = () => {
        while (sent < size) {
          sent += piece.length
          if (!res.write(piece)) return res.once('drain', pump)
        }
        res.end()
      }
      pump()
    })
    await announce({ id: '1', port: b.port })
    const r = await get(h.port, 'shop.shoal.test', '/large')
    assert.equal(r.body.length, size)
    const bytes = Number(/bytes=(\d+)/.exec(await waitLog(/path="\/large".*status=200/))?.[1])
    assert.ok(bytes >= size && bytes < size + 1024, `bytes=${bytes}`)
  })

  it('logs H27 at warning when the client hangs up first', async () => {
    const b = await serve(() => {})
    await announce({ id: '1', port: b.port })
    const socket = connect(h.port, '127.0.0.1', () =>
      socket.write('GET /gone HTTP/1.1\r\nHost: shop.shoal.test\r\n\r\n'),
    )
    socket.on('error', () => {})
    await until('the request reached the dyno', () => b.seen.length > 0 || undefined)
    socket.destroy()
    assert.match(await waitLog(/code=H27/), /^at=warning code=H27 desc="Client Request Interrupted" .* status=499 /)
  })

  it('cuts a client that stalls mid-upload (H28) and a dyno that stalls mid-response (H15)', async () => {
    const b = await serve()
    b.server.removeAllListeners('request')
    b.server.on('request', (req, res) => {
      if (req.url === '/stall') {
        res.writeHead(200, { 'content-length': '10' })
        res.write('a')
      } else req.resume()
    })
    await announce({ id: '1', port: b.port })
    await raw(h.port, 'POST /upload HTTP/1.1\r\nHost: shop.shoal.test\r\nContent-Length: 10\r\n\r\nab', 3000)
    assert.match(
      await waitLog(/code=H28/),
      /^at=warning code=H28 desc="Client Connection Idle" method=POST path="\/upload" .* status=408 /,
    )
    await assert.rejects(get(h.port, 'shop.shoal.test', '/stall'))
    assert.match(await waitLog(/code=H15/), /^at=error code=H15 desc="Idle connection" .* status=200 /)
  })

  it("reads one record per request from HAProxy's log ring: client text cannot forge a record", async () => {
    const b = await serve((_req, res) => res.end('ok'))
    await announce({ id: '1', port: b.port })
    const forged = '1.2.3.4", "x"], ["shop", "", "GET", "/forged'
    assert.equal((await get(h.port, 'shop.shoal.test', '/real', { 'x-forwarded-for': forged })).status, 200)
    const line = await waitLog(/path="\/real"/)
    assert.match(line, /fwd="1\.2\.3\.4\\?", \\?"x/)
    assert.equal(h.lines.filter((l) => /forged/.test(l.line) && !/path="\/real"/.test(l.line)).length, 0)
    assert.ok(h.core.receiver.received > 0)
  })

  it('answers 404 for an unknown host and logs it without an app', async () => {
    const r = await get(h.port, 'nobody.example.com')
    assert.equal(r.status, 404)
    assert.match(r.body, /No such app/)
    const line = await logOf(/status=404/)
    assert.equal(line.app, undefined)
    assert.match(
      line.line,
      /^at=info method=GET path="\/" host=nobody.example.com .* dyno= connect= service= status=404 /,
    )
    assert.equal((await get(h.port, 'gone.shoal.test')).status, 404, 'an app missing from the directory')
  })

  it('answers 503 H14 for an app without dynos, H10 when it crashed, H80 in maintenance', async () => {
    assert.equal((await get(h.port, 'nobody.example.com')).status, 404)
    const r = await get(h.port, 'empty.shoal.test')
    assert.equal(r.status, 503)
    assert.match(await waitLog(/code=H14/), /desc="No web processes running" .* dyno= connect= service= status=503/)
    await h.directory([{ name: 'shop' }, { name: 'empty', crashed: true }])
    assert.equal((await get(h.port, 'empty.shoal.test')).status, 503)
    assert.match(await waitLog(/code=H10/), /desc="App crashed"/)
    const b = await serve()
    await announce({ id: '1', port: b.port })
    await h.directory([{ name: 'shop', maintenance: true }])
    const m = await get(h.port, 'shop.shoal.test')
    assert.equal(m.status, 503)
    assert.match(await waitLog(/code=H80/), /^at=info code=H80 desc="Maintenance mode"/)
    assert.equal(b.seen.length, 0, 'maintenance keeps requests from the dynos')
    await h.directory([
      { name: 'shop', domains: ['www.shop.example', '*.wild.example'] },
      { name: 'chat' },
      { name: 'empty' },
    ])
    assert.equal((await get(h.port, 'shop.shoal.test')).status, 200)
    const text = await h.registry.metrics()
    assert.match(text, /shoal_router_requests_total\{app="empty",status_class="5xx",code="H14"\} 1/)
    assert.match(text, /shoal_router_requests_total\{app="shop",status_class="5xx",code="H80"\} 1/)
    assert.match(text, /shoal_router_requests_total\{app="",status_class="4xx",code=""\} \d+/)
  })

  it('answers 400 to malformed requests and oversized heads, 417 to an unknown Expect, and keeps serving', async () => {
    const b = await serve((_req, res) => res.end('ok'))
    await announce({ id: '1', port: b.port })
    assert.match(await raw(h.port, 'GARBAGE\x01 / HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request\r\n/i)
    assert.match(await waitLog(/code=H26/), /^at=error code=H26 desc="Request Error" .* status=400 /)
    const hugeHead = `GET / HTTP/1.1\r\nHost: shop.shoal.test\r\nX-Big: ${'x'.repeat(70 * 1024)}\r\n\r\n`
    assert.match(await raw(h.port, hugeHead), /^HTTP\/1\.1 (400|431) /)
    const conflicting = 'POST / HTTP/1.1\r\nHost: shop.shoal.test\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'
    assert.match(await raw(h.port, conflicting), /^HTTP\/1\.1 400 Bad Request\r\n/i)
    const expect = 'GET / HTTP/1.1\r\nHost: shop.shoal.test\r\nExpect: teapot\r\n\r\n'
    assert.match(await raw(h.port, expect), /^HTTP\/1\.1 417 Expectation Failed\r\n/i)
    assert.match(await waitLog(/status=417/), /code=H26/)
    const cont =
      'POST / HTTP/1.1\r\nHost: shop.shoal.test\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi'
    assert.match(await raw(h.port, cont), /^HTTP\/1\.1 (100 Continue\r\n\r\nHTTP\/1\.1 )?200 OK\r\n[\s\S]*\r\n\r\nok$/)
    assert.equal(b.seen.filter((s) => s.method === 'POST').length, 1, 'only the well-framed POST reached the dyno')
    assert.equal((await get(h.port, 'shop.shoal.test')).body, 'ok')
  })

  it('passes websockets through with the Heroku headers, and refusals by the dyno', async () => {
    const server = createServer((_req, res) => res.writeHead(426).end('websocket only'))
    const wss = new WebSocketServer({ noServer: true })
    let upgradeHeaders: Record<string, string | string[] | undefined> = {}
    server.on('upgrade', (req, socket, head) => {
      socket.on('error', () => {})
      upgradeHeaders = req.headers
      if (req.url === '/refuse') {
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\n\r\nnope')
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (data) => ws.send(`echo:${String(data)}`)))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      await h.announce('h1', [{ dynoId: 'w1', app: 'chat', port: (server.address() as AddressInfo).port }])
      const ws = new WebSocket(`ws://127.0.0.1:${h.port}/socket`, { headers: { host: 'chat.shoal.test' } })
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
      assert.equal(upgradeHeaders['upgrade'], 'websocket')
      assert.equal(upgradeHeaders['x-forwarded-for'], '127.0.0.1')
      assert.equal(upgradeHeaders['x-forwarded-port'], String(h.port))
      assert.equal(upgradeHeaders['via'], '1.1 shoal')
      assert.match(String(upgradeHeaders['x-request-id']), /^[0-9a-f-]{36}$/)
      for (const text of ['hello', 'x'.repeat(100_000)]) {
        const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))))
        ws.send(text)
        assert.equal(await reply, `echo:${text}`)
      }
      const closed = new Promise((r) => ws.once('close', r))
      ws.close()
      await closed
      assert.match(
        await waitLog(/status=101/),
        /^at=info method=GET path="\/socket" host=chat.shoal.test .* dyno=web.w1 /,
      )
      const refused = new WebSocket(`ws://127.0.0.1:${h.port}/refuse`, { headers: { host: 'chat.shoal.test' } })
      await assert.rejects(
        new Promise((resolve, reject) => refused.once('open', resolve).once('error', reject)),
        /Unexpected server response: 403/,
      )
    } finally {
      for (const c of wss.clients) c.terminate()
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    }
  })

  it('drains a withdrawn dyno: no new requests, reported drained only once its request finished', async () => {
    let release: (() => void) | undefined
    const slow = await serve((req, res) => {
      if (req.url === '/hold') release = () => res.end('held')
      else res.end('slow')
    })
    const other = await serve((_req, res) => res.end('other'))
    await announce({ id: 'old', port: slow.port })
    const held = get(h.port, 'shop.shoal.test', '/hold')
    await until('the held request reached the dyno', () => release)
    await announce({ id: 'new', port: other.port })
    for (let i = 0; i < 5; i++) assert.equal((await get(h.port, 'shop.shoal.test')).body, 'other')
    const first = await h.core.report(Date.now())
    assert.ok(!first.drained.includes('old'), 'a request is still in flight at the withdrawn dyno')
    release?.()
    assert.equal((await held).body, 'held')
    const second = await until('the withdrawn dyno reported drained', async () => {
      const r = await h.core.report(Date.now())
      return r.drained.includes('old') ? r : undefined
    })
    assert.ok(second.drained.includes('old'))
    await until('HAProxy forgot the drained server', async () => {
      await h.core.report(Date.now())
      await h.core.settled()
      return !(await h.core.dataPlane.runtime.raw('show servers state')).includes('dold') || undefined
    })
  })

  it('sends no new requests to dynos on a suspect host, and resumes when it is alive again', async () => {
    const a = await serve((_req, res) => res.end('a'))
    const b = await serve((_req, res) => res.end('b'))
    await h.announce('h2', [{ dynoId: 'b', app: 'shop', port: b.port }])
    await announce({ id: 'a', port: a.port })
    h.core.setHostHealthy('h2', false)
    await h.core.settled()
    for (let i = 0; i < 10; i++) assert.equal((await get(h.port, 'shop.shoal.test')).body, 'a')
    h.core.setHostHealthy('h2', true)
    await h.core.settled()
    await until('h2 serves again', async () => (await get(h.port, 'shop.shoal.test')).body === 'b' || undefined)
    await h.announce('h2', [])
  })
})

const BLACKHOLE = [
  'import socket, time',
  's = socket.socket()',
  "s.bind(('127.0.0.1', 0))",
  's.listen(0)',
  'print(s.getsockname()[1], flush=True)',
  'time.sleep(30)',
].join('\n')
