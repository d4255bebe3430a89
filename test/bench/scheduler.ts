// Placement throughput of the scheduler's pure core: `node test/bench/scheduler.ts` (HOSTS_SCALE=0.1 for a quick run).
// Prints placements/s for 1k hosts/10k dynos and 10k hosts/100k dynos from empty, and for re-placing the dynos of
// 1% dead hosts (no rate limit, so every dyno moves in one plan), plus the JS heap retained. The target is 20,000
// placements/s at 10k hosts. A time is a whole plan() call, reconcile included: the median wall time of several
// runs, and their mean main-thread CPU time (on a shared machine wall time also counts waiting for a core). "nothing to do" is the fixed cost every plan pays before placing anything.

import { performance } from 'node:perf_hooks'
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { assignmentsAfter } from '../../controller/scheduler/assignments-after.ts'
import { plan } from '../../controller/scheduler/plan.ts'
import type { HostSnapshot, Plan, Snapshot } from '../../controller/scheduler/snapshot.ts'
import { GiB, overCapacity, pick, prng, randomFormations } from '../helpers/scheduler-fixtures.ts'

const SCALE = Number(process.env['HOSTS_SCALE'] ?? 1)
const MiB = 1024 * 1024
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
// A collection before reading the heap makes the figure what is retained (snapshots and plans alive), not garbage.
v8.setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const heap = (): string => {
  gc()
  return `${fmt(process.memoryUsage().heapUsed / MiB)} MiB`
}

/** Hosts of 8–32 cores and 4 GiB per core, in three regions; the dyno mix below fills ~85% of their CPU. */
function hosts(rng: () => number, count: number): HostSnapshot[] {
  return Array.from({ length: count }, (_, i) => {
    const cores = pick(rng, [8, 16, 24, 32])
    return {
      id: `12D3KooWbench${String(i).padStart(6, '0')}`,
      state: 'alive',
      draining: false,
      labels: { region: ['eu', 'us', 'ap'][i % 3]! },
      allocatable: { cpuCores: cores, memoryBytes: cores * 4 * GiB },
    }
  })
}

function cluster(hostCount: number, dynos: number): Snapshot {
  const rng = prng(42)
  return {
    now: 1_700_000_000_000,
    hosts: hosts(rng, hostCount),
    formations: randomFormations(rng, { hosts: hostCount, dynos, maxQuantity: 20, constrainedShare: 0.1 }),
    assignments: [],
  }
}

interface Timing {
  wall: number
  cpu: number
  result: Plan
}

const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/**
 * Median wall milliseconds of `runs` plans (after one warm-up), mean main-thread CPU milliseconds (the CPU clock
 * ticks too coarsely to time one short plan), and the last plan.
 */
function time(s: Snapshot, runs: number): Timing {
  let result = plan(s)
  const wall: number[] = []
  const startCpu = process.threadCpuUsage()
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    result = plan(s)
    wall.push(performance.now() - start)
  }
  const used = process.threadCpuUsage(startCpu)
  return { wall: median(wall), cpu: (used.user + used.system) / 1000 / runs, result }
}

const rate = (n: number, ms: number): string => (n === 0 || ms === 0 ? '-' : fmt((n * 1000) / ms))

function report(name: string, t: Timing): void {
  const p = t.result
  console.log(
    name.padEnd(54) +
      fmt(p.add.length).padStart(8) +
      fmt(p.unplaceable.length).padStart(6) +
      t.wall.toFixed(1).padStart(9) +
      t.cpu.toFixed(1).padStart(9) +
      rate(p.add.length, t.wall).padStart(11) +
      rate(p.add.length, t.cpu).padStart(11) +
      heap().padStart(10),
  )
}

console.log(`scheduler bench: node ${process.version}, heap at start ${heap()}`)
console.log(
  `${'scenario'.padEnd(54)}${'placed'.padStart(8)}${'unpl.'.padStart(6)}${'wall ms'.padStart(9)}${'cpu ms'.padStart(9)}` +
    `${'/s (wall)'.padStart(11)}${'/s (cpu)'.padStart(11)}${'heap'.padStart(10)}`,
)
for (const [hostCount, dynos, runs] of [
  [1_000, 10_000, 15],
  [10_000, 100_000, 7],
] as const) {
  const h = Math.round(hostCount * SCALE)
  const d = Math.round(dynos * SCALE)
  const label = `${fmt(h)} hosts / ${fmt(d)} dynos`
  const empty = cluster(h, d)
  const fromEmpty = time(empty, runs)
  report(`${label}, from empty`, fromEmpty)

  // Apply, then kill 1% of the hosts (every 100th) and re-place all their dynos in one plan.
  const placed: Snapshot = { ...empty, assignments: assignmentsAfter([], fromEmpty.result) }
  const problems = overCapacity(placed.hosts, placed.assignments)
  if (problems.length > 0) throw new Error(`over capacity: ${problems.slice(0, 3).join('; ')}`)
  const dead: Snapshot = {
    ...placed,
    now: placed.now + 60_000,
    hosts: placed.hosts.map((x, i) => (i % 100 === 0 ? { ...x, state: 'dead' as const } : x)),
    options: { maxMovesPerPlan: Number.POSITIVE_INFINITY },
  }
  const replace = time(dead, 30)
  const moved = replace.result.remove.filter((r) => r.reason === 'host-dead').length
  report(`${label}, 1% hosts dead (${fmt(moved)} moved)`, replace)

  // The steady state: nothing to do, which is what most reconcile ticks look like.
  const settled: Snapshot = { ...placed, assignments: assignmentsAfter(placed.assignments, plan(placed)) }
  const idle = time(settled, 30)
  report(`${label}, nothing to do`, idle)
}
