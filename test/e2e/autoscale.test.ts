// Autoscaling end to end: a real controller, agent (Docker, a Procfile-only app) and router (HAProxy), plus a test
// peer admitted as a router that publishes RouterReports with real DDSketches (as routers do), so the load is exact.
// Proves: the CLI and API, mesh ingest, scale-up through the formation to real dynos, the app log line, Heroku's
// manual-scale rule, sleeping (ps idle, AppEntry.sleeping), a request through the router held and served while the
// app wakes, a WakeRequest from an unadmitted peer refused, AppEntry.concurrency.
import assert from 'node:assert/strict'
import { cpSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DDSketch } from '@datadog/sketches-js'
import { peerIdFromString } from '@libp2p/peer-id'
import { systemClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { SHOAL_VERSION } from '../../lib/version.ts'
import { controllersOf, joinCluster } from '../../mesh/join-cluster.ts'
import { decodeJoinToken } from '../../mesh/join-token.ts'
import { request } from '../../mesh/rpc.ts'
import type { AutoscaleStatus, DynoView, FormationView } from '../../proto/api.ts'
import { AppDirectoryCodec, type AppEntry, RouterReportCodec, WakeRequestCodec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_WAKE, TOPIC_APPS, TOPIC_ROUTER_REPORT } from '../../proto/topics.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { eventually, type TestPeer, testPeer } from '../helpers/mesh.ts'
import { ROOT, runShoal, tempDir } from '../helpers/processes.ts'

const APP = 'scaler'

/** One GET through the router with a Host header; the time to the response head (first byte). */
function routerGet(url: string, host: string): Promise<{ status: number; body: string; firstByteMs: number }> {
  const t = performance.now()
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/`, { headers: { host } }, (res) => {
      const firstByteMs = Math.round(performance.now() - t)
      let body = ''
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, firstByteMs }))
    })
    req.setTimeout(40_000, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

function sketch(ms: number, n: number): Uint8Array {
  const s = new DDSketch()
  for (let i = 0; i < n; i++) s.accept(ms)
  return s.toProto()
}

describe('autoscaling end to end (controller, agent, a router peer)', { timeout: 15 * 60_000 }, () => {
  const work = tempDir('autoscale-src')
  let c: TestCluster
  let peer: TestPeer
  let controllerPeer = ''
  let directory: AppEntry | undefined
  let reporting: NodeJS.Timeout | undefined
  const stopSignal = new AbortController()

  const web = async (): Promise<number> => {
    const f = JSON.parse(await c.ok(['ps:scale', '-a', APP, '--json'])) as FormationView[]
    return f.find((x) => x.type === 'web')?.quantity ?? -1
  }
  const autoscale = async (): Promise<AutoscaleStatus | undefined> =>
    (JSON.parse(await c.ok(['ps:autoscale', '-a', APP, '--json'])) as AutoscaleStatus[])[0]

  before(async () => {
    const stack = await runShoal(['stack:build'], {}, undefined, { timeoutMs: 20 * 60_000 })
    assert.equal(stack.code, 0, stack.stderr)
    c = await startTestCluster({ agents: 1, router: true })
    await c.ok(['apps:create', APP])
    const dir = join(work.path, APP)
    cpSync(join(ROOT, 'examples', 'shell-app'), dir, { recursive: true })
    await c.ok(['deploy', dir, '-a', APP], { timeoutMs: 10 * 60_000 })
    const token = decodeJoinToken(c.joinToken)
    controllerPeer = [...controllersOf(token).keys()][0] as string
    peer = await testPeer(Buffer.from(token.swarmKey, 'base64url'))
    peer.bus.subscribe(TOPIC_APPS, AppDirectoryCodec, ({ message }) => {
      directory = message.apps?.find((a) => a.name === APP)
      return true
    })
    await joinCluster({
      node: peer.node,
      token,
      role: 'router',
      version: SHOAL_VERSION,
      clock: systemClock,
      log: silentLogger,
      signal: stopSignal.signal,
    })
  })
  after(async () => {
    clearInterval(reporting)
    stopSignal.abort()
    await peer?.stop()
    await c?.stop()
    work.remove()
  })

  it('scales web up on queue time reported by a router, logs why, and the agent runs the new dynos', async () => {
    const out = await c.ok([
      'ps:autoscale:enable',
      'web',
      '--min',
      '1',
      '--max',
      '3',
      '--queue-time',
      '50',
      '--window',
      '4s',
      '--stabilization',
      '30s',
      '-a',
      APP,
    ])
    assert.match(out, /Enabling autoscaling of web on ⬢ scaler\.\.\. done, 1–3 dynos, queue time p95 50 ms/)
    let sent = Date.now()
    let queue = 5
    reporting = setInterval(() => {
      sent += 1000
      queue += 5
      const stats = {
        app: APP,
        processType: 'web',
        arrivals: 40,
        completions: 20,
        inFlight: 1,
        queueLength: queue,
        queueSketch: sketch(300, 40),
        serviceSketch: sketch(50, 20),
        dynos: 1,
      }
      peer.bus
        .publish(TOPIC_ROUTER_REPORT, RouterReportCodec, {
          hostId: '',
          sentAtMs: sent,
          intervalMs: 1000,
          stats: [stats],
          drained: [],
        })
        .catch(() => {})
    }, 1000)
    await eventually(async () => (await web()) >= 2, 60_000, 'a scale-up')
    clearInterval(reporting)
    const logs = await c.ok(['logs', '-a', APP, '-s', 'shoal', '-d', 'autoscaler'])
    assert.match(
      logs,
      /shoal\[autoscaler\]: Scaled web from 1 to [23]: queue time p95 (29\d|30\d) ms > target 50 ms over/,
    )
    const status = await autoscale()
    assert.equal(status?.decisions[0]?.kind, 'up')
    await eventually(
      async () => {
        const dynos = JSON.parse(await c.ok(['ps', '-a', APP, '--json'])) as DynoView[]
        return dynos.filter((d) => d.type === 'web' && d.state === 'up').length >= 2
      },
      120_000,
      'two web dynos up',
    )
  })

  it('a manual ps:scale disables autoscaling of that type, as on Heroku', async () => {
    await c.ok(['ps:scale', 'web=1', '-a', APP])
    const status = await autoscale()
    assert.equal(status?.enabled, false)
    assert.equal(status?.disabledReason, 'scaled by hand with ps:scale')
    assert.match(
      await c.ok(['ps:autoscale', '-a', APP]),
      /=== web autoscaling: disabled \(scaled by hand with ps:scale\)/,
    )
  })

  it('min 0: sleeps when idle (ps shows idle, routers are told); a request through the router wakes it and is served', async () => {
    await c.ok(['ps:autoscale:enable', 'web', '--min', '0', '--max', '2', '--idle', '10s', '-a', APP])
    await eventually(async () => (await web()) === 0, 60_000, 'web asleep')
    assert.match(await c.ok(['ps', 'web', '-a', APP]), /web\.1: idle/)
    await eventually(() => directory?.sleeping?.['web'] === 1, 15_000, 'the directory says sleeping')
    await eventually(
      async () => (await c.ok(['ps', '-a', APP, '--json'])).includes('"up"') === false,
      30_000,
      'no dyno up',
    )
    // The router applies the directory when it arrives (every 3 s): give it one round before the request.
    await new Promise((r) => setTimeout(r, 3500))
    const t = Date.now()
    const res = await routerGet(c.routerUrl as string, `${APP}.shoal.localhost`)
    console.log(`# wake from zero through the router: first byte after ${res.firstByteMs} ms (status ${res.status})`)
    assert.equal(res.status, 200, res.body)
    assert.match(res.body, /Hello from web\.\d+ \(shell-app\)/)
    assert.ok(Date.now() - t < 25_000)
    assert.equal(await web(), 1)
    await eventually(() => directory?.sleeping?.['web'] === undefined, 15_000, 'the directory says awake')
    const logs = await c.ok(['logs', '-a', APP, '-s', 'shoal', '-d', 'autoscaler'])
    assert.match(logs, /Scaled web from 0 to 1 \(waking\): a router is holding a request/)
  })

  it('a WakeRequest from a peer that was never admitted is refused', async () => {
    const token = decodeJoinToken(c.joinToken)
    const stranger = await testPeer(Buffer.from(token.swarmKey, 'base64url'))
    try {
      stranger.node.want(controllerPeer, controllersOf(token).get(controllerPeer) ?? [])
      await assert.rejects(
        request(
          stranger.node.libp2p,
          peerIdFromString(controllerPeer),
          PROTOCOL_WAKE,
          { request: WakeRequestCodec, response: WakeRequestCodec },
          { app: APP, processType: 'web', queued: 1 },
        ),
        (err: unknown) => err instanceof ShoalError && err.code === 'NOT_ADMITTED',
      )
    } finally {
      await stranger.stop()
    }
  })

  it('ps:concurrency reaches the routers as AppEntry.concurrency', async () => {
    assert.equal((await c.ok(['ps:concurrency', 'web=20', '-a', APP])).trim(), 'web=20 worker=unlimited')
    await eventually(() => directory?.concurrency?.['web'] === 20, 15_000, 'concurrency in the directory')
  })
})
