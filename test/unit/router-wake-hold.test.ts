// Sleeping apps in the router: the desired HAProxy state gives a sleeping app the hold server (ready while no dyno
// is, in maintenance once one is, kept while requests are held), and the hold listener holds a request, asks the
// leader to wake the app, and forwards the request to the first dyno that becomes routable (real sockets).
import assert from 'node:assert/strict'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { systemClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import type { AppEntry } from '../../proto/codec.ts'
import { desiredState, holdId, serverName } from '../../router/desired-state.ts'
import type { Backend } from '../../router/route-table.ts'
import { appOfHost, WakeHold } from '../../router/wake-hold.ts'

const dyno = (app: string, id: string, port = 5000): Backend => ({
  dynoId: id,
  app,
  processType: 'web',
  dynoName: 'web.1',
  release: 2,
  hostId: 'h1',
  address: '10.0.0.1',
  host: '10.0.0.1',
  port,
})

function input(directory: AppEntry[], routes: Backend[], holding = 0) {
  return {
    domain: 'shoal.test',
    directory: new Map(directory.map((a) => [a.name as string, a])),
    routes,
    isHealthy: () => true,
    draining: new Map(),
    assigned: new Map(),
    pool: ['be1', 'be2'],
    hold: { host: '127.0.0.1', port: 4444, holding: () => holding },
  }
}

/** fetch cannot set Host; node:http can. */
function get(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => {
        body += c.toString()
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('router: sleeping apps', () => {
  it('a sleeping app gets the hold server; with a ready dyno it goes to maintenance; it stays while requests wait', () => {
    const hold = serverName(holdId('sleepy'))
    const asleep = desiredState(input([{ name: 'sleepy', sleeping: { web: 1 } }], []))
    assert.equal(asleep.backends.get('sleepy'), 'be1')
    assert.deepEqual(
      [asleep.servers.get(hold)?.address, asleep.servers.get(hold)?.port, asleep.servers.get(hold)?.state],
      ['127.0.0.1', 4444, 'ready'],
    )
    assert.equal(asleep.queues.get('be1'), '200', 'the hold server is not a dyno for the H11 bound')
    const waking = desiredState(input([{ name: 'sleepy', sleeping: { web: 1 } }], [dyno('sleepy', 'd1')]))
    assert.equal(waking.servers.get(hold)?.state, 'maint')
    assert.equal(waking.servers.get(serverName('d1'))?.state, 'ready')
    const awakeHeld = desiredState(input([{ name: 'sleepy' }], [dyno('sleepy', 'd1')], 2))
    assert.equal(awakeHeld.servers.get(hold)?.state, 'maint')
    const awake = desiredState(input([{ name: 'sleepy' }], [dyno('sleepy', 'd1')], 0))
    assert.equal(awake.servers.has(hold), false)
    const other = desiredState(input([{ name: 'other' }], []))
    assert.equal(other.backends.has('other'), false, 'an app without dynos that does not sleep stays H14')
  })

  it('finds the app of a Host header: the cluster domain, custom domains, wildcards', () => {
    const dir = new Map<string, AppEntry>([
      ['shop', { name: 'shop', domains: ['www.shop.example', '*.shops.example'] }],
      ['blog', { name: 'blog' }],
    ])
    assert.equal(appOfHost('blog.shoal.test:8080', 'shoal.test', dir), 'blog')
    assert.equal(appOfHost('WWW.Shop.Example', 'shoal.test', dir), 'shop')
    assert.equal(appOfHost('eu.shops.example', 'shoal.test', dir), 'shop')
    assert.equal(appOfHost('a.b.shops.example', 'shoal.test', dir), undefined)
    assert.equal(appOfHost('nope.shoal.test', 'shoal.test', dir), undefined)
  })

  it('holds a request, wakes the app once every 2 s, forwards it to the dyno that comes up', async () => {
    const dynoServer = createServer((req, res) => res.end(`hello ${req.url} ${req.headers['x-request-id']}`))
    await new Promise<void>((r) => dynoServer.listen(0, '127.0.0.1', r))
    const port = (dynoServer.address() as AddressInfo).port
    let routable: Backend[] = []
    const wakes: string[] = []
    let idle = 0
    const hold = new WakeHold({
      wake: async (app, type, queued) => {
        wakes.push(`${app}/${type}/${queued}`)
        setTimeout(() => {
          routable = [{ ...dyno(app, 'd1', port), host: '127.0.0.1' }]
        }, 300)
      },
      routable: () => routable,
      directory: () => new Map([['sleepy', { name: 'sleepy', sleeping: { web: 1 } }]]),
      domain: () => 'shoal.test',
      clock: systemClock,
      log: silentLogger,
      onIdle: () => idle++,
    })
    await hold.start()
    try {
      const t = Date.now()
      const res = await get(hold.address.port, '/path?q=1', { host: 'sleepy.shoal.test', 'x-request-id': 'abc' })
      assert.equal(res.status, 200)
      assert.equal(res.body, 'hello /path?q=1 abc')
      assert.ok(Date.now() - t >= 250)
      assert.deepEqual(wakes, ['sleepy/web/1'])
      assert.equal(hold.holding('sleepy'), 0)
      assert.equal(idle, 1)
      const unknown = await get(hold.address.port, '/', { host: 'x.shoal.test' })
      assert.equal(unknown.status, 404)
    } finally {
      await hold.stop()
      dynoServer.close()
    }
  })

  it('answers 503 H20 when no dyno comes up within the hold timeout', async () => {
    const hold = new WakeHold({
      wake: async () => {},
      routable: () => [],
      directory: () => new Map([['sleepy', { name: 'sleepy', sleeping: { web: 1 } }]]),
      domain: () => 'shoal.test',
      clock: systemClock,
      log: silentLogger,
      holdTimeoutMs: 300,
    })
    await hold.start()
    try {
      const res = await get(hold.address.port, '/', { host: 'sleepy.shoal.test' })
      assert.equal(res.status, 503)
      assert.equal(res.headers['x-shoal-error'], 'H20')
    } finally {
      await hold.stop()
    }
  })
})
