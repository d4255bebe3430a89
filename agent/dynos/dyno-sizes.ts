// Dyno sizes as Docker limits, like Heroku's: memory is a hard limit (no swap), CPU is a relative share (Docker's
// cpu-shares, 1024 per share), and the process limit is the container's pids limit.

import { ShoalError } from '../../proto/errors.ts'

export interface DynoSize {
  name: string
  memoryBytes: number
  cpuShares: number
  pidsLimit: number
}

const MiB = 1024 * 1024

export const DYNO_SIZES: Readonly<Record<string, DynoSize>> = {
  'standard-1x': { name: 'standard-1x', memoryBytes: 512 * MiB, cpuShares: 1, pidsLimit: 256 },
  'standard-2x': { name: 'standard-2x', memoryBytes: 1024 * MiB, cpuShares: 2, pidsLimit: 512 },
  'performance-m': { name: 'performance-m', memoryBytes: 2560 * MiB, cpuShares: 4, pidsLimit: 16384 },
  'performance-l': { name: 'performance-l', memoryBytes: 14 * 1024 * MiB, cpuShares: 8, pidsLimit: 32768 },
}

export const DEFAULT_DYNO_SIZE = 'standard-1x'

/** Docker's cpu-shares for a size: 1024 per share, so a standard-1x weighs what an unlimited container does. */
export const DOCKER_CPU_SHARES_PER_SHARE = 1024

/** An empty size means the default; names are matched case-insensitively (`Standard-1X` as Heroku prints it). */
export function dynoSize(name: string | null | undefined): DynoSize {
  const key = (name ?? '').trim().toLowerCase() || DEFAULT_DYNO_SIZE
  const size = DYNO_SIZES[key]
  if (size === undefined) {
    throw new ShoalError(
      'INVALID_INPUT',
      `Cannot size dyno: "${name}" is not a dyno size (one of ${Object.keys(DYNO_SIZES).join(', ')})`,
    )
  }
  return size
}
