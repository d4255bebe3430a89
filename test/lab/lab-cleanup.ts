// Tearing a lab down, and finding labs that a crashed run left behind. Order matters: processes first (they hold
// mounts and namespaces), then the mounts dockerd and containerd made below the lab's directories (overlays,
// shm, and the bind mount of the namespace itself), then the namespaces (their veths and bridge go with them),
// then cgroups and files.

import { existsSync } from 'node:fs'
import { readdir, readFile, rm, rmdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { deleteNamespace, killNamespace, listNamespaces } from './lab-network.ts'
import { cgroupPrefix, isLabId, LAB_DATA_ROOT, LAB_RUN_ROOT, labDirs, labIdOfNs } from './lab-paths.ts'
import { run, sleep } from './lab-shell.ts'

/** Mount points at or below any of `dirs`, deepest first (field 5 of mountinfo, octal escapes undone). */
export function mountsAtOrBelow(mountinfo: string, dirs: readonly string[]): string[] {
  const roots = dirs.map((d) => resolve(d))
  const points = new Set<string>()
  for (const line of mountinfo.split('\n')) {
    const raw = line.split(' ')[4]
    if (raw === undefined) continue
    const point = raw.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)))
    if (roots.some((r) => point === r || point.startsWith(`${r}/`))) points.add(point)
  }
  return [...points].sort((a, b) => b.length - a.length)
}

/** Lazily unmounts everything at or below `dirs` (stacked mounts too), and fails if something stays mounted. */
export async function unmountAll(dirs: readonly string[]): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const points = mountsAtOrBelow(await readFile('/proc/self/mountinfo', 'utf8'), dirs)
    if (points.length === 0) return
    for (const p of points) await run('umount', ['-l', p])
  }
  const left = mountsAtOrBelow(await readFile('/proc/self/mountinfo', 'utf8'), dirs)
  if (left.length > 0) throw new Error(`Cannot clean up the lab: still mounted: ${left.join(', ')}`)
}

/** Removes the cgroup trees the lab's dockerds made (`--cgroup-parent`), in every hierarchy, deepest first. */
export async function removeCgroups(id: string): Promise<void> {
  const { root, prefix } = cgroupPrefix(id)
  const hierarchies = (await readdir(root).catch(() => [] as string[])).map((h) => join(root, h))
  for (const hierarchy of [root, ...hierarchies]) {
    const entries = await readdir(hierarchy, { withFileTypes: true }).catch(() => [])
    for (const e of entries) {
      if (e.isDirectory() && e.name.startsWith(prefix)) await removeCgroupTree(join(hierarchy, e.name))
    }
  }
}

async function removeCgroupTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const e of entries) if (e.isDirectory()) await removeCgroupTree(join(dir, e.name))
  // Dyno containers have network namespaces of their own (the dyno bridge), so killing the lab's namespaces misses
  // them once their engine is gone: whatever is still in a lab cgroup is the lab's, and goes now.
  const procs = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '')
  for (const pid of procs.split('\n').filter((p) => /^\d+$/.test(p))) {
    try {
      process.kill(Number(pid), 'SIGKILL')
    } catch {}
  }
  // A cgroup whose last task is still exiting refuses rmdir for a moment.
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await rmdir(dir)
      return
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return
      if (code !== 'EBUSY' || attempt === 19) throw new Error(`Cannot remove cgroup ${dir}: ${code}`)
      await sleep(100)
    }
  }
}

/** Everything of lab `id`, whoever made it: processes, mounts, namespaces, cgroups, directories. */
export async function destroyLabResources(id: string, namespaces?: readonly string[]): Promise<void> {
  const mine = namespaces ?? (await listNamespaces()).filter((ns) => labIdOfNs(ns) === id)
  await Promise.all(mine.map((ns) => killNamespace(ns)))
  const dirs = labDirs(id)
  await unmountAll([dirs.run, dirs.data])
  for (const ns of mine) await deleteNamespace(ns)
  await removeCgroups(id)
  await rm(dirs.data, { recursive: true, force: true })
  await rm(dirs.run, { recursive: true, force: true })
}

/** The owner record: pid and its start time (so a recycled pid is not mistaken for the owner). */
export async function ownerRecord(pid: number): Promise<string> {
  return `${pid} ${await startTime(pid)}\n`
}

async function startTime(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  // Field 22 (starttime) counted after the ")" that closes the command name, which may contain spaces.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? ''
}

export async function ownerAlive(id: string): Promise<boolean> {
  const text = await readFile(labDirs(id).owner, 'utf8').catch(() => '')
  const [pid, started] = text.trim().split(' ')
  if (pid === undefined || pid === '') return false
  return started !== undefined && started !== '' && (await startTime(Number(pid))) === started
}

/** Ids of labs on this machine: by namespace, runtime dir and data dir. */
export async function knownLabIds(): Promise<Set<string>> {
  const ids = new Set<string>()
  for (const ns of await listNamespaces()) {
    const id = labIdOfNs(ns)
    if (id !== undefined) ids.add(id)
  }
  for (const root of [LAB_RUN_ROOT, LAB_DATA_ROOT]) {
    if (!existsSync(root)) continue
    for (const name of await readdir(root)) if (isLabId(name)) ids.add(name)
  }
  return ids
}

/** Tears down every lab whose owner process is gone (a crashed or SIGKILLed run). Returns their ids. */
export async function cleanupLeftovers(): Promise<string[]> {
  const removed: string[] = []
  for (const id of await knownLabIds()) {
    if (await ownerAlive(id)) continue
    await destroyLabResources(id)
    removed.push(id)
  }
  return removed
}
