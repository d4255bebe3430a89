// Multi-host behaviour in the lab (network namespaces, one Docker engine each): spread, routing across hosts, host
// loss and return, drain, and a deploy under load. Prints its figures at the end.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { DynoView } from '../../proto/api.ts'
import { until } from '../helpers/wait-for.ts'
import { createLab, type Lab } from '../lab/lab.ts'
import type { LoadRun } from '../lab/lab-http-client.ts'
import { formatLoad } from '../lab/load-report.ts'

const figures: string[] = []
let lab: Lab
const APP = 'demo'

const ps = async (): Promise<DynoView[]> => JSON.parse(await lab.ok(['ps', '-a', APP, '--json'])) as DynoView[]
const web = async (): Promise<DynoView[]> => (await ps()).filter((d) => d.type === 'web')

/** Waits until the load has had `n` more answers: before an event it is running, after it the event was covered. */
async function answered(load: LoadRun, n: number): Promise<void> {
  const from = (await load.progress()).requests
  await until(`${n} more answers under load`, 60_000, async () => (await load.progress()).requests >= from + n)
}

/** Host id → number of up web dynos on it. */
async function spread(): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  for (const d of await web()) {
    if (d.state !== 'up' || !d.hostId) continue
    out.set(d.hostId, (out.get(d.hostId) ?? 0) + 1)
  }
  return out
}

before(async () => {
  // Hosts 1 and 2 keep 12 GB back from dynos; only host 3 can take a performance-l (14 GB) dyno.
  lab = await createLab({
    hosts: 3,
    preloadStack: true,
    agentArgs: (host) => (host === 3 ? [] : ['--reserve-memory', '12GB']),
  })
  await lab.ok(['apps:create', APP])
  await lab.ok(['deploy', 'test/fixtures/echo-app', '-a', APP], { timeoutMs: 300_000 })
})

after(async () => {
  if (lab !== undefined) await lab.destroy()
  if (figures.length > 0) console.log(`\nlab figures:\n  ${figures.join('\n  ')}`)
})

test('ps:scale web=6 puts two dynos on each host, and every router serves from dynos on every host', async () => {
  await lab.ok(['ps:scale', 'web=6', '-a', APP])
  const counts = await until('6 web dynos up, 2 per host', 90_000, async () => {
    const s = await spread()
    return s.size === 3 && [...s.values()].every((n) => n === 2) ? s : null
  })
  assert.equal(
    [...counts.values()].reduce((a, b) => a + b, 0),
    6,
  )
  const report = await lab.load(1, {
    targets: lab.routerUrls(),
    host: lab.appHost(APP),
    requests: 600,
    concurrency: 6,
    tallyHeader: 'x-dyno',
  }).done
  assert.equal(report.failed, 0, formatLoad(report))
  assert.deepEqual(Object.keys(report.tally).sort(), ['web.1', 'web.2', 'web.3', 'web.4', 'web.5', 'web.6'])
  for (const url of lab.routerUrls()) assert.equal(report.perTarget[url]?.failed, 0)
})

test('a dyno size that fits only one host lands there', async () => {
  await lab.ok(['apps:create', 'big'])
  await lab.ok(['deploy', 'test/fixtures/echo-app', '-a', 'big'], { timeoutMs: 300_000 })
  await lab.ok(['ps:scale', 'web=1:performance-l', '-a', 'big'])
  const big = await until('the performance-l dyno up', 60_000, async () => {
    const d = (JSON.parse(await lab.ok(['ps', '-a', 'big', '--json'])) as DynoView[]).find((x) => x.name === 'web.1')
    return d?.state === 'up' && d.size === 'performance-l' ? d : null
  })
  assert.equal(big.hostId, lab.host(3).hostId)
  // A second one fits nowhere: shoal ps says so, with the reason.
  await lab.ok(['ps:scale', 'web=2', '-a', 'big'])
  const text = await until('an unplaceable dyno in shoal ps', 30_000, async () => {
    const out = await lab.ok(['ps', '-a', 'big'])
    return /web\.2: unplaceable \(.*performance-l/.test(out) ? out : null
  })
  assert.match(text, /web\.1: up/)
  await lab.ok(['ps:scale', 'web=0', '-a', 'big'])
})

test('a killed host: its dynos serve again on the survivors within 15 s; it returns without duplicates', async () => {
  const victim = 2
  const victimId = lab.host(victim).hostId as string
  const survivors = lab.routerUrls().filter((u) => u !== lab.host(victim).routerUrl)
  const load = lab.load(1, {
    targets: survivors,
    host: lab.appHost(APP),
    concurrency: 4,
    pauseMs: 5,
    timeoutMs: 10_000,
  })
  await answered(load, 200)
  const killedAt = Date.now()
  await lab.kill(victim)
  const recovered = await until('6 web dynos up on the two survivors', 60_000, async () => {
    const s = await spread()
    const total = [...s.values()].reduce((a, b) => a + b, 0)
    return total === 6 && !s.has(victimId) ? Date.now() : null
  })
  await answered(load, 200)
  const report = await load.stop()
  const recoveryS = (recovered - killedAt) / 1000
  figures.push(`host loss: dynos serving again on survivors ${recoveryS.toFixed(1)} s after SIGKILL`)
  figures.push(
    `host loss under load: ${report.requests} requests, ${report.failed} failed (${JSON.stringify(report.byError)} ${JSON.stringify(report.byStatus)})`,
  )
  assert.ok(recoveryS <= 15, `recovered in ${recoveryS} s`)
  // Only requests already in flight to the dead host may fail; the routers stop sending there once it is suspect.
  assert.ok(report.failed <= Math.max(10, report.requests * 0.01), formatLoad(report))

  await lab.revive(victim)
  await until('the revived host alive', 30_000, async () => (await lab.hostView(victim))?.state === 'alive')
  // A router that just started learns the routes from the agents' snapshots; a load balancer in front of it would
  // wait for the same thing before sending it traffic.
  await until('the revived router serving the app', 30_000, async () => {
    const res = await lab.http(victim, `${lab.host(victim).routerUrl}/`, { host: lab.appHost(APP), timeoutMs: 5000 })
    return res.status === 200
  })
  // It gets a desired state without its old dynos and stops them: nothing is duplicated.
  await until('no dyno containers left on the revived host, 6 web dynos in all', 60_000, async () => {
    const out = await lab.exec(victim, [
      'docker',
      '-H',
      `unix://${lab.host(victim).dockerSocket}`,
      'ps',
      '-q',
      '--filter',
      `label=shoal.app=${APP}`,
    ])
    const running = out.stdout.split('\n').filter(Boolean).length
    const s = await spread()
    return running === 0 && [...s.values()].reduce((a, b) => a + b, 0) === 6
  })
})

test('draining a host moves its dynos away without a failed request', async () => {
  const target = 1
  const id = lab.host(target).hostId as string
  const load = lab.load(3, {
    targets: lab.routerUrls(),
    host: lab.appHost(APP),
    concurrency: 4,
    pauseMs: 5,
    timeoutMs: 10_000,
  })
  await answered(load, 100)
  await lab.ok(['hosts:drain', id])
  await until('no dynos on the drained host', 90_000, async () => {
    const s = await spread()
    return !s.has(id) && [...s.values()].reduce((a, b) => a + b, 0) === 6
  })
  await answered(load, 200)
  const report = await load.stop()
  figures.push(`drain under load: ${report.requests} requests, ${report.failed} failed`)
  if (report.failed > 0) {
    const logs = await lab.ok(['logs', '-a', APP, '-n', '1500'])
    console.log(
      logs
        .split('\n')
        .filter((l) => /at=error|State changed|Stopping|exited/.test(l))
        .slice(-80)
        .join('\n'),
    )
  }
  assert.equal(report.failed, 0, formatLoad(report))
  await lab.ok(['hosts:undrain', id])
})

test('a new release rolls out under load without a failed request', async () => {
  const load = lab.load(2, {
    targets: lab.routerUrls(),
    host: lab.appHost(APP),
    concurrency: 4,
    pauseMs: 5,
    timeoutMs: 10_000,
  })
  await answered(load, 100)
  await lab.ok(['config:set', 'RELEASE_MARK=two', '-a', APP])
  const [current] = JSON.parse(await lab.ok(['releases', '-a', APP, '--json'])) as Array<{ version: number }>
  await until('all web dynos up on the new release', 120_000, async () => {
    const list = await web()
    return list.length === 6 && list.every((d) => d.state === 'up' && d.release === current?.version)
  })
  await answered(load, 200)
  const report = await load.stop()
  figures.push(`deploy under load: ${report.requests} requests, ${report.failed} failed`)
  assert.equal(report.failed, 0, formatLoad(report))
})
