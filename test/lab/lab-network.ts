// The lab's wiring: a "switch" namespace holding a bridge, and per lab host a veth pair created directly between
// the switch namespace and the host's namespace. Nothing is created in, or routed to, the root namespace: the
// root has no interface on the lab subnet and no route to it.

import { readFile } from 'node:fs/promises'
import { must, run, sleep } from './lab-shell.ts'

const BRIDGE = 'br0'

/** Creates namespace `ns` with loopback up. */
export async function addNamespace(ns: string): Promise<void> {
  await must('ip', ['netns', 'add', ns])
  await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up'])
}

export async function createSwitch(sw: string): Promise<void> {
  await addNamespace(sw)
  await must('ip', ['-n', sw, 'link', 'add', BRIDGE, 'type', 'bridge'])
  await must('ip', ['-n', sw, 'link', 'set', BRIDGE, 'up'])
}

/**
 * Plugs namespace `ns` into the switch: port `port` on the bridge, `eth0` with `address`/24 in `ns`. The pair is
 * created inside the switch namespace with its peer placed straight into `ns`, so it never exists in the root.
 */
export async function plugIn(sw: string, ns: string, port: string, address: string): Promise<void> {
  await must('ip', ['-n', sw, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns])
  await must('ip', ['-n', sw, 'link', 'set', port, 'master', BRIDGE])
  await must('ip', ['-n', sw, 'link', 'set', port, 'up'])
  await must('ip', ['-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0'])
  await must('ip', ['-n', ns, 'link', 'set', 'eth0', 'up'])
}

/** Cuts (down) or restores (up) a namespace's cable at the switch port. */
export async function setPort(sw: string, port: string, state: 'up' | 'down'): Promise<void> {
  await must('ip', ['-n', sw, 'link', 'set', port, state])
}

export async function listNamespaces(): Promise<string[]> {
  const res = await run('ip', ['-j', 'netns', 'list'])
  if (res.code !== 0 || res.stdout.trim() === '') return []
  return (JSON.parse(res.stdout) as Array<{ name: string }>).map((n) => n.name)
}

/** Pids of every process whose network namespace is `ns` (daemons, containerd shims, host-networked dynos). */
export async function namespacePids(ns: string): Promise<number[]> {
  const res = await run('ip', ['netns', 'pids', ns])
  if (res.code !== 0) return []
  return res.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((p) => Number.isInteger(p) && p > 0)
}

/**
 * SIGKILLs every process in `ns` until none is left (a dying containerd may still fork a shim). These are all
 * processes the lab started there, directly or through its own dockerd. Returns how many were killed.
 */
export async function killNamespace(ns: string, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs
  const killed = new Set<number>()
  for (;;) {
    const pids = (await namespacePids(ns)).filter((p) => p !== process.pid)
    if (pids.length === 0) {
      // A killed process leaves the namespace list before its parent has reaped it: wait for that too (bounded),
      // so callers can rely on the pids being gone. Orphans are reaped by init, our children by Node.
      await waitGone([...killed], Math.max(0, Math.min(5000, deadline - Date.now())))
      return killed.size
    }
    if (Date.now() > deadline) {
      throw new Error(`Cannot empty namespace ${ns}: pids ${pids.join(', ')} survive SIGKILL`)
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL')
        killed.add(pid)
      } catch {
        // already gone
      }
    }
    await sleep(50)
  }
}

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitGone(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (pids.some(exists) && Date.now() < deadline) await sleep(20)
}

export async function deleteNamespace(ns: string): Promise<void> {
  const res = await run('ip', ['netns', 'delete', ns])
  if (res.code !== 0 && !/No such file|does not exist/i.test(res.stderr)) {
    throw new Error(`Cannot delete namespace ${ns}: ${res.stderr.trim()}`)
  }
}

/** Resident memory of a process in bytes (0 when it is gone). */
export async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
  return m === null ? 0 : Number(m[1]) * 1024
}

export async function processName(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim()
}

/**
 * Resident memory of every process in a namespace, summed by role: the role `known` gives a pid (the daemons the
 * lab started), else `containerd` for containerd and its shims, else `other` (dynos, builds, lab clients).
 */
export async function namespaceMemory(
  ns: string,
  known: ReadonlyMap<number, string>,
): Promise<{ total: number; byRole: Record<string, number> }> {
  const byRole: Record<string, number> = {}
  let total = 0
  for (const pid of await namespacePids(ns)) {
    const [name, rss] = await Promise.all([processName(pid), rssBytes(pid)])
    const role = known.get(pid) ?? (name.startsWith('containerd') ? 'containerd' : 'other')
    byRole[role] = (byRole[role] ?? 0) + rss
    total += rss
  }
  return { total, byRole }
}
