// Names and places of one lab. Every namespace, directory and cgroup a lab makes carries its id, so a lab can
// find (and a later run can clean up) exactly what it made, and two labs on one machine never collide.

import { randomBytes } from 'node:crypto'
import { join } from 'node:path'

/** Runtime state: the owner file, docker sockets and exec roots (/run is where daemons keep sockets). */
export const LAB_RUN_ROOT = '/run/shoal-lab'
/** Data that can be large: docker data roots (images), daemons' data dirs, logs. */
export const LAB_DATA_ROOT = '/var/lib/shoal-lab'
const CGROUP_ROOT = '/sys/fs/cgroup'

/**
 * A lab daemon host: a controller (`controller` is the first; `controller2`, `controller3` … in an HA lab) or a
 * host number 1..N.
 */
export type LabTarget = 'controller' | `controller${number}` | number

/** 1 for `controller`, k for `controllerK`; undefined for a host. */
export function controllerIndex(target: LabTarget): number | undefined {
  if (typeof target === 'number') return undefined
  return target === 'controller' ? 1 : Number(target.slice('controller'.length))
}

/** The LabTarget of controller k (1-based). */
export function controllerTarget(k: number): LabTarget {
  return k === 1 ? 'controller' : `controller${k}`
}

export function newLabId(): string {
  return randomBytes(3).toString('hex')
}

export function isLabId(id: string): boolean {
  return /^[0-9a-f]{6}$/.test(id)
}

export function switchNs(id: string): string {
  return `shoal-sw-${id}`
}

export function targetNs(id: string, target: LabTarget): string {
  return `shoal-${targetKey(target)}-${id}`
}

/** The lab id a namespace name belongs to, or undefined when the name is not a lab's. */
export function labIdOfNs(name: string): string | undefined {
  const m = /^shoal-(?:sw|c\d*|h\d+)-([0-9a-f]{6})$/.exec(name)
  return m?.[1]
}

/** `h3`, `c` (the first controller) or `c2`: used for namespace, directory, log and switch-port names. */
export function targetKey(target: LabTarget): string {
  if (typeof target === 'number') return `h${target}`
  const k = controllerIndex(target)
  return k === 1 ? 'c' : `c${k}`
}

export interface LabDirs {
  run: string
  data: string
  logs: string
  owner: string
  /** SHOAL_CONFIG of the lab's CLI (API url and token). */
  cliConfig: string
}

export function labDirs(id: string): LabDirs {
  const run = join(LAB_RUN_ROOT, id)
  const data = join(LAB_DATA_ROOT, id)
  return { run, data, logs: join(data, 'logs'), owner: join(run, 'owner'), cliConfig: join(data, 'cli.json') }
}

export interface HostDirs {
  /** docker --data-root */
  dockerData: string
  /** docker --exec-root */
  dockerExec: string
  dockerSocket: string
  dockerPid: string
  agentData: string
  routerData: string
  /** cgroupfs parent of the host's containers, relative to each controller's hierarchy */
  cgroupParent: string
}

export function hostDirs(id: string, host: number): HostDirs {
  const { run, data } = labDirs(id)
  const key = targetKey(host)
  return {
    dockerData: join(data, key, 'docker'),
    dockerExec: join(run, key, 'exec'),
    dockerSocket: join(run, key, 'docker.sock'),
    dockerPid: join(run, key, 'docker.pid'),
    agentData: join(data, key, 'agent'),
    routerData: join(data, key, 'router'),
    cgroupParent: `/shoal-lab-${id}-${key}`,
  }
}

/** cgroup directories a lab's dockerds may have made, for every mounted v1 hierarchy (and the v2 root). */
export function cgroupPrefix(id: string): { root: string; prefix: string } {
  return { root: CGROUP_ROOT, prefix: `shoal-lab-${id}-` }
}
