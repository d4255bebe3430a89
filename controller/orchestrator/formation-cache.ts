// The formations the round plans for, read from the store only when something they derive from changed: a store
// watch on `formation/` and `apps/` (releases, config, app deletion) drops the cached list, and the next round reads
// it again, and so does a round after maxAgeMs (level-triggered: a lost watch event cannot stick). Reading every
// app's current release each round was most of a round's cost at 10k apps. A leader-only Startable: a new term
// starts with nothing cached.

import type { Clock } from '../../lib/clock.ts'
import type { Startable } from '../../lib/lifecycle.ts'
import type { ProcessFormation } from '../scheduler/snapshot.ts'
import type { Store } from '../store/store.ts'

export interface FormationCacheDeps {
  store: Store
  /** The uncached read (FormationService.snapshotFormations). */
  read: () => Promise<ProcessFormation[]>
  clock: Clock
  /** Default 30 s, the orchestrator's full re-sync period. */
  maxAgeMs?: number
}

export class FormationCache implements Startable {
  readonly name = 'formation-cache'
  readonly #d: FormationCacheDeps
  #cached: Promise<ProcessFormation[]> | null = null
  #readAt = 0
  #generation = 0
  #watching = false

  constructor(deps: FormationCacheDeps) {
    this.#d = deps
  }

  async start(signal: AbortSignal): Promise<void> {
    this.forget()
    for (const prefix of ['formation/', 'apps/']) {
      await this.#d.store.watch(prefix, () => this.forget(), { signal })
    }
    this.#watching = true
    signal.addEventListener('abort', () => {
      this.#watching = false
    })
  }

  stop(): void {
    this.#watching = false
    this.forget()
  }

  /** Drops the cached list: the next call reads the store. */
  forget(): void {
    this.#generation++
    this.#cached = null
  }

  /** The formations; cached only while the watches run, since nothing else would tell it of a change. */
  formations(): Promise<ProcessFormation[]> {
    if (!this.#watching) return this.#d.read()
    const now = this.#d.clock.now()
    if (this.#cached !== null && now - this.#readAt < (this.#d.maxAgeMs ?? 30_000)) return this.#cached
    this.#readAt = now
    const generation = this.#generation
    const read = this.#d.read()
    this.#cached = read
    // A change during the read may not be in it: keep the answer for this caller only.
    read.then(
      () => {
        if (this.#generation !== generation && this.#cached === read) this.#cached = null
      },
      () => {
        if (this.#cached === read) this.#cached = null
      },
    )
    return read
  }
}
