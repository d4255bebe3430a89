// Git repositories that live on no single controller. After a push a controller accepted, the whole repository is
// written as a git bundle into the content-addressed blob store (which the other controllers and hosts can fetch
// from by hash) and the bundle's hash is recorded in the store under `git/<app>/bundle`. A controller about to serve git
// for an app first brings its bare repository up to the recorded bundle (fetching the blob from a peer when it
// lacks it), so a push to another controller after a failover finds the history and fast-forwards it.
//
// Every controller copies each recorded bundle (replicate()) and notes its copy under `git/<app>/copies/<peer id>`; the
// controller that took a push answers the client only once another controller noted a copy of it (or after
// copyWaitMs, with a warning, when none is reachable): a push the client saw succeed survives the loss of that
// controller. A bundle superseded by a newer one of the same app is deleted from each controller's blob store once
// no app records it.

import { spawn } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import type { BlobStore } from '../../lib/blob-store.ts'
import type { Logger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import { getJson, listJson, putJson, type Store } from '../store/store.ts'

export const GIT_PREFIX = 'git/'

/** Under `git/<app>/` so that destroying the app (which purges its owned prefixes) forgets its repository. */
export function gitBundleKey(app: string): string {
  return `${GIT_PREFIX}${app}/bundle`
}

/** Where controller `peer` notes the bundle of `app` it holds. */
export function gitCopyKey(app: string, peer: string): string {
  return `${GIT_PREFIX}${app}/copies/${peer}`
}

export interface GitBundleRecord {
  sha256: string
  size: number
}

interface GitCopyRecord {
  sha256: string
}

/** Where a bare repository notes the bundle it was last brought up to (or wrote itself). */
const MARK = 'shoal-bundle'

export interface GitSyncDeps {
  store: Store
  blobs: BlobStore
  logger: Logger
  /** This controller's peer id: its copies are noted under it. */
  self: string
  /** How many other controllers there are: with none, a push waits for no copy. */
  others: () => number
  /** How long a push waits for another controller's copy of its bundle (default 10 s). */
  copyWaitMs?: number | undefined
}

export class GitSync {
  readonly #deps: GitSyncDeps
  /** One sync or record at a time per app: a push must not interleave with a catch-up of the same repository. */
  readonly #busy = new Map<string, Promise<unknown>>()
  /** Per app, the bundle this controller last held: deleted once a newer one is held and no app records it. */
  readonly #held = new Map<string, string>()

  constructor(deps: GitSyncDeps) {
    this.#deps = deps
  }

  #serial<T>(app: string, work: () => Promise<T>): Promise<T> {
    const prev = this.#busy.get(app) ?? Promise.resolve()
    const next = prev.then(work, work)
    const settled = next.catch(() => undefined)
    this.#busy.set(app, settled)
    void settled.then(() => {
      if (this.#busy.get(app) === settled) this.#busy.delete(app)
    })
    return next
  }

  /** Brings the bare repository `dir` of `app` up to the bundle recorded in the store (no-op when current). */
  catchUp(app: string, dir: string): Promise<void> {
    return this.#serial(app, async () => {
      const record = await getJson<GitBundleRecord>(this.#deps.store, gitBundleKey(app))
      if (record === undefined) return
      const { sha256 } = record.value
      if ((await readMark(dir)) === sha256) return
      if ((await this.#deps.blobs.size(sha256)) === undefined) {
        throw new ShoalError(
          'UNAVAILABLE',
          `Cannot serve ${app}.git: its repository bundle ${sha256.slice(0, 12)} is on no reachable controller`,
        )
      }
      // Every ref of the bundle, forced: the recorded bundle is the accepted state of the repository.
      await git(['-C', dir, 'fetch', '--quiet', '--force', this.#deps.blobs.path(sha256), '+refs/*:refs/*'])
      await writeFile(join(dir, MARK), `${sha256}\n`)
      this.#deps.logger.info({ app, bundle: sha256.slice(0, 12) }, 'git repository brought up to its recorded bundle')
    })
  }

  /**
   * Keeps a copy of every recorded bundle on this controller too: watches `git/` and fetches each newly recorded
   * bundle from a peer by hash, so the bundle outlives the controller that accepted the push; each copy is noted
   * under `git/<app>/copies/<peer id>`, which the accepting controller waits for before it answers the push.
   */
  async replicate(signal: AbortSignal): Promise<void> {
    /** Whether this controller holds the recorded bundle now (it had it, or fetched it from a peer). */
    const copy = async (key: string, value: Uint8Array): Promise<boolean> => {
      if (!key.endsWith('/bundle')) return true
      const app = key.slice(GIT_PREFIX.length, -'/bundle'.length)
      let sha256: string
      try {
        sha256 = (JSON.parse(new TextDecoder().decode(value)) as GitBundleRecord).sha256
        this.#deps.blobs.path(sha256)
      } catch {
        return true
      }
      this.#deps.logger.debug({ key, bundle: sha256.slice(0, 12) }, 'git bundle recorded')
      const had = await stat(this.#deps.blobs.path(sha256)).then(
        () => true,
        () => false,
      )
      if (!had) {
        if ((await this.#deps.blobs.size(sha256)) === undefined) return false
        this.#deps.logger.info({ key, bundle: sha256.slice(0, 12) }, 'git bundle copied from a peer')
      }
      await this.#hold(app, sha256)
      return true
    }
    await this.#deps.store.watch(
      GIT_PREFIX,
      async (event) => {
        if (event.type === 'put') await copy(event.key, event.value)
      },
      {
        signal,
        onError: (err) => this.#deps.logger.warn({ err: String(err) }, 'git bundle replication stopped'),
      },
    )
    // Bundles recorded before this controller started: copied in the background, again every second for a minute
    // while a peer that holds them is not known or reachable yet (at start the other controllers' records may not
    // be read, and the only copy may sit on the one controller that took the push while this one was down).
    void (async () => {
      let missing = await this.#deps.store.list(GIT_PREFIX, { signal })
      for (let round = 0; round < 60 && missing.length > 0 && !signal.aborted; round++) {
        if (round > 0) await delay(1000, undefined, { signal })
        const still = []
        for (const entry of missing) {
          if (signal.aborted) return
          if (!(await copy(entry.key, entry.value).catch(() => false))) still.push(entry)
        }
        missing = still
      }
      if (missing.length > 0) {
        this.#deps.logger.warn({ bundles: missing.length }, 'recorded git bundles not copied: no peer served them')
      }
    })().catch((err: unknown) => {
      if (!signal.aborted) this.#deps.logger.warn({ err: String(err) }, 'cannot copy recorded git bundles')
    })
  }

  /** After an accepted push: stores the repository as a bundle blob and records its hash for the other controllers. */
  record(app: string, dir: string): Promise<void> {
    return this.#serial(app, async () => {
      const refs = await gitOutput(['-C', dir, 'for-each-ref', '--format=%(refname)'])
      if (refs.trim() === '') return
      // Written to a file first (then stored by hash): git reports a failed bundle only through its exit code.
      const file = join(dir, `shoal-bundle-${process.pid}.tmp`)
      let stored: { sha256: string; size: number }
      try {
        await git(['-C', dir, 'bundle', 'create', '--quiet', file, '--all'])
        stored = await this.#deps.blobs.put(createReadStream(file))
      } finally {
        await rm(file, { force: true })
      }
      const { sha256, size } = stored
      if (size === 0) throw new Error(`git bundle of ${app} is empty`)
      await putJson(this.#deps.store, gitBundleKey(app), { sha256, size } satisfies GitBundleRecord)
      await writeFile(join(dir, MARK), `${sha256}\n`)
      await this.#hold(app, sha256)
      this.#deps.logger.info({ app, bundle: sha256.slice(0, 12), size }, 'git repository recorded as a bundle')
      const copied = await this.#copiedElsewhere(app, sha256)
      if (!copied && this.#deps.others() > 0) {
        this.#deps.logger.warn(
          { app, bundle: sha256.slice(0, 12) },
          'push accepted, but no other controller copied its bundle in time: it lives on this controller alone for now',
        )
      }
    })
  }

  /** Notes that this controller holds `sha256` for `app`, and deletes the bundle it held before if no app records it. */
  async #hold(app: string, sha256: string): Promise<void> {
    const before = this.#held.get(app)
    this.#held.set(app, sha256)
    if (before !== undefined && before !== sha256) {
      const recorded = await listJson<GitBundleRecord>(this.#deps.store, GIT_PREFIX)
      const inUse = recorded.some((e) => e.key.endsWith('/bundle') && e.value.sha256 === before)
      if (!inUse && ![...this.#held.values()].includes(before)) {
        await this.#deps.blobs.delete(before)
        this.#deps.logger.debug({ app, bundle: before.slice(0, 12) }, 'superseded git bundle deleted')
      }
    }
    await putJson(this.#deps.store, gitCopyKey(app, this.#deps.self), { sha256 } satisfies GitCopyRecord)
  }

  /** Waits (up to copyWaitMs) until another controller notes a copy of `sha256`; false when none did. */
  async #copiedElsewhere(app: string, sha256: string): Promise<boolean> {
    if (this.#deps.others() === 0) return false
    const until = Date.now() + (this.#deps.copyWaitMs ?? 10_000)
    const mine = gitCopyKey(app, this.#deps.self)
    for (;;) {
      const copies = await listJson<GitCopyRecord>(this.#deps.store, `${GIT_PREFIX}${app}/copies/`)
      for (const c of copies) {
        if (c.key === mine) continue
        if (c.value.sha256 === sha256) return true
      }
      if (Date.now() >= until) return false
      await delay(100)
    }
  }
}

async function readMark(dir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, MARK), 'utf8')).trim()
  } catch {
    return undefined
  }
}

function exitOf(child: ReturnType<typeof spawn>, what: string): Promise<void> {
  let err = ''
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed: ${err.trim()}`))))
  })
}

function git(args: string[]): Promise<void> {
  return exitOf(spawn('git', args, { stdio: ['ignore', 'ignore', 'pipe'] }), `git ${args[2] ?? ''}`)
}

async function gitOutput(args: string[]): Promise<string> {
  const child = spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString()
  })
  await exitOf(child, `git ${args[2] ?? ''}`)
  return out
}
