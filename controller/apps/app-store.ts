// The persistence primitives under AppService: reads that treat a half-destroyed app as gone, the compare-and-swap
// loop on the app record that orders every change to an app, and the fenced purge of an app's keys.

import { validateAppName } from '../../lib/app-name.ts'
import { ShoalError } from '../../proto/errors.ts'
import { encodeJson, getJson, type JsonEntry, type Op, type Store } from '../store/store.ts'
import { type AppRecord, appKey, type ReleaseRecord, releaseKey } from './app-records.ts'

/** What one attempt of an app change wants written; `events` are for the caller to emit after the commit. */
export interface Change<R> {
  /** The new app record, or undefined to leave it (the compare on it still guards the ops). */
  app: AppRecord | undefined
  ops: Op[]
  result: R
  events: string[]
}

/** Enough for every writer of one app to get through in turn, even when all race at once. */
export const MAX_ATTEMPTS = 64
// etcd refuses transactions of more than 128 operations by default.
const DELETE_BATCH = 100

export function putJsonOp(key: string, value: unknown): Op {
  return { type: 'put', key, value: encodeJson(value) }
}

/** A name from a URL, safe to put in one short error line. */
function shown(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, '?')
  return printable.length > 40 ? `${printable.slice(0, 37)}...` : printable
}

function isAppName(name: string): boolean {
  try {
    validateAppName(name)
    return true
  } catch {
    return false
  }
}

export class AppStore {
  readonly store: Store

  constructor(store: Store) {
    this.store = store
  }

  /** The app record with its revision; NOT_FOUND when absent or being destroyed. */
  async liveApp(name: string): Promise<JsonEntry<AppRecord>> {
    const entry = isAppName(name) ? await getJson<AppRecord>(this.store, appKey(name)) : undefined
    if (entry === undefined || entry.value.destroying === true) {
      throw new ShoalError('NOT_FOUND', `Cannot find app "${shown(name)}"`)
    }
    return entry
  }

  async release(name: string, version: number): Promise<ReleaseRecord> {
    const entry = await getJson<ReleaseRecord>(this.store, releaseKey(name, version))
    if (entry === undefined) throw new ShoalError('NOT_FOUND', `Cannot find release v${version} of app "${name}"`)
    return entry.value
  }

  /**
   * Compare-and-swap on the app record with retries: `plan` runs on fresh state each attempt (so it may run several
   * times) and its writes commit only if the app record has not changed meanwhile. Resolves to the committed change.
   */
  async update<R>(name: string, plan: (app: AppRecord) => Promise<Change<R>>): Promise<Change<R>> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const live = await this.liveApp(name)
      const change = await plan(live.value)
      if (change.app === undefined && change.ops.length === 0) return change
      const success = change.app === undefined ? change.ops : [putJsonOp(appKey(name), change.app), ...change.ops]
      const res = await this.store.txn({ compare: [{ key: appKey(name), revision: live.revision }], success })
      if (res.succeeded) return change
    }
    throw new ShoalError(
      'CONFLICT',
      `Cannot change app "${name}": it changed concurrently ${MAX_ATTEMPTS} times in a row`,
    )
  }

  /**
   * Deletes every key under `<prefix><name>/` for each prefix, then the app record, while that record still has
   * `revision` (set when the destroy began): a second purge of the same destroy, or a stale one after the name was
   * reused, stops at its first fenced batch instead of deleting a newer app's keys.
   */
  async purge(name: string, revision: number, prefixes: readonly string[]): Promise<void> {
    const fence = [{ key: appKey(name), revision }]
    for (const owned of prefixes) {
      const prefix = `${owned}${name}/`
      for (;;) {
        const batch = await this.store.list(prefix, { limit: DELETE_BATCH })
        if (batch.length === 0) break
        const ops: Op[] = batch.map((e) => ({ type: 'delete', key: e.key }))
        if (!(await this.store.txn({ compare: fence, success: ops })).succeeded) return
      }
    }
    await this.store.txn({ compare: fence, success: [{ type: 'delete', key: appKey(name) }] })
  }
}
