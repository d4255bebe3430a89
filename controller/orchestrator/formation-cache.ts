// The formations the round plans for, kept per app and refreshed incrementally from store watches: the first call of
// a term reads every app once; after that a change under `formation/<app>/`, `apps/<app>` or `releases/<app>/`
// marks that app, and the next call re-reads only the marked apps. Nothing is re-read on a timer (a periodic full
// re-read cost ~700 ms every 30 s at 4.8k apps, the one round in six over the goal): the store's watches deliver
// every change in commit order, and a watch that ends (its onError: the backend lost the stream, the store closed)
// drops the whole cache, so the next call reads everything again while the watches are set up anew. A leader-only
// Startable: a new term starts with nothing cached.

import type { Clock, Timer } from '../../lib/clock.ts'
import type { Startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import type { ProcessFormation } from '../scheduler/snapshot.ts'
import type { Store } from '../store/store.ts'

/** A change under `<prefix><app>…` changes that app's formations. */
const WATCHED_PREFIXES = ['formation/', 'apps/', 'releases/']

export interface FormationCacheDeps {
  store: Store
  /** Every app's formations, sorted by app then type (FormationService.snapshotFormations). */
  read: () => Promise<ProcessFormation[]>
  /** One app's, sorted by type; empty when it is gone (FormationService.appFormations). */
  readApp: (app: string) => Promise<ProcessFormation[]>
  clock: Clock
  logger: Logger
  /** After a watch ended, the wait before watching again; default 1 s. */
  rewatchMs?: number
}

export class FormationCache implements Startable {
  readonly name = 'formation-cache'
  readonly #d: FormationCacheDeps
  /** Each app's formations while the watches run; null: read every app on the next call. */
  #byApp: Map<string, ProcessFormation[]> | null = null
  /** The concatenation of #byApp in app order; null after a change. */
  #list: ProcessFormation[] | null = null
  /** Apps changed since they were last read. */
  readonly #dirty = new Set<string>()
  /** Bumped whenever the cache is dropped: a read that began before must not be kept. */
  #resets = 0
  #pending: Promise<ProcessFormation[]> | null = null
  #watches: AbortController | null = null
  #rewatch: Timer | null = null
  #term: AbortSignal | null = null

  constructor(deps: FormationCacheDeps) {
    this.#d = deps
  }

  async start(signal: AbortSignal): Promise<void> {
    this.#term = signal
    signal.addEventListener('abort', () => this.stop(), { once: true })
    await this.#watch()
  }

  stop(): void {
    this.#term = null
    this.#rewatch?.cancel()
    this.#rewatch = null
    this.#drop()
  }

  /** The formations; cached only while the watches run, since nothing else would tell it of a change. */
  formations(): Promise<ProcessFormation[]> {
    if (this.#watches === null) return this.#d.read()
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = null
    })
    return this.#pending
  }

  async #watch(): Promise<void> {
    const term = this.#term
    if (term === null || term.aborted) return
    const watches = new AbortController()
    const onTermEnd = (): void => watches.abort()
    term.addEventListener('abort', onTermEnd, { once: true })
    const lost = (err: Error): void => {
      if (watches.signal.aborted) return
      watches.abort()
      this.#d.logger.warn({ err: err.message }, 'formation cache: a store watch ended; reading every app again')
      term.removeEventListener('abort', onTermEnd)
      this.#drop()
      this.#rewatch = this.#d.clock.setTimeout(() => {
        this.#rewatch = null
        void this.#watch()
      }, this.#d.rewatchMs ?? 1000)
    }
    try {
      for (const prefix of WATCHED_PREFIXES) {
        await this.#d.store.watch(prefix, (e) => this.#changed(e.key.slice(prefix.length)), {
          signal: watches.signal,
          onError: lost,
        })
      }
    } catch (err) {
      lost(err instanceof Error ? err : new Error(String(err)))
      return
    }
    if (watches.signal.aborted) return
    // Anything committed before the watches began is in the full read the next call makes.
    this.#resets++
    this.#byApp = null
    this.#list = null
    this.#watches = watches
  }

  /** Ends the watches and drops everything cached (the next call reads the store). */
  #drop(): void {
    this.#watches?.abort()
    this.#watches = null
    this.#resets++
    this.#byApp = null
    this.#list = null
    this.#dirty.clear()
  }

  /** `rest` is the key after the watched prefix: `<app>` or `<app>/<more>`. */
  #changed(rest: string): void {
    const slash = rest.indexOf('/')
    const app = slash < 0 ? rest : rest.slice(0, slash)
    if (app === '') return
    this.#dirty.add(app)
  }

  async #refresh(): Promise<ProcessFormation[]> {
    const resets = this.#resets
    if (this.#byApp === null) {
      this.#dirty.clear()
      const all = await this.#d.read()
      // Dropped meanwhile (a watch ended, the term ended): the answer is this caller's only.
      if (resets !== this.#resets || this.#watches === null) return all
      const byApp = new Map<string, ProcessFormation[]>()
      for (const f of all) {
        const list = byApp.get(f.app)
        if (list === undefined) byApp.set(f.app, [f])
        else list.push(f)
      }
      this.#byApp = byApp
      // Apps changed during the read stay marked: the next call reads them again.
      return this.#flat()
    }
    if (this.#dirty.size > 0) {
      const apps = [...this.#dirty]
      this.#dirty.clear()
      let lists: ProcessFormation[][]
      try {
        lists = await Promise.all(apps.map((app) => this.#d.readApp(app)))
      } catch (err) {
        if (resets === this.#resets) for (const app of apps) this.#dirty.add(app)
        throw err
      }
      if (resets !== this.#resets || this.#byApp === null) return this.#d.read()
      for (const [i, app] of apps.entries()) {
        const list = lists[i] ?? []
        if (list.length > 0) this.#byApp.set(app, list)
        else this.#byApp.delete(app)
      }
      this.#list = null
    }
    return this.#flat()
  }

  #flat(): ProcessFormation[] {
    if (this.#list !== null) return this.#list
    const byApp = this.#byApp ?? new Map<string, ProcessFormation[]>()
    const apps = [...byApp.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    const list: ProcessFormation[] = []
    for (const app of apps) for (const f of byApp.get(app) ?? []) list.push(f)
    this.#list = list
    return list
  }
}
