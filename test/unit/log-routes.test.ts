// The logs API on a real socket: an API server as the controller builds it, the routes, a hub, and ws clients.
import assert from 'node:assert/strict'
import type { Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { Registry } from 'prom-client'
import { WebSocket } from 'ws'
import { createApiServer, listen } from '../../controller/api/api-server.ts'
import { registerLogsRoutes } from '../../controller/api/logs-routes.ts'
import { LogHub } from '../../controller/logs/log-hub.ts'
import { ManualClock } from '../../lib/clock.ts'
import { appLine, routerLine } from '../../lib/log-format.ts'
import { silentLogger } from '../../lib/logger.ts'
import type { ErrorBody, LogsResponse } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { eventually, metricValue } from '../helpers/mesh.ts'

const TOKEN = 'test-token-0123456789'
const T = Date.UTC(2026, 10, 26, 15, 0, 0) * 1000

/** A ws client that records what it gets; `autoPong: false` makes it a peer that has stopped answering. */
function tail(url: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }, autoPong = true) {
  const ws = new WebSocket(url, { headers, autoPong })
  const lines: string[] = []
  const pings: number[] = []
  const state: { status?: number; body?: string; closed?: number } = {}
  ws.on('message', (d) => lines.push(String(d)))
  ws.on('ping', () => pings.push(Date.now()))
  ws.on('close', (code) => {
    state.closed = code
  })
  ws.on('error', () => {})
  ws.on('unexpected-response', (_req, res) => {
    let body = ''
    res.on('data', (c: Buffer) => {
      body += c.toString()
    })
    res.on('end', () => {
      state.status = res.statusCode ?? 0
      state.body = body
    })
  })
  const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()))
  return { ws, lines, pings, state, opened }
}

/**
 * Resolves when the server answered a ping from this client: frames on one connection are handled in order, so the
 * server has handled everything the client sent before, and everything the server sent before has arrived.
 */
function roundTrip(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    ws.once('pong', () => resolve())
    ws.ping()
  })
}

describe('logs API', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 26, 15, 0, 0))
  const registry = new Registry()
  const hub = new LogHub({ clock, registry, tailBuffer: 10 })
  const apps = new Set(['myapp'])
  let api: FastifyInstance
  let base = ''
  let wsBase = ''
  const get = (path: string, token = TOKEN) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })

  before(async () => {
    api = createApiServer({ token: TOKEN, logger: silentLogger })
    registerLogsRoutes(api, {
      hub,
      token: TOKEN,
      logger: silentLogger,
      clock,
      highWaterBytes: 64 * 1024,
      requireApp: async (name) => {
        if (!apps.has(name)) throw new ShoalError('NOT_FOUND', `Cannot find app "${name}"`)
      },
    })
    base = await listen(api, '127.0.0.1:0')
    wsBase = base.replace(/^http/, 'ws')
    hub.append(appLine('myapp', 'web.1', 'booted', T + 1))
    hub.append(appLine('myapp', 'worker.1', 'tick', T + 2))
    hub.append(routerLine('myapp', 'at=info status=200', T + 3))
  })
  after(async () => {
    await api.close()
  })

  it('GET …/logs returns formatted lines, filtered', async () => {
    const all = (await (await get('/v1/apps/myapp/logs')).json()) as LogsResponse
    assert.deepEqual(all.lines, [
      '2026-11-26T15:00:00.000001+00:00 app[web.1]: booted',
      '2026-11-26T15:00:00.000002+00:00 app[worker.1]: tick',
      '2026-11-26T15:00:00.000003+00:00 shoal[router]: at=info status=200',
    ])
    const q = async (query: string): Promise<string[]> =>
      ((await (await get(`/v1/apps/myapp/logs?${query}`)).json()) as LogsResponse).lines.map((l) => l.slice(33))
    assert.deepEqual(await q('source=shoal'), ['shoal[router]: at=info status=200'])
    assert.deepEqual(await q('dyno=worker.1'), ['app[worker.1]: tick'])
    assert.deepEqual(await q('ps=web'), ['app[web.1]: booted'])
    assert.deepEqual(await q('num=1'), ['shoal[router]: at=info status=200'])
    assert.deepEqual(await q('num=0'), [])
  })

  it('GET …/logs refuses bad input, unknown apps and missing tokens with the API error body', async () => {
    const expect = async (res: Response, status: number, code: string): Promise<void> => {
      assert.equal(res.status, status)
      assert.equal(((await res.json()) as ErrorBody).error.code, code)
    }
    await expect(await get('/v1/apps/nope/logs'), 404, 'NOT_FOUND')
    await expect(await get('/v1/apps/myapp/logs?num=1501'), 422, 'INVALID_INPUT')
    await expect(await get('/v1/apps/myapp/logs?num=-1'), 422, 'INVALID_INPUT')
    await expect(await get('/v1/apps/myapp/logs?source=heroku'), 422, 'INVALID_INPUT')
    await expect(await get('/v1/apps/myapp/logs?num=1&num=2'), 422, 'INVALID_INPUT')
    await expect(await get('/v1/apps/myapp/logs', 'wrong'), 401, 'UNAUTHORIZED')
  })

  it('refuses a websocket without a valid Authorization header before upgrading', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }]) {
      const t = tail(`${wsBase}/v1/apps/myapp/logs/stream`, headers)
      await eventually(() => t.state.body !== undefined, 5000, 'HTTP answer')
      assert.equal(t.state.status, 401)
      assert.equal((JSON.parse(t.state.body ?? '') as ErrorBody).error.code, 'UNAUTHORIZED')
    }
    // A token in the query string is not a credential.
    const q = tail(`${wsBase}/v1/apps/myapp/logs/stream?token=${TOKEN}`, {})
    await eventually(() => q.state.status !== undefined, 5000, 'HTTP answer')
    assert.equal(q.state.status, 401)
  })

  it('answers 404 for an unknown app and 422 for a bad filter on the websocket path', async () => {
    const missing = tail(`${wsBase}/v1/apps/nope/logs/stream`)
    const bad = tail(`${wsBase}/v1/apps/myapp/logs/stream?source=nope`)
    const route = tail(`${wsBase}/v1/nothing-here`)
    await eventually(
      () => missing.state.body !== undefined && bad.state.body !== undefined && route.state.body !== undefined,
      5000,
      'HTTP answers',
    )
    assert.equal(missing.state.status, 404)
    assert.equal((JSON.parse(missing.state.body ?? '') as ErrorBody).error.code, 'NOT_FOUND')
    assert.equal(bad.state.status, 422)
    assert.equal(route.state.status, 404)
  })

  it('streams the recent lines first, then live ones, with the filter applied', async () => {
    const t = tail(`${wsBase}/v1/apps/myapp/logs/stream?ps=web&num=5`)
    await t.opened
    await eventually(() => t.lines.length === 1, 5000, 'recent line')
    assert.equal(t.lines[0], '2026-11-26T15:00:00.000001+00:00 app[web.1]: booted')
    hub.append(appLine('myapp', 'worker.1', 'not for this tail', T + 10))
    hub.append(appLine('myapp', 'web.2', 'live line', T + 11))
    await eventually(() => t.lines.length === 2, 5000, 'live line')
    assert.equal(t.lines[1], '2026-11-26T15:00:00.000011+00:00 app[web.2]: live line')
    t.ws.close()
    await eventually(() => hub.tailCount() === 0, 5000, 'tail removed on close')
  })

  it('pings every 30 s and closes a tail that stopped answering', async () => {
    const alive = tail(`${wsBase}/v1/apps/myapp/logs/stream?num=0`)
    const dead = tail(`${wsBase}/v1/apps/myapp/logs/stream?num=0`, undefined, false)
    await Promise.all([alive.opened, dead.opened])
    await eventually(() => hub.tailCount() === 2, 5000, 'two tails')
    clock.advance(29_999)
    // A ping the server sent would arrive before its answer to ours.
    await Promise.all([roundTrip(alive.ws), roundTrip(dead.ws)])
    assert.equal(alive.pings.length + dead.pings.length, 0)
    clock.advance(1)
    await eventually(() => alive.pings.length === 1 && dead.pings.length === 1, 5000, 'pings')
    // The server has handled the alive tail's pong once it has answered a ping sent after it.
    await roundTrip(alive.ws)
    clock.advance(30_000)
    await eventually(() => dead.state.closed !== undefined, 5000, 'silent tail closed')
    assert.equal(dead.state.closed, 1006)
    assert.equal(alive.state.closed, undefined)
    assert.equal(hub.tailCount(), 1)
    alive.ws.close()
    await eventually(() => hub.tailCount() === 0, 5000, 'tail removed')
  })

  it('gives a reader that stops reading a bounded queue, then the L10 notice', async () => {
    const t = tail(`${wsBase}/v1/apps/myapp/logs/stream?num=0&dyno=flood.1`)
    await t.opened
    await eventually(() => hub.tailCount() === 1, 5000, 'tail')
    // The test's side stops reading: the kernel buffers fill, then ws's buffer, then the hub's queue of 10.
    const socket = (t.ws as unknown as { _socket: Socket })._socket
    socket.pause()
    const big = 'x'.repeat(9000)
    let i = 0
    await eventually(
      async () => {
        for (let k = 0; k < 200; k++) hub.append(appLine('myapp', 'flood.1', `${i++} ${big}`, T + 100 + i))
        return (await metricValue(registry, 'shoal_log_hub_lines_dropped_total', { reason: 'tail_overflow' })) > 0
      },
      20_000,
      'drops for the stalled tail',
    )
    const sentLines = i
    socket.resume()
    await eventually(() => t.lines.some((l) => l.includes('Error L10')), 20_000, 'L10 notice')
    const notice = t.lines.find((l) => l.includes('Error L10')) ?? ''
    assert.match(notice, /shoal\[logplex\]: Error L10 \(output buffer overflow\): \d+ messages dropped since /)
    const dropped = Number(/: (\d+) messages/.exec(notice)?.[1])
    hub.append(appLine('myapp', 'flood.1', 'after the flood', T + 999_999))
    await eventually(() => t.lines.at(-1)?.endsWith('after the flood'), 20_000, 'live again')
    assert.equal(t.lines.length - 2 + dropped, sentLines, 'every line was either delivered or counted')
    t.ws.close()
  })

  it('closes open tails when the server stops', async () => {
    const t = tail(`${wsBase}/v1/apps/myapp/logs/stream?num=0`)
    await t.opened
    await api.close()
    await eventually(() => t.state.closed !== undefined, 5000, 'tail closed')
    assert.equal(t.state.closed, 1001)
  })
})
