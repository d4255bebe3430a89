// Formations: how many dynos of each process type an app runs, and at which size. The scheduler turns them into
// dynos; this is only the desired state. Every change is one store transaction that compares the app record (so a
// release, rollback or destroy in between makes it retry or fail instead of writing keys a destroy would miss) and
// every formation key of the current slug's types (so the per-app dyno limit holds under concurrent scales).

import { type Clock, systemClock } from '../../lib/clock.ts'
import { type Logger, silentLogger } from '../../lib/logger.ts'
import { isProcessType } from '../../lib/process-type.ts'
import type { FormationView } from '../../proto/api.ts'
import { DYNO_SIZE_NAMES, parseDynoSize } from '../../proto/dyno-sizes.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ADMIN_USER, type AppRecord, appKey, formationPrefix, type ReleaseRecord } from '../apps/app-records.ts'
import type { ApiEventHook, AppService } from '../apps/app-service.ts'
import { AppStore, MAX_ATTEMPTS, putJsonOp } from '../apps/app-store.ts'
import type { ProcessFormation } from '../scheduler/snapshot.ts'
import { type Compare, getJson, listJson, type Op, type Store } from '../store/store.ts'
import { dynoSizeLabel } from './dyno-size-label.ts'
import {
  DEFAULT_SIZE,
  type FormationRecord,
  formationKey,
  MAX_DYNOS_PER_APP,
  RELEASE_TYPE,
  scalableTypes,
  toFormationView,
} from './formation-records.ts'

/**
 * Further compares and writes for the same transaction as a scale (the autoscaler's decision state, so a formation
 * and the record of who set it never disagree); called per attempt, null when the caller's own read is stale.
 */
export type AlsoWrite = () => Promise<{ compare: Compare[]; ops: Op[] } | null>

/** One change of a scale: quantity sets, delta adds (may be negative), size resizes (any case). */
export interface ScaleUpdate {
  type: string
  quantity?: number | undefined
  delta?: number | undefined
  size?: string | undefined
}

export interface FormationServiceOptions {
  store: Store
  apps: AppService
  clock?: Clock | undefined
  logger?: Logger | undefined
  /** Receives Heroku's `app[api]` lines: "Scaled to web@2:Standard-1X by user admin". */
  onEvent?: ApiEventHook | undefined
}

interface Stored {
  record: FormationRecord
  revision: number
}

/** What one attempt reads: the app record (with its revision), its current release and its formation keys. */
interface State {
  app: AppRecord
  revision: number
  release: ReleaseRecord
  records: Map<string, Stored>
}

const SIZES_TEXT = DYNO_SIZE_NAMES.map(dynoSizeLabel).join(', ')

/** A type name from a request, safe to put in one short error line. */
function shown(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?')
  return printable.length > 40 ? `${printable.slice(0, 37)}...` : printable
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : shown(JSON.stringify(value) ?? String(value))
}

function invalid(message: string): ShoalError {
  return new ShoalError('INVALID_INPUT', message)
}

export class FormationService {
  readonly #store: Store
  readonly #appStore: AppStore
  readonly #apps: AppService
  readonly #clock: Clock
  readonly #log: Logger
  readonly #onEvent: ApiEventHook | undefined

  constructor(options: FormationServiceOptions) {
    this.#store = options.store
    this.#appStore = new AppStore(options.store)
    this.#apps = options.apps
    this.#clock = options.clock ?? systemClock
    this.#log = options.logger ?? silentLogger
    this.#onEvent = options.onEvent
  }

  /** Every process type of the current release's slug with its quantity and size; empty before the first deploy. */
  async list(app: string): Promise<FormationView[]> {
    return this.#views(await this.#read(app))
  }

  /**
   * After a release becomes current: process types without a record get Heroku's first-deploy formation (web 1,
   * others 0); existing records are never changed. Records of types the slug no longer has are deleted, so a type
   * that comes back later starts again from 0 instead of silently resuming its old quantity.
   */
  async ensureDefaults(app: string, options: { user?: string | undefined } = {}): Promise<FormationView[]> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await this.#read(app)
      const slug = state.release.slug
      if (slug === null) return []
      const types = scalableTypes(slug.processTypes)
      const writes = new Map<string, FormationRecord | undefined>()
      for (const type of types) {
        if (state.records.has(type)) continue
        const quantity = type === 'web' ? 1 : 0
        writes.set(type, { type, quantity, size: DEFAULT_SIZE, updatedAt: this.#iso() })
      }
      for (const type of state.records.keys()) if (!types.includes(type)) writes.set(type, undefined)
      if (writes.size === 0) return this.#views(state)
      if (!(await this.#commit(state, writes))) continue
      const started = [...writes.values()].filter((r): r is FormationRecord => r !== undefined && r.quantity > 0)
      if (started.length > 0) this.#emit(app, `Scaled to ${started.map(scaledText).join(', ')} by user ${by(options)}`)
      return this.#views(await this.#read(app))
    }
    throw this.#tooBusy(app)
  }

  /**
   * Applies every update or none: each one is checked against the current release before anything is written, and
   * the write is one transaction. Emits "Scaled to web@2:Standard-1X, worker@1:Standard-2X by user admin".
   */
  async scale(
    app: string,
    updates: readonly ScaleUpdate[],
    options: { user?: string | undefined; also?: AlsoWrite | undefined } = {},
  ): Promise<FormationView[]> {
    if (!Array.isArray(updates) || updates.length === 0) throw invalid(`Cannot scale app "${shown(app)}": no updates`)
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await this.#read(app)
      const { next, writes } = this.#plan(app, state, updates)
      if (writes.size === 0) return this.#views(state)
      const also = await options.also?.()
      if (also === null)
        throw new ShoalError('CONFLICT', `Cannot scale app "${app}": its autoscaling changed meanwhile`)
      if (!(await this.#commit(state, writes, also ?? undefined))) continue
      const scaled = updates.map((u) => next.get(u.type) as FormationRecord)
      this.#emit(app, `Scaled to ${scaled.map(scaledText).join(', ')} by user ${by(options)}`)
      const views = this.#views(state)
      return views.map((v) => toFormationView(v.type, v.command, next.get(v.type)))
    }
    throw this.#tooBusy(app)
  }

  /**
   * The scheduler's input: for every app whose current release has a slug, each process type with quantity > 0,
   * on that release's version and command, sorted by app then type. Apps destroyed while this runs are left out.
   * The releases are read concurrently.
   */
  async snapshotFormations(): Promise<ProcessFormation[]> {
    const [apps, entries] = await Promise.all([
      this.#apps.listApps(),
      listJson<FormationRecord>(this.#store, 'formation/'),
    ])
    const byApp = new Map<string, Map<string, FormationRecord>>()
    for (const e of entries) {
      const [, app, type] = e.key.split('/')
      if (app === undefined || type === undefined) continue
      const records = byApp.get(app) ?? new Map<string, FormationRecord>()
      records.set(type, e.value)
      byApp.set(app, records)
    }
    const perApp = await Promise.all(apps.map((app) => this.#formationsOf(app, byApp.get(app.name))))
    return perApp.flat().sort((a, b) => cmp(a.app, b.app) || cmp(a.processType, b.processType))
  }

  /**
   * One app's part of snapshotFormations, sorted by type; empty when the app does not exist or is being destroyed.
   * What a cache re-reads after a change under that app's keys.
   */
  async appFormations(name: string): Promise<ProcessFormation[]> {
    const prefix = formationPrefix(name)
    const [app, entries] = await Promise.all([
      getJson<AppRecord>(this.#store, appKey(name)),
      listJson<FormationRecord>(this.#store, prefix),
    ])
    if (app === undefined || app.value.destroying === true) return []
    const records = new Map(entries.map((e) => [e.key.slice(prefix.length), e.value]))
    return this.#formationsOf(app.value, records)
  }

  async #formationsOf(app: AppRecord, records: Map<string, FormationRecord> | undefined): Promise<ProcessFormation[]> {
    if (records === undefined || records.size === 0) return []
    const release = await this.#appStore.release(app.name, app.current).catch(() => undefined)
    if (release === undefined || release.status !== 'succeeded' || release.slug === null) return []
    const out: ProcessFormation[] = []
    for (const type of scalableTypes(release.slug.processTypes)) {
      const record = records.get(type)
      if (record === undefined || record.quantity <= 0) continue
      out.push({
        app: app.name,
        processType: type,
        quantity: record.quantity,
        size: record.size,
        release: release.version,
        command: release.slug.processTypes[type] as string,
      })
    }
    return out.sort((a, b) => cmp(a.processType, b.processType))
  }

  /** Checks every update against `state` and computes the formation after all of them; throws on the first bad one. */
  #plan(
    app: string,
    state: State,
    updates: readonly ScaleUpdate[],
  ): { next: Map<string, FormationRecord>; writes: Map<string, FormationRecord> } {
    const slug = state.release.slug
    const first = updates[0]?.type
    if (slug === null) {
      const what = typeof first === 'string' && isProcessType(first) ? first : `app "${app}"`
      throw invalid(`Cannot scale ${what}: app "${app}" has no release`)
    }
    const types = scalableTypes(slug.processTypes)
    const next = new Map<string, FormationRecord>()
    for (const type of types) {
      const stored = state.records.get(type)?.record
      next.set(type, stored ?? { type, quantity: 0, size: DEFAULT_SIZE, updatedAt: '' })
    }
    const writes = new Map<string, FormationRecord>()
    const seen = new Set<string>()
    const now = this.#iso()
    for (const u of updates) {
      const type: unknown = u?.type
      if (typeof type !== 'string' || !isProcessType(type)) {
        throw invalid(`Cannot scale: ${describe(type)} is not a process type name`)
      }
      if (seen.has(type)) throw invalid(`Cannot scale ${type}: it is named more than once`)
      seen.add(type)
      if (type === RELEASE_TYPE) {
        throw invalid('Cannot scale release: the release process type runs only in the release phase of a deploy')
      }
      const current = next.get(type)
      if (current === undefined) {
        const list = types.length === 0 ? 'none' : types.join(', ')
        throw invalid(
          `Cannot scale ${type}: no process type "${type}" in release v${state.release.version} (types: ${list})`,
        )
      }
      if (u.quantity === undefined && u.delta === undefined && u.size === undefined) {
        throw invalid(`Cannot scale ${type}: give a quantity, a delta or a size`)
      }
      const quantity = checkQuantity(type, current.quantity, u)
      const size = u.size === undefined ? current.size : checkSize(type, u.size)
      const record: FormationRecord = { type, quantity, size, updatedAt: now }
      next.set(type, record)
      // A type scaled for the first time gets a record even at 0, so ensureDefaults later leaves the choice alone.
      const recorded = state.records.has(type)
      if (!recorded || quantity !== current.quantity || size !== current.size) writes.set(type, record)
    }
    const total = (m: Iterable<FormationRecord>): number => [...m].reduce((n, r) => n + r.quantity, 0)
    const after = total(next.values())
    const before = types.reduce((n, t) => n + (state.records.get(t)?.record.quantity ?? 0), 0)
    if (after > MAX_DYNOS_PER_APP && after > before) {
      throw invalid(`Cannot scale app "${app}": it would run ${after} dynos (at most ${MAX_DYNOS_PER_APP} per app)`)
    }
    return { next, writes }
  }

  async #read(app: string): Promise<State> {
    const live = await this.#appStore.liveApp(app)
    const release = await this.#appStore.release(app, live.value.current)
    const records = new Map<string, Stored>()
    for (const e of await listJson<FormationRecord>(this.#store, formationPrefix(app))) {
      records.set(e.key.slice(formationPrefix(app).length), { record: e.value, revision: e.revision })
    }
    return { app: live.value, revision: live.revision, release, records }
  }

  /** Writes (undefined deletes) if the app record and every formation key of the slug's types are as read. */
  async #commit(
    state: State,
    writes: Map<string, FormationRecord | undefined>,
    also?: { compare: Compare[]; ops: Op[] } | undefined,
  ): Promise<boolean> {
    const name = state.app.name
    const guarded = new Map<string, number>([[appKey(name), state.revision]])
    for (const [type, stored] of state.records) guarded.set(formationKey(name, type), stored.revision)
    for (const type of scalableTypes(state.release.slug?.processTypes ?? {})) {
      if (!state.records.has(type)) guarded.set(formationKey(name, type), 0)
    }
    const ops: Op[] = [...writes].map(([type, record]) =>
      record === undefined
        ? { type: 'delete', key: formationKey(name, type) }
        : putJsonOp(formationKey(name, type), record),
    )
    const compare = [...guarded].map(([key, revision]) => ({ key, revision }))
    if (also !== undefined) {
      compare.push(...also.compare)
      ops.push(...also.ops)
    }
    const res = await this.#store.txn({ compare, success: ops })
    if (res.succeeded) this.#log.info({ app: name, types: [...writes.keys()] }, 'formation changed')
    return res.succeeded
  }

  #views(state: State): FormationView[] {
    const slug = state.release.slug
    if (slug === null) return []
    return scalableTypes(slug.processTypes).map((type) =>
      toFormationView(type, slug.processTypes[type] as string, state.records.get(type)?.record),
    )
  }

  #emit(app: string, line: string): void {
    this.#log.info({ app, event: line }, 'app event')
    try {
      this.#onEvent?.(app, line)
    } catch (err) {
      this.#log.warn({ app, err: String(err) }, 'api event hook failed')
    }
  }

  #tooBusy(app: string): ShoalError {
    return new ShoalError(
      'CONFLICT',
      `Cannot scale app "${app}": its formation changed concurrently ${MAX_ATTEMPTS} times in a row`,
    )
  }

  #iso(): string {
    return new Date(this.#clock.now()).toISOString()
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function by(options: { user?: string | undefined }): string {
  return options.user ?? ADMIN_USER
}

/** web@2:Standard-1X, as Heroku's "Scaled to" line writes each type. */
function scaledText(r: FormationRecord): string {
  return `${r.type}@${r.quantity}:${dynoSizeLabel(r.size)}`
}

function checkQuantity(type: string, current: number, u: ScaleUpdate): number {
  if (u.quantity !== undefined && u.delta !== undefined) {
    throw invalid(`Cannot scale ${type}: give a quantity or a delta, not both`)
  }
  const range = `0 to ${MAX_DYNOS_PER_APP}`
  if (u.quantity !== undefined) {
    if (!Number.isSafeInteger(u.quantity)) {
      throw invalid(`Cannot scale ${type}: the quantity must be a whole number, not ${describe(u.quantity)}`)
    }
    if (u.quantity < 0 || u.quantity > MAX_DYNOS_PER_APP) {
      throw invalid(`Cannot scale ${type}: the quantity must be ${range}, not ${u.quantity}`)
    }
    return u.quantity
  }
  if (u.delta === undefined) return current
  if (!Number.isSafeInteger(u.delta)) {
    throw invalid(`Cannot scale ${type}: the change must be a whole number, not ${describe(u.delta)}`)
  }
  const result = current + u.delta
  if (result < 0 || result > MAX_DYNOS_PER_APP) {
    const step = u.delta < 0 ? `${current} - ${-u.delta}` : `${current} + ${u.delta}`
    throw invalid(`Cannot scale ${type}: ${step} would be ${result} dynos (the quantity must be ${range})`)
  }
  return result
}

function checkSize(type: string, size: unknown): FormationRecord['size'] {
  const parsed = typeof size === 'string' ? parseDynoSize(size) : undefined
  if (parsed === undefined)
    throw invalid(`Cannot scale ${type}: unknown dyno size ${describe(size)} (sizes: ${SIZES_TEXT})`)
  return parsed
}
