// Autoscaling settings and concurrency limits as the API changes and shows them (every controller serves this; the
// leader's Autoscaler acts on the records). Also what the app directory publishes: AppEntry.concurrency and
// AppEntry.sleeping, and the idle rows `shoal ps` shows for sleeping types.

import type { Clock } from '../../lib/clock.ts'
import type { AutoscaleStatus, ConcurrencyView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { casJson, encodeJson, getJson, listJson, type Op, type Store } from '../store/store.ts'
import {
  AUTOSCALE_PREFIX,
  type AutoscaleRecord,
  autoscaleKey,
  CONCURRENCY_PREFIX,
  type ConcurrencyRecord,
  concurrencyKey,
  isSleeping,
  splitKey,
} from './autoscale-records.ts'
import { type AutoscaleSettings, decodeAutoscaleSettings } from './autoscale-settings.ts'
import type { Autoscaler } from './autoscaler.ts'
import { observedMetric } from './decide.ts'

export interface AutoscaleServiceDeps {
  store: Store
  clock: Clock
  /** Process types of the app's current release (throws NOT_FOUND for a missing app). */
  types(app: string): Promise<string[]>
  /** The leader's autoscaler when this controller runs it (for current figures and the last decision). */
  autoscaler?: () => Autoscaler | undefined
  /** `shoal[autoscaler]` app log lines for changes of the settings. */
  appLog?: ((app: string, message: string) => void) | undefined
}

/** Requests a dyno takes at once: Heroku has no such limit, Fly.io's hard_limit tops out in the thousands. */
export const MAX_CONCURRENCY = 10_000
const STABLE_WINDOW_MS = 60_000

export interface DirectoryExtras {
  concurrency: Record<string, number>
  sleeping: Record<string, number>
}

function invalid(message: string): ShoalError {
  return new ShoalError('INVALID_INPUT', message)
}

export class AutoscaleService {
  readonly #d: AutoscaleServiceDeps

  constructor(deps: AutoscaleServiceDeps) {
    this.#d = deps
  }

  async #checkType(app: string, type: string, verb: string): Promise<void> {
    const types = await this.#d.types(app)
    if (!types.includes(type)) {
      const list = types.length === 0 ? 'none' : types.join(', ')
      throw new ShoalError(
        'NOT_FOUND',
        `Cannot ${verb} ${type.slice(0, 40)}: app "${app}" has no process type "${type.slice(0, 40)}" (types: ${list})`,
      )
    }
  }

  async enable(app: string, type: string, body: unknown): Promise<AutoscaleStatus> {
    await this.#checkType(app, type, 'autoscale')
    const settings = decodeAutoscaleSettings(body, type)
    const now = new Date(this.#d.clock.now()).toISOString()
    await casJson<AutoscaleRecord>(this.#d.store, autoscaleKey(app, type), (old) => ({
      app,
      type,
      enabled: true,
      settings,
      state: null,
      decisions: old?.decisions ?? [],
      updatedAt: now,
    }))
    this.#d.appLog?.(app, `Autoscaling ${type} enabled: ${describeSettings(settings)}`)
    return this.#status(app, type)
  }

  async disable(app: string, type: string, reason = 'disabled with ps:autoscale:disable'): Promise<AutoscaleStatus> {
    await this.#checkType(app, type, 'disable autoscaling of')
    const res = await casJson<AutoscaleRecord>(this.#d.store, autoscaleKey(app, type), (old) =>
      old === undefined || !old.enabled ? old : { ...old, enabled: false, disabledReason: reason },
    )
    if (res.value === undefined) {
      throw new ShoalError('NOT_FOUND', `Cannot disable autoscaling of ${type}: it is not autoscaled on app "${app}"`)
    }
    if (res.changed) this.#d.appLog?.(app, `Autoscaling ${type} disabled: ${reason}`)
    return this.#status(app, type)
  }

  /** Heroku: a manual ps:scale of an autoscaled type disables autoscaling of that type. */
  async manualScale(app: string, types: readonly string[]): Promise<void> {
    for (const type of types) {
      const res = await casJson<AutoscaleRecord>(this.#d.store, autoscaleKey(app, type), (old) =>
        old === undefined || !old.enabled
          ? old
          : { ...old, enabled: false, disabledReason: 'scaled by hand with ps:scale' },
      )
      if (res.changed) {
        this.#d.appLog?.(app, `Autoscaling of ${type} disabled: scaled by hand (ps:autoscale:enable turns it back on)`)
      }
    }
  }

  async list(app: string): Promise<AutoscaleStatus[]> {
    await this.#d.types(app)
    const entries = await listJson<AutoscaleRecord>(this.#d.store, `${AUTOSCALE_PREFIX}${app}/`)
    return entries.map((e) => this.#view(e.value))
  }

  async #status(app: string, type: string): Promise<AutoscaleStatus> {
    const entry = await getJson<AutoscaleRecord>(this.#d.store, autoscaleKey(app, type))
    if (entry === undefined)
      throw new ShoalError('NOT_FOUND', `Cannot show autoscaling of ${type}: it is not autoscaled`)
    return this.#view(entry.value)
  }

  #view(r: AutoscaleRecord): AutoscaleStatus {
    const scaler = this.#d.autoscaler?.()
    const last = scaler?.last(r.app, r.type)
    const now = this.#d.clock.now()
    const figures = (ms: number) => {
      const f = scaler?.windows.figures(r.app, r.type, ms, now)
      if (f === undefined) return null
      return {
        windowMs: ms,
        arrivalsPerS: Math.round((f.arrivals / (ms / 1000)) * 100) / 100,
        queueP95Ms: f.queueP95Ms === null ? null : Math.round(f.queueP95Ms * 10) / 10,
        responseP95Ms: f.serviceP95Ms === null ? null : Math.round(f.serviceP95Ms * 10) / 10,
        inFlight: Math.round(f.load * 10) / 10,
        queueLength: f.queueLast,
        dynosRoutable: f.dynos,
        metric: observedMetric(r.settings.metric, f, last?.quantity ?? r.state?.quantity ?? 1),
      }
    }
    return {
      type: r.type,
      enabled: r.enabled,
      ...(r.disabledReason !== undefined && !r.enabled ? { disabledReason: r.disabledReason } : {}),
      settings: { ...r.settings },
      quantity: last?.quantity ?? r.state?.quantity ?? null,
      sleeping: isSleeping(r),
      panic: r.state !== null && r.state.panicUntil > now,
      current: { short: figures(r.settings.windowMs), stable: figures(STABLE_WINDOW_MS) },
      decisions: [...r.decisions].reverse(),
    }
  }

  async listConcurrency(app: string): Promise<ConcurrencyView[]> {
    const types = await this.#d.types(app)
    const entries = await listJson<ConcurrencyRecord>(this.#d.store, `${CONCURRENCY_PREFIX}${app}/`)
    const set = new Map(entries.map((e) => [e.value.type, e.value.concurrency]))
    return types.map((type) => ({ type, concurrency: set.get(type) ?? 0 }))
  }

  /** `{updates: [{type, concurrency}]}`; 0 removes the limit. One transaction. */
  async setConcurrency(app: string, body: unknown): Promise<ConcurrencyView[]> {
    const updates = (body as { updates?: unknown } | null)?.updates
    if (!Array.isArray(updates) || updates.length === 0 || updates.length > 128) {
      throw invalid(
        `Cannot set concurrency of app "${app}": the body must be like {"updates": [{"type": "web", "concurrency": 20}]}`,
      )
    }
    const types = await this.#d.types(app)
    const now = new Date(this.#d.clock.now()).toISOString()
    const ops: Op[] = []
    for (const u of updates as Array<Record<string, unknown>>) {
      const type = u?.['type']
      const n = u?.['concurrency']
      if (typeof type !== 'string' || !types.includes(type)) {
        throw new ShoalError(
          'NOT_FOUND',
          `Cannot set concurrency of ${String(type).slice(0, 40)}: app "${app}" has no such process type (types: ${types.join(', ') || 'none'})`,
        )
      }
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > MAX_CONCURRENCY) {
        throw invalid(
          `Cannot set concurrency of ${type}: it must be a whole number from 0 (no limit) to ${MAX_CONCURRENCY}`,
        )
      }
      const record: ConcurrencyRecord = { type, concurrency: n, updatedAt: now }
      ops.push(
        n === 0
          ? { type: 'delete', key: concurrencyKey(app, type) }
          : { type: 'put', key: concurrencyKey(app, type), value: encodeJson(record) },
      )
    }
    await this.#d.store.txn({ compare: [], success: ops })
    return this.listConcurrency(app)
  }

  /** Per app: the concurrency limits and the sleeping types, for the app directory the routers follow. */
  async directoryExtras(): Promise<Map<string, DirectoryExtras>> {
    const out = new Map<string, DirectoryExtras>()
    const get = (app: string): DirectoryExtras => {
      let e = out.get(app)
      if (e === undefined) {
        e = { concurrency: {}, sleeping: {} }
        out.set(app, e)
      }
      return e
    }
    for (const e of await listJson<ConcurrencyRecord>(this.#d.store, CONCURRENCY_PREFIX)) {
      const at = splitKey(CONCURRENCY_PREFIX, e.key)
      if (at !== undefined) get(at[0]).concurrency[at[1]] = e.value.concurrency
    }
    for (const e of await listJson<AutoscaleRecord>(this.#d.store, AUTOSCALE_PREFIX)) {
      if (isSleeping(e.value)) get(e.value.app).sleeping[e.value.type] = 1
    }
    return out
  }

  /** Sleeping types of one app with the time they went to sleep, for `shoal ps`. */
  async sleeping(app: string): Promise<Array<{ type: string; since: number }>> {
    const entries = await listJson<AutoscaleRecord>(this.#d.store, `${AUTOSCALE_PREFIX}${app}/`)
    return entries
      .filter((e) => isSleeping(e.value))
      .map((e) => ({ type: e.value.type, since: e.value.state?.lastDownAt ?? 0 }))
  }
}

export function describeSettings(s: AutoscaleSettings): string {
  const metric =
    s.metric === 'queue-time'
      ? `queue time p95 target ${s.target} ms`
      : s.metric === 'p95'
        ? `response time p95 target ${s.target} ms`
        : `concurrency target ${s.target} per dyno`
  const sleep = s.min === 0 ? `, sleeps after ${Math.round(s.idleMs / 60_000)} min idle` : ''
  return `${s.min}–${s.max} dynos, ${metric}${sleep}`
}
