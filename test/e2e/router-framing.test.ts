import assert from 'node:assert/strict'
import { connect, createServer as netServer } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { type Nginx, startNginx } from '../helpers/nginx.ts'
import { type Backend, type Harness, httpBackend, startHarness, until } from '../helpers/router-harness.ts'

// Request framing, raw bytes on a socket against the real router (HAProxy) in front of a Node backend that
// records every request it parsed (llhttp, as a dyno would). A smuggled request hides in a body; it must never
// reach the dyno as a request of its own. Every case also runs against nginx (1 worker, same backend) and the
// two outcomes are printed side by side.

const SMUGGLED = 'GET /smuggled HTTP/1.1\r\nHost: shop.shoal.test\r\nCookie: victim=1\r\n\r\n'
const chunk = (s: string) => `${s.length.toString(16)}\r\n${s}\r\n0\r\n\r\n`

interface Case {
  name: string
  bytes: string
  /** Status the router must answer with. */
  status: RegExp
  /** What the dyno may see: never the smuggled request; 'nothing' when the request must be refused before it. */
  reaches: 'nothing' | 'framed'
}

const METHODS = ['GET', 'HEAD', 'DELETE', 'OPTIONS', 'POST', 'PUT', 'PATCH']

const CASES: Case[] = [
  ...METHODS.map(
    (m): Case => ({
      name: `${m} with a chunked body`,
      bytes: `${m} /a HTTP/1.1\r\nHost: shop.shoal.test\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(SMUGGLED)}`,
      status: /^(200|400)$/,
      reaches: 'framed',
    }),
  ),
  ...METHODS.map(
    (m): Case => ({
      name: `${m} naming Content-Length in Connection`,
      bytes: `${m} /a HTTP/1.1\r\nHost: shop.shoal.test\r\nConnection: keep-alive, Content-Length\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`,
      status: /^(200|400)$/,
      reaches: 'framed',
    }),
  ),
  {
    name: 'Transfer-Encoding named in Connection',
    bytes: `POST /a HTTP/1.1\r\nHost: shop.shoal.test\r\nConnection: Transfer-Encoding\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(SMUGGLED)}`,
    status: /^(200|400)$/,
    reaches: 'framed',
  },
  {
    name: 'duplicate Host',
    bytes: 'GET /a HTTP/1.1\r\nHost: shop.shoal.test\r\nHost: other.shoal.test\r\n\r\n',
    status: /^400$/,
    reaches: 'nothing',
  },
  {
    name: 'absolute-form target naming another host',
    bytes: 'GET http://other.shoal.test/a HTTP/1.1\r\nHost: shop.shoal.test\r\n\r\n',
    status: /^400$/,
    reaches: 'nothing',
  },
  {
    name: 'Transfer-Encoding: xchunked',
    bytes: `POST /a HTTP/1.1\r\nHost: shop.shoal.test\r\nTransfer-Encoding: xchunked\r\n\r\n${chunk(SMUGGLED)}`,
    status: /^(400|501)$/,
    reaches: 'nothing',
  },
  {
    name: 'Transfer-Encoding: identity, chunked',
    bytes: `POST /a HTTP/1.1\r\nHost: shop.shoal.test\r\nTransfer-Encoding: identity, chunked\r\n\r\n${chunk(SMUGGLED)}`,
    // HAProxy's parser refuses it itself, with 422.
    status: /^(400|422|501)$/,
    reaches: 'nothing',
  },
  {
    name: 'two Transfer-Encoding headers',
    bytes: `POST /a HTTP/1.1\r\nHost: shop.shoal.test\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(SMUGGLED)}`,
    status: /^(400|501)$/,
    reaches: 'nothing',
  },
  {
    name: 'Transfer-Encoding on HTTP/1.0',
    bytes: `POST /a HTTP/1.0\r\nHost: shop.shoal.test\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(SMUGGLED)}`,
    status: /^400$/,
    reaches: 'nothing',
  },
  {
    name: 'Transfer-Encoding and Content-Length',
    bytes: `POST /a HTTP/1.1\r\nHost: shop.shoal.test\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(SMUGGLED)}`,
    // Chunked wins (RFC 9112 §6.3, and Heroku): HAProxy drops the Content-Length and sends the body chunked.
    status: /^(200|400)$/,
    reaches: 'framed',
  },
  {
    name: 'conflicting Content-Length',
    bytes: `POST /a HTTP/1.1\r\nHost: shop.shoal.test\r\nContent-Length: 4\r\nContent-Length: ${SMUGGLED.length + 4}\r\n\r\nabcd${SMUGGLED}`,
    status: /^400$/,
    reaches: 'nothing',
  },
  {
    name: 'chunk size overflow',
    bytes: `POST /a HTTP/1.1\r\nHost: shop.shoal.test\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff1\r\n${SMUGGLED}`,
    status: /^400$/,
    reaches: 'nothing',
  },
  {
    name: 'bare LF line endings',
    bytes: `POST /a HTTP/1.1\nHost: shop.shoal.test\nContent-Length: ${SMUGGLED.length}\n\n${SMUGGLED}`,
    // HAProxy (like nginx and llhttp) reads a bare LF as a line end and sends the dyno CRLF; the body stays framed.
    status: /^(200|400)$/,
    reaches: 'framed',
  },
  {
    name: 'URL over 8 KB',
    bytes: `GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: shop.shoal.test\r\n\r\n`,
    status: /^414$/,
    reaches: 'nothing',
  },
  {
    name: 'headers over 16 KB',
    bytes: `GET /a HTTP/1.1\r\nHost: shop.shoal.test\r\n${Array.from({ length: 4 }, (_, i) => `X-Big-${i}: ${'y'.repeat(5000)}\r\n`).join('')}\r\n`,
    status: /^431$/,
    reaches: 'nothing',
  },
]

interface Outcome {
  status: string
  smuggled: boolean
  reached: number
}

describe('router request framing (raw sockets, compared with nginx)', { timeout: 120_000 }, () => {
  let h: Harness
  let shop: Backend
  let other: Backend
  let nginx: Nginx
  const table: string[] = []

  before(async () => {
    h = await startHarness({ timeouts: { headersMs: 1000, keepAliveMs: 1000 }, maxConnections: 40 })
    shop = await httpBackend((_req, res) => res.end('ok'))
    other = await httpBackend((_req, res) => res.end('other'))
    await h.directory([{ name: 'shop' }, { name: 'other' }])
    await h.announce('h1', [
      { dynoId: 's1', app: 'shop', port: shop.port },
      { dynoId: 'o1', app: 'other', port: other.port },
    ])
    nginx = await startNginx({
      port: await freePort(),
      backendPort: shop.port,
      http: 'client_header_timeout 1s; keepalive_timeout 1s;',
    })
  })

  after(async () => {
    console.log(
      `\nframing: router (HAProxy) vs nginx, same backend\n${'case'.padEnd(46)} ${'router'.padEnd(22)} nginx\n${table.join('\n')}`,
    )
    await nginx?.stop()
    await h?.stop()
    await shop?.close()
    await other?.close()
  })

  /** Sends one case and returns the status, whether the smuggled request reached the dyno, and how many did. */
  async function send(port: number, bytes: string): Promise<Outcome> {
    const reply = await exchange(port, bytes)
    // A sentinel on a fresh connection: once it is through, whatever the case sent has been handled.
    await exchange(port, 'GET /sentinel HTTP/1.1\r\nHost: shop.shoal.test\r\nConnection: close\r\n\r\n')
    await until('the sentinel reached the dyno', () => shop.seen.some((s) => s.url === '/sentinel') || undefined)
    await new Promise((r) => setTimeout(r, 50))
    const seen = [...shop.seen, ...other.seen].filter((s) => s.url !== '/sentinel')
    const smuggled = seen.some((s) => s.url === '/smuggled')
    const reached = seen.length
    shop.seen.length = 0
    other.seen.length = 0
    return {
      status: /^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? `none (${JSON.stringify(reply.slice(0, 30))})`,
      smuggled,
      reached,
    }
  }

  for (const c of CASES) {
    it(c.name, async () => {
      const router = await send(h.port, c.bytes)
      const ref = await send(nginx.port, c.bytes)
      const show = (o: Outcome) => `${o.status}${o.smuggled ? ' SMUGGLED' : ''} (${o.reached} at dyno)`
      table.push(`${c.name.padEnd(46)} ${show(router).padEnd(22)} ${show(ref)}`)
      assert.equal(router.smuggled, false, 'the smuggled request reached the dyno')
      assert.match(router.status, c.status)
      if (c.reaches === 'nothing') assert.equal(router.reached, 0, 'a refused request reached the dyno')
    })
  }

  it('cuts a client that sends its headers too slowly (408) and reaps idle keep-alive connections', async () => {
    const slow = connect(h.port, '127.0.0.1')
    slow.on('error', () => {})
    let got = ''
    slow.on('data', (d) => {
      got += String(d)
    })
    slow.write('GET /a HTTP/1.1\r\nHost: shop.shoal.test\r\n')
    await until('the slow client is cut', () => slow.closed || undefined, 10_000)
    assert.match(got, /^HTTP\/1\.1 408 /)

    const idle = connect(h.port, '127.0.0.1')
    idle.on('error', () => {})
    let reply = ''
    idle.on('data', (d) => {
      reply += String(d)
    })
    idle.write('GET /a HTTP/1.1\r\nHost: shop.shoal.test\r\n\r\n')
    await until('a response', () => /\r\n\r\nok$/.test(reply) || undefined)
    await until('the idle keep-alive connection is closed by the router', () => idle.closed || undefined, 10_000)
  })

  it('caps the connections it serves at once', async () => {
    const held = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const s = connect(h.port, '127.0.0.1')
        s.on('error', () => {})
        await new Promise((r) => s.once('connect', r))
        // Half a request keeps the connection busy (the 1 s header timeout is refreshed by nothing).
        s.write('GET /a HTTP/1.1\r\n')
        return s
      }),
    )
    await until('HAProxy counts 40 connections', async () => {
      const info = await h.core.dataPlane.runtime.raw('show info')
      return Number(/^CurrConns: (\d+)/m.exec(info)?.[1]) >= 40 || undefined
    })
    const waiting = exchange(h.port, 'GET /a HTTP/1.1\r\nHost: shop.shoal.test\r\nConnection: close\r\n\r\n')
    const info = await h.core.dataPlane.runtime.raw('show info')
    assert.equal(Number(/^Maxconn: (\d+)/m.exec(info)?.[1]), 40)
    for (const s of held) s.destroy()
    assert.match(await waiting, /^HTTP\/1\.1 200 /, 'the 41st connection is served once others leave')
  })
})

/** Sends bytes and collects the reply: until the peer closes, or a whole response has arrived. */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes, 'latin1'))
    let out = ''
    let timer: NodeJS.Timeout | undefined
    const done = () => {
      clearTimeout(timer)
      socket.destroy()
      resolve(out)
    }
    socket.setEncoding('latin1')
    socket.on('data', (c: string) => {
      out += c
      const head = out.indexOf('\r\n\r\n')
      if (head < 0) return
      const bodyless = bytes.startsWith('HEAD ')
      const len = bodyless ? 0 : Number(/\r\ncontent-length: *(\d+)/i.exec(out.slice(0, head))?.[1] ?? Number.NaN)
      // A whole response (maybe the first of several): give a pipelined second one a moment, then stop.
      if (Number.isFinite(len) && out.length >= head + 4 + len) {
        clearTimeout(timer)
        timer = setTimeout(done, 100)
      }
    })
    socket.on('error', () => {})
    socket.on('close', done)
    timer = setTimeout(done, 5000)
  })
}

async function freePort(): Promise<number> {
  const s = netServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise((r) => s.close(r))
  return port
}
