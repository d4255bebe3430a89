// Dyno sizes as Docker limits, like Heroku's: memory is a hard limit at R15_QUOTA_MULTIPLE × the quota (no swap), CPU is a relative share (Docker's
// cpu-shares, 1024 per share), and the process limit is the container's pids limit. The sizes themselves are the
// one table in proto/dyno-sizes.ts, which the scheduler counts from.

import { DYNO_SIZE_NAMES, DYNO_SIZES, parseDynoSize } from '../../proto/dyno-sizes.ts'
import { ShoalError } from '../../proto/errors.ts'

export interface DynoSize {
  name: string
  memoryBytes: number
  cpuShares: number
  pidsLimit: number
}

export const DEFAULT_DYNO_SIZE = 'standard-1x'

/** Heroku kills a dyno (R15) past this multiple of its memory quota; past 1× it only logs R14. The container's hard
 *  memory limit is the quota times this, so a dyno may overrun its quota as on Heroku, and no further. */
export const R15_QUOTA_MULTIPLE = 2

/** Docker's cpu-shares for a size: 1024 per share, so a standard-1x weighs what an unlimited container does. */
export const DOCKER_CPU_SHARES_PER_SHARE = 1024

/** An empty size means the default; names are matched case-insensitively (`Standard-1X` as Heroku prints it). */
export function dynoSize(name: string | null | undefined): DynoSize {
  const key = parseDynoSize((name ?? '').trim() || DEFAULT_DYNO_SIZE)
  if (key === undefined) {
    throw new ShoalError(
      'INVALID_INPUT',
      `Cannot size dyno: "${name}" is not a dyno size (one of ${DYNO_SIZE_NAMES.join(', ')})`,
    )
  }
  const size = DYNO_SIZES[key]
  return { name: key, memoryBytes: size.memoryBytes, cpuShares: size.cpuShares, pidsLimit: size.pids }
}
