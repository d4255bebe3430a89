// Run and route on one host: real controller, agent and router processes, real Docker dynos, HTTP through the router.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import WebSocket from 'ws'
import type { DynoView } from '../../proto/api.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { httpGet, loadLoop, rawRequest } from '../helpers/http.ts'
import { eventually } from '../helpers/mesh.ts'
import { ROOT, runShoal } from '../helpers/processes.ts'

const ECHO = `${ROOT}/test/fixtures/echo-app`

describe('run and route on one host', { timeout: 30 * 60_000 }, () => {
  let c: TestCluster
  const router = (): string => c.routerUrl as string
  const ps = async (app: string): Promise<DynoView[]> =>
    JSON.parse(await c.ok(['ps', '-a', app, '--json'])) as DynoView[]
  const get = (app: string, path = '/', headers: Record<string, string> = {}) =>
    httpGet(router(), `${app}.shoal.localhost`, path, headers)
  const deployEcho = async (app: string, config: string[] = []): Promise<void> => {
    await c.ok(['apps:create', app])
    if (config.length > 0) await c.ok(['config:set', ...config, '-a', app])
    await c.ok(['deploy', ECHO, '-a', app], { timeoutMs: 10 * 60_000 })
  }
  const upCount = async (app: string, n: number, ms = 60_000): Promise<DynoView[]> =>
    eventually(
      async () => {
        const list = (await ps(app)).filter((d) => d.type === 'web' && d.state === 'up')
        return list.length === n ? list : null
      },
      ms,
      `${n} web dynos of ${app} up`,
    )

  before(async () => {
    const stack = await runShoal(['stack:build'], {}, undefined, { timeoutMs: 20 * 60_000 })
    assert.equal(stack.code, 0, stack.stderr)
    c = await startTestCluster({
      agents: 1,
      router: true,
      routerTimeoutMs: 2000,
      agentEnv: { SHOAL_BOOT_TIMEOUT_MS: '4000', SHOAL_STOP_TIMEOUT_MS: '3000' },
    })
  })
  after(async () => {
    await c?.stop()
  })

  it('serves a deployed app through the router with Heroku headers, and logs a router line', async () => {
    const t0 = Date.now()
    await deployEcho('echo')
    const res = await eventually(
      async () => {
        const r = await get('echo', '/hello?x=1', {
          'x-request-id': 'abcdefghij0123456789-keep',
          'x-forwarded-for': '203.0.113.9',
        })
        return r.status === 200 ? r : null
      },
      60_000,
      'echo answering',
    )
    console.log(`# deploy to first routed response: ${Date.now() - t0} ms`)
    const body = JSON.parse(res.body) as { dyno: string; url: string; headers: Record<string, string> }
    assert.equal(body.dyno, 'web.1')
    assert.equal(body.url, '/hello?x=1')
    assert.equal(body.headers['x-request-id'], 'abcdefghij0123456789-keep')
    assert.match(body.headers['x-forwarded-for'] ?? '', /^203\.0\.113\.9, 127\.0\.0\.1$/)
    assert.equal(body.headers['x-forwarded-proto'], 'http')
    assert.match(body.headers['x-forwarded-port'] ?? '', /^\d+$/)
    assert.ok(Math.abs(Number(body.headers['x-request-start']) - Date.now()) < 60_000)
    assert.match(body.headers['via'] ?? '', /1\.1 shoal/)
    const short = JSON.parse((await get('echo', '/', { 'x-request-id': 'short' })).body) as typeof body
    assert.match(short.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/)
    const logs = await eventually(
      async () => {
        const out = await c.ok(['logs', '-a', 'echo', '-n', '200'])
        return /shoal\[router\]: at=info method=GET path="\/hello\?x=1" host=echo\.shoal\.localhost .*dyno=web\.1 .*status=200/.test(
          out,
        ) &&
          /app\[web\.1\]: listening on/.test(out) &&
          /shoal\[web\.1\]: State changed from starting to up/.test(out) &&
          /app\[api\]: Deploy/.test(out)
          ? out
          : null
      },
      30_000,
      'app, router, system and api lines in shoal logs',
    )
    assert.ok(logs)
  })

  it('spreads requests over three dynos after ps:scale web=3', async () => {
    const out = await c.ok(['ps:scale', 'web=3', '-a', 'echo'])
    assert.match(out, /Scaling dynos\.\.\. done, now running web at 3:Standard-1X/)
    await upCount('echo', 3)
    const seen = await eventually(
      async () => {
        const load = await loadLoop(router(), 'echo.shoal.localhost', { maxRequests: 60, until: () => false })
        return Object.keys(load.dynos).length === 3 ? load.dynos : null
      },
      30_000,
      'responses from web.1, web.2 and web.3',
    )
    assert.deepEqual(Object.keys(seen).sort(), ['web.1', 'web.2', 'web.3'])
    const psText = await c.ok(['ps', '-a', 'echo'])
    assert.match(psText, /=== web \(Standard-1X\): node server\.js \(3\)/)
    assert.match(psText, /web\.3: up \d{4}\/\d\d\/\d\d/)
  })

  it('passes websockets through', async () => {
    const ws = new WebSocket(`${router().replace('http', 'ws')}/ws`, { headers: { host: 'echo.shoal.localhost' } })
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once('open', () => ws.send('ahoy'))
      ws.once('message', (m) => resolve(String(m)))
      ws.once('error', reject)
    })
    ws.close()
    assert.equal(reply, 'echo: ahoy')
  })

  it('answers H12 after the request timeout, 400 to a malformed request, and keeps serving', async () => {
    const slow = await get('echo', '/slow?ms=5000')
    assert.equal(slow.status, 503)
    const port = Number(new URL(router()).port)
    const bad = await rawRequest(port, 'GET /\x01bad HTTP/1.1\r\nHost: echo.shoal.localhost\r\n\r\n')
    assert.match(bad, /^HTTP\/1\.1 400 /)
    const conflict = await rawRequest(
      port,
      'POST / HTTP/1.1\r\nHost: echo.shoal.localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
    )
    assert.match(conflict, /^HTTP\/1\.1 400 /)
    assert.equal((await get('echo')).status, 200)
    // Router lines reach the controller's ring in batches, so the H12 line may trail the response by a moment.
    const h12 = /at=error code=H12 desc="Request timeout" method=GET path="\/slow\?ms=5000"/
    await eventually(
      async () => h12.test(await c.ok(['logs', '-a', 'echo', '-n', '300', '-d', 'router'])),
      15_000,
      'the H12 line in the router log',
    )
  })

  it('deploys a new release under steady load without losing a request', async () => {
    await c.ok(['config:set', 'RELEASE_MARK=one', '-a', 'echo'])
    await eventually(
      async () => {
        const marks = new Set((await ps('echo')).filter((d) => d.state === 'up').map((d) => d.release))
        return marks.size === 1 && (await ps('echo')).filter((d) => d.state === 'up').length === 3
      },
      90_000,
      'settled on the config release',
    )
    let stop = false
    const live = { sent: 0, ok: 0, failed: 0, statuses: {}, dynos: {} }
    const before = new Set((await ps('echo')).filter((d) => d.type === 'web').map((d) => d.id))
    const loop = loadLoop(router(), 'echo.shoal.localhost', {
      concurrency: 4,
      maxRequests: 20_000,
      until: () => stop,
      live,
    })
    await c.ok(['deploy', ECHO, '-a', 'echo'], { timeoutMs: 10 * 60_000 })
    const [current] = JSON.parse(await c.ok(['releases', '-a', 'echo', '--json'])) as Array<{ version: number }>
    await eventually(
      async () => {
        const list = (await ps('echo')).filter((d) => d.type === 'web')
        return list.length === 3 && list.every((d) => d.state === 'up' && d.release === current?.version)
      },
      120_000,
      'all web dynos on the new release',
    )
    // The old dynos stop after their replacements are up: the load goes on until they are gone from ps and 200 more
    // requests were answered, so a request lost while they drain would show.
    await eventually(async () => !(await ps('echo')).some((d) => before.has(d.id)), 120_000, 'the old release stopped')
    const answered = live.ok + live.failed
    await eventually(() => live.ok + live.failed >= answered + 200, 60_000, '200 more answers')
    stop = true
    const result = await loop
    console.log(
      `# deploy under load: ${result.sent} requests, ${result.failed} failed (${JSON.stringify(result.statuses)})`,
    )
    assert.equal(result.failed, 0)
    assert.ok(result.ok > 50)
  })

  it('backs off a crash-looping app and routes H10 to it', async () => {
    await deployEcho('crashy', ['CRASH=1'])
    const dyno = await eventually(
      async () => {
        const d = (await ps('crashy')).find((x) => x.name === 'web.1')
        return d?.state === 'crashed' ? d : null
      },
      60_000,
      'crashy web.1 crashed',
    )
    assert.ok(dyno)
    // The router learns from the leader's app directory that every web dyno crashed: H10, not H14.
    const logs = await eventually(
      async () => {
        const r = await get('crashy')
        assert.equal(r.status, 503)
        const out = await c.ok(['logs', '-a', 'crashy', '-n', '500'])
        const restarts = out.match(/shoal\[web\.1\]: State changed from crashed to starting/g)?.length ?? 0
        return /code=H10 desc="App crashed"/.test(out) && restarts >= 2 ? out : null
      },
      45_000,
      'an H10 router line and two restarts',
    )
    assert.match(logs, /State changed from starting to crashed/)
    // Back-off: the first restart is immediate, the next one waits (10 s by default).
    const starts = [...logs.matchAll(/^(\S+) shoal\[web\.1\]: State changed from crashed to starting$/gm)].map((m) =>
      Date.parse(m[1] as string),
    )
    assert.ok((starts[1] as number) - (starts[0] as number) >= 9000, `restarts at ${starts}`)
    assert.match(logs, /Process exited with status 3/)
  })

  it('kills a web dyno that never binds $PORT with R10', async () => {
    await deployEcho('nobind', ['NO_BIND=1'])
    const logs = await eventually(
      async () => {
        const out = await c.ok(['logs', '-a', 'nobind', '-n', '500'])
        return /Error R10 \(Boot timeout\) -> Web process failed to bind to \$PORT within 4 seconds of launch|Error R10 \(Boot timeout\)/.test(
          out,
        )
          ? out
          : null
      },
      60_000,
      'R10',
    )
    assert.match(logs, /Stopping process with SIGKILL/)
  })

  it('SIGKILLs a dyno that ignores SIGTERM after the grace period (R12)', async () => {
    await deployEcho('stubborn', ['IGNORE_TERM=1'])
    await upCount('stubborn', 1)
    await c.ok(['ps:scale', 'web=0', '-a', 'stubborn'])
    const logs = await eventually(
      async () => {
        const out = await c.ok(['logs', '-a', 'stubborn', '-n', '500'])
        return /Error R12 \(Exit timeout\)/.test(out) ? out : null
      },
      60_000,
      'R12',
    )
    assert.match(logs, /Stopping all processes with SIGTERM/)
    assert.match(logs, /Stopping process with SIGKILL/)
  })

  it('keeps dynos across an agent kill -9 and restart: none duplicated, none orphaned', async () => {
    const before = (await ps('echo'))
      .filter((d) => d.type === 'web')
      .map((d) => d.id)
      .sort()
    const agent = c.agents[0]
    assert.ok(agent)
    await agent.kill('SIGKILL')
    // While the agent is gone the dynos keep serving.
    assert.equal((await get('echo')).status, 200)
    c.respawnAgent(0)
    await eventually(
      async () => {
        const list = (await ps('echo')).filter((d) => d.type === 'web')
        return list.length === 3 && list.every((d) => d.state === 'up') ? list : null
      },
      60_000,
      'dynos reported up again',
    )
    const after = (await ps('echo'))
      .filter((d) => d.type === 'web')
      .map((d) => d.id)
      .sort()
    assert.deepEqual(after, before)
    const hostId = (JSON.parse(await c.ok(['hosts', '--json'])) as Array<{ id: string }>)[0]?.id ?? ''
    const { execFileSync } = await import('node:child_process')
    const running = execFileSync(
      'docker',
      ['ps', '-q', '--filter', `label=shoal.host=${hostId}`, '--filter', 'label=shoal.app=echo'],
      {
        encoding: 'utf8',
      },
    )
      .split('\n')
      .filter(Boolean)
    assert.equal(running.length, 3)
  })
})
