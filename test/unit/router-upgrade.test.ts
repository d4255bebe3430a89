import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, beforeEach, describe, it } from 'node:test'
import WebSocket, { WebSocketServer } from 'ws'
import { Balancer } from '../../router/balancer.ts'
import { createRouterServer, type RouterServer } from '../../router/proxy.ts'
import { RouteTable } from '../../router/route-table.ts'
import { Stats } from '../../router/stats.ts'

// WebSockets through the router, with real sockets on 127.0.0.1 and `ws` on both ends.

const route = (dynoId: string, port: number) => ({
  dynoId,
  app: 'chat',
  processType: 'web',
  dynoName: `web.${dynoId}`,
  release: 1,
  hostId: 'h1',
  address: `127.0.0.1:${port}`,
})

function open(url: string, host: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { host } })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)))
  })
}

const nextMessage = (ws: WebSocket): Promise<string> =>
  new Promise((resolve) => ws.once('message', (data) => resolve(String(data))))

describe('router websockets', { timeout: 20_000 }, () => {
  const logs: string[] = []
  const table = new RouteTable()
  const balancer = new Balancer()
  let stats: Stats
  let router: RouterServer
  let port: number
  let server: Server
  let wss: WebSocketServer
  let backendPort: number
  let upgradeHeaders: IncomingMessage['headers'] = {}
  let seq = 0

  const waitLog = async (pattern: RegExp) => {
    for (let i = 0; i < 200; i++) {
      const found = logs.find((l) => pattern.test(l))
      if (found !== undefined) return found
      await new Promise((r) => setTimeout(r, 5))
    }
    assert.fail(`no log line matches ${pattern}; got:\n${logs.join('\n')}`)
  }

  before(async () => {
    server = createServer((_req, res) => res.writeHead(426).end('websocket only'))
    wss = new WebSocketServer({ noServer: true })
    server.on('upgrade', (req, socket, head) => {
      upgradeHeaders = req.headers
      if (req.url === '/refuse') {
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\n\r\nnope')
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (data) => ws.send(`echo:${String(data)}`)))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    backendPort = (server.address() as AddressInfo).port
    stats = new Stats({ now: Date.now() })
    router = createRouterServer({
      routeTable: table,
      balancer,
      stats,
      domain: 'shoal.test',
      log: (line) => logs.push(line),
      timeoutMs: 200,
    })
    port = (await router.listen(0)).port
  })

  after(async () => {
    await router.close()
    for (const ws of wss.clients) ws.terminate()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  beforeEach(() => {
    logs.length = 0
    table.apply({ hostId: 'h1', seq: ++seq, snapshot: true, up: [route('1', backendPort)] })
  })

  it('upgrades, passes the Heroku headers and echoes both ways', async () => {
    const ws = await open(`ws://127.0.0.1:${port}/socket`, 'chat.shoal.test')
    assert.equal(upgradeHeaders['upgrade'], 'websocket')
    assert.equal(upgradeHeaders['x-forwarded-for'], '127.0.0.1')
    assert.equal(upgradeHeaders['x-forwarded-port'], String(port))
    assert.equal(upgradeHeaders['via'], '1.1 shoal')
    assert.match(String(upgradeHeaders['x-request-id']), /^[0-9a-f-]{36}$/)
    for (const text of ['hello', 'x'.repeat(100_000)]) {
      const reply = nextMessage(ws)
      ws.send(text)
      assert.equal(await reply, `echo:${text}`)
    }
    assert.match(
      await waitLog(/status=101/),
      /^at=info method=GET path="\/socket" host=chat.shoal.test .* dyno=web.1 .* status=101 bytes=0 protocol=http$/,
    )
    assert.equal(balancer.inFlight('1'), 1, 'an open websocket holds its backend slot')
    const closed = new Promise((r) => ws.once('close', r))
    ws.close()
    await closed
    for (let i = 0; i < 100 && balancer.inFlight('1') > 0; i++) await new Promise((r) => setTimeout(r, 5))
    assert.equal(balancer.inFlight('1'), 0)
    const [row] = stats.snapshot(Date.now())
    assert.equal(row?.app, 'chat')
    assert.ok((row?.requests ?? 0) >= 1)
  })

  it('relays a dyno that declines the upgrade', async () => {
    await assert.rejects(open(`ws://127.0.0.1:${port}/refuse`, 'chat.shoal.test'), /unexpected response 403/)
    assert.match(await waitLog(/status=403/), /^at=info .* path="\/refuse" .* bytes=4 protocol=http$/)
  })

  it('answers 404 for an unknown host and 503 H14 without dynos', async () => {
    await assert.rejects(open(`ws://127.0.0.1:${port}/`, 'other.example'), /unexpected response 404/)
    table.apply({ hostId: 'h1', seq: ++seq, snapshot: true, up: [] })
    await assert.rejects(open(`ws://127.0.0.1:${port}/`, 'chat.shoal.test'), /unexpected response 503/)
    assert.match(await waitLog(/code=H14/), /status=503/)
  })

  it('closes open websockets when the router closes', async () => {
    const other = createRouterServer({ routeTable: table, stats: new Stats(), domain: 'shoal.test', log: () => {} })
    const otherPort = (await other.listen(0)).port
    const ws = await open(`ws://127.0.0.1:${otherPort}/`, 'chat.shoal.test')
    const closed = new Promise((r) => ws.once('close', r))
    await other.close()
    await closed
  })
})
