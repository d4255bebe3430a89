// Autoscaling in the lab: `npm run bench:autoscale` (needs root: network namespaces, one Docker engine per host).
// Two lab hosts, the burn app (test/fixtures/burn-app: each request takes BURN_MS, concurrency 1 per dyno so the wait
// is in the router's HAProxy queue), an open-loop load stepped from LOW to HIGH requests/s and back, the autoscaler on
// queue time p95 (target TARGET ms). Prints: decision latency, new dynos serving, time back under target, scale-down,
// failed requests, wake from zero (first byte), and writes the SVG timeline (dynos, arrival rate, queue p95).
// Env: MODE (cpu | sleep, default cpu), BURN_MS (25), LOW (10), HIGH (80), LOW_S (20), HIGH_S (60), AFTER_S (120),
// TARGET (50), MAX (8), STABILIZATION_S (60), OUT (autoscale-timeline.svg).

import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createLab } from '../lab/lab.ts'
import { deployBurnApp, fmtMs, runScaleScenario, runWakeScenario } from './autoscale-scenario.ts'
import { timelineSvg } from './svg-timeline.ts'

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback)
const MODE = process.env['MODE'] === 'sleep' ? 'sleep' : 'cpu'
const BURN_MS = env('BURN_MS', 25)
const OUT = resolve(process.env['OUT'] ?? 'autoscale-timeline.svg')
const TARGET = env('TARGET', 50)

const lab = await createLab({ hosts: 2, preloadStack: true, onProgress: (l) => console.log(`# ${l}`) })
let code = 0
try {
  await deployBurnApp(lab, 'burn', BURN_MS, MODE)
  console.log(
    `# burn app up: ${MODE} ${BURN_MS} ms per request, concurrency 1 (≈ ${Math.round(1000 / BURN_MS)} req/s per dyno)`,
  )
  const r = await runScaleScenario(lab, 'burn', {
    burnMs: BURN_MS,
    mode: MODE,
    lowPerS: env('LOW', 10),
    highPerS: env('HIGH', 80),
    lowMs: env('LOW_S', 20) * 1000,
    highMs: env('HIGH_S', 60) * 1000,
    afterMs: env('AFTER_S', 120) * 1000,
    targetMs: TARGET,
    maxDynos: env('MAX', 8),
    windowS: 10,
    stabilizationS: env('STABILIZATION_S', 60),
    log: (l) => console.log(`# ${l}`),
  })
  writeFileSync(
    OUT,
    timelineSvg(r.points, {
      title: `autoscale: ${env('LOW', 10)} → ${env('HIGH', 80)} → ${env('LOW', 10)} req/s, ${MODE} ${BURN_MS} ms per request`,
      targetMs: TARGET,
      markers: r.markers,
    }),
  )
  const wake = await runWakeScenario(lab, 'burn', 10)
  const failed = r.load.failed
  console.log('')
  console.log('autoscaling (targets: decision ≤ 4 s, new dynos serving ≤ 10 s, back under target ≤ 30 s, 0 failed)')
  console.log(
    `  decision after the step        ${fmtMs(r.decisionMs)}  (${r.firstUp ? `${r.firstUp.from} → ${r.firstUp.to}: ${r.firstUp.reason}` : 'no scale-up'})`,
  )
  console.log(`  new dynos serving              ${fmtMs(r.newDynosServingMs)}`)
  console.log(`  queue p95 back under ${TARGET} ms    ${fmtMs(r.backUnderTargetMs)}`)
  console.log(`  most dynos                     ${r.maxDynos}, at the end ${r.finalDynos}`)
  console.log(`  first scale-down after the step ended  ${fmtMs(r.scaleDownMs)}`)
  console.log(
    `  requests                       ${r.load.requests}, failed ${failed} ${JSON.stringify(r.load.byStatus)}`,
  )
  console.log(
    `  client latency                 p50 ${r.load.latencyMs.p50} ms, p95 ${r.load.latencyMs.p95} ms, p99 ${r.load.latencyMs.p99} ms`,
  )
  console.log(`  wake from zero (first byte)    ${wake.ms} ms, status ${wake.status} (target ≤ 3 s)`)
  console.log(`  timeline                       ${OUT}`)
} catch (err) {
  console.error(err)
  code = 1
} finally {
  await lab.destroy({ keepLogs: code !== 0 })
}
process.exit(code)
