import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { haproxyPaths } from '../../router/haproxy-config.ts'
import { HaproxyRuntime } from '../../router/haproxy-runtime.ts'
import { killHaproxyOf, ROOT } from '../helpers/processes.ts'
import { type Backend, get, type Harness, httpBackend, startHarness, until } from '../helpers/router-harness.ts'

// The router under change and failure, with a load loop running: route churn, HAProxy killed, the router process
// killed and restarted (it adopts the running HAProxy), new apps arriving (a hitless reload). Every request of the
// load loop must succeed.

interface Load {
  ok: number
  failed: string[]
  /** Requests sent on a kept-alive connection the router had just closed, retried as RFC 9112 §9.3.1 allows. */
  retried: number
  stop(): Promise<void>
}

/** One GET through `agent`: its status, its Connection header, and whether it went on a reused connection. */
function getOn(
  agent: Agent,
  port: number,
  host: string,
): Promise<{ status: number; connection: string | undefined; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, agent }, (res) => {
      res.resume()
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, reused: req.reusedSocket }),
      )
    })
    req.on('error', (err) => reject(new Error(`GET on a ${req.reusedSocket ? 'reused' : 'new'} connection: ${err}`)))
    req.end()
  })
}

/** `clients` keep-alive clients requesting `host` back to back until stopped. */
function loadLoop(port: number, host: string, clients = 8): Load {
  const agent = new Agent({ keepAlive: true, maxSockets: clients })
  const load: Load = { ok: 0, failed: [], retried: 0, stop: async () => {} }
  let running = true
  const one = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, agent }, (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode === 200) load.ok++
          else load.failed.push(`status ${res.statusCode}`)
          resolve()
        })
      })
      req.on('error', (err: NodeJS.ErrnoException) => {
        // What browsers and Node's own docs do: a request on a reused connection that the server closed before
        // reading it (ECONNRESET / hang up, nothing received) is sent again on a new one.
        if (req.reusedSocket && (err.code === 'ECONNRESET' || /socket hang up/.test(err.message))) {
          load.retried++
          one().then(resolve)
          return
        }
        load.failed.push(String(err))
        resolve()
      })
      req.end()
    })
  const workers = Array.from({ length: clients }, async () => {
    while (running) await one()
  })
  load.stop = async () => {
    running = false
    await Promise.all(workers)
    agent.destroy()
  }
  return load
}

describe('router resilience under load', { timeout: 180_000 }, () => {
  const cleanup: (() => Promise<void>)[] = []
  after(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {})
  })
  const backends = async (n: number): Promise<Backend[]> => {
    const out = await Promise.all(Array.from({ length: n }, () => httpBackend((_req, res) => res.end('ok'))))
    cleanup.push(async () => {
      await Promise.all(out.map((b) => b.close()))
    })
    return out
  }
  const harness = async (o: Parameters<typeof startHarness>[0] = {}): Promise<Harness> => {
    const h = await startHarness(o)
    cleanup.push(() => h.stop())
    return h
  }

  it('changes routes 100 times a second under load without failing a request', async () => {
    const h = await harness()
    const dynos = await backends(4)
    await h.directory([{ name: 'shop' }])
    const route = (i: number) => ({ dynoId: `d${i}`, app: 'shop', port: dynos[i]!.port, dynoName: `web.${i + 1}` })
    await h.announce('h1', [route(0), route(1)])
    const load = loadLoop(h.port, 'shop.shoal.test')
    await until('load flowing', () => load.ok > 50 || undefined)
    const started = Date.now()
    let changes = 0
    // 100 changes per second, paced by the clock (several per tick when timers run late). Each withdraws one
    // dyno and adds another; two are always routable.
    while (changes < 300) {
      const due = Math.min(300, Math.floor((Date.now() - started) / 10) + 1)
      for (; changes < due; changes++) {
        const a = changes % 4
        h.core.applyRoutes({
          hostId: 'h1',
          seq: 1_000_000 + changes,
          snapshot: true,
          up: [route(a), route((a + 1) % 4)].map((r) => ({
            ...r,
            processType: 'web',
            release: 1,
            address: `127.0.0.1:${r.port}`,
          })),
        })
      }
      await new Promise((r) => setTimeout(r, 5))
    }
    await h.core.settled()
    const seconds = (Date.now() - started) / 1000
    await load.stop()
    console.log(
      `route churn: ${changes} changes in ${seconds.toFixed(1)} s (${(changes / seconds).toFixed(0)}/s), ${load.ok} requests ok, ${load.failed.length} failed, ${load.retried} retried`,
    )
    assert.deepEqual(load.failed.slice(0, 5), [])
    assert.ok(load.ok > 100)
    for (const d of dynos) assert.ok(d.seen.length > 0, 'every dyno took traffic at some point')
  })

  it('restarts HAProxy when it dies and serves the same routes again', async () => {
    const h = await harness()
    const [dyno] = await backends(1)
    await h.directory([{ name: 'shop' }])
    await h.announce('h1', [{ dynoId: 'd1', app: 'shop', port: dyno!.port }])
    const proc = h.core.dataPlane.process
    const master = proc.pid
    const worker = Number(/^Pid: (\d+)/m.exec(await h.core.dataPlane.runtime.raw('show info'))?.[1])
    process.kill(master, 'SIGKILL')
    process.kill(worker, 'SIGKILL')
    await until('HAProxy restarted', () => (proc.restarts >= 1 && proc.pid !== master) || undefined, 20_000)
    await until(
      'the routes are served again',
      async () => (await get(h.port, 'shop.shoal.test')).status === 200 || undefined,
    )
  })

  it('keeps serving when the router process is killed, and a new router adopts the running HAProxy', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'shoal-router-kill-'))
    cleanup.push(async () => {
      killHaproxyOf(dataDir)
      await rm(dataDir, { recursive: true, force: true })
    })
    const dynos = await backends(2)
    const port = await freePort()
    const input = {
      dataDir,
      http: `127.0.0.1:${port}`,
      apps: [{ name: 'shop' }],
      routes: dynos.map((d, i) => ({
        dynoId: `d${i}`,
        app: 'shop',
        processType: 'web',
        dynoName: `web.${i + 1}`,
        release: 1,
        address: `127.0.0.1:${d.port}`,
      })),
    }
    const first = startFixture(input)
    const [pid, kind] = await first.ready
    assert.equal(kind, 'spawned')
    const load = loadLoop(port, 'shop.shoal.test')
    await until('load flowing', () => load.ok > 50 || undefined)
    first.child.kill('SIGKILL')
    await new Promise((r) => first.child.once('exit', r))
    const atKill = load.ok
    await until('traffic goes on without the router process', () => load.ok > atKill + 200 || undefined)
    const second = startFixture(input)
    cleanup.push(async () => {
      second.child.kill('SIGKILL')
    })
    const [pid2, kind2] = await second.ready
    assert.equal(kind2, 'adopted')
    assert.equal(pid2, pid, 'the same HAProxy master serves on')
    const atAdopt = load.ok
    await until('traffic goes on after adoption', () => load.ok > atAdopt + 200 || undefined)
    await load.stop()
    console.log(`router killed and restarted: ${load.ok} requests ok, ${load.failed.length} failed`)
    assert.deepEqual(load.failed.slice(0, 5), [])
  })

  it('adds apps beyond the backend pool with a hitless reload, failing no request of other apps and logging every one', async () => {
    const h = await harness({ minPool: 2 })
    const dynos = await backends(5)
    const apps = ['a', 'b', 'c', 'd', 'e']
    await h.directory(apps.map((name) => ({ name })))
    await h.announce('h1', [{ dynoId: 'a1', app: 'a', port: dynos[0]!.port }])
    const load = loadLoop(h.port, 'a.shoal.test')
    await until('load flowing', () => load.ok > 50 || undefined)
    // A client with a kept-alive connection idle across the reload.
    const idle = new Agent({ keepAlive: true, maxSockets: 1 })
    assert.equal((await getOn(idle, h.port, 'a.shoal.test')).status, 200)
    await h.announce(
      'h1',
      apps.map((app, i) => ({ dynoId: `${app}1`, app, port: dynos[i]!.port })),
    )
    const master = new HaproxyRuntime(haproxyPaths(h.dataDir).masterSocket)
    await until(
      'the old worker soft-stopping',
      async () => /# old workers\n\d/.test(await master.raw('show proc')) || undefined,
    )
    // Its connection was not closed under it: the old worker answers on it, and says it closes it.
    const second = await getOn(idle, h.port, 'a.shoal.test')
    idle.destroy()
    assert.deepEqual(second, { status: 200, connection: 'close', reused: true })
    for (const app of apps) assert.equal((await get(h.port, `${app}.shoal.test`)).status, 200, app)
    const atReload = load.ok
    await until('more load after the reload', () => load.ok > atReload + 100 || undefined)
    await load.stop()
    console.log(
      `new apps: ${h.core.dataPlane.reloads} reload(s), ${load.ok} requests ok, ${load.failed.length} failed, ${load.retried} retried on a closed keep-alive connection`,
    )
    assert.ok(h.core.dataPlane.reloads >= 1, 'the pool of 2 had to grow')
    assert.deepEqual(load.failed.slice(0, 5), [])
    // Requests the old worker finished after the reload were logged in its ring: each request has its line.
    const linesOfA = () => h.lines.filter((l) => l.app === 'a' && / status=200 /.test(l.line)).length
    await until(`a line for each of the ${load.ok + 3} requests to app a`, () => linesOfA() >= load.ok + 3 || undefined)
    assert.equal(linesOfA(), load.ok + 3, 'no request logged twice')
    // Reading the old worker's ring does not keep it alive: once its connections are done it exits.
    await until('the old worker exited', async () => {
      const proc = await master.raw('show proc')
      // `show proc` lists old workers under "# old workers" (the heading goes when there are none).
      return !/# old workers\n\d/.test(proc) || undefined
    })
    await until("one ring read, the new worker's", () => h.core.receiver.workers.length === 1 || undefined)
  })

  it('measures route announced → receiving traffic', async () => {
    const h = await harness()
    const dynos = await backends(1)
    const apps = Array.from({ length: 20 }, (_, i) => `fresh${i}`)
    await h.directory(apps.map((name) => ({ name })))
    const latencies: number[] = []
    for (const app of apps) {
      const started = performance.now()
      h.core.applyRoutes({
        hostId: 'h1',
        seq: Date.now() * 1000 + latencies.length,
        snapshot: true,
        up: [
          {
            dynoId: app,
            app,
            processType: 'web',
            dynoName: 'web.1',
            release: 1,
            address: `127.0.0.1:${dynos[0]!.port}`,
          },
        ],
      })
      await until(`${app} routed`, async () => (await get(h.port, `${app}.shoal.test`)).status === 200 || undefined)
      latencies.push(performance.now() - started)
    }
    latencies.sort((a, b) => a - b)
    console.log(
      `route announced → receiving traffic: p50 ${latencies[10]!.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms (${latencies.length} routes)`,
    )
  })
})

function startFixture(input: unknown): { child: ChildProcess; ready: Promise<[number, string]> } {
  const child = spawn(process.execPath, [join(ROOT, 'test/fixtures/router-core-main.ts')], {
    env: { ...process.env, SHOAL_ROUTER_FIXTURE: JSON.stringify(input) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const ready = new Promise<[number, string]>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += String(d)
      const m = /ready (\d+) (\w+)/.exec(out)
      if (m !== null) resolve([Number(m[1]), m[2]!])
    })
    child.once('exit', (code) => reject(new Error(`router fixture exited with ${code}`)))
  })
  return { child, ready }
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise((r) => s.close(r))
  return port
}
