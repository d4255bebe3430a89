import type { HostSnapshot } from '../../controller/scheduler/snapshot.ts'
import type { HostView } from '../../proto/api.ts'

/** The scheduler's view of an API host view (what HostRegistry.snapshots() gives for the same host). */
export function hostSnapshotOf(h: HostView): HostSnapshot {
  return {
    id: h.id,
    state: h.state,
    draining: h.draining,
    labels: h.labels,
    allocatable: { cpuCores: h.cpu.allocatable, memoryBytes: h.memory.allocatable },
  }
}
