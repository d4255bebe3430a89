// A daemon's data directory holds its peer key, its state (desired dynos with config vars), its blobs (app source
// and slugs) and, for the controller, the store and cluster secrets: nothing in it is anyone else's business. Each
// daemon makes its directory 0700 (also when it already existed, looser) and creates everything after with umask
// 077 (files 0600, directories 0700), so no file a daemon writes is readable by another user of the host.

import { chmod, lstat, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'

export const PRIVATE_UMASK = 0o077

/** Makes `dir` (created if missing) private to this user and sets the process umask to 077. */
export async function privateDataDir(dir: string): Promise<void> {
  process.umask(PRIVATE_UMASK)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await chmod(dir, 0o700)
}

/** Paths under `dir` (itself included) that a group or other user could read, write or enter. */
export async function looseModes(dir: string): Promise<Array<{ path: string; mode: string }>> {
  const out: Array<{ path: string; mode: string }> = []
  const walk = async (p: string): Promise<void> => {
    const st = await lstat(p)
    if (st.isSymbolicLink()) return
    if ((st.mode & 0o077) !== 0) out.push({ path: p, mode: (st.mode & 0o777).toString(8) })
    if (st.isDirectory()) for (const e of await readdir(p)) await walk(join(p, e))
  }
  await walk(dir)
  return out
}
