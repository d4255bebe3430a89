import type { Clock } from '../lib/clock.ts'
import { getJson, listJson, putJson, type Store } from './store/store.ts'

/** A peer removed with `shoal hosts:remove`: admission refuses it for good, whatever secret it presents. */
export interface RevokedPeer {
  id: string
  hostname: string
  role: 'agent' | 'router'
  revokedAt: string
}

export const REVOKED_PREFIX = 'revoked/'

/**
 * Revoked peer ids, kept in the store under `revoked/<peer id>` so every controller (level or etcd) refuses them;
 * admission reads the store on each join rather than a cache, so a revocation written by one controller holds at
 * all of them at once. A removed server rejoins only by being reinstalled, which makes it a new peer id.
 */
export class Revocations {
  readonly #store: Store
  readonly #clock: Clock

  constructor(deps: { store: Store; clock: Clock }) {
    this.#store = deps.store
    this.#clock = deps.clock
  }

  async isRevoked(id: string): Promise<boolean> {
    return (await getJson<RevokedPeer>(this.#store, REVOKED_PREFIX + id)) !== undefined
  }

  async revoke(peer: Omit<RevokedPeer, 'revokedAt'>): Promise<RevokedPeer> {
    const record: RevokedPeer = { ...peer, revokedAt: new Date(this.#clock.now()).toISOString() }
    await putJson(this.#store, REVOKED_PREFIX + peer.id, record)
    return record
  }

  async list(): Promise<RevokedPeer[]> {
    return (await listJson<RevokedPeer>(this.#store, REVOKED_PREFIX)).map((e) => e.value)
  }
}
