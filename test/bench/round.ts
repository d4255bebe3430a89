// A whole leader round at scale: `npm run bench:round` (HOSTS_SCALE=0.1 for a quick run). 10k simulated hosts and
// 100k dynos (≈4.8k apps, web and worker formations in the real AppService and FormationService over the level
// store a controller uses, in a temporary directory; STORE=memory for the MemoryStore),
// through the real Orchestrator: snapshot (formations through the leader's FormationCache, which reads every app on
// the first round and afterwards only the apps a store watch reported changed; host snapshots, statuses, one-offs) → plan() → persist (one store transaction) → push (desired states built and protobuf-encoded for each
// host that needs one; the simulated hosts accept in memory). Prints each round's time split by stage:
//   cold      the first round of a term: every dyno placed, every host pushed
//   steady    nothing changed (every dyno reported up): the fixed cost of a round
//   1% dead   100 hosts die: their dynos are re-placed (≤ 50 moves per round, the plan's rate limit) and pushed
// The goal is ≤ 500 ms for a round with 1% of the hosts dead.

import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { AppService } from '../../controller/apps/app-service.ts'
import { FormationService } from '../../controller/formation/formation-service.ts'
import { FormationCache } from '../../controller/orchestrator/formation-cache.ts'
import { type HostSource, Orchestrator, type RoundTimings } from '../../controller/orchestrator/orchestrator.ts'
import type { HostSnapshot } from '../../controller/scheduler/snapshot.ts'
import { LevelStore } from '../../controller/store/level-store.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { type DesiredState, DesiredStateCodec, DynoState } from '../../proto/codec.ts'
import { GiB, pick, prng, randomFormations } from '../helpers/scheduler-fixtures.ts'

const SCALE = Number(process.env['HOSTS_SCALE'] ?? 1)
const HOSTS = Math.round(10_000 * SCALE)
const DYNOS = Math.round(100_000 * SCALE)
const fmt = (ms: number): string => `${ms.toFixed(1).padStart(7)} ms`

async function main(): Promise<void> {
  const rng = prng(7)
  const dir = await mkdtemp(join(tmpdir(), 'shoal-bench-round-'))
  const store = process.env['STORE'] === 'memory' ? new MemoryStore() : await LevelStore.open(dir)
  const clock = new ManualClock(1_700_000_000_000)
  const apps = new AppService({ store, clock })
  const formations = new FormationService({ store, apps, clock })
  const hosts: HostSnapshot[] = Array.from({ length: HOSTS }, (_, i) => {
    const cores = pick(rng, [8, 16, 24, 32])
    return {
      id: `12D3KooWround${String(i).padStart(6, '0')}`,
      state: 'alive',
      draining: false,
      labels: { region: ['eu', 'us', 'ap'][i % 3]! },
      allocatable: { cpuCores: cores, memoryBytes: cores * 4 * GiB },
    }
  })
  const setupStart = performance.now()
  const wanted = randomFormations(rng, { hosts: HOSTS, dynos: DYNOS, maxQuantity: 20 })
  const byApp = new Map<string, typeof wanted>()
  for (const f of wanted) byApp.set(f.app, [...(byApp.get(f.app) ?? []), f])
  for (const [app, list] of byApp) {
    await apps.createApp({ name: app })
    await apps.setConfig(app, { DATABASE_URL: `postgres://db/${app}`, NODE_ENV: 'production' })
    await apps.createRelease(app, {
      slug: { sha256: 'e'.repeat(64), size: 1, processTypes: { web: 'node web.js', worker: 'node worker.js' } },
      description: 'Deploy 1',
    })
    await formations.scale(
      app,
      list.map((f) => ({ type: f.processType, quantity: f.quantity, size: f.size })),
    )
  }
  // The formation cache is leader-only like the orchestrator and watches the store for changes.
  const formationCache = new FormationCache({
    store,
    clock,
    logger: silentLogger,
    read: () => formations.snapshotFormations(),
    readApp: (app) => formations.appFormations(app),
  })
  const term = new AbortController()
  await formationCache.start(term.signal)
  const hostSource: HostSource = { snapshots: () => hosts.map((h) => ({ ...h })), onTransition: () => () => {} }
  let bytes = 0
  const lastState = new Map<string, DesiredState>()
  const changed = new Set<string>()
  const orchestrator = new Orchestrator({
    store,
    hosts: hostSource,
    release: (app, v) => apps.getRelease(app, v),
    // A simulated host: the controller's side of a push (protobuf encoding) happens here; the host accepts.
    send: async (hostId, desired) => {
      bytes += DesiredStateCodec.encode(desired).length
      lastState.set(hostId, desired)
      changed.add(hostId)
      return { accepted: true, epoch: desired.epoch ?? 0, generation: desired.generation ?? 0 }
    },
    clock,
    logger: silentLogger,
    epoch: () => 1,
    formations: () => formationCache.formations(),
  })
  // Rounds are run one by one here (runOnce), not by the loop's timers.
  const formationCount = (await formations.snapshotFormations()).length
  console.log(
    `${HOSTS} hosts, ${DYNOS} dynos in ${formationCount} formations of ${byApp.size} apps (setup ${((performance.now() - setupStart) / 1000).toFixed(1)} s)`,
  )
  // On a shared machine wall time includes waiting for a core: the CPU column is the round's own cost.
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  )
  console.log(
    `round         snapshot     plan        persist     push        total (wall)  cpu        │ cpu by stage:${['snapshot', 'plan', 'persist', 'push'].map((l) => l.padStart(9)).join('')} │ hosts pushed`,
  )

  const round = async (label: string): Promise<RoundTimings & { total: number }> => {
    bytes = 0
    clock.advance(5000)
    const t0 = performance.now()
    await orchestrator.runOnce()
    const total = performance.now() - t0
    await orchestrator.pushesSettled()
    const t = orchestrator.timings()!
    console.log(
      `${label.padEnd(12)} ${fmt(t.snapshot)} ${fmt(t.plan)} ${fmt(t.persist)} ${fmt(t.push)} ${fmt(total)}   ${fmt(t.cpu)} │ ${' '.repeat(13)}${[t.cpuByStage.snapshot, t.cpuByStage.plan, t.cpuByStage.persist, t.cpuByStage.push].map((c) => c.toFixed(0).padStart(9)).join('')} │ ${t.pushedHosts} (${(bytes / 1024 ** 2).toFixed(1)} MiB encoded)`,
    )
    return { ...t, total }
  }
  const dead = new Set<string>()
  /** The agents of the hosts pushed since the last call report their dynos up. */
  const reportAllUp = (): void => {
    for (const hostId of changed) {
      const d = lastState.get(hostId)!
      if (dead.has(hostId)) continue
      orchestrator.statuses.update({
        hostId,
        dynos: (d.dynos ?? []).map((s) => ({ id: s.id ?? '', app: s.app ?? '', state: DynoState.DYNO_STATE_UP })),
      })
    }
    changed.clear()
  }

  await round('cold')
  reportAllUp()
  await round('steady')
  await round('steady')
  // 1% of the hosts die.
  for (let i = 0; i < HOSTS; i += 100) {
    hosts[i]!.state = 'dead'
    dead.add(hosts[i]!.id)
    orchestrator.statuses.forgetHost(hosts[i]!.id)
  }
  const first = await round('1% dead')
  let rounds = 1
  let moved = 0
  for (; rounds < 200; rounds++) {
    const placed = [...orchestrator.assignments()].filter((a) => dead.has(a.hostId))
    moved = placed.length
    if (moved === 0) break
    reportAllUp()
    await round(`  then #${rounds + 1}`)
  }
  console.log(
    `\n1% dead: ${first.total.toFixed(0)} ms wall, ${first.cpu.toFixed(0)} ms CPU for the round (goal ≤ 500 ms); every dyno of the dead hosts re-placed after ${rounds} rounds`,
  )
  term.abort()
  await store.close()
  await rm(dir, { recursive: true, force: true })
}

await main()
