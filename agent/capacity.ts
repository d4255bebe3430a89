import { hostname, loadavg } from 'node:os'
import si from 'systeminformation'
import type { Resources, Usage } from '../proto/codec.ts'

export interface CapacityReading {
  hostname: string
  capacity: Resources
  allocatable: Resources
  usage: Usage
}

export interface CapacityOptions {
  /** Memory kept back for the OS, the engine and shoal itself; not offered to dynos. */
  reservedMemoryBytes?: number
  reservedCpuCores?: number
}

const DEFAULT_RESERVED_MEMORY = 512 * 1024 * 1024

/** Reads the host's capacity and usage with systeminformation. */
export async function readCapacity(options: CapacityOptions = {}): Promise<CapacityReading> {
  const [cpu, mem, load] = await Promise.all([si.cpu(), si.mem(), si.currentLoad()])
  const cores = cpu.cores
  const reservedMem = options.reservedMemoryBytes ?? DEFAULT_RESERVED_MEMORY
  const reservedCpu = options.reservedCpuCores ?? 0
  return {
    hostname: hostname(),
    capacity: { cpuCores: cores, memoryBytes: mem.total },
    allocatable: {
      cpuCores: Math.max(0, cores - reservedCpu),
      memoryBytes: Math.max(0, mem.total - reservedMem),
    },
    usage: {
      cpuPercent: Number.isFinite(load.currentLoad) ? load.currentLoad : 0,
      // "active" excludes page cache: what processes really hold.
      memoryUsedBytes: mem.active,
      load1: loadavg()[0] ?? 0,
    },
  }
}
