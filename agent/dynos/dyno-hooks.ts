// How routing plugs into the dyno runtime: the agent announces a route on onUp and withdraws it in beforeStop
// (which may wait for in-flight requests to drain) or onDown (a crash). Nothing here knows about the mesh.

import type { DynoStatus } from '../../proto/codec.ts'

/** What the hooks learn about a dyno; the agent adds its host address to make a route. */
export interface DynoInfo {
  id: string
  app: string
  processType: string
  name: string
  release: number
  port: number
  hostId: string
}

export interface DynoHooks {
  /** The dyno accepts connections on its PORT (web) or runs (others): announce its route. */
  onUp?(dyno: DynoInfo): void
  /** Before a graceful stop of a dyno that was up: withdraw its route and wait for in-flight requests. */
  beforeStop?(dyno: DynoInfo): Promise<void>
  /** Once per onUp, when the dyno stops being routable (after beforeStop, or at a crash). */
  onDown?(dyno: DynoInfo): void
  /** Any change of status (state, restarts, message). */
  onStatus?(status: DynoStatus): void
}
