// The chaos suite, bounded for CI (the full run with more rounds: `npm run test:chaos`). A load loop through every
// router runs while one fault at a time is injected into the lab; each fault reports what was lost (failed
// requests, acknowledged writes) and how long recovery took. Faults the design masks (controller down) must lose
// nothing; the others are reported with their figures and checked against their documented bounds.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { after, before, test } from 'node:test'
import type { DynoView, FormationView } from '../../proto/api.ts'
import { eventually } from '../helpers/mesh.ts'
import { createLab, type Lab } from '../lab/lab.ts'
import { formatLoad } from '../lab/load-report.ts'

const ROUNDS = Number(process.env['CHAOS_ROUNDS'] ?? 1)
/** A partitioned host's dynos may run twice (its own copy and the replacement) until the heal plus this. */
const DUPLICATE_BOUND_MS = 60_000
const APP = 'chaos'
const figures: string[] = []
let lab: Lab

const until = <T>(what: string, ms: number, check: () => Promise<T>) => eventually(check, ms, what)
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
  lab = await createLab({ hosts: 2, preloadStack: true })
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
    assert.equal(report.failed, 0, formatLoad(report))
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
  const report = await run.stop()
  const recoveryMs = report.lastFailureAt === undefined ? 0 : report.lastFailureAt - cutAt
  figures.push(
    `host partition: dynos re-placed after ${replacedMs} ms, duplicates gone ${duplicatesMs} ms after the heal, ` +
      `${report.failed}/${report.requests} requests failed, last failure ${recoveryMs} ms after the cut`,
  )
  assert.ok(duplicatesMs <= DUPLICATE_BOUND_MS)
})

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
