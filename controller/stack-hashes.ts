// The stack tarball hashes the leader vouches for. The controller does not build stacks, so it pins, per stack
// version, the sha256 of the first tarball an admitted host reports serving (trust on first use), under
// `stacks/<version>` in the store, and publishes the pinned set in every app directory (AppDirectory.stack_hashes).
// Agents fetch a stack tarball only from a peer that offers that hash (agent/stack/stack-peers.ts): a host that
// later serves other bytes under the same version, corrupt or malicious, is not believed.

import { isSha256 } from '../lib/blob-store.ts'
import type { Logger } from '../lib/logger.ts'
import { casJson, listJson, type Store } from './store/store.ts'

export const STACK_HASHES_PREFIX = 'stacks/'
const VERSION = /^[a-z0-9][a-z0-9.-]{0,63}$/

export interface PinnedStack {
  sha256: string
  /** the host whose report pinned it */
  from: string
}

export class StackHashes {
  readonly #store: Store
  readonly #log: Logger
  readonly #pinned = new Map<string, string>()
  readonly #warned = new Set<string>()

  constructor(deps: { store: Store; logger: Logger }) {
    this.#store = deps.store
    this.#log = deps.logger
  }

  /** A report from admitted host `from` that it serves `version` with tarball hash `sha256`. */
  async heard(version: string, sha256: string, from: string): Promise<void> {
    if (!VERSION.test(version) || !isSha256(sha256)) return
    let pinned = this.#pinned.get(version)
    if (pinned === undefined) {
      const { value, changed } = await casJson<PinnedStack>(this.#store, STACK_HASHES_PREFIX + version, (old) =>
        old === undefined ? { sha256, from } : old,
      )
      if (value === undefined) return
      pinned = value.sha256
      this.#pinned.set(version, pinned)
      if (changed) this.#log.info({ version, sha256, from }, 'stack hash pinned')
    }
    const key = `${from} ${version} ${sha256}`
    if (pinned !== sha256 && !this.#warned.has(key)) {
      this.#warned.add(key)
      this.#log.warn(
        { version, offered: sha256, pinned, host: from },
        'a host serves a stack tarball whose hash differs from the pinned one: agents will not fetch it',
      )
    }
  }
}

/** version → sha256, as the directory publishes it. */
export async function readStackHashes(store: Store): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const { key, value } of await listJson<PinnedStack>(store, STACK_HASHES_PREFIX)) {
    out[key.slice(STACK_HASHES_PREFIX.length)] = value.sha256
  }
  return out
}
