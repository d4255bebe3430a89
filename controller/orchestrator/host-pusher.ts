// Pushes desired states to hosts: each host independently (a slow or failed host never holds up the others or the
// round), versioned by (epoch, generation), one push in flight per host. A host is pushed when its fingerprint
// differs from the last one it accepted; a refusal or failure leaves it due, so the next round pushes it again.

import { peerIdFromString } from '@libp2p/peer-id'
import type { Logger } from '../../lib/logger.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { request } from '../../mesh/rpc.ts'
import {
  type DesiredState,
  type DesiredStateAck,
  DesiredStateAckCodec,
  DesiredStateCodec,
  type DynoSpec,
} from '../../proto/codec.ts'
import { PROTOCOL_DESIRED } from '../../proto/topics.ts'

/** Delivers one desired state to a host (the mesh in a controller, memory in the round benchmark). */
export type DesiredStateSender = (hostId: string, desired: DesiredState) => Promise<DesiredStateAck>

export interface HostPusherDeps {
  send: DesiredStateSender
  epoch: () => number
  logger: Logger
  /** A host's state changed while a push to it was in flight: a round should follow the push. */
  onStale: () => void
}

export class HostPusher {
  readonly #d: HostPusherDeps
  readonly #accepted = new Map<string, string>()
  readonly #inFlight = new Map<string, Promise<void>>()
  #generation = 0
  #stale = false

  constructor(deps: HostPusherDeps) {
    this.#d = deps
  }

  /** Whether the host's fingerprint differs from the one it last accepted (and no push to it is in flight). */
  due(hostId: string, fingerprint: string): boolean {
    if (this.#accepted.get(hostId) === fingerprint) return false
    if (this.#inFlight.has(hostId)) {
      // A change during a push (a new one-off, say) goes out right after it rather than on the next tick.
      this.#stale = true
      return false
    }
    return true
  }

  /** Starts a push; resolves when it settled (callers in the round do not wait for it). */
  push(hostId: string, dynos: DynoSpec[], fingerprint: string): Promise<void> {
    const desired: DesiredState = {
      epoch: this.#d.epoch(),
      generation: ++this.#generation,
      hostId,
      dynos,
      draining: false,
    }
    const done = this.#d
      .send(hostId, desired)
      .then((ack) => {
        if (ack.accepted === true) this.#accepted.set(hostId, fingerprint)
        else this.#d.logger.warn({ host: hostId, code: ack.code, message: ack.message }, 'desired state refused')
      })
      .catch((err: unknown) => this.#d.logger.debug({ host: hostId, err: String(err) }, 'desired state push failed'))
      .finally(() => {
        this.#inFlight.delete(hostId)
        if (this.#stale) {
          this.#stale = false
          this.#d.onStale()
        }
      })
    this.#inFlight.set(hostId, done)
    return done
  }

  /** Every host is due again (a full re-sync, or a new term). */
  forget(): void {
    this.#accepted.clear()
  }

  /** Resolves when the pushes in flight now have settled. */
  async settled(): Promise<void> {
    await Promise.all(this.#inFlight.values())
  }
}

/** The controller's sender: PROTOCOL_DESIRED over the mesh, 10 s per push. */
export function meshSender(node: MeshLibp2p): DesiredStateSender {
  return (hostId, desired) =>
    request(
      node,
      peerIdFromString(hostId),
      PROTOCOL_DESIRED,
      { request: DesiredStateCodec, response: DesiredStateAckCodec },
      desired,
      { timeoutMs: 10_000 },
    )
}
