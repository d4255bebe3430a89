// Membership timings and idle memory of real daemons on loopback: `node test/bench/cluster-timings.ts`
// (npm run bench:cluster). Each round starts a fresh controller (via shoal init), then 3 agents and a router as real
// processes through bin/shoal, and measures against issue 2's targets:
//   - spawn of the 3 agents → all 3 `alive` in GET /v1/hosts (target ≤ 5 s);
//   - 20 s idle → VmRSS of the controller, each agent and the router (targets: agent ≤ 100 MB, controller ≤ 150 MB);
//   - both cores saturated by busy loops for 10 s → the worst state any agent showed (must never be dead);
//   - one agent SIGSTOPped for 4 s, then SIGCONTed → its worst state (at most suspect, never dead), time back to alive;
//   - one agent SIGKILLed → time until it is `dead` (target ≤ 10 s), and the others stayed alive meanwhile.
// States are sampled by polling GET /v1/hosts every 100 ms, so each time is late by up to ~100 ms plus one API call.
// bin/shoal execs node, so a spawned child's pid is the node process whose /proc/<pid>/status is read.
// Env: ROUNDS (3), IDLE_MS (20000), BUSY_MS (10000), STOP_MS (4000).

import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import type { HostState } from '../../proto/api.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { type Daemon, freePort, killAll, runShoal, spawnShoal, tempDir } from '../helpers/processes.ts'
import { executableName, formatTable, mb, ms, sleep, summarize, teardown, vmRssBytes } from './bench-report.ts'
import { HostWatch, POLL_MS, RANK } from './host-watch.ts'

const ROUNDS = Number(process.env['ROUNDS'] ?? 3)
const IDLE_MS = Number(process.env['IDLE_MS'] ?? 20_000)
const BUSY_MS = Number(process.env['BUSY_MS'] ?? 10_000)
const STOP_MS = Number(process.env['STOP_MS'] ?? 4000)
const AGENTS = 3
const LABELS = Array.from({ length: AGENTS }, (_, i) => `agent${i}`)
interface RoundResult {
  allAliveMs: number
  agentStartedMs: number[]
  memory: { controller: Memory; agents: Memory[]; router: Memory }
  idleWorst: HostState
  busyWorst: HostState
  stoppedWorst: HostState
  stoppedOthersWorst: HostState
  /** SIGCONT → alive again; undefined when the frozen agent never left alive. */
  backAliveMs: number | undefined
  deadMs: number
  suspectMs: number
  killOthersWorst: HostState
}

/** What the current round started, so a failure or Ctrl-C can end all of it. */
const live: { daemons: Daemon[]; hogs: ChildProcess[]; watch?: HostWatch; dirs: Array<{ remove(): void }> } = {
  daemons: [],
  hogs: [],
  dirs: [],
}

async function cleanupRound(): Promise<void> {
  for (const h of live.hogs) h.kill('SIGKILL')
  live.hogs = []
  // A stopped process cannot act on SIGTERM; continue every daemon first so each can shut down cleanly.
  for (const d of live.daemons) if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGCONT')
  await Promise.all(live.daemons.map((d) => d.kill('SIGTERM')))
  live.daemons = []
  await live.watch?.stop()
  delete live.watch
  for (const dir of live.dirs) dir.remove()
  live.dirs = []
}

const worstOf = (states: Array<HostState | undefined>): HostState =>
  states.reduce<HostState>((w, s) => (s !== undefined && RANK[s] > RANK[w] ? s : w), 'alive')

interface Memory {
  /** VmRSS of the node process. */
  rss: number
  /** V8 heap in use, from the daemon's own /metrics (shoal_nodejs_heap_size_used_bytes): how much of rss is JS data. */
  heapUsed: number
}

/** A spawned daemon and the port of its /metrics server. */
interface Measured {
  daemon: Daemon
  metricsPort: number
  what: string
}

async function memoryOf({ daemon, metricsPort, what }: Measured): Promise<Memory> {
  const pid = daemon.child.pid
  const name = executableName(pid)
  if (name !== 'node') throw new Error(`Cannot read the RSS of the ${what}: pid ${pid} is "${name}", not node`)
  // RSS first: the scrape below allocates in the daemon.
  const rss = vmRssBytes(pid)
  if (rss === undefined) throw new Error(`Cannot read the RSS of the ${what}: /proc/${pid}/status is gone`)
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
  const m = /^shoal_nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/m.exec(text)
  if (m?.[1] === undefined) throw new Error(`The ${what}'s /metrics has no shoal_nodejs_heap_size_used_bytes`)
  return { rss, heapUsed: Number(m[1]) }
}

const memText = (m: Memory): string => `${mb(m.rss)} (heap ${mb(m.heapUsed)})`

/** Wall time (epoch ms) of a daemon's first pino log line with this message; NaN when there is none. */
function logTime(d: Daemon, msg: string): number {
  for (const line of d.output().split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      const entry = JSON.parse(line) as { time?: number; msg?: string }
      if (entry.msg === msg && typeof entry.time === 'number') return entry.time
    } catch {}
  }
  return Number.NaN
}

async function round(n: number): Promise<RoundResult> {
  const dir = tempDir('bench-cluster')
  live.dirs.push(dir)
  const env = { SHOAL_CONFIG: `${dir.path}/cli.json`, SHOAL_APP: '' }
  const [api, mesh, metrics] = [await freePort(), await freePort(), await freePort()]
  const init = await runShoal(
    [
      'init',
      ...['--data', `${dir.path}/controller`, '--mesh-listen', `/ip4/127.0.0.1/tcp/${mesh}`],
      ...['--api-listen', `127.0.0.1:${api}`, '--metrics-listen', `127.0.0.1:${metrics}`],
    ],
    env,
  )
  if (init.code !== 0) throw new Error(`shoal init failed: ${init.stderr}`)
  const cli = JSON.parse(readFileSync(env.SHOAL_CONFIG, 'utf8')) as {
    apiUrl: string
    token: string
    fingerprint: string
  }
  const controller = spawnShoal(['controller', '--data', `${dir.path}/controller`], env)
  live.daemons.push(controller)
  const deadline = performance.now() + 30_000
  while (
    !(await apiFetcher(cli.fingerprint)(`${cli.apiUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (performance.now() > deadline) throw new Error(`controller did not start:\n${controller.output()}`)
    await sleep(50)
  }
  const jt = await runShoal(['join-token'], env)
  if (jt.code !== 0) throw new Error(`shoal join-token failed: ${jt.stderr}`)
  const joinToken = jt.stdout.trim()
  const watch = new HostWatch(cli.apiUrl, cli.token, cli.fingerprint)
  live.watch = watch

  // 1. Agents from spawn to alive.
  const spawned = performance.now()
  const spawnedWall = Date.now()
  const agentPorts = await Promise.all(LABELS.map(() => freePort()))
  const agents = LABELS.map((label, i) => {
    const args = ['agent', '--data', `${dir.path}/agent${i}`, '--join', joinToken, '--label', `bench=${label}`]
    args.push('--metrics-listen', `127.0.0.1:${agentPorts[i]}`)
    return spawnShoal([...args, '--mesh-listen', '/ip4/127.0.0.1/tcp/0', '--ip', '127.0.0.1'], env)
  })
  live.daemons.push(...agents)
  const allAlive = await watch.until('3 agents alive', (l) => LABELS.every((x) => l.get(x) === 'alive'), 30_000)
  const allAliveMs = allAlive - spawned
  const perAgent = LABELS.map((l) => ms((watch.firstSeen(l, 'alive', spawned) ?? Number.NaN) - spawned))
  // Where the time goes: the process start (node, module loading, the mesh) up to the agent's "agent started" log
  // line, then admission and the first report.
  const startedMs = agents.map((a) => logTime(a, 'agent started') - spawnedWall)
  console.log(
    `round ${n}: 3 agents alive ${ms(allAliveMs)} after spawn (each: ${perAgent.join(', ')}; ` +
      `"agent started" logged after ${startedMs.map(ms).join(', ')})`,
  )

  // 2. Idle memory, the router included (started only now, so it does not slow the agents' start above).
  const [httpPort, routerMetrics] = [await freePort(), await freePort()]
  const router = spawnShoal(
    [
      'router',
      ...['--data', `${dir.path}/router`, '--join', joinToken, '--http', `127.0.0.1:${httpPort}`],
      ...['--mesh-listen', '/ip4/127.0.0.1/tcp/0', '--metrics-listen', `127.0.0.1:${routerMetrics}`],
    ],
    env,
  )
  live.daemons.push(router)
  while (
    !(await fetch(`http://127.0.0.1:${httpPort}/`).then(
      () => true,
      () => false,
    ))
  ) {
    if (router.child.exitCode !== null) throw new Error(`router exited:\n${router.output()}`)
    await sleep(50)
  }
  const idleFrom = performance.now()
  await sleep(IDLE_MS)
  const memory = {
    controller: await memoryOf({ daemon: controller, metricsPort: metrics, what: 'controller' }),
    agents: await Promise.all(
      agents.map((a, i) => memoryOf({ daemon: a, metricsPort: agentPorts[i]!, what: `agent ${i}` })),
    ),
    router: await memoryOf({ daemon: router, metricsPort: routerMetrics, what: 'router' }),
  }
  const idleWorst = worstOf(LABELS.map((l) => watch.worst(l, idleFrom)))
  console.log(
    `round ${n}: after ${IDLE_MS / 1000} s idle, RSS controller ${memText(memory.controller)}, agents ` +
      `${memory.agents.map(memText).join(' / ')}, router ${memText(memory.router)}; worst agent state: ${idleWorst}`,
  )

  // 3. A busy machine: one busy loop per core for BUSY_MS, competing with the daemons at the same priority.
  const busyFrom = performance.now()
  live.hogs = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  )
  await sleep(BUSY_MS)
  for (const h of live.hogs) h.kill('SIGKILL')
  live.hogs = []
  await sleep(3000) // a state judged during the load shows up on the next poll or two
  const busyWorst = worstOf(LABELS.map((l) => watch.worst(l, busyFrom)))
  console.log(`round ${n}: ${BUSY_MS / 1000} s with every core busy → worst agent state ${busyWorst}`)

  // 4. A frozen agent (SIGSTOP): at most suspect, never dead; back to alive after SIGCONT.
  const frozen = agents[1]!
  const stoppedAt = performance.now()
  frozen.child.kill('SIGSTOP')
  await sleep(STOP_MS)
  frozen.child.kill('SIGCONT')
  const continued = performance.now()
  const backAlive = await watch.until('the frozen agent alive again', (l) => l.get('agent1') === 'alive', 30_000)
  await sleep(1000) // a late judgement after the return would show here
  const stoppedWorst = watch.worst('agent1', stoppedAt) ?? 'alive'
  const stoppedOthersWorst = worstOf(['agent0', 'agent2'].map((l) => watch.worst(l, stoppedAt)))
  const backAliveMs = stoppedWorst === 'alive' ? undefined : backAlive - continued
  console.log(
    `round ${n}: SIGSTOP ${STOP_MS / 1000} s → worst state ${stoppedWorst}` +
      `${backAliveMs === undefined ? '' : `, alive ${ms(backAliveMs)} after SIGCONT`}; others' worst ${stoppedOthersWorst}`,
  )

  // 5. A killed agent: dead within the target, the others alive throughout.
  const victim = agents[0]!
  const killedAt = performance.now()
  await victim.kill('SIGKILL')
  const dead = await watch.until('the killed agent dead', (l) => l.get('agent0') === 'dead', 60_000)
  const deadMs = dead - killedAt
  const suspectMs = (watch.firstSeen('agent0', 'suspect', killedAt) ?? Number.NaN) - killedAt
  await sleep(1000)
  const killOthersWorst = worstOf(['agent1', 'agent2'].map((l) => watch.worst(l, killedAt)))
  console.log(
    `round ${n}: SIGKILL → suspect after ${ms(suspectMs)}, dead after ${ms(deadMs)}; others' worst ${killOthersWorst}`,
  )
  return {
    allAliveMs,
    agentStartedMs: startedMs,
    memory,
    idleWorst,
    busyWorst,
    stoppedWorst,
    stoppedOthersWorst,
    backAliveMs,
    deadMs,
    suspectMs,
    killOthersWorst,
  }
}

async function main(): Promise<void> {
  console.log(
    `cluster-timings: ${ROUNDS} rounds, controller + ${AGENTS} agents + router on loopback; node ${process.version}, ` +
      `${availableParallelism()} cores, load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  )
  const done = teardown(async () => {
    await cleanupRound()
    await killAll()
  })
  const results: RoundResult[] = []
  try {
    for (let n = 1; n <= ROUNDS; n++) {
      results.push(await round(n))
      await cleanupRound()
    }
  } finally {
    await done()
  }
  printSummary(results)
}

function printSummary(results: RoundResult[]): void {
  const r = results
  const timeRow = (name: string, samples: Array<number | undefined>, target?: number): string[] => {
    const xs = samples.filter((x): x is number => x !== undefined && !Number.isNaN(x))
    if (xs.length === 0) return [name, '', '', 'no samples', '', '']
    const s = summarize(xs)
    const verdict = target === undefined ? '' : s.max <= target ? 'meets' : 'MISSES'
    return [name, target === undefined ? '' : `≤ ${ms(target)}`, ms(s.min), ms(s.median), ms(s.max), verdict]
  }
  const memRows = (name: string, xs: Memory[], targetMb?: number): string[][] => {
    const rss = summarize(xs.map((x) => x.rss))
    const heap = summarize(xs.map((x) => x.heapUsed))
    const verdict = targetMb === undefined ? '' : rss.max <= targetMb * 1e6 ? 'meets' : 'MISSES'
    return [
      [
        `idle RSS ${name}`,
        targetMb === undefined ? '' : `≤ ${targetMb} MB`,
        mb(rss.min),
        mb(rss.median),
        mb(rss.max),
      ].concat(verdict),
      [`  of which V8 heap used`, '', mb(heap.min), mb(heap.median), mb(heap.max), ''],
    ]
  }
  const stateRow = (name: string, states: HostState[], allowed: HostState): string[] => {
    const verdict = RANK[worstOf(states)] <= RANK[allowed] ? 'meets' : 'MISSES'
    return [name, `≤ ${allowed}`, '', states.join(', '), '', verdict]
  }
  const rows = [
    timeRow(
      '3 agents alive after spawn',
      r.map((x) => x.allAliveMs),
      5000,
    ),
    timeRow(
      '  of which spawn → "agent started" log',
      r.flatMap((x) => x.agentStartedMs),
    ),
    timeRow(
      'killed agent → suspect',
      r.map((x) => x.suspectMs),
    ),
    timeRow(
      'killed agent → dead',
      r.map((x) => x.deadMs),
      10_000,
    ),
    stateRow(
      'others while one is killed',
      r.map((x) => x.killOthersWorst),
      'alive',
    ),
    stateRow(
      `frozen ${STOP_MS / 1000} s (SIGSTOP): worst state`,
      r.map((x) => x.stoppedWorst),
      'suspect',
    ),
    timeRow(
      'frozen: SIGCONT → alive (if it left)',
      r.map((x) => x.backAliveMs),
    ),
    stateRow(
      'others while one is frozen',
      r.map((x) => x.stoppedOthersWorst),
      'alive',
    ),
    stateRow(
      `all cores busy ${BUSY_MS / 1000} s: worst state`,
      r.map((x) => x.busyWorst),
      'suspect',
    ),
    stateRow(
      `idle ${IDLE_MS / 1000} s: worst state`,
      r.map((x) => x.idleWorst),
      'alive',
    ),
    ...memRows(
      'controller',
      r.map((x) => x.memory.controller),
      150,
    ),
    ...memRows(
      `agent (each of ${AGENTS})`,
      r.flatMap((x) => x.memory.agents),
      100,
    ),
    ...memRows(
      'router',
      r.map((x) => x.memory.router),
    ),
  ]
  console.log(`\nSummary over ${r.length} rounds (times from a ${POLL_MS} ms poll of GET /v1/hosts; MB = 10^6 bytes)`)
  console.log(formatTable(['measure', 'target', 'min', 'median / each', 'max', 'verdict'], rows))
}

await main()
