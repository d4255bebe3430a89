// Custom domains and per-app flags (maintenance, automatic certificates, labs features) over the Store. A domain belongs
// to one app: its key is `domains/<hostname>`, claimed in a transaction that requires it absent. The service also
// keeps an in-memory copy (re-read on every change) for the app directory, which is published synchronously.

import { type Clock, systemClock } from '../../lib/clock.ts'
import { type Logger, silentLogger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { AppService } from '../apps/app-service.ts'
import { casJson, encodeJson, getJson, listJson, type Store } from '../store/store.ts'
import { checkDomainName } from './domain-names.ts'

export const DOMAINS_PREFIX = 'domains/'
export const APP_SETTINGS_PREFIX = 'app-settings/'

export interface DomainRecord {
  hostname: string
  app: string
  createdAt: string
}

export interface AppSettings {
  maintenance: boolean
  /** certs:auto:enable */
  acme: boolean
  /** labs features enabled (labs:enable), sorted; published in the app directory */
  features: string[]
}

const NO_SETTINGS: AppSettings = { maintenance: false, acme: false, features: [] }

export interface DomainServiceOptions {
  store: Store
  apps: AppService
  clusterDomain: string
  clock?: Clock | undefined
  logger?: Logger | undefined
  /** An `app[api]` line ("Add www.example.com domain by user admin"). */
  onEvent?: ((app: string, message: string) => void) | undefined
}

export class DomainService {
  readonly clusterDomain: string
  readonly #store: Store
  readonly #apps: AppService
  readonly #clock: Clock
  readonly #log: Logger
  readonly #onEvent: (app: string, message: string) => void
  #byApp = new Map<string, DomainRecord[]>()
  #settings = new Map<string, AppSettings>()
  readonly #listeners: Array<() => void> = []
  #refreshing: Promise<void> | undefined
  #again = false

  constructor(options: DomainServiceOptions) {
    this.#store = options.store
    this.#apps = options.apps
    this.clusterDomain = options.clusterDomain
    this.#clock = options.clock ?? systemClock
    this.#log = options.logger ?? silentLogger
    this.#onEvent = options.onEvent ?? (() => {})
  }

  /** Loads the copy and keeps it current until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    await this.refresh()
    for (const prefix of [DOMAINS_PREFIX, APP_SETTINGS_PREFIX]) {
      await this.#store.watch(prefix, () => this.#scheduleRefresh(), { signal })
    }
  }

  /** Called after the in-memory copy changed (the app directory publishes at once). */
  onChange(listener: () => void): void {
    this.#listeners.push(listener)
  }

  /** Re-reads domains and settings into the copy. */
  async refresh(): Promise<void> {
    const byApp = new Map<string, DomainRecord[]>()
    for (const { value } of await listJson<DomainRecord>(this.#store, DOMAINS_PREFIX)) {
      byApp.set(value.app, [...(byApp.get(value.app) ?? []), value])
    }
    const settings = new Map<string, AppSettings>()
    for (const { key, value } of await listJson<AppSettings>(this.#store, APP_SETTINGS_PREFIX)) {
      settings.set(key.slice(APP_SETTINGS_PREFIX.length), { ...NO_SETTINGS, ...value })
    }
    this.#byApp = byApp
    this.#settings = settings
    for (const l of this.#listeners) l()
  }

  #scheduleRefresh(): void {
    if (this.#refreshing !== undefined) {
      this.#again = true
      return
    }
    this.#refreshing = this.refresh()
      .catch((err: unknown) => this.#log.warn({ err: String(err) }, 'domain refresh failed'))
      .finally(() => {
        this.#refreshing = undefined
        if (this.#again) {
          this.#again = false
          this.#scheduleRefresh()
        }
      })
  }

  // ---- the in-memory copy (for the app directory and the TLS state) ---------------------------------------------

  domainsOf(app: string): string[] {
    return (this.#byApp.get(app) ?? []).map((d) => d.hostname).sort()
  }

  cachedSettings(app: string): AppSettings {
    return this.#settings.get(app) ?? NO_SETTINGS
  }

  /** Every app that has custom domains, from the copy. */
  allApps(): Array<{ app: string }> {
    return [...this.#byApp.keys()].map((app) => ({ app }))
  }

  /** Apps with certs:auto enabled and their domains, from the copy. */
  acmeApps(): Array<{ app: string; domains: string[] }> {
    return [...this.#settings.entries()]
      .filter(([, s]) => s.acme)
      .map(([app]) => ({ app, domains: this.domainsOf(app) }))
  }

  // ---- API operations (read the store) ----------------------------------------------------------------------------

  async list(app: string): Promise<DomainRecord[]> {
    await this.#apps.getApp(app)
    return (await listJson<DomainRecord>(this.#store, DOMAINS_PREFIX))
      .map((e) => e.value)
      .filter((d) => d.app === app)
      .sort((a, b) => a.hostname.localeCompare(b.hostname))
  }

  async add(app: string, input: unknown): Promise<DomainRecord> {
    const hostname = checkDomainName(input, this.clusterDomain, `add domain to app "${app}"`)
    await this.#apps.getApp(app)
    const key = `${DOMAINS_PREFIX}${hostname}`
    const record: DomainRecord = { hostname, app, createdAt: new Date(this.#clock.now()).toISOString() }
    for (let attempt = 0; attempt < 8; attempt++) {
      const existing = await this.#store.get(key)
      if (existing !== undefined) {
        const other = JSON.parse(Buffer.from(existing.value).toString('utf8')) as DomainRecord
        // A claim left by a destroyed app is free again.
        const alive = await this.#apps.getApp(other.app).then(
          () => true,
          () => false,
        )
        if (alive) {
          throw new ShoalError(
            'CONFLICT',
            other.app === app
              ? `Cannot add domain ${hostname} to app "${app}": it is already added`
              : `Cannot add domain ${hostname} to app "${app}": it belongs to another app`,
          )
        }
      }
      const result = await this.#store.txn({
        compare: [{ key, revision: existing?.revision ?? 0 }],
        success: [{ type: 'put', key, value: encodeJson(record) }],
      })
      if (result.succeeded) {
        this.#onEvent(app, `Add ${hostname} domain by user admin`)
        this.#log.info({ app, domain: hostname }, 'domain added')
        return record
      }
    }
    throw new ShoalError('CONFLICT', `Cannot add domain ${hostname} to app "${app}": it changed concurrently`)
  }

  async remove(app: string, input: unknown): Promise<DomainRecord> {
    const action = `remove domain from app "${app}"`
    const hostname = typeof input === 'string' ? input.trim().toLowerCase().replace(/\.$/, '') : ''
    await this.#apps.getApp(app)
    const key = `${DOMAINS_PREFIX}${hostname}`
    let removed: DomainRecord | undefined
    await casJson<DomainRecord>(this.#store, key, (old) => {
      removed = old
      if (old === undefined || old.app !== app) {
        throw new ShoalError('NOT_FOUND', `Cannot ${action}: ${hostname || '(none)'} is not a domain of "${app}"`)
      }
      return undefined
    })
    this.#onEvent(app, `Remove ${hostname} domain by user admin`)
    return removed as DomainRecord
  }

  async clear(app: string): Promise<DomainRecord[]> {
    const all = await this.list(app)
    for (const d of all) await this.remove(app, d.hostname).catch(() => undefined)
    return all
  }

  /** Deletes whatever an app owned here (called when the app is destroyed). */
  async forget(app: string): Promise<void> {
    for (const { key, value } of await listJson<DomainRecord>(this.#store, DOMAINS_PREFIX)) {
      if (value.app === app) await this.#store.delete(key)
    }
    await this.#store.delete(`${APP_SETTINGS_PREFIX}${app}`)
  }

  async settings(app: string): Promise<AppSettings> {
    await this.#apps.getApp(app)
    return { ...NO_SETTINGS, ...(await getJson<AppSettings>(this.#store, `${APP_SETTINGS_PREFIX}${app}`))?.value }
  }

  async updateSettings(app: string, patch: Partial<AppSettings>): Promise<AppSettings> {
    return this.#update(app, () => patch)
  }

  /** labs:enable / labs:disable, in the same compare-and-swap as the read (two at once both land). */
  async setFeature(app: string, feature: string, enabled: boolean): Promise<AppSettings> {
    return this.#update(app, (old) => {
      const features = old?.features ?? []
      return { features: [...new Set(enabled ? [...features, feature] : features.filter((f) => f !== feature))].sort() }
    })
  }

  async #update(app: string, change: (old: AppSettings | undefined) => Partial<AppSettings>): Promise<AppSettings> {
    await this.#apps.getApp(app)
    const result = await casJson<AppSettings>(this.#store, `${APP_SETTINGS_PREFIX}${app}`, (old) => {
      const next = { ...NO_SETTINGS, ...old, ...change(old) }
      const same =
        old !== undefined &&
        old.maintenance === next.maintenance &&
        old.acme === next.acme &&
        (old.features ?? []).join() === next.features.join()
      return same ? old : next
    })
    return result.value ?? NO_SETTINGS
  }
}
