// The autoscaling scenario shared by the lab test (bounded) and `npm run bench:autoscale` (longer): an app whose
// requests each take BURN_MS (so a dyno serves a known rate; concurrency 1 puts the wait in the router's queue),
// an open-loop load stepped from low to well above one dyno's capacity and back, the autoscaler's view polled every
// second (formation, routable dynos, arrival rate, queue time p95), and a sleeping app woken by one request.

import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { AutoscaleStatus, DynoView } from '../../proto/api.ts'
import { eventually } from '../helpers/mesh.ts'
import { ROOT } from '../helpers/processes.ts'
import type { Lab } from '../lab/lab.ts'
import type { LoadReport } from '../lab/load-report.ts'
import type { TimelineMarker, TimelinePoint } from './svg-timeline.ts'

export interface ScenarioOptions {
  burnMs: number
  mode: 'cpu' | 'sleep'
  /** Requests per second before and after the step, and during it. */
  lowPerS: number
  highPerS: number
  lowMs: number
  highMs: number
  afterMs: number
  targetMs: number
  maxDynos: number
  windowS: number
  stabilizationS: number
  log?: (line: string) => void
}

export interface ScenarioResult {
  points: TimelinePoint[]
  markers: TimelineMarker[]
  load: LoadReport
  /** Milliseconds from the load step; undefined when it did not happen. */
  decisionMs: number | undefined
  firstUp: { from: number; to: number; reason: string } | undefined
  newDynosServingMs: number | undefined
  backUnderTargetMs: number | undefined
  maxDynos: number
  /** From the end of the high phase to the first scale-down. */
  scaleDownMs: number | undefined
  finalDynos: number
  decisions: AutoscaleStatus['decisions']
}

const FIXTURE = join(ROOT, 'test', 'fixtures', 'burn-app')

async function status(lab: Lab, app: string): Promise<AutoscaleStatus> {
  const list = (await lab.api('GET', `/v1/apps/${app}/autoscale`)) as AutoscaleStatus[]
  return list[0] as AutoscaleStatus
}

/** Creates and deploys the burn app with its settings; waits until one web dyno answers through a router. */
export async function deployBurnApp(lab: Lab, app: string, burnMs: number, mode: 'cpu' | 'sleep'): Promise<void> {
  await lab.ok(['apps:create', app])
  await lab.ok(['config:set', `BURN_MS=${burnMs}`, `BURN_MODE=${mode}`, '--app', app])
  await lab.ok(['deploy', FIXTURE, '--app', app], { timeoutMs: 600_000 })
  await lab.ok(['ps:concurrency', 'web=1', '--app', app])
  await eventually(
    async () => {
      const r = await lab.http(1, lab.host(1).routerUrl, { host: lab.appHost(app), timeoutMs: 5000 })
      return r.status === 200
    },
    120_000,
    `${app} answering`,
  )
}

export async function runScaleScenario(lab: Lab, app: string, o: ScenarioOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => {})
  await lab.ok([
    'ps:autoscale:enable',
    'web',
    '--min',
    '1',
    '--max',
    String(o.maxDynos),
    '--queue-time',
    String(o.targetMs),
    '--window',
    `${o.windowS}s`,
    '--stabilization',
    `${o.stabilizationS}s`,
    '--app',
    app,
  ])
  const started = Date.now()
  const stepAt = started + o.lowMs
  const highEnd = stepAt + o.highMs
  const load = lab.load(1, {
    targets: lab.routerUrls(),
    host: lab.appHost(app),
    timeoutMs: 30_000,
    schedule: [
      { forMs: o.lowMs, perS: o.lowPerS },
      { forMs: o.highMs, perS: o.highPerS },
      { forMs: o.afterMs, perS: o.lowPerS },
    ],
  })
  const points: TimelinePoint[] = []
  let last: AutoscaleStatus | undefined
  const end = started + o.lowMs + o.highMs + o.afterMs
  while (Date.now() < end) {
    const tick = Date.now()
    try {
      last = await status(lab, app)
      const f = last.current.short
      points.push({
        t: (tick - started) / 1000,
        dynos: last.quantity ?? 0,
        routable: f?.dynosRoutable ?? 0,
        arrivalsPerS: f?.arrivalsPerS ?? 0,
        queueP95Ms: f?.queueP95Ms ?? null,
      })
      const p = points.at(-1) as TimelinePoint
      log(
        `t=${p.t.toFixed(0)}s dynos=${p.dynos} routable=${p.routable} rate=${p.arrivalsPerS} queue_p95=${p.queueP95Ms}`,
      )
    } catch (err) {
      log(`status failed: ${String(err)}`)
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - tick))))
  }
  const report = await load.done
  const final = last ?? (await status(lab, app))
  const decisions = [...final.decisions].reverse()
  const at = (d: { at: string }) => Date.parse(d.at)
  const up = decisions.find((d) => d.kind === 'up' && at(d) >= stepAt)
  const upT = up === undefined ? undefined : (at(up) - started) / 1000
  const serving = up === undefined ? undefined : points.find((p) => p.t >= (upT as number) && p.routable >= up.to)
  const back =
    upT === undefined
      ? undefined
      : points.find((p) => p.t > (upT as number) && p.queueP95Ms !== null && p.queueP95Ms <= o.targetMs)
  const down = decisions.find((d) => d.kind === 'down' && at(d) >= highEnd)
  const markers: TimelineMarker[] = [
    { t: o.lowMs / 1000, label: `step to ${o.highPerS}/s` },
    { t: (o.lowMs + o.highMs) / 1000, label: `back to ${o.lowPerS}/s` },
    ...decisions
      .filter((d) => d.kind !== 'none' && at(d) >= started)
      .map((d) => ({ t: (at(d) - started) / 1000, label: `${d.kind} ${d.from}→${d.to}` })),
  ]
  return {
    points,
    markers,
    load: report,
    decisionMs: up === undefined ? undefined : at(up) - stepAt,
    firstUp: up === undefined ? undefined : { from: up.from, to: up.to, reason: up.reason },
    newDynosServingMs: serving === undefined ? undefined : started + serving.t * 1000 - stepAt,
    backUnderTargetMs: back === undefined ? undefined : started + back.t * 1000 - stepAt,
    maxDynos: Math.max(0, ...points.map((p) => p.dynos)),
    scaleDownMs: down === undefined ? undefined : at(down) - highEnd,
    finalDynos: final.quantity ?? 0,
    decisions: final.decisions,
  }
}

/** min 0: waits until the app sleeps and the routers know, then times one request (first byte ≈ whole answer). */
export async function runWakeScenario(lab: Lab, app: string, idleS: number): Promise<{ ms: number; status: number }> {
  await lab.ok(['ps:autoscale:enable', 'web', '--min', '0', '--max', '2', '--idle', `${idleS}s`, '--app', app])
  await eventually(
    async () => {
      const dynos = JSON.parse(await lab.ok(['ps', '--app', app, '--json'])) as DynoView[]
      return dynos.some((d) => d.type === 'web' && d.state === 'idle') && !dynos.some((d) => d.state === 'up')
    },
    (idleS + 60) * 1000,
    `${app} asleep`,
  )
  // The directory (every 3 s) tells the routers the type sleeps; give it two rounds.
  await new Promise((r) => setTimeout(r, 7000))
  const res = await lab.http(2, lab.host(2).routerUrl, { host: lab.appHost(app), timeoutMs: 30_000 })
  assert.ok(res.status > 0, `wake request failed: ${res.error}`)
  return { ms: res.ms, status: res.status }
}

export function fmtMs(ms: number | undefined): string {
  return ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`
}
