// A root filesystem under construction may have /proc (and, after a killed debootstrap, /sys or more) mounted in
// it. Deleting such a tree recursively would walk into the host's own filesystems, so every removal first
// unmounts what lies below and refuses to delete while anything is still mounted there.

import { readFile, rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ShoalError } from '../../proto/errors.ts'
import { runCommand } from './run-command.ts'

/** Mount points in /proc/self/mountinfo text (field 5, with the kernel's octal escapes undone). */
export function parseMountPoints(mountinfo: string): string[] {
  const out: string[] = []
  for (const line of mountinfo.split('\n')) {
    const point = line.split(' ')[4]
    if (point === undefined) continue
    out.push(point.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8))))
  }
  return out
}

/** Mount points strictly below `dir`, deepest first. */
export function mountsBelow(mountPoints: readonly string[], dir: string): string[] {
  const prefix = `${resolve(dir)}/`
  return mountPoints.filter((p) => p.startsWith(prefix)).sort((a, b) => b.length - a.length)
}

async function currentMountsBelow(dir: string): Promise<string[]> {
  return mountsBelow(parseMountPoints(await readFile('/proc/self/mountinfo', 'utf8')), dir)
}

export async function unmountBelow(dir: string): Promise<void> {
  for (const point of await currentMountsBelow(dir)) {
    // Lazy: a process still inside the tree (a killed build's leftovers) must not block the cleanup.
    await runCommand('umount', ['-l', point], { what: `unmount ${point}` }).catch(() => undefined)
  }
  const left = await currentMountsBelow(dir)
  if (left.length > 0) {
    throw new ShoalError('INTERNAL', `Cannot clean up ${dir}: still mounted below it: ${left.join(', ')}`)
  }
}

export async function removeRootfs(dir: string): Promise<void> {
  await unmountBelow(dir)
  await rm(dir, { recursive: true, force: true })
}
