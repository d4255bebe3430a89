// What dyno isolation costs (docs/SECURITY.md): `node test/bench/dyno-latency.ts` (npm run bench:isolation).
// Starts a test cluster (controller, agent, router as real processes on loopback), deploys test/fixtures/echo-app,
// then measures (1) the time from `shoal ps:scale web=2` to the second dyno's first response through the router,
// ROUNDS times, and (2) the latency of REQUESTS sequential keep-alive requests through the router to one dyno.
// The reference, in the same run, is Docker alone with the same stack image and a 1-line server: a plain
// `docker run` on the host's network (how dynos ran before isolation) against one on the dyno bridge with its port
// published on loopback (how they run now): start → first response, and the same sequential requests straight to
// the container. The bridge-vs-host difference is what isolation itself costs; shoal's figures add the platform
// (scheduling, slug, router). It prints figures, it asserts nothing about speed. Env: ROUNDS (3), REQUESTS (2000).

import { execFile } from 'node:child_process'
import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { DynoView } from '../../proto/api.ts'
import { startTestCluster } from '../helpers/cluster.ts'
import { freePort, ROOT, runShoal } from '../helpers/processes.ts'

const ROUNDS = Number(process.env['ROUNDS'] ?? 3)
const REQUESTS = Number(process.env['REQUESTS'] ?? 2000)
const APP = 'isobench'

function get(base: string, agent: Agent, host = `${APP}.shoal.localhost`): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/', base), { agent, headers: { host } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode === 200 ? String(res.headers['x-dyno'] ?? 'ok') : ''))
    })
    req.on('error', reject)
    req.end()
  })
}

function docker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('docker', args, (err, stdout, stderr) =>
      err === null ? resolve(stdout.trim()) : reject(new Error(stderr)),
    ),
  )
}

/** Sequential keep-alive requests to `base`: latencies in ms. */
async function timed(base: string, host: string, n: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  for (let i = 0; i < 50; i++) await get(base, agent, host)
  const lat: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await get(base, agent, host)
    lat.push(performance.now() - t)
  }
  agent.destroy()
  return lat
}

const SERVER = "require('http').createServer((q,s)=>s.end('ok')).listen(+process.env.PORT)"

/**
 * Docker alone, the same stack image: `docker run` → first response, ROUNDS times, then the request latency, on the
 * host's network or on the dyno bridge with the port published on loopback.
 */
async function plainDocker(image: string, network: 'host' | 'bridge') {
  const starts: number[] = []
  let lat: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now()
    const hostPort = await freePort()
    const args =
      network === 'host'
        ? ['--network', 'host', '-e', `PORT=${hostPort}`]
        : ['--network', 'shoal-dynos', '-p', `127.0.0.1:${hostPort}:5000`, '-e', 'PORT=5000']
    const id = await docker(['run', '-d', '--rm', ...args, image, 'node', '-e', SERVER])
    try {
      const base = `http://127.0.0.1:${hostPort}`
      const agent = new Agent({ keepAlive: false })
      for (;;) if ((await get(base, agent, 'bench').catch(() => '')) === 'ok') break
      starts.push(performance.now() - t0)
      if (round === ROUNDS - 1) lat = await timed(base, 'bench', REQUESTS)
    } finally {
      await docker(['rm', '-f', id]).catch(() => '')
    }
  }
  return { starts, lat }
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0
const fmt = (n: number): string => `${n.toFixed(2)} ms`

const stack = await runShoal(['stack:build'], {}, undefined, { timeoutMs: 20 * 60_000 })
if (stack.code !== 0) throw new Error(stack.stderr)
const c = await startTestCluster({ agents: 1, router: true })
try {
  await c.ok(['apps:create', APP])
  await c.ok(['deploy', join(ROOT, 'test', 'fixtures', 'echo-app'), '-a', APP], { timeoutMs: 600_000 })
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const base = c.routerUrl as string
  for (;;) if ((await get(base, agent).catch(() => '')) === 'web.1') break
  const starts: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now()
    await c.ok(['ps:scale', 'web=2', '-a', APP])
    for (;;) if ((await get(base, agent).catch(() => '')) === 'web.2') break
    starts.push(performance.now() - t0)
    await c.ok(['ps:scale', 'web=1', '-a', APP])
    for (;;) {
      const ps = JSON.parse(await c.ok(['ps', '-a', APP, '--json'])) as DynoView[]
      if (ps.filter((d) => d.type === 'web').length === 1) break
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  // Let the removed dyno drain out of the router, then time requests to the one left.
  for (let i = 0; i < 50; i++) await get(base, agent)
  const lat: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now()
    await get(base, agent)
    lat.push(performance.now() - t)
  }
  agent.destroy()
  const image = (await docker(['images', 'shoal/stack', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n')[0] ?? ''
  const host = await plainDocker(image, 'host')
  const bridge = await plainDocker(image, 'bridge')
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
  const startRow = (name: string, xs: number[]) =>
    `  ${name.padEnd(58)} median ${fmt(pct(xs, 0.5))}, max ${fmt(Math.max(...xs))}`
  const latRow = (name: string, xs: number[]) =>
    `  ${name.padEnd(58)} mean ${fmt(mean(xs))}, p50 ${fmt(pct(xs, 0.5))}, p99 ${fmt(pct(xs, 0.99))}`
  console.log(
    [
      '',
      `start → first response (${ROUNDS} rounds; ${image})`,
      startRow('docker run, host network (no isolation)', host.starts),
      startRow('docker run, dyno bridge, port published on loopback', bridge.starts),
      startRow('shoal: ps:scale web=2 → web.2 answers through the router', starts),
      `request latency (${REQUESTS} sequential, keep-alive)`,
      latRow('straight to the container, host network', host.lat),
      latRow('straight to the container, dyno bridge + published port', bridge.lat),
      latRow('shoal: through the router to the dyno (bridge)', lat),
      '',
    ].join('\n'),
  )
} finally {
  await c.stop()
}
