// The scheduler's input and output. A Snapshot is immutable data — hosts, formations, current assignments and the
// time — so plan() is a pure function that tests and the benchmark can call without a cluster.

export type { HostState } from '../../proto/api.ts'
export { DYNO_SIZES, type DynoSizeName, parseDynoSize } from '../../proto/dyno-sizes.ts'

import type { HostState } from '../../proto/api.ts'

export interface HostSnapshot {
  id: string
  /** From membership, which already applies hysteresis: one missed report makes a host suspect, not dead. */
  state: HostState
  /** When the host entered `state` (ms, same clock as Snapshot.now); used with PlanOptions.deadGraceMs. */
  stateSince?: number
  draining: boolean
  labels: Record<string, string>
  /** What the agent reports the scheduler may hand out (HostReport.allocatable). */
  allocatable: { cpuCores: number; memoryBytes: number }
}

export interface ProcessFormation {
  app: string
  processType: string
  quantity: number
  /** A dyno size name, case-insensitive ('Standard-2X' is standard-2x). */
  size: string
  release: number
  command: string
  /** Label selectors: a host qualifies when every key is present with exactly this value. */
  constraints?: Record<string, string>
}

export interface Assignment {
  dynoId: string
  app: string
  processType: string
  /** web.3 → 3; indices run 1..quantity. */
  index: number
  hostId: string
  release: number
  /** Normalized (lowercase) size name. */
  size: string
  createdAt: number
}

/**
 * Resources booked on a host by work the formations do not describe: one-off dynos and builds in flight. plan()
 * charges them before placing anything, so a formation dyno never lands in memory a one-off or a build holds.
 */
export interface Reservation {
  id: string
  hostId: string
  kind: 'one-off' | 'build'
  memoryBytes: number
  cpuShares: number
}

export interface PlanOptions {
  /** At most this many dynos are taken off dead or draining hosts per plan; the rest are `deferred`. Default 50. */
  maxMovesPerPlan?: number
  /**
   * A host dead for less than this (now − stateSince) keeps its dynos, like a suspect host. Default 0: membership's
   * hysteresis already decided the host is gone.
   */
  deadGraceMs?: number
  /** CPU shares one allocatable core provides. Default 1: a standard-1x gets a core's worth, like Heroku's 1x. */
  cpuSharesPerCore?: number
  /**
   * With Snapshot.upDynos: how long a replaced dyno waits for its replacement to be up before it is removed anyway.
   * Default 120 s.
   */
  replacementGraceMs?: number
}

export interface Snapshot {
  now: number
  hosts: HostSnapshot[]
  formations: ProcessFormation[]
  assignments: Assignment[]
  /** One-offs and builds in flight: their resources are booked on their hosts before placement. */
  reservations?: Reservation[]
  /**
   * Health, as the agents report it: the ids of dynos that are up. When given, start-before-stop is part of the
   * plan: a dyno replaced by a new release or size, moved off a draining host, or duplicated is removed only once a
   * replacement for its index is up (or has waited options.replacementGraceMs); until then it is `deferred`. Without
   * it the plan only says what replaces what.
   */
  upDynos?: ReadonlySet<string>
  options?: PlanOptions
}

export type RemoveReason =
  | 'scaled-down'
  | 'host-dead'
  | 'host-draining'
  | 'release-replaced'
  /** The formation's size changed: the dyno is replaced by one of the new size, sequenced like a release. */
  | 'resized'
  | 'formation-removed'
  /** Two assignments held the same dyno index (e.g. a half-applied plan); the better placed one stays. */
  | 'duplicate'

export interface Removal {
  dynoId: string
  reason: RemoveReason
}

export interface Unplaceable {
  app: string
  processType: string
  index: number
  /** Human-readable: 'no alive host has 1.0GB of free memory for standard-2x'. */
  reason: string
}

/** A dyno that stays where it is for now and should move in a later plan (rate limit, or nowhere to go yet). */
export interface Deferred {
  dynoId: string
  app: string
  processType: string
  index: number
  reason: string
}

export interface Plan {
  add: Assignment[]
  remove: Removal[]
  /** Requested dynos that run nowhere on the formation's release and size, with why. */
  unplaceable: Unplaceable[]
  /** Non-empty means the caller should plan again soon, not wait for the next change. */
  deferred: Deferred[]
}
