// The autoscaler's decision, as a pure function of settings, the previous decision state and one observation
// (time is data: `observation.now`). The rules, and where they come from:
//   target tracking   desired = ceil(current × observed / target) (Kubernetes HPA, Knative KPA)
//   scale up          on the short window (default 10 s), at most doubling (+4 from small formations) per decision,
//                     and not again until the dynos it asked for are serving, a fresh window has passed (or a panic
//                     window, whose figures then decide alone) and the queue stops shrinking; for latency metrics the
//                     step is capped by the throughput the saturated dynos showed (arrivals / completions), since
//                     queue time rises while a backlog drains
//   panic             the queue doubles within the panic window with a request per dyno waiting, or the panic
//                     window asks for twice the dynos (a latency metric over ≥ 40 requests): bigger steps on the
//                     panic window, no scale-down for 6 windows (Knative's 6 s panic window)
//   scale down        to the highest recommendation of the stabilization window (default 5 min, HPA's; one sample per
//                     short window, and the current one), which must be fully observed, at most halving per decision
//                     and one step per 3 short windows: never flaps
//   latency metrics   queue or response time says "too slow" precisely but "too many dynos" only roughly: between half
//                     the target and the target recommends no change; under half, the work in flight (Little's law)
//                     at one request per dyno with 25 % headroom
//   capacity          while dynos of the type cannot be placed, no scale-up; reported once per minute, not retried
//   manual scale      a quantity the autoscaler did not set means someone ran ps:scale; Heroku then disables
//                     autoscaling, and so does the caller on a 'manual' decision
//   sleep and wake    with min 0, no request for the idle time scales to zero; a request or a router's WakeRequest
//                     scales a sleeping type to max(min, 1) at once

import { type AutoscaleMetric, type AutoscaleSettings, describeMetric, describeTarget } from './autoscale-settings.ts'

/** Merged router figures over one window (see metric-windows.ts). */
export interface WindowFigures {
  arrivals: number
  completions: number
  /** p95 of the merged sketches; null when no request was measured in the window. */
  queueP95Ms: number | null
  serviceP95Ms: number | null
  /** Mean requests in flight plus queued, summed over routers (Little's law: the work the dynos hold). */
  load: number
  /** Queue length summed over routers at the window's first and last report. */
  queueFirst: number
  queueLast: number
  /** Routable dynos of the type seen by the routers at the latest report. */
  dynos: number
  /** How much of the window reports cover. */
  coveredMs: number
}

export const EMPTY_FIGURES: WindowFigures = {
  arrivals: 0,
  completions: 0,
  queueP95Ms: null,
  serviceP95Ms: null,
  load: 0,
  queueFirst: 0,
  queueLast: 0,
  dynos: 0,
  coveredMs: 0,
}

export interface Observation {
  now: number
  /** The formation's quantity as stored now. */
  quantity: number
  /** Dynos of the type the scheduler could not place. */
  unplaceable: number
  short: WindowFigures
  panic: WindowFigures
  /** A router asked to wake this type since the previous decision. */
  wake: boolean
}

export interface DecisionState {
  /** The quantity the autoscaler last set or accepted; another value in the formation means a manual scale. */
  quantity: number
  lastUpAt: number
  lastDownAt: number
  /** When the routers first saw as many dynos as asked for after the last scale-up; null while they boot. */
  readyAt: number | null
  panicUntil: number
  lastActiveAt: number
  blockedUntil: number
  /** Recommendations are complete from here on (enable, manual scale, leader restart without state). */
  historyFrom: number
  /** [time, recommended dynos], oldest first, only the stabilization window's. */
  recommendations: Array<[number, number]>
}

export type DecisionKind = 'none' | 'up' | 'down' | 'sleep' | 'wake' | 'bounds' | 'blocked' | 'manual'

export interface Decision {
  kind: DecisionKind
  from: number
  to: number
  /** Why, in the log line's words: "queue time p95 240 ms > target 50 ms over 10 s". */
  reason: string
  panic: boolean
  /** The metric over the short window, for status and metrics. */
  observed: number | null
}

/** A blocked scale-up is reported again, and retried, at most this often. */
export const CAPACITY_BACKOFF_MS = 60_000
/** New dynos that never become routable do not block further scale-ups for longer than this. */
export const BOOT_ALLOWANCE_MS = 60_000
/** Panic lasts this many short windows after its trigger last held. */
export const PANIC_WINDOWS = 6
/**
 * A percentile over fewer requests than this is little more than its largest few: the panic window (a few seconds)
 * panics on a p95 only over at least this many. A queue that doubles still panics at any rate.
 */
export const PANIC_MIN_REQUESTS = 40
/** Scale-downs are at least this many short windows apart. */
export const DOWN_COOLDOWN_WINDOWS = 3

/** The panic window: 2/5 of the short window (4 s of 10 s), at least one 2 s router report. */
export function panicWindowMs(settings: Pick<AutoscaleSettings, 'windowMs'>): number {
  return Math.max(2_000, Math.round((settings.windowMs * 2) / 5))
}

export function initialState(now: number, quantity: number): DecisionState {
  return {
    quantity,
    lastUpAt: 0,
    lastDownAt: 0,
    readyAt: now,
    panicUntil: 0,
    lastActiveAt: now,
    blockedUntil: 0,
    historyFrom: now,
    recommendations: [],
  }
}

/** The metric over one window: ms for latency metrics, requests per dyno for concurrency; null without data. */
export function observedMetric(metric: AutoscaleMetric, f: WindowFigures, quantity: number): number | null {
  if (metric === 'queue-time') return f.queueP95Ms
  if (metric === 'p95') return f.serviceP95Ms
  return f.coveredMs > 0 ? f.load / Math.max(1, quantity) : null
}

function seconds(ms: number): string {
  return ms % 60_000 === 0 && ms >= 60_000 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`
}

function clamp(n: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, n))
}

/** Dynos the window asks for by target tracking, before bounds and step limits; q when it says nothing. */
function recommend(settings: AutoscaleSettings, f: WindowFigures, q: number): number {
  const observed = observedMetric(settings.metric, f, q)
  if (settings.metric === 'concurrency') return observed === null ? q : Math.ceil(f.load / settings.target)
  if (observed === null) return f.arrivals === 0 && f.queueLast === 0 ? 0 : q
  if (observed > settings.target) {
    const tracked = Math.ceil((Math.max(1, q) * observed) / settings.target)
    // Queue time keeps rising while a backlog drains, so target tracking alone overshoots; saturated dynos show
    // their throughput, and arrivals / completions of it (plus 10 %) is what the load needs.
    const saturated = f.queueFirst > 0 || f.queueLast > 0
    if (!saturated || f.completions === 0 || q === 0) return tracked
    const needed = Math.ceil(((q * f.arrivals) / f.completions) * 1.1)
    return Math.max(q + 1, Math.min(tracked, needed))
  }
  if (observed >= settings.target / 2) return q
  // Well under target: Little's law gives the requests the dynos hold at once; one per dyno, with 25 % headroom, is
  // what a single-threaded app needs (apps serving many at once keep more dynos than they need, never fewer).
  // Without load figures, one fewer.
  return f.coveredMs > 0 ? Math.min(q, Math.ceil(f.load * 1.25)) : q - 1
}

export function decide(
  settings: AutoscaleSettings,
  previous: DecisionState,
  obs: Observation,
): { decision: Decision; state: DecisionState } {
  const now = obs.now
  const q = obs.quantity
  const s: DecisionState = { ...previous, recommendations: [...previous.recommendations] }
  const observed = observedMetric(settings.metric, obs.short, q)
  const result = (kind: DecisionKind, to: number, reason: string, panic = false) => {
    if (kind === 'up' || kind === 'wake' || (kind === 'bounds' && to > q)) {
      s.lastUpAt = now
      s.readyAt = null
    }
    if (kind === 'down' || kind === 'sleep' || (kind === 'bounds' && to < q)) s.lastDownAt = now
    if (to !== q) s.quantity = to
    return { decision: { kind, from: q, to, reason, panic, observed }, state: s }
  }

  if (q !== previous.quantity) {
    // Someone else changed the formation: accept it as the new baseline (the caller disables autoscaling).
    s.quantity = q
    s.historyFrom = now
    s.recommendations = []
    s.readyAt = now
    return {
      decision: { kind: 'manual', from: previous.quantity, to: q, reason: 'scaled by hand', panic: false, observed },
      state: s,
    }
  }
  const busy =
    obs.wake || obs.short.arrivals > 0 || obs.short.queueLast > 0 || obs.panic.arrivals > 0 || obs.short.load > 0
  if (busy) s.lastActiveAt = now
  if (s.readyAt === null && obs.short.dynos >= q) s.readyAt = now

  const floor = Math.max(settings.min, 1)
  if (q === 0) {
    if (obs.wake || obs.panic.arrivals > 0 || obs.panic.queueLast > 0 || obs.short.arrivals > 0) {
      return result('wake', floor, obs.wake ? 'a router is holding a request' : 'requests arrived while asleep')
    }
    if (settings.min > 0) return result('bounds', settings.min, `below the minimum of ${settings.min}`)
    return result('none', 0, 'asleep')
  }
  if (q > settings.max) return result('bounds', settings.max, `above the maximum of ${settings.max}`)
  if (q < settings.min) return result('bounds', settings.min, `below the minimum of ${settings.min}`)

  if (settings.min === 0 && now - s.lastActiveAt >= settings.idleMs && now - s.lastUpAt >= settings.idleMs) {
    return result('sleep', 0, `no requests for ${seconds(settings.idleMs)}`)
  }

  // Panic: the queue is growing fast, or the panic window alone asks for twice the dynos — over enough requests: at
  // light load two slow ones among twenty would panic, and each panic holds scale-downs for PANIC_WINDOWS windows.
  const panicMs = panicWindowMs(settings)
  const panicWants = recommend(settings, obs.panic, q)
  const queueDoubling = obs.panic.queueLast >= Math.max(q, 2 * Math.max(1, obs.panic.queueFirst))
  const panicFigures =
    observedMetric(settings.metric, obs.panic, q) !== null &&
    (settings.metric === 'concurrency' || obs.panic.arrivals >= PANIC_MIN_REQUESTS)
  if (queueDoubling || (panicWants >= 2 * q && panicFigures)) {
    s.panicUntil = now + PANIC_WINDOWS * settings.windowMs
  }
  const panicking = now < s.panicUntil

  const shortWants = recommend(settings, obs.short, q)
  const wants = clamp(panicking ? Math.max(shortWants, panicWants) : shortWants, floor, settings.max)
  // The stabilization window keeps one recommendation per short window: each sees a window of its own, so every
  // request is counted once, and a p95 over few requests that strays into the no-change band is not sampled again
  // every round (HPA samples every 15 s). A sample speaks for the short window before it, so it is kept one window
  // longer than the stabilization window; the current recommendation counts at a scale-down in any case.
  const lastSample = s.recommendations.at(-1)
  if (lastSample === undefined || now - lastSample[0] >= settings.windowMs) s.recommendations.push([now, wants])
  while (
    s.recommendations.length > 0 &&
    (s.recommendations[0] as [number, number])[0] <= now - settings.stabilizationMs - settings.windowMs
  ) {
    s.recommendations.shift()
  }

  // Soon after new dynos began to serve, the short window still holds the time before them: the panic window (all
  // of it after them) may decide alone, so a backlog the new dynos only just hold does not wait a whole short window.
  const readyFor = s.readyAt === null ? -1 : now - s.readyAt
  const fresh = panicking ? panicMs : settings.windowMs
  const settled = s.lastUpAt === 0 || readyFor >= fresh || now - s.lastUpAt >= BOOT_ALLOWANCE_MS
  const early = !settled && readyFor >= panicMs && panicWants > q
  const upWants = early ? clamp(panicWants, floor, settings.max) : wants
  if (upWants > q) {
    if (obs.unplaceable > 0 || now < s.blockedUntil) {
      if (now < s.blockedUntil) return result('none', q, 'waiting for capacity')
      s.blockedUntil = now + CAPACITY_BACKOFF_MS
      const n = obs.unplaceable
      return result('blocked', q, `${n} ${n === 1 ? 'dyno' : 'dynos'} of ${q} cannot be placed: no host has room`)
    }
    if (!settled && !early) return result('none', q, 'waiting for new dynos to serve')
    // Queue time lags: requests dispatched from a draining backlog still report long waits. Soon after a scale-up,
    // only a queue that is there now and not shrinking justifies another one.
    const recent = s.lastUpAt !== 0 && now - s.lastUpAt < settings.stabilizationMs
    const queued = obs.panic.queueLast > 0 && obs.panic.queueLast >= obs.panic.queueFirst
    if (settings.metric === 'queue-time' && recent && !queued) return result('none', q, 'the queue is draining')
    const step = panicking ? Math.max(8, 3 * q) : Math.max(4, q)
    const to = Math.min(upWants, q + step)
    const byPanic = early || (panicking && panicWants > shortWants)
    const value = observedMetric(settings.metric, byPanic ? obs.panic : obs.short, q) ?? 0
    const over = byPanic
      ? `over ${seconds(panicMs)}${panicking ? ' (panic)' : ' since the new dynos served'}`
      : `over ${seconds(settings.windowMs)}`
    return result(
      'up',
      to,
      `${describeMetric(settings.metric, value)} > ${describeTarget(settings.metric, settings.target)} ${over}`,
      panicking,
    )
  }

  if (
    !panicking &&
    now - s.historyFrom >= settings.stabilizationMs &&
    now - s.lastUpAt >= settings.stabilizationMs &&
    now - s.lastDownAt >= DOWN_COOLDOWN_WINDOWS * settings.windowMs
  ) {
    const stable = Math.max(wants, ...s.recommendations.map(([, n]) => n))
    if (stable < q) {
      const to = Math.max(stable, q - Math.max(1, Math.floor(q / 2)))
      const value = observed === null ? 'no requests' : describeMetric(settings.metric, observed)
      const under = observed === null ? '' : ` < ${describeTarget(settings.metric, settings.target)}`
      return result('down', to, `${value}${under}, stable for ${seconds(settings.stabilizationMs)}`)
    }
  }
  return result('none', q, panicking ? 'panic: holding' : 'within target')
}
