// Git repositories that live on no single controller. After a push a controller accepted, the whole repository is
// written as a git bundle into the content-addressed blob store (which the other controllers and hosts can fetch
// from by hash) and the bundle's hash is recorded in the store under `git/<app>/bundle`. A controller about to serve git
// for an app first brings its bare repository up to the recorded bundle (fetching the blob from a peer when it
// lacks it), so a push to another controller after a failover finds the history and fast-forwards it.

import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BlobStore } from '../../lib/blob-store.ts'
import type { Logger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import { getJson, putJson, type Store } from '../store/store.ts'

export const GIT_PREFIX = 'git/'

/** Under `git/<app>/` so that destroying the app (which purges its owned prefixes) forgets its repository. */
export function gitBundleKey(app: string): string {
  return `${GIT_PREFIX}${app}/bundle`
}

export interface GitBundleRecord {
  sha256: string
  size: number
}

/** Where a bare repository notes the bundle it was last brought up to (or wrote itself). */
const MARK = 'shoal-bundle'

export interface GitSyncDeps {
  store: Store
  blobs: BlobStore
  logger: Logger
}

export class GitSync {
  readonly #deps: GitSyncDeps
  /** One sync or record at a time per app: a push must not interleave with a catch-up of the same repository. */
  readonly #busy = new Map<string, Promise<unknown>>()

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

  /** After an accepted push: stores the repository as a bundle blob and records its hash for the other controllers. */
  record(app: string, dir: string): Promise<void> {
    return this.#serial(app, async () => {
      const refs = await gitOutput(['-C', dir, 'for-each-ref', '--format=%(refname)'])
      if (refs.trim() === '') return
      const bundle = spawn('git', ['-C', dir, 'bundle', 'create', '--quiet', '-', '--all'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const exited = exitOf(bundle, 'git bundle create')
      const { sha256, size } = await this.#deps.blobs.put(bundle.stdout)
      await exited
      await putJson(this.#deps.store, gitBundleKey(app), { sha256, size } satisfies GitBundleRecord)
      await writeFile(join(dir, MARK), `${sha256}\n`)
      this.#deps.logger.info({ app, bundle: sha256.slice(0, 12), size }, 'git repository recorded as a bundle')
    })
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
