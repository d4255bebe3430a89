// The single-controller election: the embedded store has one writer, so this controller always leads. Each start
// is a new term with a higher epoch, persisted in the store, so agents can tell a restarted controller's commands
// from those of the process before it.

import { type Logger, silentLogger } from '../../lib/logger.ts'
import type { Store } from '../store/store.ts'
import type { Election, LeaderState } from './election.ts'
import { bumpEpoch } from './epoch.ts'

export interface EmbeddedElectionComponents {
  store: Store
  logger?: Logger | undefined
}

export class EmbeddedElection implements Election {
  readonly #store: Store
  readonly #logger: Logger
  readonly #handlers = new Set<(state: LeaderState) => void>()
  #state: LeaderState = { leader: false, epoch: 0 }
  #starting: Promise<void> | undefined

  constructor(components: EmbeddedElectionComponents) {
    this.#store = components.store
    this.#logger = components.logger ?? silentLogger
  }

  start(signal?: AbortSignal): Promise<void> {
    if (this.#state.leader) return Promise.resolve()
    this.#starting ??= this.#lead(signal).finally(() => {
      this.#starting = undefined
    })
    return this.#starting
  }

  async stop(): Promise<void> {
    // A start in flight would otherwise make this controller leader after stop returned.
    await this.#starting?.catch(() => {})
    if (!this.#state.leader) return
    this.#set({ leader: false, epoch: this.#state.epoch })
  }

  isLeader(): boolean {
    return this.#state.leader
  }

  epoch(): number {
    return this.#state.epoch
  }

  onChange(handler: (state: LeaderState) => void): () => void {
    this.#handlers.add(handler)
    return () => {
      this.#handlers.delete(handler)
    }
  }

  async #lead(signal: AbortSignal | undefined): Promise<void> {
    const epoch = await bumpEpoch(this.#store, { signal })
    this.#logger.info({ epoch }, 'leading the cluster (embedded election)')
    this.#set({ leader: true, epoch })
  }

  #set(state: LeaderState): void {
    this.#state = state
    for (const handler of [...this.#handlers]) {
      try {
        handler({ ...state })
      } catch (err) {
        this.#logger.error({ err, ...state }, 'an election change handler threw')
      }
    }
  }
}
