// Dyno start → routable on real Docker: `node test/bench/dyno-start.ts` (npm run bench:dynos).
// Needs a running Docker engine; builds (or imports from its cache) the stack image first with `shoal stack:build`.
// Starts a test cluster (controller + agent + router as real processes on loopback), deploys test/fixtures/echo-app
// (a Procfile app that answers JSON naming its $DYNO), then per round runs `shoal ps:scale web=N` and measures, for
// each new dyno, the time from launching that command to the first response through the router (Host
// <app>.shoal.localhost) that this dyno served. The times include the CLI's own start (printed separately), the
// controller's plan and push, the container's create and start, the app binding $PORT, the agent's port probe and its
// route announcement over the mesh. Requests go out from a few workers in a loop with short pauses, so a dyno is seen
// within tens of ms of becoming routable while the load stays light. Between rounds the app is scaled back to web=1
// and its containers are checked gone. All containers labelled with the test agent's host id are removed at the end.
// Env: DYNOS (4), ROUNDS (2).

import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { DynoView, HostsResponse } from '../../proto/api.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { killAll, ROOT, runShoal } from '../helpers/processes.ts'
import { formatTable, ms, sleep, summarize, teardown } from './bench-report.ts'

const DYNOS = Number(process.env['DYNOS'] ?? 4)
const ROUNDS = Number(process.env['ROUNDS'] ?? 2)
const APP = 'dynobench'
const FIXTURE = join(ROOT, 'test', 'fixtures', 'echo-app')
const WORKERS = 4
const PAUSE_MS = 20

/** Requests the app through the router in a loop and remembers when each dyno first answered. */
class RouterProbe {
  readonly firstSeen = new Map<string, number>()
  readonly statuses = new Map<string, number>()
  readonly #agent = new Agent({ keepAlive: true, maxSockets: WORKERS })
  readonly #port: number
  readonly #host: string
  #running = true
  readonly #workers: Promise<void>[]

  constructor(routerUrl: string, host: string) {
    this.#port = Number(new URL(routerUrl).port)
    this.#host = host
    this.#workers = Array.from({ length: WORKERS }, () => this.#work())
  }

  async #work(): Promise<void> {
    while (this.#running) {
      const outcome = await this.#once()
      this.statuses.set(outcome, (this.statuses.get(outcome) ?? 0) + 1)
      await sleep(PAUSE_MS)
    }
  }

  /** One request; returns its status (or the error code) and records the dyno that served a 200. */
  #once(): Promise<string> {
    return new Promise((resolve) => {
      const req = request(
        { host: '127.0.0.1', port: this.#port, path: '/', headers: { host: this.#host }, agent: this.#agent },
        (res) => {
          let body = ''
          res.on('data', (c: Buffer) => {
            body += c.toString()
          })
          res.on('end', () => {
            const at = performance.now()
            if (res.statusCode === 200) {
              try {
                const dyno = (JSON.parse(body) as { dyno?: string }).dyno
                if (dyno !== undefined && !this.firstSeen.has(dyno)) this.firstSeen.set(dyno, at)
              } catch {}
            }
            resolve(String(res.statusCode))
          })
          res.on('error', () => resolve('response error'))
        },
      )
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
      req.end()
    })
  }

  reset(): void {
    this.firstSeen.clear()
    this.statuses.clear()
  }

  async stop(): Promise<void> {
    this.#running = false
    await Promise.all(this.#workers)
    this.#agent.destroy()
  }
}

function dockerContainers(hostId: string, all: boolean): string[] {
  const filters = ['--filter', 'label=shoal.managed=true', '--filter', `label=shoal.host=${hostId}`]
  return execFileSync('docker', ['ps', '-q', ...(all ? ['-a'] : []), ...filters], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
}

/** Removes every dyno container the bench's agent created; the agent itself leaves them for a successor. */
function removeContainers(hostId: string): void {
  const ids = dockerContainers(hostId, true)
  if (ids.length > 0) execFileSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' })
  console.log(`removed ${ids.length} dyno containers of host ${hostId}`)
}

/** The app's web dynos as the API lists them (a direct call: a CLI run per poll would cost a core-second each). */
async function webDynos(c: TestCluster): Promise<DynoView[]> {
  const res = await apiFetcher(c.fingerprint)(`${c.apiUrl}/v1/apps/${APP}/dynos`, {
    headers: { authorization: `Bearer ${c.token}` },
  })
  if (!res.ok) throw new Error(`GET /v1/apps/${APP}/dynos answered ${res.status}`)
  return ((await res.json()) as DynoView[]).filter((d) => d.type === 'web')
}

/**
 * TCP ports someone listens on in [min, max] (/proc/net/tcp and tcp6, state 0A). Agents hand dynos ports from
 * 20000 up without checking the host, so on a machine shared with other clusters a dyno may get a taken port.
 */
function listeningPorts(min: number, max: number): number[] {
  const ports = new Set<number>()
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = ''
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/)
      const port = Number.parseInt(local?.split(':').at(-1) ?? '', 16)
      if (state === '0A' && port >= min && port <= max) ports.add(port)
    }
  }
  return [...ports].sort((a, b) => a - b)
}

type DynoOutcome = { dyno: string; ms: number } | { dyno: string; failed: string }

/** Waits until each dyno has answered through the router, or crashed, or the time is up. */
async function awaitDynos(
  c: TestCluster,
  probe: RouterProbe,
  dynos: string[],
  started: number,
  timeoutMs: number,
): Promise<DynoOutcome[]> {
  const outcomes = new Map<string, DynoOutcome>()
  const deadline = performance.now() + timeoutMs
  let nextCheck = 0
  let views: DynoView[] = []
  while (outcomes.size < dynos.length) {
    for (const dyno of dynos) {
      const seen = probe.firstSeen.get(dyno)
      if (!outcomes.has(dyno) && seen !== undefined) outcomes.set(dyno, { dyno, ms: seen - started })
    }
    const now = performance.now()
    if (now >= nextCheck) {
      nextCheck = now + 500
      views = await webDynos(c).catch(() => views)
      for (const v of views) {
        // A crash before the first answer makes the start time meaningless, even if a restart comes up later.
        if (dynos.includes(v.name) && !outcomes.has(v.name) && v.state === 'crashed') {
          outcomes.set(v.name, { dyno: v.name, failed: `crashed${v.reason === undefined ? '' : ` (${v.reason})`}` })
        }
      }
    }
    if (now > deadline) {
      for (const dyno of dynos) {
        const state = views.find((v) => v.name === dyno)?.state ?? 'not listed'
        if (!outcomes.has(dyno)) outcomes.set(dyno, { dyno, failed: `not routable after ${timeoutMs} ms (${state})` })
      }
    }
    await sleep(10)
  }
  return dynos.map((d) => outcomes.get(d)!)
}

const describe = (o: DynoOutcome): string => ('ms' in o ? `${o.dyno} ${ms(o.ms)}` : `${o.dyno} FAILED: ${o.failed}`)

interface RoundResult {
  cliMs: number
  perDyno: DynoOutcome[]
}

async function main(): Promise<void> {
  console.log(`dyno-start: ps:scale web=${DYNOS}, ${ROUNDS} rounds; node ${process.version}`)
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore' })
  } catch {
    throw new Error('Cannot run the dyno bench: Docker is not reachable (docker info failed); start dockerd first')
  }
  const stackStarted = performance.now()
  const stack = await runShoal(['stack:build'], {}, undefined, { timeoutMs: 30 * 60_000 })
  if (stack.code !== 0) throw new Error(`shoal stack:build failed:\n${stack.stdout}\n${stack.stderr}`)
  console.log(`stack image ready (shoal stack:build, ${ms(performance.now() - stackStarted)})`)
  const taken = listeningPorts(20_000, 20_000 + DYNOS * (ROUNDS + 1) + 10)
  if (taken.length > 0) {
    console.log(
      `warning: ports ${taken.join(', ')} at the start of the agent's dyno port range are already in use on this ` +
        'machine; a dyno handed one of them cannot bind and crashes',
    )
  }

  let cluster: TestCluster | undefined
  let hostId: string | undefined
  let probe: RouterProbe | undefined
  const done = teardown(async () => {
    await probe?.stop()
    if (cluster === undefined) await killAll()
    else await cluster.stop()
    if (hostId !== undefined) removeContainers(hostId)
  })
  const rounds: RoundResult[] = []
  let deployMs = 0
  let firstRoutableMs = 0
  try {
    cluster = await startTestCluster({ agents: 1, router: true })
    const c = cluster
    const hosts = (await (
      await apiFetcher(c.fingerprint)(`${c.apiUrl}/v1/hosts`, { headers: { authorization: `Bearer ${c.token}` } })
    ).json()) as HostsResponse
    hostId = hosts.hosts[0]?.id
    if (hostId === undefined || c.routerUrl === undefined) throw new Error('The test cluster has no agent/router')
    await c.ok(['apps:create', APP])
    const p = new RouterProbe(c.routerUrl, `${APP}.shoal.localhost`)
    probe = p
    const explain = async (dynos: string[]): Promise<void> => {
      // Why, before the teardown removes the evidence: the dynos' states and their last log lines.
      console.error((await c.shoal(['ps', '-a', APP])).stdout)
      for (const dyno of dynos) console.error((await c.shoal(['logs', '-a', APP, '-d', dyno, '-n', '15'])).stdout)
    }

    const deployStarted = performance.now()
    await c.ok(['deploy', FIXTURE, '-a', APP], { timeoutMs: 10 * 60_000 })
    deployMs = performance.now() - deployStarted
    const [first] = await awaitDynos(c, p, ['web.1'], deployStarted, 120_000)
    if (first === undefined || !('ms' in first)) {
      await explain(['web.1'])
      throw new Error(`The first dyno never became routable: ${first === undefined ? '?' : describe(first)}`)
    }
    firstRoutableMs = first.ms
    console.log(`deploy (build + release) ${ms(deployMs)}; web.1 routable ${ms(firstRoutableMs)} after deploy start`)

    const added = Array.from({ length: DYNOS - 1 }, (_, i) => `web.${i + 2}`)
    for (let n = 1; n <= ROUNDS; n++) {
      p.reset()
      const started = performance.now()
      await c.ok(['ps:scale', `web=${DYNOS}`, '-a', APP])
      const cliMs = performance.now() - started
      const perDyno = await awaitDynos(c, p, added, started, 120_000)
      rounds.push({ cliMs, perDyno })
      console.log(
        `round ${n}: ps:scale returned after ${ms(cliMs)}; routable: ${perDyno.map(describe).join(', ')}; ` +
          `responses ${JSON.stringify([...p.statuses])}`,
      )
      const failed = perDyno.filter((o) => !('ms' in o)).map((o) => o.dyno)
      if (failed.length > 0) await explain(failed)

      // Back to one dyno, and wait until the others' containers are gone so the next round starts clean.
      await c.ok(['ps:scale', 'web=1', '-a', APP])
      const deadline = performance.now() + 120_000
      while ((await webDynos(c)).length !== 1 || dockerContainers(hostId, false).length !== 1) {
        if (performance.now() > deadline) throw new Error('Timed out waiting for web=1 after scaling down')
        await sleep(250)
      }
    }
  } finally {
    await done()
  }
  printSummary(deployMs, firstRoutableMs, rounds)
  if (rounds.some((r) => r.perDyno.some((o) => !('ms' in o)))) {
    console.log('\nSome dynos never became routable (see above): the bench fails.')
    process.exitCode = 1
  }
}

function printSummary(deployMs: number, firstRoutableMs: number, rounds: RoundResult[]): void {
  const all = rounds.flatMap((r) => r.perDyno.flatMap((d) => ('ms' in d ? [d.ms] : [])))
  const s = summarize(all)
  const cli = summarize(rounds.map((r) => r.cliMs))
  // The CLI spends most of its run starting node; its API call is at the very end, so this is close to the time
  // from the formation change to routable.
  const afterCli = summarize(rounds.flatMap((r) => r.perDyno.flatMap((d) => ('ms' in d ? [d.ms - r.cliMs] : []))))
  const count = rounds.reduce((n, r) => n + r.perDyno.length, 0)
  console.log(
    `\nSummary: ps:scale web=${DYNOS} from web=1, ${rounds.length} rounds, ${all.length} of ${count} new dynos routable`,
  )
  console.log(
    formatTable(
      ['measure', 'min', 'median', 'max'],
      [
        ['scale command → new dyno routable', ms(s.min), ms(s.median), ms(s.max)],
        ['  ps:scale CLI run (start to exit)', ms(cli.min), ms(cli.median), ms(cli.max)],
        ['  ps:scale CLI exit → routable', ms(afterCli.min), ms(afterCli.median), ms(afterCli.max)],
        ...rounds.flatMap((r, i) =>
          r.perDyno.map((d) => [`  round ${i + 1} ${d.dyno}`, '', 'ms' in d ? ms(d.ms) : `FAILED: ${d.failed}`, '']),
        ),
        ['deploy (build + release), first time', '', ms(deployMs), ''],
        ['deploy start → web.1 routable', '', ms(firstRoutableMs), ''],
      ],
    ),
  )
}

await main()
