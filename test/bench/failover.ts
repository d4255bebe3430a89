// Leader failover of the HA control plane: `node test/bench/failover.ts` (npm run bench:failover). A 3-member etcd
// and 3 controllers (shoal init --store etcd://…, shoal controller) run as real processes on loopback. Each round
// finds the leader (GET /v1/controller), SIGKILLs it, and measures until another controller's leader-only
// components are started — its log line "leadership gained", after which the orchestrator's first round runs
// (50 ms debounce) — and until GET /v1/controller on a survivor says leader. The killed controller is restarted
// as a follower before the next round. Target (issue 11): leader killed → new leader's first round ≤ 3 s; the
// floor is the lease TTL (2 s): a dead leader's lease must expire before anyone else may lead.
// Env: ROUNDS (5).

import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { pinnedRequest, readBody } from '../../lib/pinned-tls.ts'
import type { ControllerStatus } from '../../proto/api.ts'
import { startEtcd } from '../helpers/etcd.ts'
import { type Daemon, freePort, killAll, runShoal, spawnShoal, tempDir } from '../helpers/processes.ts'
import { formatTable, ms, sleep, summarize, teardown } from './bench-report.ts'

const ROUNDS = Number(process.env['ROUNDS'] ?? 5)
const CONTROLLERS = 3

interface Controller {
  name: string
  apiUrl: string
  daemon: Daemon
  /** Length of the output already scanned for the leadership line. */
  seen: number
}

const dir = tempDir('bench-failover')
const env = { SHOAL_CONFIG: `${dir.path}/cli.json`, SHOAL_APP: '' }
const etcd = await startEtcd({ members: 3 })
const done = teardown(async () => {
  await killAll()
  await etcd.stop()
  dir.remove()
})

async function status(c: Controller, token: string): Promise<ControllerStatus | undefined> {
  try {
    const { fingerprint } = JSON.parse(readFileSync(env.SHOAL_CONFIG, 'utf8')) as { fingerprint: string }
    const res = await pinnedRequest(`${c.apiUrl}/v1/controller`, fingerprint, {
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: 1000,
    })
    const body = await readBody(res)
    return res.statusCode === 200 ? (JSON.parse(body) as ControllerStatus) : undefined
  } catch {
    return undefined
  }
}

function start(c: Controller): void {
  c.daemon = spawnShoal(['controller', '--data', `${dir.path}/${c.name}`], env)
  c.seen = 0
}

/** Epoch-ms of the first "leadership gained" log line written since the last call, if any. */
function gained(c: Controller): number | undefined {
  const out = c.daemon.output()
  const fresh = out.slice(c.seen)
  for (const line of fresh.split('\n')) {
    if (!line.includes('leadership gained')) continue
    try {
      return (JSON.parse(line) as { time: number }).time
    } catch {}
  }
  return undefined
}

try {
  const url = etcd.url('bench/')
  const controllers: Controller[] = []
  for (let i = 0; i < CONTROLLERS; i++) {
    const api = await freePort()
    const name = `c${i}`
    const init = await runShoal(
      [
        ...['init', '--data', `${dir.path}/${name}`, '--store', url, '--mesh-listen', '/ip4/127.0.0.1/tcp/0'],
        ...['--api-listen', `127.0.0.1:${api}`, '--metrics-listen', '127.0.0.1:0'],
      ],
      env,
    )
    if (init.code !== 0) throw new Error(init.stderr)
    const c: Controller = { name, apiUrl: `https://127.0.0.1:${api}`, daemon: undefined as unknown as Daemon, seen: 0 }
    start(c)
    controllers.push(c)
  }
  const { token } = (await import(env.SHOAL_CONFIG, { with: { type: 'json' } })).default as { token: string }
  const findLeader = async (): Promise<Controller> => {
    for (;;) {
      for (const c of controllers) if ((await status(c, token))?.role === 'leader') return c
      await sleep(100)
    }
  }
  const toLog: number[] = []
  const toApi: number[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    const leader = await findLeader()
    // Every follower must be up (and following) before the kill, or the round measures a restart instead.
    for (const c of controllers) {
      while ((await status(c, token)) === undefined) await sleep(100)
      c.seen = c.daemon.output().length
    }
    const killedAt = Date.now()
    const t0 = performance.now()
    await leader.daemon.kill('SIGKILL')
    const survivors = controllers.filter((c) => c !== leader)
    let logAt: number | undefined
    let apiMs: number | undefined
    while (logAt === undefined || apiMs === undefined) {
      for (const c of survivors) logAt ??= gained(c)
      if (apiMs === undefined) {
        for (const c of survivors) {
          if ((await status(c, token))?.role === 'leader') apiMs = performance.now() - t0
        }
      }
      if (performance.now() - t0 > 30_000) throw new Error(`round ${round}: no new leader within 30 s`)
      await sleep(20)
    }
    toLog.push(logAt - killedAt)
    toApi.push(apiMs)
    console.log(`round ${round}: killed ${leader.name}; new leader's components up after ${ms(logAt - killedAt)}`)
    start(leader)
  }
  const rows = [
    ['leader SIGKILL → new leader round', toLog],
    ['leader SIGKILL → API says leader', toApi],
  ].map(([what, xs]) => {
    const s = summarize(xs as number[])
    return [what as string, String(s.n), ms(s.min), ms(s.median), ms(s.max)]
  })
  console.log(`\nFailover with a 3-member etcd and ${CONTROLLERS} controllers (lease TTL 2 s; target ≤ 3 s)\n`)
  console.log(formatTable(['measure', 'n', 'min', 'median', 'max'], rows))
} finally {
  await done()
}
