// Autoscaling in the lab, bounded for CI (about 5 min on an idle machine): two netns hosts with their own Docker engines and HAProxy
// routers, the burn app in sleep mode (50 ms per request, concurrency 1: 20 requests/s per dyno, so the wait is in the
// routers' queues and the machine's CPU does not matter), an open-loop load of 5 → 50 → 5 requests/s. The autoscaler
// scales up, queue time p95 returns under target, nothing fails, it scales down after the window; a sleeping app
// wakes on a request. `npm run bench:autoscale` is the longer version with the SVG timeline.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { deployBurnApp, fmtMs, runScaleScenario, runWakeScenario } from '../bench/autoscale-scenario.ts'
import { createLab, type Lab } from '../lab/lab.ts'

let lab: Lab
const figures: string[] = []

before(async () => {
  lab = await createLab({ hosts: 2, preloadStack: true })
})

after(async () => {
  if (lab !== undefined) await lab.destroy()
  if (figures.length > 0) console.log(`\nautoscaling figures:\n  ${figures.join('\n  ')}`)
})

test('load stepped above one dyno: scales up, queue time back under target, 0 failed, scales down after the window', async () => {
  await deployBurnApp(lab, 'burn', 50, 'sleep')
  const r = await runScaleScenario(lab, 'burn', {
    burnMs: 50,
    mode: 'sleep',
    lowPerS: 5,
    highPerS: 50,
    lowMs: 15_000,
    highMs: 60_000,
    afterMs: 75_000,
    targetMs: 50,
    maxDynos: 6,
    windowS: 10,
    stabilizationS: 30,
  })
  figures.push(
    `decision ${fmtMs(r.decisionMs)} after the step (${r.firstUp?.from} → ${r.firstUp?.to}: ${r.firstUp?.reason})`,
    `new dynos serving ${fmtMs(r.newDynosServingMs)}, queue p95 back under 50 ms ${fmtMs(r.backUnderTargetMs)}`,
    `most dynos ${r.maxDynos}, at the end ${r.finalDynos}, first scale-down ${fmtMs(r.scaleDownMs)} after the load step ended`,
    `${r.load.requests} requests, ${r.load.failed} failed, client p95 ${r.load.latencyMs.p95} ms`,
  )
  assert.ok(r.decisionMs !== undefined && r.decisionMs <= 10_000, `decision after ${fmtMs(r.decisionMs)}`)
  // Concurrency is enforced by each router (HAProxy maxconn per server, like Heroku's per-router backlog): with the
  // load spread over both hosts' routers a dyno may serve one request per router at a time, so 2 dynos can be enough
  // for 50 requests/s. What matters is that it scaled up and the queue came back under target (below).
  assert.ok(r.maxDynos >= 2, `scaled to ${r.maxDynos} for 50 requests/s at 20 per dyno and router`)
  assert.ok(r.newDynosServingMs !== undefined && r.newDynosServingMs <= 30_000, 'new dynos serving')
  assert.ok(r.backUnderTargetMs !== undefined && r.backUnderTargetMs <= 60_000, 'queue p95 back under target')
  assert.equal(r.load.failed, 0, JSON.stringify(r.load.byStatus))
  // What the autoscaler saw and decided, for a failure to explain itself.
  const tail = r.points
    .slice(-40)
    .filter((_, i) => i % 4 === 0)
    .map((p) => `t=${p.t.toFixed(0)} dynos=${p.dynos} rate=${p.arrivalsPerS} q95=${p.queueP95Ms}`)
  assert.ok(
    r.scaleDownMs !== undefined,
    `scaled down after the load step; decisions: ${JSON.stringify(r.decisions.slice(-5))}; last: ${tail.join(', ')}`,
  )
  assert.ok(r.finalDynos < r.maxDynos)
})

test('with min 0 the app sleeps when idle and wakes on a request, which is served', async () => {
  const wake = await runWakeScenario(lab, 'burn', 10)
  figures.push(`wake from zero: first byte after ${wake.ms} ms (status ${wake.status})`)
  assert.equal(wake.status, 200)
  assert.ok(wake.ms <= 15_000, `${wake.ms} ms`)
})
