// What dyno isolation costs (docs/SECURITY.md): `node test/bench/dyno-latency.ts` (npm run bench:isolation).
// Starts a test cluster (controller, agent, router as real processes on loopback), deploys test/fixtures/echo-app,
// then measures (1) the time from `shoal ps:scale web=2` to the second dyno's first response through the router,
// ROUNDS times, and (2) the latency of REQUESTS sequential keep-alive requests through the router to one dyno.
// Run it on a commit before isolation and after to compare; it prints figures, it asserts nothing about speed.
// Env: ROUNDS (3), REQUESTS (2000).

import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { DynoView } from '../../proto/api.ts'
import { startTestCluster } from '../helpers/cluster.ts'
import { ROOT, runShoal } from '../helpers/processes.ts'

const ROUNDS = Number(process.env['ROUNDS'] ?? 3)
const REQUESTS = Number(process.env['REQUESTS'] ?? 2000)
const APP = 'isobench'

function get(base: string, agent: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/', base), { agent, headers: { host: `${APP}.shoal.localhost` } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode === 200 ? String(res.headers['x-dyno'] ?? '') : ''))
    })
    req.on('error', reject)
    req.end()
  })
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
  const mean = lat.reduce((a, b) => a + b, 0) / lat.length
  console.log(
    `dyno start → routable (ps:scale web=2, ${ROUNDS} rounds): median ${fmt(pct(starts, 0.5))}, max ${fmt(Math.max(...starts))}`,
  )
  console.log(
    `request latency through the router (${REQUESTS} sequential, keep-alive): mean ${fmt(mean)}, p50 ${fmt(pct(lat, 0.5))}, p99 ${fmt(pct(lat, 0.99))}`,
  )
  agent.destroy()
} finally {
  await c.stop()
}
