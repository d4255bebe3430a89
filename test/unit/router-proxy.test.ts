import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { after, before, beforeEach, describe, it } from 'node:test'
import { Registry } from 'prom-client'
import { Balancer } from '../../router/balancer.ts'
import { createRouterServer, type RouterServer } from '../../router/proxy.ts'
import { RouteTable } from '../../router/route-table.ts'
import { Stats } from '../../router/stats.ts'

// Real sockets on 127.0.0.1: tiny node:http backends behind the router.

interface Backend {
  port: number
  server: Server
}

async function backend(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Backend> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, server }
}

/** A port nothing listens on: bound, then released. */
async function refusedPort(): Promise<number> {
  const b = await backend(() => {})
  await new Promise((resolve) => b.server.close(resolve))
  return b.port
}

interface Reply {
  status: number
  headers: IncomingMessage['headers']
  body: string
}

function get(port: number, host: string, path = '/', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host, ...headers }, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** Writes bytes on a raw socket and returns everything the server sends before it closes. */
function raw(port: number, data: string, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(data))
    let out = ''
    socket.setEncoding('utf8')
    socket.on('data', (c: string) => {
      out += c
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve(out))
    setTimeout(() => socket.destroy(), waitMs).unref()
  })
}

const route = (dynoId: string, port: number, app = 'shop') => ({
  dynoId,
  app,
  processType: 'web',
  dynoName: `web.${dynoId}`,
  release: 1,
  hostId: 'h1',
  address: `127.0.0.1:${port}`,
})

describe('router proxy', { timeout: 20_000 }, () => {
  const logs: { line: string; app: string | undefined }[] = []
  let table: RouteTable
  let balancer: Balancer
  let stats: Stats
  let registry: Registry
  let router: RouterServer
  let port: number
  let seq = 0
  const backends: Backend[] = []
  const serve = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const b = await backend(handler)
    backends.push(b)
    return b
  }
  const announce = (...routes: ReturnType<typeof route>[]) =>
    table.apply({ hostId: 'h1', seq: ++seq, snapshot: true, up: routes })
  /** The log line is written when the exchange ends, which may be just after the client saw the response. */
  const waitLog = async (pattern: RegExp) => {
    for (let i = 0; i < 200; i++) {
      const found = logs.find((l) => pattern.test(l.line))
      if (found !== undefined) return found
      await new Promise((r) => setTimeout(r, 5))
    }
    assert.fail(`no log line matches ${pattern}; got:\n${logs.map((l) => l.line).join('\n')}`)
  }

  before(async () => {
    table = new RouteTable()
    balancer = new Balancer()
    registry = new Registry()
    stats = new Stats({ registry, now: Date.now() })
    router = createRouterServer({
      routeTable: table,
      balancer,
      stats,
      domain: 'shoal.test',
      customDomains: new Map([['www.shop.example', 'shop']]),
      log: (line, app) => logs.push({ line, app }),
      // First sample wins ties: the first announced backend is tried first.
      random: () => 0,
      timeoutMs: 200,
      connectTimeoutMs: 300,
      idleTimeoutMs: 150,
    })
    port = (await router.listen(0)).port
  })

  after(async () => {
    await router.close()
    for (const b of backends) b.server.closeAllConnections()
    await Promise.all(backends.map((b) => new Promise((r) => b.server.close(r))))
  })

  beforeEach(() => {
    logs.length = 0
    announce()
  })

  it('passes the Heroku headers to the dyno and logs the request', async () => {
    const b = await serve((req, res) => res.end(JSON.stringify(req.headers)))
    announce(route('1', b.port))
    const before = Date.now()
    const r = await get(port, 'Shop.Shoal.Test', '/hello?x=1', {
      'X-Forwarded-For': '198.51.100.7',
      'X-Forwarded-Proto': 'https',
      'X-Request-Id': 'client-request-id-0123456789',
      'X-Custom': 'kept',
      Connection: 'X-Secret, Upgrade',
      'X-Secret': 'hop',
      Upgrade: 'h2c',
    })
    const after = Date.now()
    assert.equal(r.status, 200)
    assert.equal(r.headers.via, '1.1 shoal')
    const seen = JSON.parse(r.body) as Record<string, string>
    assert.equal(seen['host'], 'Shop.Shoal.Test')
    assert.equal(seen['x-forwarded-for'], '198.51.100.7, 127.0.0.1')
    assert.equal(seen['x-forwarded-proto'], 'http')
    assert.equal(seen['x-forwarded-port'], String(port))
    assert.equal(seen['x-request-id'], 'client-request-id-0123456789')
    assert.equal(seen['via'], '1.1 shoal')
    assert.equal(seen['x-custom'], 'kept')
    assert.equal(seen['x-secret'], undefined)
    assert.equal(seen['upgrade'], undefined, 'only websocket upgrades are proxied')
    const start = Number(seen['x-request-start'])
    assert.ok(start >= before && start <= after, `X-Request-Start ${start} not in [${before}, ${after}]`)

    const log = await waitLog(/status=200/)
    assert.equal(log.app, 'shop')
    assert.match(
      log.line,
      new RegExp(
        '^at=info method=GET path="/hello\\?x=1" host=Shop.Shoal.Test request_id=client-request-id-0123456789 ' +
          `fwd="198.51.100.7, 127.0.0.1" dyno=web.1 connect=\\d+ms service=\\d+ms status=200 bytes=${r.body.length} protocol=http$`,
      ),
    )
    const text = await registry.metrics()
    assert.match(text, /shoal_router_requests_total\{app="shop",process_type="web",status="200"\} \d+/)
  })

  it('makes a request id when the client sends none, and routes custom domains', async () => {
    const b = await serve((req, res) => res.end(String(req.headers['x-request-id'])))
    announce(route('1', b.port))
    const r = await get(port, 'www.shop.example:8080')
    assert.equal(r.status, 200)
    assert.match(r.body, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    assert.match((await waitLog(/status=200/)).line, new RegExp(`request_id=${r.body} `))
  })

  it('retries a refused connect on another dyno and quarantines the dead one', async () => {
    const live = await serve((_req, res) => res.end('live'))
    const dead = await refusedPort()
    announce(route('dead', dead), route('live', live.port))
    const r = await get(port, 'shop.shoal.test')
    assert.equal(r.status, 200)
    assert.equal(r.body, 'live')
    assert.match((await waitLog(/status=200/)).line, /dyno=web.live /)
    assert.equal(balancer.isQuarantined('dead'), true)
  })

  it('answers 503 H21 when every dyno refuses, and H19 when connects time out', async () => {
    announce(route('d1', await refusedPort()), route('d2', await refusedPort()))
    const refused = await get(port, 'shop.shoal.test')
    assert.equal(refused.status, 503)
    assert.match(refused.body, /Application error/)
    assert.match(
      (await waitLog(/code=H21/)).line,
      /^at=error code=H21 desc="Backend connection refused" .* status=503 /,
    )

    // A listener that never accepts, its one-slot queue filled: further SYNs are dropped and connects hang.
    const py = spawn('python3', ['-c', blackhole])
    try {
      const hole = await new Promise<number>((resolve) => py.stdout.once('data', (d) => resolve(Number(String(d)))))
      const filler = connect(hole, '127.0.0.1')
      await new Promise((r) => filler.once('connect', r))
      announce(route('slow', hole))
      const started = Date.now()
      const timedOut = await get(port, 'shop.shoal.test')
      assert.equal(timedOut.status, 503)
      assert.ok(Date.now() - started >= 290, 'the connect timeout was not waited for')
      assert.match((await waitLog(/code=H19/)).line, /desc="Backend connection timeout"/)
      filler.destroy()
    } finally {
      py.kill()
    }
  })

  it('answers 503 H12 when the dyno sends nothing within the timeout', async () => {
    const b = await serve(() => {})
    announce(route('1', b.port))
    const started = Date.now()
    const r = await get(port, 'shop.shoal.test', '/slow')
    assert.equal(r.status, 503)
    assert.ok(Date.now() - started >= 190)
    const log = await waitLog(/code=H12/)
    const m =
      /^at=error code=H12 desc="Request timeout" method=GET path="\/slow" .* dyno=web.1 connect=\d+ms service=(\d+)ms status=503 bytes=0 protocol=http$/.exec(
        log.line,
      )
    assert.ok(m !== null, log.line)
    assert.ok(Number(m[1]) >= 195, `service=${m[1]}ms is shorter than the timeout`)
  })

  it('answers 503 H13 when the dyno closes the connection without a response', async () => {
    const b = await serve((req) => req.socket.destroy())
    announce(route('1', b.port))
    const r = await get(port, 'shop.shoal.test')
    assert.equal(r.status, 503)
    assert.match((await waitLog(/code=H13/)).line, /desc="Connection closed without response"/)
  })

  it('logs H18 when the dyno dies in the middle of a response', async () => {
    const b = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('partial')
      setTimeout(() => req.socket.destroy(), 20)
    })
    announce(route('1', b.port))
    await assert.rejects(get(port, 'shop.shoal.test'))
    assert.match((await waitLog(/code=H18/)).line, /status=200 bytes=7 protocol=http sock=backend$/)
  })

  it('streams request and response bodies without buffering them', async () => {
    const chunk = Buffer.alloc(64 * 1024, 7)
    const b = await serve((req, res) => {
      const hash = createHash('sha256')
      let n = 0
      req.once('data', () => res.writeHead(200).write('first chunk arrived\n'))
      req.on('data', (c: Buffer) => {
        n += c.length
        hash.update(c)
      })
      req.on('end', () => res.end(`${n} ${hash.digest('hex')}\n`))
    })
    announce(route('1', b.port))
    const expected = createHash('sha256')
    const result = await new Promise<string>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
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
    announce(route('1', b.port))
    const r = await get(port, 'shop.shoal.test')
    assert.equal(r.body.length, size)
    assert.match((await waitLog(/status=200/)).line, new RegExp(`bytes=${size} `))
  })

  it('logs H27 at warning when the client hangs up first', async () => {
    const b = await serve(() => {})
    announce(route('1', b.port))
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /gone HTTP/1.1\r\nHost: shop.shoal.test\r\n\r\n'))
    socket.on('error', () => {})
    await new Promise((r) => setTimeout(r, 50))
    socket.destroy()
    assert.match(
      (await waitLog(/code=H27/)).line,
      /^at=warning code=H27 desc="Client Request Interrupted" .* status=499 /,
    )
    assert.equal(balancer.inFlight('1'), 0)
  })

  it('cuts a client that stalls mid-upload (H28) and a dyno that stalls mid-response (H15)', async () => {
    const b = await serve((req, res) => {
      if (req.url === '/stall') {
        res.writeHead(200, { 'content-length': '10' })
        res.write('a')
      } else req.resume()
    })
    announce(route('1', b.port))
    const stalled = await raw(
      port,
      'POST /upload HTTP/1.1\r\nHost: shop.shoal.test\r\nContent-Length: 10\r\n\r\nab',
      3000,
    )
    assert.equal(stalled, '')
    assert.match((await waitLog(/code=H28/)).line, /^at=warning code=H28 desc="Client Connection Idle" .* status=499 /)
    await assert.rejects(get(port, 'shop.shoal.test', '/stall'))
    assert.match((await waitLog(/code=H15/)).line, /^at=error code=H15 desc="Idle connection" .* status=200 bytes=1 /)
    assert.equal(balancer.inFlight('1'), 0)
  })
})

const blackhole = [
  'import socket, time',
  's = socket.socket()',
  "s.bind(('127.0.0.1', 0))",
  's.listen(0)',
  'print(s.getsockname()[1], flush=True)',
  'time.sleep(30)',
].join('\n')
