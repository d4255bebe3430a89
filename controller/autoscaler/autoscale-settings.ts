// What an operator sets for one autoscaled process type (`shoal ps:autoscale:enable`), its defaults, and the one
// decoder of that input. Settings live in the store with the decision state (autoscale-store.ts).

import { ShoalError } from '../../proto/errors.ts'

/** queue-time: router queue time p95 (ms); p95: response time p95 (ms); concurrency: requests in flight per dyno. */
export type AutoscaleMetric = 'queue-time' | 'p95' | 'concurrency'

export const AUTOSCALE_METRICS: readonly AutoscaleMetric[] = ['queue-time', 'p95', 'concurrency']

export interface AutoscaleSettings {
  min: number
  max: number
  metric: AutoscaleMetric
  /** Milliseconds for queue-time and p95, requests per dyno for concurrency. */
  target: number
  /** The short window scale-ups look at. */
  windowMs: number
  /** A scale-down needs every recommendation of this long to agree (Kubernetes' stabilization window). */
  stabilizationMs: number
  /** With min 0: no request for this long puts the type to sleep (scaled to zero). */
  idleMs: number
  /** Email-like notices in Heroku; here every decision is logged anyway, this also logs "no change" refusals. */
  notifications: boolean
}

export const DEFAULT_TARGETS: Record<AutoscaleMetric, number> = { 'queue-time': 50, p95: 1000, concurrency: 10 }
export const DEFAULT_WINDOW_MS = 10_000
export const DEFAULT_STABILIZATION_MS = 300_000
/** Heroku's Eco dynos sleep after 30 minutes without traffic. */
export const DEFAULT_IDLE_MS = 30 * 60_000
/** Heroku's per-app dyno limit bounds max. */
export const MAX_AUTOSCALE_DYNOS = 100

function invalid(message: string): ShoalError {
  return new ShoalError('INVALID_INPUT', message)
}

function whole(value: unknown, what: string, type: string, low: number, high: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < low || value > high) {
    const shown = typeof value === 'number' ? String(value) : JSON.stringify(value)?.slice(0, 40)
    throw invalid(`Cannot autoscale ${type}: ${what} must be a whole number from ${low} to ${high}, not ${shown}`)
  }
  return value
}

/**
 * Decodes `{min, max, metric?, target?, windowMs?, stabilizationMs?, idleMs?, notifications?}` from the API,
 * filling defaults. The CLI sends `--p95 500` as {metric: 'p95', target: 500}.
 */
export function decodeAutoscaleSettings(body: unknown, type: string): AutoscaleSettings {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid(`Cannot autoscale ${type}: the body must be a JSON object like {"min": 1, "max": 10}`)
  }
  const b = body as Record<string, unknown>
  const min = whole(b['min'] ?? 1, 'min', type, 0, MAX_AUTOSCALE_DYNOS)
  const max = whole(b['max'], 'max', type, 1, MAX_AUTOSCALE_DYNOS)
  if (min > max) throw invalid(`Cannot autoscale ${type}: min ${min} is above max ${max}`)
  const metric = b['metric'] ?? 'queue-time'
  if (typeof metric !== 'string' || !(AUTOSCALE_METRICS as readonly string[]).includes(metric)) {
    throw invalid(`Cannot autoscale ${type}: the metric must be one of ${AUTOSCALE_METRICS.join(', ')}`)
  }
  const m = metric as AutoscaleMetric
  const target = whole(b['target'] ?? DEFAULT_TARGETS[m], 'the target', type, 1, 600_000)
  const windowMs = whole(b['windowMs'] ?? DEFAULT_WINDOW_MS, 'the window (ms)', type, 2_000, 600_000)
  const stabilizationMs = whole(
    b['stabilizationMs'] ?? DEFAULT_STABILIZATION_MS,
    'the stabilization window (ms)',
    type,
    windowMs,
    24 * 3_600_000,
  )
  const idleMs = whole(b['idleMs'] ?? DEFAULT_IDLE_MS, 'the idle time (ms)', type, 10_000, 7 * 24 * 3_600_000)
  const notifications = b['notifications'] ?? false
  if (typeof notifications !== 'boolean') throw invalid(`Cannot autoscale ${type}: notifications must be true or false`)
  return { min, max, metric: m, target, windowMs, stabilizationMs, idleMs, notifications }
}

/** "queue time p95 240 ms", "response time p95 800 ms", "concurrency 14 per dyno". */
export function describeMetric(metric: AutoscaleMetric, value: number): string {
  const v = Math.round(value)
  if (metric === 'queue-time') return `queue time p95 ${v} ms`
  if (metric === 'p95') return `response time p95 ${v} ms`
  return `concurrency ${Math.round(value * 10) / 10} per dyno`
}

export function describeTarget(metric: AutoscaleMetric, target: number): string {
  return metric === 'concurrency' ? `target ${target} per dyno` : `target ${target} ms`
}
