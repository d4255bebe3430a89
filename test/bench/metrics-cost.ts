// What observability costs (issue 14), `npm run bench:metrics`:
//  A. A Prometheus scrape of a router's /metrics with 100 apps (target ≤ 20 ms): the router's registry (Node's
//     default metrics + shoal_router_*) fed with requests of 100 apps across status classes and H-codes, served by
//     the same serveMetrics the daemons use, scraped over HTTP.
//  B. Per-dyno stats: one one-shot stats read per dyno per interval (agent/dynos/dyno-stats.ts) against the
//     alternative of a stats stream held open per dyno: time per read, this process's CPU and RSS, dockerd's CPU.
//     Uses DYNOS (default 10) idle containers of the local stack image, removed at the end (also on Ctrl-C);
//     DYNOS=0 skips it.
//  C. The router's per-request cost of those metrics: Stats.record() with and without a registry.

import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import Docker from 'dockerode'
import { createDockerClient } from '../../agent/docker/docker-client.ts'
import { toRunSpec } from '../../agent/dynos/dyno-container.ts'
import { DynoStats } from '../../agent/dynos/dyno-stats.ts'
import { systemClock } from '../../lib/clock.ts'
import { createRegistry, serveMetrics } from '../../lib/metrics.ts'
import { type RequestOutcome, Stats } from '../../router/stats.ts'
import { cpuTimeMs, formatTable, summarize, vmRssBytes } from './bench-report.ts'

const APPS = 100
const SCRAPES = 200
const DYNOS = Number(process.env['DYNOS'] ?? 10)
const STREAM_SECONDS = Number(process.env['STREAM_SECONDS'] ?? 20)
const LABEL = 'shoal.bench-metrics-cost'

/** Requests of every kind the router counts: status classes, H-codes, refusals without timings. */
const OUTCOMES: RequestOutcome[] = [
  { status: 200, serviceMs: 12, connectMs: 1, queueMs: 0 },
  { status: 304, serviceMs: 3, connectMs: 1, queueMs: 0 },
  { status: 404, serviceMs: 5, connectMs: 1, queueMs: 1 },
  { status: 500, serviceMs: 40, connectMs: 1, queueMs: 2 },
  { status: 503, code: 'H12', serviceMs: 30_000, connectMs: 1, queueMs: 0 },
  { status: 503, code: 'H13' },
  { status: 503, code: 'H80' },
  { status: 400, code: 'H26' },
]

const ms = (n: number): string => `${n.toFixed(2)} ms`
const mb = (n: number | undefined): string => (n === undefined ? '?' : `${(n / 1024 / 1024).toFixed(1)} MB`)

async function routerScrape(): Promise<void> {
  const registry = createRegistry('router')
  const stats = new Stats({ registry })
  for (let a = 0; a < APPS; a++) {
    for (let i = 0; i < 50; i++) stats.record(`app-${a}`, 'web', OUTCOMES[i % OUTCOMES.length] ?? { status: 200 })
  }
  stats.setLive(
    new Map(Array.from({ length: APPS }, (_, a) => [`app-${a}`, { inFlight: 3, queueLength: 1, dynos: 2 }])),
  )
  const server = await serveMetrics(registry, '127.0.0.1:0')
  try {
    const times: number[] = []
    let bytes = 0
    for (let i = 0; i < SCRAPES + 10; i++) {
      const started = performance.now()
      const body = await (await fetch(server.url)).text()
      if (i >= 10) times.push(performance.now() - started) // the first scrapes warm the JIT
      bytes = body.length
    }
    // The registry's serialization alone, and the CPU it takes (wall time includes waiting for a busy CPU).
    const render: number[] = []
    const cpu0 = process.cpuUsage()
    for (let i = 0; i < SCRAPES; i++) {
      const started = performance.now()
      await registry.metrics()
      render.push(performance.now() - started)
    }
    const cpu = process.cpuUsage(cpu0)
    const row = (what: string, xs: number[]): string[] => {
      const sorted = [...xs].sort((x, y) => x - y)
      const s = summarize(xs)
      return [what, ms(s.min), ms(s.median), ms(sorted[Math.ceil(0.99 * sorted.length) - 1] ?? Number.NaN), ms(s.max)]
    }
    console.log(
      `\nA. router /metrics with ${APPS} apps: ${bytes} bytes; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
    )
    console.log(
      formatTable(
        ['', 'min', 'median', 'p99', 'max'],
        [row(`scrape over HTTP (×${SCRAPES})`, times), row(`registry.metrics() (×${SCRAPES})`, render)],
      ),
    )
    console.log(
      `   CPU per registry.metrics(): ${ms((cpu.user + cpu.system) / 1000 / SCRAPES)} (target: a scrape ≤ 20 ms)`,
    )
  } finally {
    await server.close()
  }
}

/** The engine behind /var/run/docker.sock (lab engines in namespaces are other dockerd processes). */
function dockerdPid(): number | undefined {
  try {
    return Number(readFileSync('/var/run/docker.pid', 'utf8').trim()) || undefined
  } catch {
    return undefined
  }
}

async function dynoStatsCost(): Promise<void> {
  const docker = new Docker()
  const image = execFileSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', 'shoal/stack'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')[0]
  if (!image) {
    console.log('\nB. skipped: no shoal/stack image on this machine (shoal stack:build)')
    return
  }
  const ids: string[] = []
  const cleanup = async (): Promise<void> => {
    await Promise.all(
      ids.map((id) =>
        docker
          .getContainer(id)
          .remove({ force: true })
          .catch(() => {}),
      ),
    )
  }
  process.once('SIGINT', () => {
    cleanup().finally(() => process.exit(130))
  })
  try {
    for (let i = 0; i < DYNOS; i++) {
      const c = await docker.createContainer({
        Image: image,
        Cmd: ['sleep', 'infinity'],
        Labels: { [LABEL]: 'true' },
        HostConfig: { NetworkMode: 'none', Memory: 64 * 1024 * 1024 },
      })
      ids.push(c.id)
      await c.start()
    }
    const dockerd = dockerdPid()
    const client = createDockerClient()
    const sampler = new DynoStats({
      docker: client,
      clock: systemClock,
      dynos: () =>
        ids.map((containerId, i) => ({
          containerId,
          spec: toRunSpec({
            id: `bench-${i}`,
            app: 'bench',
            processType: 'web',
            name: `web.${i + 1}`,
            slugSha256: 'ab'.repeat(32),
            command: 'sleep infinity',
            stack: image,
          }),
        })),
      runtimeMetrics: () => true,
      log: () => {},
    })
    await sampler.sample() // warm up
    const rounds = 10
    const rssBefore = vmRssBytes(process.pid)
    const cpu0 = process.cpuUsage()
    const d0 = cpuTimeMs(dockerd) ?? Number.NaN
    const roundMs: number[] = []
    for (let r = 0; r < rounds; r++) {
      // rounds apart as in the agent (20 s there; 3 s here): the engine's stats collector idles in between
      await new Promise((res) => setTimeout(res, 3000))
      const started = performance.now()
      await sampler.sample()
      roundMs.push(performance.now() - started)
    }
    const cpu = process.cpuUsage(cpu0)
    const dockerdRound = ((cpuTimeMs(dockerd) ?? Number.NaN) - d0) / rounds
    const ownRound = (cpu.user + cpu.system) / 1000 / rounds
    const rounded = summarize(roundMs)
    // The alternative: one stats stream per dyno, held open (the engine pushes a reading per second each).
    const streams: NodeJS.ReadableStream[] = []
    const rssStreams0 = vmRssBytes(process.pid)
    const scpu0 = process.cpuUsage()
    const sd0 = cpuTimeMs(dockerd) ?? Number.NaN
    for (const id of ids) {
      const s = (await docker.getContainer(id).stats({ stream: true })) as unknown as NodeJS.ReadableStream
      s.on('data', () => {})
      streams.push(s)
    }
    await new Promise((r) => setTimeout(r, STREAM_SECONDS * 1000))
    const scpu = process.cpuUsage(scpu0)
    const sdockerd = (cpuTimeMs(dockerd) ?? Number.NaN) - sd0
    const rssStreams = vmRssBytes(process.pid)
    for (const s of streams) (s as unknown as { destroy(): void }).destroy()
    // Per 20 s (Heroku's interval): one round of reads, against 20 s of streams.
    const per20 = 20 / STREAM_SECONDS
    console.log(
      `\nB. ${DYNOS} running containers: one one-shot read each per 20 s, against a stream held open per dyno`,
    )
    console.log(
      formatTable(
        ['mode', 'wall per round', 'agent CPU per 20 s', 'dockerd CPU per 20 s', 'agent RSS'],
        [
          [
            'one-shot reads (shoal)',
            `${ms(rounded.median)} (max ${ms(rounded.max)})`,
            ms(ownRound),
            ms(dockerdRound),
            `${mb(rssBefore)} → ${mb(vmRssBytes(process.pid))}`,
          ],
          [
            'a stream per dyno',
            '-',
            ms(((scpu.user + scpu.system) / 1000) * per20),
            ms(sdockerd * per20),
            `${mb(rssStreams0)} → ${mb(rssStreams)}`,
          ],
        ],
      ),
    )
    // Sequential reads, for comparison: the engine answers each at its collector's next tick.
    const seq: number[] = []
    for (const id of ids.slice(0, 3)) {
      const started = performance.now()
      await client.containerStats(id)
      seq.push(performance.now() - started)
    }
    console.log(`   three reads one after the other instead: ${seq.map(ms).join(', ')}`)
  } finally {
    await cleanup()
  }
}

/** CPU per Stats.record() over 100 apps, with the shoal_router_* metrics and without (the report windows alone). */
function recordCost(): void {
  const apps = Array.from({ length: APPS }, (_, a) => `app-${a}`)
  const N = 400_000
  const cost = (stats: Stats): number => {
    for (let i = 0; i < 50_000; i++) stats.record(apps[i % APPS]!, 'web', OUTCOMES[i % OUTCOMES.length]!)
    const cpu0 = process.cpuUsage()
    for (let i = 0; i < N; i++) {
      stats.record(apps[i % APPS]!, 'web', OUTCOMES[i % OUTCOMES.length]!)
      // the router closes a window every few seconds; keep the reservoirs at their usual size
      if (i % 100_000 === 99_999) stats.snapshot(Date.now())
    }
    const cpu = process.cpuUsage(cpu0)
    return ((cpu.user + cpu.system) * 1000) / N
  }
  // Alternated, the best of three each: the first runs also pay for compiling Stats.record().
  const plain = new Stats()
  const metered = new Stats({ registry: createRegistry('router') })
  let bare = Number.POSITIVE_INFINITY
  let withMetrics = Number.POSITIVE_INFINITY
  for (let i = 0; i < 3; i++) {
    bare = Math.min(bare, cost(plain))
    withMetrics = Math.min(withMetrics, cost(metered))
  }
  console.log(`\nC. Stats.record() CPU per request over ${APPS} apps (best of 3 × ${N})`)
  console.log(
    formatTable(
      ['', 'ns per request'],
      [
        ['report windows only (no registry)', bare.toFixed(0)],
        ['with the shoal_router_* metrics', withMetrics.toFixed(0)],
        ['the metrics alone (difference)', (withMetrics - bare).toFixed(0)],
      ],
    ),
  )
}

await routerScrape()
recordCost()
if (DYNOS > 0) await dynoStatsCost()
process.exit(0)
