// Builders and checks for scheduler tests and the benchmark: seeded random clusters, plan application, capacity.

import type {
  Assignment,
  HostSnapshot,
  PlanOptions,
  ProcessFormation,
  Snapshot,
} from '../../controller/scheduler/snapshot.ts'
import { DYNO_SIZES, parseDynoSize } from '../../proto/dyno-sizes.ts'

export const MiB = 1024 * 1024
export const GiB = 1024 * MiB

/** mulberry32: a small seeded PRNG, so a failing property run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!
export const between = (rng: () => number, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1))

export function shuffle<T>(rng: () => number, items: readonly T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const t = out[i]!
    out[i] = out[j]!
    out[j] = t
  }
  return out
}

export function host(id: string, over: Partial<HostSnapshot> = {}): HostSnapshot {
  return {
    id,
    state: 'alive',
    draining: false,
    labels: {},
    allocatable: { cpuCores: 4, memoryBytes: 8 * GiB },
    ...over,
  }
}

export function formation(
  app: string,
  processType: string,
  quantity: number,
  over: Partial<ProcessFormation> = {},
): ProcessFormation {
  return { app, processType, quantity, size: 'standard-1x', release: 1, command: 'npm start', ...over }
}

export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return { now: 1_000_000, hosts: [], formations: [], assignments: [], ...over }
}

/** Booked memory and CPU shares per host id. */
export function usage(assignments: readonly Assignment[]): Map<string, { mem: number; cpu: number; dynos: number }> {
  const out = new Map<string, { mem: number; cpu: number; dynos: number }>()
  for (const a of assignments) {
    const size = parseDynoSize(a.size)
    if (size === undefined) throw new Error(`assignment ${a.dynoId} has unknown size ${a.size}`)
    const u = out.get(a.hostId) ?? { mem: 0, cpu: 0, dynos: 0 }
    u.mem += DYNO_SIZES[size].memoryBytes
    u.cpu += DYNO_SIZES[size].cpuShares
    u.dynos++
    out.set(a.hostId, u)
  }
  return out
}

/** Hosts whose booked resources exceed what they offer, as messages (empty when none). */
export function overCapacity(hosts: readonly HostSnapshot[], assignments: readonly Assignment[], cpuPerCore = 1) {
  const used = usage(assignments)
  const problems: string[] = []
  for (const h of hosts) {
    const u = used.get(h.id)
    if (u === undefined) continue
    if (u.mem > h.allocatable.memoryBytes) problems.push(`${h.id}: memory ${u.mem} > ${h.allocatable.memoryBytes}`)
    if (u.cpu > h.allocatable.cpuCores * cpuPerCore) problems.push(`${h.id}: cpu ${u.cpu} > ${h.allocatable.cpuCores}`)
  }
  return problems
}

export interface ClusterShape {
  hosts: number
  /** Total dynos requested, spread over formations of 1..maxQuantity. */
  dynos: number
  maxQuantity?: number
  /** Share of formations constrained to one region label (hosts get one of three regions). */
  constrainedShare?: number
  options?: PlanOptions
}

const SIZE_MIX = [
  'standard-1x',
  'standard-1x',
  'standard-1x',
  'standard-1x',
  'standard-2x',
  'standard-2x',
  'performance-m',
]
const REGIONS = ['eu', 'us', 'ap']

export function randomHosts(rng: () => number, count: number, prefix = 'host'): HostSnapshot[] {
  const width = String(count).length
  return Array.from({ length: count }, (_, i) => {
    const cores = pick(rng, [2, 4, 8, 16, 32])
    const perCore = pick(rng, [2, 4, 8])
    return host(`${prefix}-${String(i).padStart(width, '0')}`, {
      labels: { region: REGIONS[i % REGIONS.length]!, ...(rng() < 0.1 ? { disk: 'ssd' } : {}) },
      allocatable: { cpuCores: cores, memoryBytes: cores * perCore * GiB },
    })
  })
}

export function randomFormations(rng: () => number, shape: ClusterShape): ProcessFormation[] {
  const out: ProcessFormation[] = []
  const maxQuantity = shape.maxQuantity ?? 20
  let left = shape.dynos
  for (let app = 0; left > 0; app++) {
    for (const processType of ['web', 'worker']) {
      if (left === 0) break
      const quantity = Math.min(left, between(rng, 1, maxQuantity))
      left -= quantity
      const constrained = rng() < (shape.constrainedShare ?? 0)
      out.push(
        formation(`app-${app}`, processType, quantity, {
          size: pick(rng, SIZE_MIX),
          release: between(rng, 1, 9),
          ...(constrained ? { constraints: { region: pick(rng, REGIONS) } } : {}),
        }),
      )
    }
  }
  return out
}

export function randomCluster(rng: () => number, shape: ClusterShape, now = 1_000_000): Snapshot {
  return {
    now,
    hosts: randomHosts(rng, shape.hosts),
    formations: randomFormations(rng, shape),
    assignments: [],
    ...(shape.options ? { options: shape.options } : {}),
  }
}
