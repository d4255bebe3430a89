// Drain records in the store: `log-drains/app/<app>/<id>` and `log-drains/cluster/<id>`. The store is the truth; the
// DrainManager of every controller watches the prefix, so an added drain starts sending without a restart and
// survives one.

import { randomUUID } from 'node:crypto'
import { type Clock, systemClock } from '../../../lib/clock.ts'
import type { LogDrainView } from '../../../proto/api.ts'
import { ShoalError } from '../../../proto/errors.ts'
import type { Store } from '../../store/store.ts'
import { parseDrainUrl } from './drain-url.ts'

export const DRAINS_PREFIX = 'log-drains/'
/** Logplex's limit per app; cluster drains have the same limit. */
export const MAX_DRAINS = 5
const MAX_CA_BYTES = 64 * 1024

export interface DrainRecord {
  id: string
  url: string
  token: string
  app: string | null
  ca?: string | undefined
  createdAt: string
  updatedAt: string
}

function scopePrefix(app: string | null): string {
  return app === null ? `${DRAINS_PREFIX}cluster/` : `${DRAINS_PREFIX}app/${app}/`
}

/** Outside the watched prefix, so the manager never sees it. */
function guardKey(app: string | null): string {
  return `log-drain-guards/${app ?? ''}`
}

export function drainKey(record: Pick<DrainRecord, 'app' | 'id'>): string {
  return `${scopePrefix(record.app)}${record.id}`
}

export function decodeDrain(value: Uint8Array): DrainRecord | undefined {
  try {
    const r = JSON.parse(Buffer.from(value).toString('utf8')) as Partial<DrainRecord>
    if (typeof r.id !== 'string' || typeof r.url !== 'string' || typeof r.token !== 'string') return undefined
    return r as DrainRecord
  } catch {
    return undefined
  }
}

export function toDrainView(r: DrainRecord): LogDrainView {
  return {
    id: r.id,
    url: r.url,
    token: r.token,
    app: r.app,
    customCa: r.ca !== undefined,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }
}

function scopeName(app: string | null): string {
  return app === null ? 'the cluster' : `app "${app}"`
}

export class DrainService {
  readonly #store: Store
  readonly #clock: Clock

  constructor(deps: { store: Store; clock?: Clock }) {
    this.#store = deps.store
    this.#clock = deps.clock ?? systemClock
  }

  async list(app: string | null): Promise<DrainRecord[]> {
    const entries = await this.#store.list(scopePrefix(app))
    return entries.flatMap((e) => decodeDrain(e.value) ?? [])
  }

  /** Adds a drain; the app's records and the new key are compared so concurrent adds cannot pass the limit. */
  async add(app: string | null, url: unknown, ca: unknown): Promise<DrainRecord> {
    const target = parseDrainUrl(url)
    if (ca !== undefined && ca !== null) {
      if (typeof ca !== 'string' || !ca.includes('-----BEGIN CERTIFICATE-----') || ca.length > MAX_CA_BYTES) {
        throw new ShoalError('INVALID_INPUT', 'Cannot add drain: ca must be PEM certificates of at most 64 KiB')
      }
      if (target.kind === 'syslog') {
        throw new ShoalError(
          'INVALID_INPUT',
          'Cannot add drain: a CA certificate only applies to syslog+tls:// and https://',
        )
      }
    }
    // One guard key per scope, rewritten by every add: two adds racing for the last place cannot both commit.
    const guard = guardKey(app)
    for (let attempt = 0; attempt < 5; attempt++) {
      const guardEntry = await this.#store.get(guard)
      const existing = await this.list(app)
      if (existing.some((d) => d.url === target.url)) {
        throw new ShoalError('CONFLICT', `Cannot add drain: ${scopeName(app)} already drains to ${target.url}`)
      }
      if (existing.length >= MAX_DRAINS) {
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot add drain: ${scopeName(app)} already has ${MAX_DRAINS} drains, the most allowed`,
        )
      }
      const now = new Date(this.#clock.now()).toISOString()
      const record: DrainRecord = {
        id: randomUUID(),
        url: target.url,
        token: `d.${randomUUID()}`,
        app,
        ...(typeof ca === 'string' ? { ca } : {}),
        createdAt: now,
        updatedAt: now,
      }
      const result = await this.#store.txn({
        compare: [{ key: guard, revision: guardEntry?.revision ?? 0 }],
        success: [
          { type: 'put', key: guard, value: Buffer.from(now) },
          { type: 'put', key: drainKey(record), value: Buffer.from(JSON.stringify(record)) },
        ],
      })
      if (result.succeeded) return record
    }
    throw new ShoalError('CONFLICT', `Cannot add drain: the drains of ${scopeName(app)} kept changing; try again`)
  }

  /** Removes the drain named by its id, token or URL. */
  async remove(app: string | null, which: string): Promise<DrainRecord> {
    const drains = await this.list(app)
    const found = drains.find((d) => d.id === which || d.token === which || d.url === which)
    if (found === undefined) {
      throw new ShoalError('NOT_FOUND', `Cannot remove drain: ${scopeName(app)} has no drain ${which.slice(0, 200)}`)
    }
    await this.#store.delete(drainKey(found))
    return found
  }

  /** Removes every drain of a destroyed app. */
  async removeAll(app: string): Promise<number> {
    const entries = await this.#store.list(scopePrefix(app))
    for (const e of entries) await this.#store.delete(e.key)
    await this.#store.delete(guardKey(app))
    return entries.length
  }
}
