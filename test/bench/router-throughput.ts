// Router throughput on one core against a trivial backend: `node test/bench/router-throughput.ts`
// (npm run bench:router). The load generator is wrk (Debian's package, installed with apt-get when missing).
//
// Layout on a 2-core machine, everything on loopback:
//   baseline:  wrk on core 1 → backend (a 12-byte node:http "hello world" server) pinned to core 0
//   router:    wrk on core 1 → router pinned alone to core 0 → backend, moved to core 1 beside wrk
// The router is router/proxy.ts's createRouterServer, the request path `shoal router` serves, with a RouteTable
// holding one route to the backend, the stats (prom-client registry) and balancer as in the daemon; its per-request
// log line is formatted but goes nowhere, as the daemon's debug-level log does by default. The CPU used by the router
// and the backend during the measured run is printed: a router near 100% of its core is the bottleneck, one below
// means core 1 (wrk + backend) limited the figure, which is then a lower bound.
// wrk keeps DURATION s of CONNECTIONS keep-alive connections busy after a short warm-up; its latencies are those of a
// closed loop (no coordinated-omission correction).
// Env: DURATION (15), CONNECTIONS (50), WARMUP (3).

import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import { availableParallelism, loadavg } from 'node:os'
import { createInterface } from 'node:readline'
import { createRegistry } from '../../lib/metrics.ts'
import { createRouterServer } from '../../router/proxy.ts'
import { RouteTable } from '../../router/route-table.ts'
import { Stats } from '../../router/stats.ts'
import { cpuTimeMs, formatTable, sleep, teardown } from './bench-report.ts'

const DURATION = Number(process.env['DURATION'] ?? 15)
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50)
const WARMUP = Number(process.env['WARMUP'] ?? 3)
const APP = 'bench'
const DOMAIN = 'shoal.localhost'
const BODY = 'hello world\n'

// --- child roles: the backend and the router each run in their own process so each can be pinned to a core ---

async function serveBackend(): Promise<void> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end(BODY)
  })
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address()
    console.log(`listening ${typeof addr === 'object' && addr !== null ? addr.port : 0}`)
  })
  process.once('SIGTERM', () => process.exit(0))
}

async function serveRouter(backendPort: number): Promise<void> {
  const routeTable = new RouteTable()
  routeTable.apply({
    hostId: 'bench-host',
    seq: 1,
    snapshot: true,
    up: [
      {
        dynoId: 'bench-web-1',
        app: APP,
        processType: 'web',
        dynoName: 'web.1',
        release: 1,
        address: `127.0.0.1:${backendPort}`,
      },
    ],
  })
  const router = createRouterServer({
    routeTable,
    domain: DOMAIN,
    stats: new Stats({ registry: createRegistry('router') }),
    log: () => {},
  })
  const addr = await router.listen(0, '127.0.0.1')
  console.log(`listening ${addr.port}`)
  process.once('SIGTERM', () => {
    router.close().then(() => process.exit(0))
  })
}

// --- the bench ---

interface WrkResult {
  requestsPerSec: number
  p50Ms: number
  p99Ms: number
  requests: number
  non2xx: number
  socketErrors: string
}

const children = new Set<ChildProcess>()

function track(child: ChildProcess): ChildProcess {
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

/** Starts `node <this file> <role> …` (optionally pinned with taskset) and resolves with the port it listens on. */
async function startChild(
  role: string,
  args: string[],
  cpu: string | undefined,
): Promise<{ child: ChildProcess; port: number }> {
  const node = [process.execPath, '--disable-warning=ExperimentalWarning', import.meta.filename, role, ...args]
  const [cmd, ...argv] = cpu === undefined ? node : ['taskset', '-c', cpu, ...node]
  const child = track(spawn(cmd!, argv, { stdio: ['ignore', 'pipe', 'inherit'] }))
  const lines = createInterface({ input: child.stdout! })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The ${role} child exited with ${code} before listening`)))
    lines.on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line)
      if (m !== null) resolve(Number(m[1]))
    })
  })
  return { child, port }
}

function pin(pid: number | undefined, cpu: string): void {
  if (pid !== undefined) execFileSync('taskset', ['-pc', cpu, String(pid)], { stdio: 'ignore' })
}

function ensureWrk(): void {
  const has = (): boolean => {
    try {
      execFileSync('wrk', ['--version'], { stdio: 'ignore' })
      return true
    } catch (err) {
      // wrk --version prints its banner and exits 1; only a missing binary is ENOENT.
      return (err as NodeJS.ErrnoException).code !== 'ENOENT'
    }
  }
  if (has()) return
  console.log('wrk is missing: installing Debian package wrk with apt-get')
  const install = (): void => {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'wrk'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  }
  try {
    install()
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' })
    install()
  }
  if (!has()) throw new Error('Cannot run the router bench: wrk is still missing after apt-get install wrk')
}

/** wrk prints latencies as 812.00us, 1.95ms or 1.02s. */
function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value)
  if (m === null) throw new Error(`Cannot parse wrk latency "${value}"`)
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm']
  return Number(m[1]) * scale
}

function parseWrk(out: string): WrkResult {
  const field = (re: RegExp, what: string): string => {
    const m = re.exec(out)
    if (m?.[1] === undefined) throw new Error(`Cannot find ${what} in the wrk output:\n${out}`)
    return m[1]
  }
  return {
    requestsPerSec: Number(field(/^Requests\/sec:\s+([\d.]+)/m, 'Requests/sec')),
    p50Ms: toMs(field(/^\s+50%\s+(\S+)/m, 'the 50% latency')),
    p99Ms: toMs(field(/^\s+99%\s+(\S+)/m, 'the 99% latency')),
    requests: Number(field(/^\s+(\d+) requests in/m, 'the request count')),
    non2xx: Number(/^\s+Non-2xx or 3xx responses: (\d+)/m.exec(out)?.[1] ?? 0),
    socketErrors: /^\s+Socket errors: (.*)$/m.exec(out)?.[1] ?? 'none',
  }
}

function runWrk(url: string, seconds: number, host: string | undefined, cpu: string | undefined): Promise<WrkResult> {
  const wrk = ['wrk', '-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', ...(host ? ['-H', `Host: ${host}`] : [])]
  const [cmd, ...argv] = cpu === undefined ? [...wrk, url] : ['taskset', '-c', cpu, ...wrk, url]
  const child = track(spawn(cmd!, argv, { stdio: ['ignore', 'pipe', 'inherit'] }))
  let out = ''
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`wrk exited with ${code}:\n${out}`))
      else resolve(parseWrk(out))
    })
  })
}

/** One request through the router, to show the load really takes the proxy path (status, body, Heroku headers). */
async function checkThroughRouter(routerPort: number): Promise<string> {
  const { request } = await import('node:http')
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: routerPort, path: '/', headers: { host: `${APP}.${DOMAIN}` } },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => {
          body += c.toString()
        })
        res.on('end', () => {
          if (res.statusCode !== 200 || body !== BODY) {
            reject(new Error(`The router answered ${res.statusCode} ${JSON.stringify(body)} instead of the backend`))
          } else resolve(`200 ${JSON.stringify(body)}, via: ${res.headers['via'] ?? '-'}`)
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}

interface ProcessCpu {
  name: string
  /** Share of one core used during the measured run. */
  percent: number
  /** CPU time per completed request: unlike req/s, barely moved by other load on the machine. */
  usPerRequest: number
}

interface Row {
  name: string
  wrk: WrkResult
  cpu: ProcessCpu[]
}

const cpuText = (cpu: ProcessCpu[]): string =>
  cpu.map((c) => `${c.name} ${Math.round(c.percent)}% (${Math.round(c.usPerRequest)} µs/req)`).join(', ')

async function measure(
  name: string,
  url: string,
  host: string | undefined,
  wrkCpu: string | undefined,
  watched: Array<{ name: string; child: ChildProcess }>,
): Promise<Row> {
  await runWrk(url, WARMUP, host, wrkCpu)
  const before = watched.map((w) => cpuTimeMs(w.child.pid) ?? Number.NaN)
  const started = performance.now()
  const wrk = await runWrk(url, DURATION, host, wrkCpu)
  const elapsed = performance.now() - started
  const cpu = watched.map((w, i): ProcessCpu => {
    const usedMs = (cpuTimeMs(w.child.pid) ?? Number.NaN) - before[i]!
    return { name: w.name, percent: (usedMs / elapsed) * 100, usPerRequest: (usedMs * 1000) / wrk.requests }
  })
  console.log(
    `${name}: ${Math.round(wrk.requestsPerSec)} req/s, p50 ${wrk.p50Ms} ms, p99 ${wrk.p99Ms} ms, ` +
      `${wrk.requests} requests, non-2xx ${wrk.non2xx}, socket errors ${wrk.socketErrors}; CPU ${cpuText(cpu)}`,
  )
  if (wrk.non2xx > 0) throw new Error(`${name}: ${wrk.non2xx} responses were not 2xx; the figure would be meaningless`)
  return { name, wrk, cpu }
}

async function main(): Promise<void> {
  const cores = availableParallelism()
  const pinned = cores >= 2
  console.log(
    `router-throughput: wrk -t1 -c${CONNECTIONS} -d${DURATION}s (after ${WARMUP} s warm-up), node ${process.version}, ` +
      `${cores} cores${pinned ? '' : ' (fewer than 2: nothing is pinned, the figures share one core)'}, ` +
      `load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  )
  ensureWrk()
  console.log(spawnSync('wrk', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0])
  const done = teardown(async () => {
    for (const c of children) c.kill('SIGKILL')
    await sleep(100)
  })
  const rows: Row[] = []
  try {
    const backend = await startChild('--backend', [], pinned ? '0' : undefined)
    const backendUrl = `http://127.0.0.1:${backend.port}/`
    rows.push(
      await measure('baseline: wrk → backend', backendUrl, undefined, pinned ? '1' : undefined, [
        { name: 'backend', child: backend.child },
      ]),
    )
    if (pinned) pin(backend.child.pid, '1')
    const router = await startChild('--router', [String(backend.port)], pinned ? '0' : undefined)
    console.log(`check through the router: ${await checkThroughRouter(router.port)}`)
    rows.push(
      await measure(
        'router: wrk → router → backend',
        `http://127.0.0.1:${router.port}/`,
        `${APP}.${DOMAIN}`,
        pinned ? '1' : undefined,
        [
          { name: 'router', child: router.child },
          { name: 'backend', child: backend.child },
        ],
      ),
    )
  } finally {
    await done()
  }
  console.log(`\nSummary (${CONNECTIONS} connections, ${DURATION} s; router pinned alone to core 0)`)
  console.log(
    formatTable(
      ['setup', 'req/s', 'p50', 'p99', 'requests', 'CPU during the run (share of a core, CPU time per request)'],
      rows.map((r) => [
        r.name,
        Math.round(r.wrk.requestsPerSec).toLocaleString('en-US'),
        `${r.wrk.p50Ms} ms`,
        `${r.wrk.p99Ms} ms`,
        r.wrk.requests.toLocaleString('en-US'),
        cpuText(r.cpu),
      ]),
    ),
  )
  const router = rows[1]?.cpu.find((c) => c.name === 'router')
  if (router !== undefined) {
    const bound = Math.round(1e6 / router.usPerRequest).toLocaleString('en-US')
    console.log(
      router.percent >= 90
        ? `The router used ${Math.round(router.percent)}% of its core: this run measured the router itself.`
        : `The router used only ${Math.round(router.percent)}% of its core: the client side (wrk and the backend on ` +
            `core 1) or other load on the machine limited this run, so its req/s is a lower bound.`,
    )
    console.log(`At ${Math.round(router.usPerRequest)} µs of CPU per request, one full core is ~${bound} req/s.`)
  }
}

const role = process.argv[2]
if (role === '--backend') await serveBackend()
else if (role === '--router') await serveRouter(Number(process.argv[3]))
else await main()
