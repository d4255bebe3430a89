import type { Logger } from '../../lib/logger.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { handle } from '../../mesh/rpc.ts'
import { DynoState, type DynoStatus, type HostStatus, HostStatusCodec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_STATUS } from '../../proto/topics.ts'

export type DynoPhase = 'pending' | 'starting' | 'up' | 'stopping' | 'down' | 'crashed'

const PHASES: Record<number, DynoPhase> = {
  [DynoState.DYNO_STATE_PENDING]: 'pending',
  [DynoState.DYNO_STATE_STARTING]: 'starting',
  [DynoState.DYNO_STATE_UP]: 'up',
  [DynoState.DYNO_STATE_STOPPING]: 'stopping',
  [DynoState.DYNO_STATE_DOWN]: 'down',
  [DynoState.DYNO_STATE_CRASHED]: 'crashed',
}

export function phaseOf(status: DynoStatus): DynoPhase {
  return PHASES[status.state ?? 0] ?? 'pending'
}

/**
 * The latest status of every dyno, as the agents report them over PROTOCOL_STATUS (only admitted hosts, each for
 * itself). Hosts are the ground truth: this is rebuilt from their reports, never persisted.
 */
export class DynoStatuses {
  readonly #byHost = new Map<string, Map<string, DynoStatus>>()
  readonly #byId = new Map<string, DynoStatus>()
  /** The ids of dynos whose latest status is up: the plan's health input, kept as reports arrive. */
  readonly #up = new Set<string>()
  readonly #onChange: (changed: DynoStatus[]) => void
  readonly #reportListeners: Array<(status: HostStatus) => void> = []

  constructor(onChange: (changed: DynoStatus[]) => void) {
    this.#onChange = onChange
  }

  async serve(node: MeshLibp2p, isAdmitted: (peer: string) => boolean, logger: Logger): Promise<void> {
    await handle(
      node,
      PROTOCOL_STATUS,
      { request: HostStatusCodec, response: HostStatusCodec },
      async (status, ctx) => {
        if (!isAdmitted(ctx.peer) || (status.hostId ?? '') !== ctx.peer) {
          throw new ShoalError('NOT_ADMITTED', 'Cannot take dyno statuses: the sender is not an admitted host')
        }
        this.update(status)
        return {}
      },
      { logger },
    )
  }

  /** Every host report as it arrives (the dashboard's history keeps the dynos' memory and CPU readings). */
  onReport(listener: (status: HostStatus) => void): void {
    this.#reportListeners.push(listener)
  }

  update(status: HostStatus): void {
    const hostId = status.hostId ?? ''
    for (const l of this.#reportListeners) l(status)
    const next = new Map((status.dynos ?? []).map((d) => [d.id ?? '', { ...d, hostId }]))
    const prev = this.#byHost.get(hostId) ?? new Map<string, DynoStatus>()
    const changed: DynoStatus[] = []
    for (const [id, d] of next) {
      const p = prev.get(id)
      if (p === undefined || p.state !== d.state || p.restarts !== d.restarts) changed.push(d)
      this.#byId.set(id, d)
      if (d.state === DynoState.DYNO_STATE_UP) this.#up.add(id)
      else this.#up.delete(id)
    }
    for (const id of prev.keys()) {
      if (next.has(id)) continue
      this.#byId.delete(id)
      this.#up.delete(id)
    }
    this.#byHost.set(hostId, next)
    if (changed.length > 0) this.#onChange(changed)
  }

  forgetHost(hostId: string): void {
    for (const id of this.#byHost.get(hostId)?.keys() ?? []) {
      this.#byId.delete(id)
      this.#up.delete(id)
    }
    this.#byHost.delete(hostId)
  }

  get(dynoId: string): DynoStatus | undefined {
    return this.#byId.get(dynoId)
  }

  /** Dynos reported up (read-only view; it changes as reports arrive). */
  up(): ReadonlySet<string> {
    return this.#up
  }
}
