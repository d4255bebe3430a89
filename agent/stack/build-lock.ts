// One stack build per work dir at a time, across processes (an agent and `shoal stack build` may race). The lock
// is a file holding the owner's pid; a lock whose owner is dead is taken over.

import { open, readFile, rm } from 'node:fs/promises'
import { ShoalError } from '../../proto/errors.ts'

export interface BuildLock {
  release(): Promise<void>
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the lock or returns the pid that holds it. */
export async function tryLock(path: string): Promise<BuildLock | { heldBy: number }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx')
      await fh.writeFile(String(process.pid))
      await fh.close()
      return { release: () => rm(path, { force: true }) }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10)
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return { heldBy: pid }
    await rm(path, { force: true }) // stale: its owner died mid-build
  }
  throw new ShoalError('CONFLICT', `Cannot lock ${path}: it keeps reappearing`)
}

/** Waits (polling every `pollMs`) until the lock is free, then holds it. */
export async function acquireLock(
  path: string,
  opts: { signal?: AbortSignal; pollMs?: number; onWait?: (pid: number) => void } = {},
): Promise<BuildLock> {
  let told = false
  for (;;) {
    const got = await tryLock(path)
    if ('release' in got) return got
    if (!told) opts.onWait?.(got.heldBy)
    told = true
    if (opts.signal?.aborted)
      throw new ShoalError('TIMEOUT', `Cannot lock ${path}: aborted while pid ${got.heldBy} held it`)
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000))
  }
}
