// Cost of the membership state machine at 10k hosts: `node test/bench/membership.ts` (npm run bench:membership).
// Prints ops/s per scenario; a tick is O(hosts), so the numbers to watch are ticks/s and hosts/s.

import { performance } from 'node:perf_hooks'
import { Membership } from '../../mesh/membership.ts'

const HOSTS = Number(process.env['HOSTS'] ?? 10_000)
const ids = Array.from({ length: HOSTS }, (_, i) => `12D3KooWhost${String(i).padStart(6, '0')}`)

function measure(name: string, unit: string, perRun: number, run: () => void, minMs = 500): void {
  run() // warm-up
  let runs = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < minMs) {
    run()
    runs++
    elapsed = performance.now() - start
  }
  const perSec = (runs * 1000) / elapsed
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
  console.log(
    `${name.padEnd(46)} ${fmt(perSec).padStart(12)} ${unit}/s  ${fmt(perSec * perRun).padStart(14)} hosts/s  ` +
      `${((elapsed / runs) * 1000).toFixed(1).padStart(9)} µs/${unit}`,
  )
}

function populated(): Membership {
  const m = new Membership()
  for (const id of ids) m.report(id, 0)
  return m
}

console.log(`membership bench: ${HOSTS} hosts, node ${process.version}`)

{
  const m = populated()
  let now = 0
  measure('tick, all alive (steady state)', 'tick', HOSTS, () => {
    now = (now + 250) % 4000
    m.tick(now)
  })
}

{
  const m = populated()
  let now = 0
  measure('report, all alive', 'round', HOSTS, () => {
    now += 2000
    for (const id of ids) m.report(id, now)
  })
}

{
  // 10% of hosts suspect and answering probes: each tick hands out and settles their probes.
  const m = populated()
  let now = 0
  measure('tick + probes, 10% suspect answering', 'tick', HOSTS, () => {
    now += 250
    for (let i = 0; i < HOSTS; i++) if (i % 10 !== 0) m.report(ids[i]!, now)
    const { probe } = m.tick(now)
    for (const id of probe) m.probeResult(id, true, now)
  })
}

{
  // A minute of cluster time: reports every 2 s, ticks every 250 ms, 5% of hosts killed at 10 s.
  const run = (): void => {
    const m = new Membership()
    for (let now = 0; now <= 60_000; now += 250) {
      if (now % 2000 === 0) for (let i = 0; i < HOSTS; i++) if (now < 10_000 || i % 20 !== 0) m.report(ids[i]!, now)
      const { probe } = m.tick(now)
      for (const id of probe) m.probeResult(id, false, now)
    }
    const c = m.counts()
    if (c.dead !== HOSTS / 20 || c.alive !== HOSTS - HOSTS / 20)
      throw new Error(`unexpected counts ${JSON.stringify(c)}`)
  }
  measure('simulated minute (241 ticks, 30 report rounds)', 'minute', HOSTS, run, 1000)
}

{
  const m = populated()
  measure('counts()', 'call', 1, () => m.counts())
  measure('members() snapshot', 'call', HOSTS, () => m.members())
}
