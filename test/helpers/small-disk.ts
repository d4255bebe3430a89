// A full disk on demand: a small tmpfs mounted for a test (root only, as the e2e suite runs), filled to the last
// byte by a filler file and freed again by removing it.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, statfsSync } from 'node:fs'
import { join } from 'node:path'

const FILLER = '.disk-filler'

/** Mounts a tmpfs of `sizeMb` at `dir` (created if missing). */
export function mountSmallDisk(dir: string, sizeMb: number): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir])
}

export function unmountSmallDisk(dir: string): void {
  execFileSync('umount', ['-l', dir])
}

/** Fills the filesystem holding `dir` until a write fails with ENOSPC; returns the bytes it took. */
export function fillDisk(dir: string): number {
  const before = freeBytes(dir)
  const file = join(dir, FILLER)
  // Big blocks, then small ones for the remainder: dd stops at ENOSPC (exit 1), which is the point.
  for (const bs of ['1M', '4k']) {
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${file}`, `bs=${bs}`, 'oflag=append', 'conv=notrunc'], {
        stdio: 'ignore',
      })
    } catch {}
  }
  if (freeBytes(dir) > 0) throw new Error(`Cannot fill the disk of ${dir}: ${freeBytes(dir)} bytes still free`)
  return before
}

export function freeDisk(dir: string): void {
  rmSync(join(dir, FILLER), { force: true })
}

export function freeBytes(dir: string): number {
  const s = statfsSync(dir)
  return s.bavail * s.bsize
}
