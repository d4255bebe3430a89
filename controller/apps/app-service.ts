// Apps, releases and config vars over the Store. Every change to an app's releases is one transaction guarded by a
// compare on the app record, which holds the release counter and the current/pending pointers: concurrent API calls
// and builds retry instead of losing an update, and versions are v1, v2, … with no gap or duplicate.

import { type Clock, systemClock } from '../../lib/clock.ts'
import { uuid } from '../../lib/ids.ts'
import { type Logger, silentLogger } from '../../lib/logger.ts'
import type { ConfigVars } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { getJson, listJson, type Op, type Store } from '../store/store.ts'
import { AppNames } from './app-names.ts'
import {
  ADMIN_USER,
  APPS_PREFIX,
  type AppRecord,
  appKey,
  checkSlug,
  RELEASE_PHASE_TIMEOUT_MS,
  type ReleaseRecord,
  releaseKey,
  releasesPrefix,
  type Slug,
} from './app-records.ts'
import { AppStore, type Change, MAX_ATTEMPTS, putJsonOp } from './app-store.ts'
import { applyConfigPatch, checkConfigPatch, describeConfigChange } from './config-vars.ts'

/** Receives Heroku's `app[api]` lines ("Set FOO config vars by user admin"); the log hub turns them into log lines. */
export type ApiEventHook = (app: string, message: string) => void

export interface AppServiceOptions {
  store: Store
  clock?: Clock | undefined
  logger?: Logger | undefined
  onEvent?: ApiEventHook | undefined
  /** Called once an app and its keys are gone, so in-memory state kept per app (log rings, …) can go too. */
  onDestroy?: ((app: string) => void) | undefined
  /** More per-app key prefixes to delete with an app: `builds/` deletes `builds/<app>/…`. */
  ownedPrefixes?: string[] | undefined
  /** For generated names; tests inject a deterministic one. */
  randomBelow?: ((n: number) => number) | undefined
}

export interface ChangeOptions {
  user?: string | undefined
}

export interface CreateReleaseInput extends ChangeOptions {
  slug: Slug
  /** Heroku's wording for deploys: "Deploy 1a2b3c4". */
  description: string
}

export interface ConfigResult {
  config: ConfigVars
  release: ReleaseRecord
  changed: boolean
}

type NewRelease = Pick<ReleaseRecord, 'description' | 'slug' | 'config' | 'status'> & { rollbackTo?: number }

export class AppService {
  readonly #store: Store
  readonly #apps: AppStore
  readonly #clock: Clock
  readonly #log: Logger
  readonly #onEvent: ApiEventHook | undefined
  readonly #onDestroy: ((app: string) => void) | undefined
  readonly #owned: string[]
  readonly #names: AppNames

  constructor(options: AppServiceOptions) {
    this.#store = options.store
    this.#apps = new AppStore(options.store)
    this.#clock = options.clock ?? systemClock
    this.#log = options.logger ?? silentLogger
    this.#onEvent = options.onEvent
    this.#onDestroy = options.onDestroy
    // Each prefix P owns the keys P<app>/…; the trailing slash keeps app "web" from matching "webx".
    this.#owned = ['releases/', 'formation/', ...(options.ownedPrefixes ?? [])]
    this.#names = new AppNames(options.randomBelow)
  }

  /** Creates the app and its v1 "Initial release" in one transaction; a bad name is refused before any write. */
  async createApp(
    input: { name?: string | undefined; buildpacks?: string[] | undefined },
    options: ChangeOptions = {},
  ): Promise<{ app: AppRecord; release: ReleaseRecord }> {
    const user = options.user ?? ADMIN_USER
    const buildpacks = this.#names.checkBuildpacks(input.buildpacks ?? [])
    const explicit = input.name !== undefined
    if (explicit) this.#names.validate(input.name)
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const name = input.name ?? this.#names.generate()
      const existing = await getJson<AppRecord>(this.#store, appKey(name))
      if (existing?.value.destroying === true) {
        await this.#apps.purge(name, existing.revision, this.#owned)
        this.#destroyed(name)
        continue
      }
      if (existing !== undefined) {
        if (explicit) throw new ShoalError('CONFLICT', `Cannot create app: name "${name}" is already taken`)
        continue
      }
      const createdAt = this.#iso()
      const app: AppRecord = { id: uuid(), name, createdAt, buildpacks, lastVersion: 1, current: 1 }
      const release: ReleaseRecord = {
        version: 1,
        description: 'Initial release',
        slug: null,
        config: {},
        status: 'succeeded',
        createdAt,
        createdBy: user,
      }
      const res = await this.#store.txn({
        compare: [{ key: appKey(name), revision: 0 }],
        success: [putJsonOp(appKey(name), app), putJsonOp(releaseKey(name, 1), release)],
      })
      if (!res.succeeded) continue
      this.#log.info({ app: name }, 'app created')
      this.#emit(name, [`Initial release by user ${user}`, `Release v1 created by user ${user}`])
      return { app, release }
    }
    throw new ShoalError('CONFLICT', 'Cannot create app: every name tried was taken concurrently')
  }

  async getApp(name: string): Promise<AppRecord> {
    return (await this.#apps.liveApp(name)).value
  }

  async listApps(): Promise<AppRecord[]> {
    const entries = await listJson<AppRecord>(this.#store, APPS_PREFIX)
    return entries.map((e) => e.value).filter((a) => a.destroying !== true)
  }

  /** Replaces the app's custom buildpacks (empty: detect automatically); used by the next build. */
  async setBuildpacks(name: string, buildpacks: string[]): Promise<AppRecord> {
    const list = this.#names.checkBuildpacks(buildpacks)
    return this.#update(name, async (app) => {
      const next = { ...app, buildpacks: list }
      return { app: next, ops: [], result: next, events: [] }
    })
  }

  /**
   * Deletes the app and every key it owns. The app record is first marked destroying (every reader then sees no
   * app), then the owned prefixes are deleted in batches fenced on that record, and the record goes last; a crash
   * in between is finished by the next destroy or create of the same name.
   */
  async destroyApp(name: string): Promise<AppRecord> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const live = await this.#apps.liveApp(name)
      const res = await this.#store.txn({
        compare: [{ key: appKey(name), revision: live.revision }],
        success: [putJsonOp(appKey(name), { ...live.value, destroying: true })],
      })
      if (!res.succeeded) continue
      await this.#apps.purge(name, res.revision, this.#owned)
      this.#destroyed(name)
      return live.value
    }
    throw new ShoalError(
      'CONFLICT',
      `Cannot destroy app "${name}": it changed concurrently ${MAX_ATTEMPTS} times in a row`,
    )
  }

  async listReleases(name: string): Promise<{ app: AppRecord; releases: ReleaseRecord[] }> {
    const app = await this.getApp(name)
    const releases = (await listJson<ReleaseRecord>(this.#store, releasesPrefix(name))).map((e) => e.value)
    return { app, releases }
  }

  async getRelease(name: string, version: number): Promise<ReleaseRecord> {
    await this.#apps.liveApp(name)
    return this.#apps.release(name, version)
  }

  /** The live release: its slug and config are what dynos run. */
  async currentRelease(name: string): Promise<ReleaseRecord> {
    const app = await this.getApp(name)
    return this.#apps.release(name, app.current)
  }

  async getConfig(name: string): Promise<ConfigVars> {
    return { ...(await this.currentRelease(name)).config }
  }

  /** Applies `{FOO: 'bar', OLD: null}` as a new release on the current slug; a patch that changes nothing makes none. */
  async setConfig(name: string, patch: unknown, options: ChangeOptions = {}): Promise<ConfigResult> {
    const checked = checkConfigPatch(patch)
    return this.#update<ConfigResult>(name, async (app) => {
      const current = await this.#apps.release(name, app.current)
      const change = applyConfigPatch(current.config, checked, name)
      if (change.set.length + change.removed.length === 0) {
        return {
          app: undefined,
          ops: [],
          result: { config: current.config, release: current, changed: false },
          events: [],
        }
      }
      const made = await this.#newRelease(app, 'set config vars', options.user, {
        description: describeConfigChange(change.set, change.removed),
        slug: current.slug,
        config: change.config,
        status: 'succeeded',
      })
      return { ...made, result: { config: change.config, release: made.result, changed: true } }
    })
  }

  /**
   * For the build pipeline: a release of `slug` with the current config. A slug with a `release` process type starts
   * 'pending' and becomes current only through markRelease(…, 'succeeded'); anything else is current at once.
   */
  async createRelease(name: string, input: CreateReleaseInput): Promise<ReleaseRecord> {
    const action = `create a release of app "${name}"`
    const slug = checkSlug(input.slug, action)
    const description = typeof input.description === 'string' ? input.description.trim() : ''
    if (description === '' || description.length > 200) {
      throw new ShoalError('INVALID_INPUT', `Cannot ${action}: the description must be 1 to 200 characters`)
    }
    return this.#update(name, async (app) => {
      const current = await this.#apps.release(name, app.current)
      const status = Object.hasOwn(slug.processTypes, 'release') ? 'pending' : 'succeeded'
      return this.#newRelease(app, 'create a release', input.user, {
        description,
        slug,
        config: current.config,
        status,
      })
    })
  }

  /** Ends a release phase: 'succeeded' makes the release current; 'failed' or 'expired' leaves the current one. */
  async markRelease(name: string, version: number, status: 'succeeded' | 'failed' | 'expired'): Promise<ReleaseRecord> {
    return this.#update(name, async (app) => {
      const release = await this.#apps.release(name, version)
      if (release.status === status) return { app: undefined, ops: [], result: release, events: [] }
      if (release.status !== 'pending' || app.pending !== version) {
        throw new ShoalError(
          'CONFLICT',
          `Cannot mark release v${version} of app "${name}" ${status}: it is already ${release.status}`,
        )
      }
      const next: ReleaseRecord = { ...release, status }
      const nextApp: AppRecord = { ...app, pending: undefined, current: status === 'succeeded' ? version : app.current }
      const word = status === 'succeeded' ? 'succeeded' : status === 'failed' ? 'failed' : 'timed out'
      return {
        app: nextApp,
        ops: [putJsonOp(releaseKey(name, version), next)],
        result: next,
        events: [`Release v${version} command ${word} by user ${release.createdBy}`],
      }
    })
  }

  /** A new release copying the slug AND config of `version` (default: the last succeeded one before the current). */
  async rollback(name: string, version?: number, options: ChangeOptions = {}): Promise<ReleaseRecord> {
    return this.#update(name, async (app) => {
      const target = version === undefined ? await this.#previous(app) : await this.#apps.release(name, version)
      const why =
        target.status !== 'succeeded'
          ? `that release ${target.status === 'pending' ? 'is still pending' : `has status ${target.status}`}`
          : target.slug === null
            ? 'that release has no slug (deploy the app first)'
            : undefined
      if (why !== undefined) {
        throw new ShoalError('INVALID_INPUT', `Cannot roll back app "${name}" to v${target.version}: ${why}`)
      }
      return this.#newRelease(app, 'roll back', options.user, {
        description: `Rollback to v${target.version}`,
        slug: target.slug,
        config: target.config,
        status: 'succeeded',
        rollbackTo: target.version,
      })
    })
  }

  async #previous(app: AppRecord): Promise<ReleaseRecord> {
    for (let v = app.current - 1; v >= 1; v--) {
      const r = await getJson<ReleaseRecord>(this.#store, releaseKey(app.name, v))
      if (r?.value.status === 'succeeded') return r.value
    }
    throw new ShoalError(
      'INVALID_INPUT',
      `Cannot roll back app "${app.name}": there is no release before v${app.current}`,
    )
  }

  /** The next version on top of `app`; a pending release blocks it unless its release phase has timed out. */
  async #newRelease(
    app: AppRecord,
    action: string,
    user: string | undefined,
    fields: NewRelease,
  ): Promise<Change<ReleaseRecord>> {
    const by = user ?? ADMIN_USER
    const ops: Op[] = []
    const events: string[] = []
    if (app.pending !== undefined) {
      const pending = await this.#apps.release(app.name, app.pending)
      if (this.#clock.now() - Date.parse(pending.createdAt) < RELEASE_PHASE_TIMEOUT_MS) {
        throw new ShoalError(
          'RELEASE_PENDING',
          `Cannot ${action}: release v${pending.version} of app "${app.name}" is still in its release phase (retry when it ends)`,
        )
      }
      ops.push(putJsonOp(releaseKey(app.name, pending.version), { ...pending, status: 'expired' }))
      events.push(`Release v${pending.version} command timed out by user ${pending.createdBy}`)
    }
    const version = app.lastVersion + 1
    const release: ReleaseRecord = { version, ...fields, createdAt: this.#iso(), createdBy: by }
    const pendingNow = release.status === 'pending'
    const next: AppRecord = {
      ...app,
      lastVersion: version,
      current: pendingNow ? app.current : version,
      pending: pendingNow ? version : undefined,
    }
    ops.push(putJsonOp(releaseKey(app.name, version), release))
    events.push(`${release.description} by user ${by}`, `Release v${version} created by user ${by}`)
    return { app: next, ops, result: release, events }
  }

  async #update<R>(name: string, plan: (app: AppRecord) => Promise<Change<R>>): Promise<R> {
    const change = await this.#apps.update(name, plan)
    this.#emit(name, change.events)
    return change.result
  }

  // The lines name keys, versions and users, never config values, so they are safe to log too.
  #emit(app: string, lines: string[]): void {
    for (const line of lines) {
      this.#log.info({ app, event: line }, 'app event')
      if (this.#onEvent === undefined) continue
      try {
        this.#onEvent(app, line)
      } catch (err) {
        this.#log.warn({ app, err: String(err) }, 'api event hook failed')
      }
    }
  }

  #destroyed(app: string): void {
    this.#log.info({ app }, 'app destroyed')
    try {
      this.#onDestroy?.(app)
    } catch (err) {
      this.#log.warn({ app, err: String(err) }, 'destroy hook failed')
    }
  }

  #iso(): string {
    return new Date(this.#clock.now()).toISOString()
  }
}
