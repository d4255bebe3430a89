import type { RouteAnnouncement } from '../proto/codec.ts'

export interface RouteSource {
  message: RouteAnnouncement
  /** The mesh peer the announcement came from (gossip's signed origin). */
  from: string
}

/**
 * Whether the router takes a route announcement into its table. The one place that decides it: a host speaks
 * only for its own dynos. (Mesh trust slots in here: admitted hosts only, dynos the leader assigned to them.)
 */
export function acceptRouteAnnouncement({ message, from }: RouteSource): boolean {
  return message.hostId === from && from !== ''
}
