// npm run bench:router — the router's data plane against nginx, measured in one run on this machine.
//
// Same backend (a 12-byte Node server), same core for every proxy (taskset -c PROXY_CPU), wrk -c50 on the other
// core. The router is HAProxy plus `shoal router`'s control plane with every request's line formatted and shipped
// (HAProxy's ring → routerLine → LogShipper → LogBatch protobuf; the network send itself is left out); nginx runs
// as in production (one worker, its default `combined` access log) and sets the same request headers (request id,
// start, proto, port, Via). Prints, side by side: plain HTTP keep-alive req/s and p99, HTTPS keep-alive req/s, new
// TLS handshakes/s (Connection: close), CPU per request (HAProxy + shoal router vs nginx), route announced →
// receiving traffic, idle RSS, and the load average (the machine is shared: figures move with it). And the cost of
// the request queue when nothing waits: the same app on the same router with and without `ps:concurrency web=100`
// (HAProxy's per-server maxconn: every request is counted against it, none queues at -c50), runs alternated.
//
//   BENCH_SECONDS=10 (per wrk run)   BENCH_PROXY_CPU=1   BENCH_CLIENT_CPU=0

import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startNginx } from '../helpers/nginx.ts'
import { freePort, killHaproxyOf, ROOT } from '../helpers/processes.ts'
import { get, httpBackend, startHarness } from '../helpers/router-harness.ts'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const PROXY_CPU = Number(process.env['BENCH_PROXY_CPU'] ?? 1)
const CLIENT_CPU = Number(process.env['BENCH_CLIENT_CPU'] ?? 0)
const HOST = 'bench.shoal.test'

interface WrkResult {
  rps: number
  p99Ms: number
  errors: string
}

const dir = await mkdtemp(join(tmpdir(), 'shoal-bench-router-'))
const cleanup: (() => Promise<void> | void)[] = [() => rm(dir, { recursive: true, force: true })]
try {
  // The dyno: 12 bytes, pinned with the client so the proxies' core is theirs alone.
  const dyno = spawn(
    'taskset',
    [
      '-c',
      String(CLIENT_CPU),
      process.execPath,
      '-e',
      "require('http').createServer((q,s)=>s.end('Hello World\\n')).listen(0,'127.0.0.1',function(){console.log(this.address().port)})",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  cleanup.push(() => void dyno.kill())
  const dynoPort = await firstLine(dyno).then(Number)

  const cert = await selfSigned(dir, HOST)
  const routerDir = join(dir, 'router')
  // wrk names 127.0.0.1 in SNI: both proxies then serve their default certificate, made the same one here.
  await mkdir(join(routerDir, 'haproxy', 'certs'), { recursive: true })
  await writeFile(join(routerDir, 'haproxy', 'certs', 'default.pem'), `${cert.crt}${cert.key}`, { mode: 0o600 })
  const [httpPort, httpsPort, ngPort, ngsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ]
  cleanup.push(() => killHaproxyOf(routerDir))
  const router = spawn(
    'taskset',
    ['-c', String(PROXY_CPU), process.execPath, join(ROOT, 'test/fixtures/router-core-main.ts')],
    {
      env: {
        ...process.env,
        SHOAL_ROUTER_FIXTURE: JSON.stringify({
          dataDir: routerDir,
          http: `127.0.0.1:${httpPort}`,
          https: `127.0.0.1:${httpsPort}`,
          apps: [{ name: 'bench', domains: [HOST] }],
          routes: [
            {
              dynoId: 'bench-1',
              app: 'bench',
              processType: 'web',
              dynoName: 'web.1',
              release: 1,
              address: `127.0.0.1:${dynoPort}`,
            },
          ],
          tls: {
            version: 1,
            certificates: [
              { id: 'b0b0b0b0b0b0', app: 'bench', domains: [HOST], certPem: cert.crt, keyPem: cert.key, notAfterMs: 0 },
            ],
            challenges: [],
          },
          ship: true,
        }),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  cleanup.push(() => void router.kill('SIGTERM'))
  /** Gives the app a concurrency limit (or none) through a new directory, once HAProxy holds it. */
  const concurrency = async (limit: number): Promise<void> => {
    const applied = nextLine(router, 'applied')
    router.stdin?.write(
      `${JSON.stringify([{ name: 'bench', domains: [HOST], concurrency: limit > 0 ? { web: limit } : {} }])}\n`,
    )
    await applied
  }
  const ready = /ready (\d+)/.exec(await firstLine(router))
  const haproxyPid = Number(ready?.[1])

  // nginx as production runs it: one worker, its default access log (the `combined` format, one write(2) per
  // request, as the router logs every request too), keep-alive to the dyno, and the headers the router sets.
  const nginxLocation = [
    'access_log $dir/access.log combined;',
    'proxy_set_header X-Request-Id $request_id;',
    'proxy_set_header X-Request-Start $msec;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    'proxy_set_header X-Forwarded-Port $server_port;',
    'proxy_set_header Via "1.1 shoal";',
    'add_header Via "1.1 shoal" always;',
  ]
  const nginx = await startNginx({
    port: ngPort,
    backendPort: dynoPort,
    cpu: PROXY_CPU,
    server: `listen 127.0.0.1:${ngsPort} ssl; ssl_certificate ${cert.crtFile}; ssl_certificate_key ${cert.keyFile}; ssl_protocols TLSv1.2 TLSv1.3;`,
    location: nginxLocation.join(' '),
  })
  cleanup.push(() => nginx.stop())

  // Idle memory first, before any traffic.
  const haproxyPids = await processTree(haproxyPid)
  const idleRss = {
    haproxy: await rssOf(haproxyPids),
    router: await rssOf([router.pid ?? 0]),
    nginx: await rssOf([nginx.pid]),
  }

  const warm = (port: number, scheme = 'http') => wrk(`${scheme}://127.0.0.1:${port}/`, 2, [])
  await warm(httpPort)
  await warm(ngPort)

  const cpuBefore = await cpuSeconds([router.pid ?? 0])
  const hpBefore = await cpuSeconds(haproxyPids)
  const rHttp = await wrk(`http://127.0.0.1:${httpPort}/`, SECONDS, [])
  const routerCpu = (await cpuSeconds([router.pid ?? 0])) - cpuBefore
  const haproxyCpu = (await cpuSeconds(await processTree(haproxyPid))) - hpBefore
  const ngBefore = await cpuSeconds([nginx.pid])
  const nHttp = await wrk(`http://127.0.0.1:${ngPort}/`, SECONDS, [])
  const nginxCpu = (await cpuSeconds([nginx.pid])) - ngBefore
  const loadAvg = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ')
  const rHttps = await wrk(`https://127.0.0.1:${httpsPort}/`, SECONDS, [])
  const nHttps = await wrk(`https://127.0.0.1:${ngsPort}/`, SECONDS, [])
  const close = ['-H', 'Connection: close']
  const rHs = await wrk(`https://127.0.0.1:${httpsPort}/`, SECONDS, close)
  const nHs = await wrk(`https://127.0.0.1:${ngsPort}/`, SECONDS, close)
  // The queue's cost when nothing waits: alternated runs, unlimited app vs the app with a concurrency limit.
  const plain: WrkResult[] = []
  const queued: WrkResult[] = []
  for (let i = 0; i < 2; i++) {
    await concurrency(100)
    queued.push(await wrk(`http://127.0.0.1:${httpPort}/`, SECONDS, []))
    await concurrency(0)
    plain.push(await wrk(`http://127.0.0.1:${httpPort}/`, SECONDS, []))
  }
  const mean = (xs: WrkResult[]) => xs.reduce((n, x) => n + x.rps, 0) / xs.length
  const routerRequests = rHttp.rps * SECONDS
  const nginxRequests = nHttp.rps * SECONDS
  const us = (cpu: number, requests: number) => ((cpu * 1e6) / requests).toFixed(1)

  // Route announced → receiving traffic, on a router of its own (not pinned), polling as fast as it answers.
  const h = await startHarness()
  cleanup.push(() => h.stop())
  const b = await httpBackend((_q, s) => s.end('ok'))
  cleanup.push(() => b.close())
  const apps = Array.from({ length: 30 }, (_, i) => `fresh${i}`)
  await h.directory(apps.map((name) => ({ name })))
  const announced: number[] = []
  for (const app of apps) {
    const t0 = performance.now()
    h.core.applyRoutes({
      hostId: 'h1',
      seq: Date.now() * 100 + announced.length,
      snapshot: true,
      up: [{ dynoId: app, app, processType: 'web', dynoName: 'web.1', release: 1, address: `127.0.0.1:${b.port}` }],
    })
    while ((await get(h.port, `${app}.shoal.test`)).status !== 200) {
      // next attempt at once: the figure is the router's, not a poll interval's
    }
    announced.push(performance.now() - t0)
  }
  announced.sort((x, y) => x - y)

  const row = (name: string, r: WrkResult, n: WrkResult, p99 = true) =>
    `${name.padEnd(34)} ${fmt(r.rps).padStart(9)} ${fmt(n.rps).padStart(9)} ${(r.rps / n.rps).toFixed(2).padStart(6)}×` +
    (p99 ? `   p99 ${r.p99Ms.toFixed(2)} ms vs ${n.p99Ms.toFixed(2)} ms` : '') +
    (r.errors || n.errors ? `   errors: router ${r.errors || '0'}, nginx ${n.errors || '0'}` : '')
  console.log(
    [
      '',
      `router (HAProxy 1 thread + shoal router on one core, every request's record read from HAProxy's ring, lines formatted and shipped up to the line budget) vs nginx: cpu ${PROXY_CPU}, wrk -c50 on cpu ${CLIENT_CPU}, ${SECONDS} s each, load average ${loadAvg} at the end of the HTTP runs`,
      `nginx: worker_processes 1, master_process off, keepalive 64 to the dyno, proxy_http_version 1.1, ${nginxLocation.join(' ')}`,
      `${''.padEnd(34)} ${'router'.padStart(9)} ${'nginx'.padStart(9)}  ratio`,
      row('HTTP keep-alive req/s', rHttp, nHttp),
      row('HTTPS keep-alive req/s', rHttps, nHttps),
      row('new TLS handshakes/s', rHs, nHs, false),
      `CPU per request in the HTTP run: router ${us(routerCpu + haproxyCpu, routerRequests)} µs (HAProxy ${us(haproxyCpu, routerRequests)} + shoal router ${us(routerCpu, routerRequests)}, ${((routerCpu / SECONDS) * 100).toFixed(0)}% of a core); nginx ${us(nginxCpu, nginxRequests)} µs`,
      `queue when nothing waits (the app with and without concurrency 100 per dyno, -c50; 2 alternated runs each): ${fmt(mean(queued))} req/s vs ${fmt(mean(plain))} unlimited = ${(((mean(queued) - mean(plain)) / mean(plain)) * 100).toFixed(1)} % (runs: ${queued.map((r) => fmt(r.rps)).join(', ')} vs ${plain.map((r) => fmt(r.rps)).join(', ')})`,
      `route announced → receiving traffic: p50 ${announced[Math.floor(announced.length / 2)]?.toFixed(1)} ms, max ${announced.at(-1)?.toFixed(1)} ms (${announced.length} routes)`,
      `idle RSS: HAProxy ${mb(idleRss.haproxy)} (master + worker) + shoal router ${mb(idleRss.router)} = ${mb(idleRss.haproxy + idleRss.router)}; nginx ${mb(idleRss.nginx)}`,
      '',
    ].join('\n'),
  )
} finally {
  for (const c of cleanup.reverse()) await Promise.resolve(c()).catch(() => {})
}

function wrk(url: string, seconds: number, extra: string[]): Promise<WrkResult> {
  const args = ['-c', String(CLIENT_CPU), 'wrk', '-t1', '-c50', `-d${seconds}s`, '--latency', '-H', `Host: ${HOST}`]
  args.push(...extra)
  const target = url
  return new Promise((resolve, reject) => {
    execFile('taskset', [...args, target], { env: { ...process.env } }, (err, stdout) => {
      if (err !== null) {
        reject(err)
        return
      }
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0)
      const m = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout)
      const p99Ms = m === null ? Number.NaN : Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1)
      const errors = /Socket errors: (.*)|Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[0] ?? ''
      resolve({ rps, p99Ms, errors })
    })
  })
}

/** Resolves at the child's next stdout line equal to `line`. */
function nextLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve) => {
    let out = ''
    const on = (d: Buffer) => {
      out += String(d)
      if (out.split('\n').includes(line)) {
        child.stdout?.off('data', on)
        resolve()
      }
    }
    child.stdout?.on('data', on)
  })
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += String(d)
      const nl = out.indexOf('\n')
      if (nl >= 0) resolve(out.slice(0, nl))
    })
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing`)))
  })
}

async function processTree(pid: number): Promise<number[]> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => ''))
    .split(' ')
    .filter((s) => s.trim() !== '')
    .map(Number)
  return [pid, ...children]
}

async function rssOf(pids: number[]): Promise<number> {
  let total = 0
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
    total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
  }
  return total
}

async function cpuSeconds(pids: number[]): Promise<number> {
  let ticks = 0
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks += Number(f[11] ?? 0) + Number(f[12] ?? 0)
  }
  return ticks / 100
}

async function selfSigned(d: string, domain: string) {
  const crtFile = join(d, 'bench.crt')
  const keyFile = join(d, 'bench.key')
  await new Promise<void>((resolve, reject) =>
    execFile(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'].concat([
        '-subj',
        `/CN=${domain}`,
        '-addext',
        `subjectAltName=DNS:${domain}`,
        '-keyout',
        keyFile,
        '-out',
        crtFile,
      ]),
      (err) => (err === null ? resolve() : reject(err)),
    ),
  )
  return { crt: await readFile(crtFile, 'utf8'), key: await readFile(keyFile, 'utf8'), crtFile, keyFile }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
