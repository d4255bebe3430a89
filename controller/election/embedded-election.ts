// The single-controller election: the embedded store has one writer, so this controller always leads. Each start
// is a new term with a higher epoch, persisted in the store, so agents can tell a restarted controller's commands
// from those of the process before it.

import { type Logger, silentLogger } from '../../lib/logger.ts'
import type { Store } from '../store/store.ts'
import { type Election, ElectionState } from './election.ts'
import { bumpEpoch } from './epoch.ts'

export interface EmbeddedElectionComponents {
  store: Store
  logger?: Logger | undefined
}

export class EmbeddedElection extends ElectionState implements Election {
  readonly #store: Store
  readonly #logger: Logger
  #starting: Promise<void> | undefined

  constructor(components: EmbeddedElectionComponents) {
    super(components.logger ?? silentLogger)
    this.#store = components.store
    this.#logger = components.logger ?? silentLogger
  }

  start(signal?: AbortSignal): Promise<void> {
    if (this.state.leader) return Promise.resolve()
    this.#starting ??= this.#lead(signal).finally(() => {
      this.#starting = undefined
    })
    return this.#starting
  }

  async stop(): Promise<void> {
    // A start in flight would otherwise make this controller leader after stop returned.
    await this.#starting?.catch(() => {})
    if (!this.state.leader) return
    this.setState({ leader: false, epoch: this.state.epoch })
  }

  async #lead(signal: AbortSignal | undefined): Promise<void> {
    const epoch = await bumpEpoch(this.#store, { signal })
    this.#logger.info({ epoch }, 'leading the cluster (embedded election)')
    this.setState({ leader: true, epoch })
  }
}
