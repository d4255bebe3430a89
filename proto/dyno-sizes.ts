// Heroku's dyno sizes, the one table of them: the scheduler counts them (memory, CPU shares), the agent enforces
// them (Docker memory limit, CPU shares, pids limit). Also what a build books and is limited to.

const MiB = 1024 * 1024
const GiB = 1024 * MiB

export interface DynoSize {
  memoryBytes: number
  /** Relative CPU weight; the scheduler counts it against a host's cores (see PlanOptions.cpuSharesPerCore). */
  cpuShares: number
  pids: number
}

export const DYNO_SIZES = {
  'standard-1x': { memoryBytes: 512 * MiB, cpuShares: 1, pids: 256 },
  'standard-2x': { memoryBytes: 1 * GiB, cpuShares: 2, pids: 512 },
  'performance-m': { memoryBytes: 2.5 * GiB, cpuShares: 4, pids: 16384 },
  'performance-l': { memoryBytes: 14 * GiB, cpuShares: 8, pids: 32768 },
} as const satisfies Record<string, DynoSize>

export type DynoSizeName = keyof typeof DYNO_SIZES

export const DYNO_SIZE_NAMES = Object.keys(DYNO_SIZES) as DynoSizeName[]

/** A build's container limits, which is also what the placer books for it on its host while it runs. */
export const BUILD_RESOURCES = { memoryBytes: 2 * GiB, cpuShares: 1, pids: 4096 } as const satisfies DynoSize

/** 'Standard-2X' → 'standard-2x'; undefined for a name that is not a size (callers word their own error). */
export function parseDynoSize(name: string): DynoSizeName | undefined {
  if (Object.hasOwn(DYNO_SIZES, name)) return name as DynoSizeName // the common, already normalized case
  const lower = name.trim().toLowerCase()
  return Object.hasOwn(DYNO_SIZES, lower) ? (lower as DynoSizeName) : undefined
}

/** 512MB, 1.0GB, 2.5GB: the units Heroku's docs use for dyno memory. */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)}GB`
  return `${Math.round(bytes / MiB)}MB`
}
