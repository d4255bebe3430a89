// The chaos suite, bounded for CI (the full run with more rounds: `npm run test:chaos`). A load loop through every
// router runs while one fault at a time is injected into the lab; each fault reports what was lost (failed
// requests, acknowledged writes) and how long recovery took. Faults the design masks (controller down) must lose
// nothing; the others are reported with their figures and checked against their documented bounds.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import type { DynoView, FormationView, ReleaseView } from '../../proto/api.ts'
import { parseExposition, sum } from '../helpers/prom-text.ts'
import { fillDisk, freeDisk } from '../helpers/small-disk.ts'
import { until } from '../helpers/wait-for.ts'
import { createLab, type Lab } from '../lab/lab.ts'
import { METRICS_PORTS, PORTS } from '../lab/lab-daemons.ts'
import { formatLoad, type LoadReport } from '../lab/load-report.ts'
import { skewedClock } from '../lab/skewed-clock.ts'

const ROUNDS = Number(process.env['CHAOS_ROUNDS'] ?? 1)
/** A partitioned host's dynos may run twice (its own copy and the replacement) until the heal plus this. */
const DUPLICATE_BOUND_MS = 60_000
const APP = 'chaos'
const figures: string[] = []
let lab: Lab

const webUp = async (): Promise<DynoView[]> =>
  (JSON.parse(await lab.ok(['ps', '-a', APP, '--json'])) as DynoView[]).filter(
    (d) => d.type === 'web' && d.state === 'up',
  )
/** The load loop runs in host 1's namespace (a killed namespace loses its processes, the client's too). */
const load = (targets: string[] = lab.routerUrls()) =>
  lab.load(1, {
    targets,
    host: lab.appHost(APP),
    concurrency: 4,
    pauseMs: 20,
    durationMs: 10 * 60_000,
    timeoutMs: 5000,
  })

const docker = (index: number, args: string[]): string =>
  execFileSync('docker', ['-H', `unix://${lab.host(index).dockerSocket}`, ...args], { encoding: 'utf8' })

/** The app's running dyno containers on a host: `<id> <started at>` each, sorted. */
function dynoContainers(index: number): string[] {
  const ids = docker(index, ['ps', '-q', '--filter', `label=shoal.app=${APP}`, '--filter', 'label=shoal.name'])
    .split('\n')
    .filter(Boolean)
  if (ids.length === 0) return []
  return docker(index, ['inspect', '--format', '{{.Id}} {{.State.StartedAt}}', ...ids])
    .split('\n')
    .filter(Boolean)
    .sort()
}

/** A lab host running one of the app's web dynos (after a partition they may all be on one host). */
async function busyHost(): Promise<number> {
  return until(
    'a host with a web dyno container',
    60_000,
    async () => lab.hosts.find((h) => !h.down && dynoContainers(h.index).length > 0)?.index,
  )
}

/** Waits until a restarted router serves the app again (it starts without the directory: 404 until it hears it). */
async function routerServes(index: number): Promise<void> {
  await until(
    `router ${index} serving the app`,
    60_000,
    async () => (await markVia(lab.host(index).routerUrl)) !== undefined,
  )
}

/** What the app answers through a router: the release mark (RELEASE_MARK) of the dyno that answered. */
async function markVia(url: string): Promise<string | null | undefined> {
  const res = await lab.http(1, url, { host: lab.appHost(APP), timeoutMs: 5000 })
  if (res.status !== 200) return undefined
  return (JSON.parse(res.body) as { mark: string | null }).mark
}

/** 100 requests through the live routers after a fault: every one must succeed. */
async function allServed(what: string): Promise<string> {
  const after = await lab.load(1, { targets: lab.routerUrls(), host: lab.appHost(APP), requests: 100, concurrency: 2 })
    .done
  assert.equal(after.failed, 0, `${what}: ${formatLoad(after)}`)
  return `then ${after.failed}/${after.requests} failed`
}

/** The routers' error codes in the app's log since `since` (`H14×250, H13×1`), to say why requests failed. */
async function routerErrors(since: number): Promise<string> {
  const out = await lab.ok(['logs', '-n', '1500', '-a', APP])
  const counts = new Map<string, number>()
  for (const line of out.split('\n')) {
    const code = / code=(H\d+)/.exec(line)?.[1]
    if (code === undefined || !/status=5\d\d/.test(line) || Date.parse(line.split(' ')[0] ?? '') < since) continue
    counts.set(code, (counts.get(code) ?? 0) + 1)
  }
  return [...counts].map(([k, n]) => `${k}×${n}`).join(', ') || 'none logged'
}

/** Asserts that no request of a load run failed, naming the routers' error codes when some did. */
async function noneFailed(report: LoadReport): Promise<void> {
  if (report.failed > 0) assert.fail(`${formatLoad(report)}; router errors: ${await routerErrors(report.startedAt)}`)
}

/** Dyno names with a running container on more than one host's engine. */
function runningTwice(): string[] {
  const seen = new Map<string, number>()
  for (const h of lab.hosts) {
    if (h.down) continue
    const out = execFileSync(
      'docker',
      [
        '-H',
        `unix://${h.dockerSocket}`,
        'ps',
        '--filter',
        `label=shoal.app=${APP}`,
        '--format',
        '{{.Label "shoal.name"}}',
      ],
      { encoding: 'utf8' },
    )
    for (const n of out.split('\n').filter(Boolean)) seen.set(n, (seen.get(n) ?? 0) + 1)
  }
  return [...seen].filter(([, n]) => n > 1).map(([name]) => name)
}

before(async () => {
  lab = await createLab({ hosts: 2, preloadStack: true, controllerDiskMb: 256 })
  await lab.ok(['apps:create', APP])
  await lab.ok(['deploy', 'test/fixtures/echo-app', '-a', APP], { timeoutMs: 300_000 })
  await lab.ok(['ps:scale', 'web=2', '-a', APP])
  await until(
    'a web dyno up on each host',
    120_000,
    async () => new Set((await webUp()).map((d) => d.hostId)).size === 2,
  )
})

after(async () => {
  if (lab !== undefined) await lab.destroy()
  if (figures.length > 0) console.log(`\nchaos figures:\n  ${figures.join('\n  ')}`)
})

test('controller killed right after an acknowledged scale: nothing lost, no request failed', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    await twoUp()
    const run = load()
    const quantity = 3 + (round % 2)
    await lab.ok(['ps:scale', `web=${quantity}`, '-a', APP]) // acknowledged
    const killedAt = Date.now()
    await lab.kill('controller')
    await new Promise((r) => setTimeout(r, 5000)) // the cluster runs without a controller for a while
    await lab.revive('controller')
    const formation = await until('the controller back with the scale it acknowledged', 90_000, async () => {
      const f = await lab.api<FormationView[]>('GET', `/v1/apps/${APP}/formation`).catch(() => [] as FormationView[])
      return f.find((x) => x.type === 'web')
    })
    const back = Date.now() - killedAt
    await until(`${quantity} web dynos up`, 120_000, async () => (await webUp()).length === quantity)
    const report = await run.stop()
    figures.push(
      `controller kill during scale (round ${round + 1}): web=${formation.quantity} kept, API back after ${back} ms, ` +
        `${report.failed}/${report.requests} requests failed`,
    )
    assert.equal(formation.quantity, quantity)
    await noneFailed(report)
  }
})

/** Starts a fault test from web=2 with both up. */
async function twoUp(): Promise<void> {
  await lab.ok(['ps:scale', 'web=2', '-a', APP])
  await until('two web dynos up', 180_000, async () => (await webUp()).length === 2)
}

test('a host partitioned and healed: routing recovers, no dyno runs twice beyond the bound', async () => {
  await twoUp()
  // Clients reach the cluster through the routers that stay reachable (a cut host's router is gone for them).
  const run = load([lab.host(1).routerUrl])
  const cutAt = Date.now()
  await lab.cut(2)
  await lab.waitForHost(2, 'dead', 60_000)
  await until('both web dynos up on host 1', 120_000, async () => {
    const up = await webUp()
    return up.length === 2 && up.every((d) => d.hostId === lab.host(1).hostId)
  })
  const replacedMs = Date.now() - cutAt
  const healAt = Date.now()
  await lab.heal(2)
  await lab.waitForHost(2, 'alive', 90_000)
  await until('no dyno running on two hosts', DUPLICATE_BOUND_MS, async () => runningTwice().length === 0)
  const duplicatesMs = Date.now() - healAt
  // The cut host's router judged the other host dead and dropped its routes: it must serve the app again.
  await until('every router serving the app after the heal', 60_000, async () =>
    (await Promise.all(lab.routerUrls().map((u) => markVia(u)))).every((m) => m !== undefined),
  )
  const servedMs = Date.now() - healAt
  const report = await run.stop()
  const recoveryMs = report.lastFailureAt === undefined ? 0 : report.lastFailureAt - cutAt
  figures.push(
    `host partition: dynos re-placed after ${replacedMs} ms, duplicates gone ${duplicatesMs} ms after the heal, ` +
      `every router serving ${servedMs} ms after it, ` +
      `${report.failed}/${report.requests} requests failed, last failure ${recoveryMs} ms after the cut`,
  )
  assert.ok(duplicatesMs <= DUPLICATE_BOUND_MS)
})

test('agent restarted under load: its dynos are adopted, not restarted; requests lost are reported', async () => {
  await twoUp()
  const h = await busyHost()
  const before = dynoContainers(h)
  const run = load()
  const startedAt = Date.now()
  // SIGTERM: the agent says it is stopping (the leader holds its dynos), the next one adopts them. Waits until the
  // controller sees the host alive again.
  await lab.restart(h, 'agent')
  const aliveMs = Date.now() - startedAt
  await until('both web dynos up', 60_000, async () => (await webUp()).length === 2)
  const report = await run.stop()
  const after = dynoContainers(h)
  figures.push(
    `agent restart: alive again after ${aliveMs} ms, ${before.length} dyno container(s) kept, ` +
      `${report.failed}/${report.requests} requests failed`,
  )
  assert.deepEqual(after, before, 'the same containers, never restarted')
  // Requests lost meanwhile are reported, not asserted: in some runs one router answers 503 for the adopted dynos
  // until the restarted agent announces them again (docs/SECURITY.md, known gap).
  const perTarget = Object.entries(report.perTarget)
    .map(([t, v]) => `${t}: ${v.failed}/${v.requests}`)
    .join(', ')
  figures.push(`agent restart, per router: ${perTarget}; router errors: ${await routerErrors(report.startedAt)}`)
})

test('dockerd restarted on a host: its dynos come back, requests succeed again', async () => {
  await twoUp()
  const h = await busyHost()
  const before = new Set(dynoContainers(h))
  const run = load()
  const startedAt = Date.now()
  await lab.restart(h, 'dockerd') // SIGTERM: the engine stops its containers, the dynos with it
  await until('two web dynos up again, none of them the stopped containers', 180_000, async () => {
    const now = [...lab.hosts.values()].flatMap((x) => dynoContainers(x.index))
    return (await webUp()).length === 2 && now.length >= 2 && now.every((c) => !before.has(c))
  })
  const backMs = Date.now() - startedAt
  const report = await run.stop()
  const recoveryMs = report.lastFailureAt === undefined ? 0 : report.lastFailureAt - startedAt
  const formation = await lab.api<FormationView[]>('GET', `/v1/apps/${APP}/formation`)
  const then = await allServed('after the dockerd restart')
  figures.push(
    `dockerd restart: web=2 up again after ${backMs} ms, ${report.failed}/${report.requests} requests failed ` +
      `(last ${recoveryMs} ms after the restart began), ${then}`,
  )
  assert.equal(formation.find((f) => f.type === 'web')?.quantity, 2)
})

test('controller killed right after an acknowledged config change: the change is kept and rolled out', async () => {
  await twoUp()
  const run = load()
  const mark = `chaos-${Date.now()}`
  await lab.ok(['config:set', `RELEASE_MARK=${mark}`, '-a', APP]) // acknowledged
  const killedAt = Date.now()
  await lab.kill('controller') // while the new release rolls out
  await lab.revive('controller')
  const config = await until('the controller back with the config it acknowledged', 90_000, async () =>
    lab.api<Record<string, string>>('GET', `/v1/apps/${APP}/config-vars`).catch(() => undefined),
  )
  assert.equal(config['RELEASE_MARK'], mark)
  await until('every router answers from the new release', 180_000, async () => {
    const marks = await Promise.all(lab.routerUrls().flatMap((u) => [markVia(u), markVia(u), markVia(u)]))
    return marks.every((m) => m === mark) && (await webUp()).length === 2
  })
  const rolledMs = Date.now() - killedAt
  const report = await run.stop()
  figures.push(
    `controller kill during a config change: value kept, rolled out ${rolledMs} ms after the kill, ` +
      `${report.failed}/${report.requests} requests failed`,
  )
  await noneFailed(report)
})

test('controller killed during a deploy: the old release keeps serving, a retried deploy completes', async () => {
  await twoUp()
  const releases = async () => lab.api<ReleaseView[]>('GET', `/v1/apps/${APP}/releases`)
  const before = (await releases()).find((r) => r.current)
  assert.ok(before)
  const run = load()
  const deploy = lab.shoal(['deploy', 'test/fixtures/echo-app', '-a', APP], { timeoutMs: 300_000 })
  await until('a build container on a host', 120_000, async () =>
    lab.hosts.some(
      (h) =>
        docker(h.index, ['ps', '-q', '--filter', `label=shoal.build`, '--filter', `label=shoal.app=${APP}`]) !== '',
    ),
  )
  await lab.kill('controller')
  const interrupted = await deploy
  await lab.revive('controller')
  const after = await until('the controller back', 90_000, async () => releases().catch(() => undefined))
  // Not acknowledged, so it may or may not have made a release; either way the current one is whole and served.
  const current = after.find((r) => r.current)
  assert.ok(current && current.status === 'succeeded' && current.slug !== null, JSON.stringify(current))
  assert.ok(current.version >= before.version)
  // Right after the revive no host may have reported its free capacity yet: the deploy is refused with a clear
  // UNAVAILABLE error, and retried as a user would.
  let attempts = 0
  await until('a retried deploy succeeds', 240_000, async () => {
    attempts++
    const retried = await lab.shoal(['deploy', 'test/fixtures/echo-app', '-a', APP], { timeoutMs: 300_000 })
    assert.ok(retried.code === 0 || /\[UNAVAILABLE\]/.test(retried.stderr), `${retried.stdout}\n${retried.stderr}`)
    return retried.code === 0
  })
  const latest = (await releases()).find((r) => r.current)
  assert.ok(latest && latest.version > current.version)
  await until('two web dynos up on the retried release', 180_000, async () => {
    const up = await webUp()
    return up.length === 2 && up.every((d) => d.release === latest.version)
  })
  const report = await run.stop()
  figures.push(
    `controller kill during a deploy: the deploy exited ${interrupted.code}, release v${current.version} ` +
      `current after the revive, the retry made v${latest.version} (attempt ${attempts}); ${report.failed}/${report.requests} requests failed`,
  )
  await noneFailed(report)
})

test('a host with its clock 30 s ahead, then 30 s behind: it stays alive, serves, and takes new dynos', async () => {
  try {
    for (const skew of [30_000, -30_000]) {
      await twoUp()
      // Host 2's router restarts with its clock: load goes through host 1's, which reaches host 2's dynos too.
      const run = load([lab.host(1).routerUrl])
      await lab.restart(2, 'agent', { env: skewedClock(skew) })
      await lab.restart(2, 'router', { env: skewedClock(skew) })
      await routerServes(2)
      await lab.ok(['ps:scale', 'web=4', '-a', APP])
      await until('4 web dynos up, some on the skewed host', 180_000, async () => {
        const up = await webUp()
        return up.length === 4 && up.some((d) => d.hostId === lab.host(2).hostId)
      })
      const view = await lab.waitForHost(2, 'alive')
      const report = await run.stop()
      const served = await allServed(`clock ${skew > 0 ? '+' : ''}${skew / 1000} s`)
      figures.push(
        `clock ${skew > 0 ? '+' : ''}${skew / 1000} s on host 2: host ${view.state}, web=4 placed across both, ` +
          `${report.failed}/${report.requests} requests failed, ${served}`,
      )
      await noneFailed(report)
    }
  } finally {
    await lab.restart(2, 'agent', { env: skewedClock(0) })
    await lab.restart(2, 'router', { env: skewedClock(0) })
    await routerServes(2)
  }
})

test('a peer with the network key flooding the mesh: the cluster keeps serving, the flooder is cut off', async () => {
  await twoUp()
  const run = load()
  const targets = lab.hosts.flatMap((h) => [
    `/ip4/${h.ip}/tcp/${PORTS.agentMesh}`,
    `/ip4/${h.ip}/tcp/${PORTS.routerMesh}`,
  ])
  const flooding = lab.exec(1, [process.execPath, join(import.meta.dirname, '..', 'lab', 'flood-peer-main.ts')], {
    env: { ...process.env, FLOOD_JOIN_TOKEN: lab.joinToken, FLOOD_TARGETS: targets.join(','), FLOOD_MS: '30000' },
    timeoutMs: 120_000,
  })
  // The cluster keeps working meanwhile: a scale is placed and comes up.
  await lab.ok(['ps:scale', 'web=3', '-a', APP])
  await until('3 web dynos up during the flood', 120_000, async () => (await webUp()).length === 3)
  const res = await flooding
  assert.equal(res.code, 0, res.stderr)
  const flood = JSON.parse(res.stdout.trim().split('\n').at(-1) as string) as {
    targets: number
    peersAtStart: number
    answering: number
    garbage: number
    reports: number
    oversized: number
  }
  const report = await run.stop()
  // Every daemon it reached banned it.
  const metricsUrls = [
    `http://${lab.controllerIp}:${METRICS_PORTS.controller}/metrics`,
    ...lab.hosts.flatMap((h) => [h.agentMetricsUrl, h.routerMetricsUrl]),
  ]
  const banned: number[] = []
  for (const url of metricsUrls) {
    const text = (await lab.http(1, url)).body
    banned.push(sum(parseExposition(text), 'shoal_mesh_refused_peers', { why: 'flooding' }))
  }
  figures.push(
    `mesh flood (30 s: ${flood.garbage} garbage, ${flood.reports} forged reports, ${flood.oversized} oversized): ` +
      `reached ${flood.peersAtStart}/${flood.targets} peers, banned by ${banned.filter((b) => b > 0).length}/` +
      `${banned.length} daemons, ${flood.answering} still answering at the end; ` +
      `${report.failed}/${report.requests} requests failed`,
  )
  assert.ok(flood.peersAtStart > 0, 'the flooder reached the cluster')
  assert.equal(flood.answering, 0, 'the flooder is cut off everywhere')
  assert.deepEqual(
    banned.map((b) => b > 0),
    banned.map(() => true),
    `bans per daemon: ${banned.join(', ')}`,
  )
  await noneFailed(report)
})

test("the controller's disk full: writes refused with STORAGE_FULL, reads and routing go on, nothing lost", async () => {
  await twoUp()
  const disk = lab.controllerDisk('controller')
  const config = async () => lab.api<Record<string, string>>('GET', `/v1/apps/${APP}/config-vars`)
  const mark = `disk-${Date.now()}`
  await lab.ok(['config:set', `BEFORE_FULL=${mark}`, '-a', APP]) // acknowledged before the disk fills
  await until('two web dynos up on the new release', 180_000, async () => (await webUp()).length === 2)
  const run = load()
  const acceptedWhileFull: string[] = []
  let refusedKey = ''
  const filledAt = Date.now()
  try {
    const took = fillDisk(disk)
    // A write that still fits (the last page of a file has room) is acknowledged like any other; the next ones
    // are refused.
    let refused: Awaited<ReturnType<typeof lab.shoal>> | undefined
    for (let i = 0; i < 40 && refused === undefined; i++) {
      const res = await lab.shoal(['config:set', `WHILE_FULL_${i}=${mark.padEnd(4000, '.')}`, '-a', APP])
      if (res.code === 0) acceptedWhileFull.push(`WHILE_FULL_${i}`)
      else refused = res
    }
    assert.ok(refused !== undefined, `a full disk refuses writes (${acceptedWhileFull.length} accepted)`)
    assert.match(refused.stderr, /^Error: Cannot .+: the disk holding the store \(.+\) is full \[STORAGE_FULL\]$/m)
    refusedKey = `WHILE_FULL_${acceptedWhileFull.length}`
    const scale = await lab.shoal(['ps:scale', 'web=3', '-a', APP])
    assert.match(scale.stderr, /\[STORAGE_FULL\]/, 'a scale is refused the same way')
    // Reads go on, and so does the data plane.
    assert.equal((await config())['BEFORE_FULL'], mark)
    await lab.ok(['ps', '-a', APP])
    await lab.ok(['releases', '-a', APP])
    figures.push(
      `controller disk full (${Math.round(took / 2 ** 20)} MiB filled): ${acceptedWhileFull.length} write(s) still ` +
        `fit, then config:set and ps:scale refused`,
    )
  } finally {
    freeDisk(disk)
  }
  // Space is back: writes are accepted at once.
  await lab.ok(['config:set', `AFTER_FULL=${mark}`, '-a', APP])
  const backMs = Date.now() - filledAt
  // A restart reads back every acknowledged write, and nothing that was refused.
  await lab.kill('controller')
  await lab.revive('controller')
  const after = await until('the controller back', 90_000, async () => config().catch(() => undefined))
  assert.equal(after['BEFORE_FULL'], mark)
  assert.equal(after['AFTER_FULL'], mark)
  for (const key of acceptedWhileFull) assert.equal(after[key], mark.padEnd(4000, '.'), key)
  assert.equal(after[refusedKey], undefined, 'a refused write was not applied')
  await until('two web dynos up on the last release', 180_000, async () => {
    const up = await webUp()
    const current = (await lab.api<ReleaseView[]>('GET', `/v1/apps/${APP}/releases`)).find((r) => r.current)
    return up.length === 2 && up.every((d) => d.release === current?.version)
  })
  const report = await run.stop()
  figures.push(
    `controller disk full: writes accepted again ${backMs} ms after the fill began, every acknowledged write kept ` +
      `across a restart, ${report.failed}/${report.requests} requests failed`,
  )
  await noneFailed(report)
})

// Last: host 2 stays down afterwards.
test('a host killed: its dynos are re-placed and every request succeeds again', async () => {
  await twoUp()
  const run = load([lab.host(1).routerUrl])
  const killedAt = Date.now()
  await lab.kill(2)
  await lab.waitForHost(2, 'dead', 60_000)
  await until('two web dynos up on host 1', 120_000, async () => {
    const up = await webUp()
    return up.length === 2 && up.every((d) => d.hostId === lab.host(1).hostId)
  })
  const report = await run.stop()
  const after = await lab.load(1, {
    targets: [lab.host(1).routerUrl],
    host: lab.appHost(APP),
    requests: 100,
    concurrency: 2,
  }).done
  const recoveryMs = report.lastFailureAt === undefined ? 0 : report.lastFailureAt - killedAt
  figures.push(
    `host kill: ${report.failed}/${report.requests} requests failed, last failure ${recoveryMs} ms after the kill; ` +
      `then ${after.failed}/${after.requests} failed`,
  )
  assert.equal(after.failed, 0, formatLoad(after))
})
