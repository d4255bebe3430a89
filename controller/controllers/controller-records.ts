// Every controller of an HA cluster registers itself in the store (`controllers/<peer id>`: API URL, mesh
// addresses, version), so any controller can list them all (`shoal controllers`), a follower can point a client at
// the leader, and the join token can carry every controller's mesh address.

import { listJson, putJson, type Store } from '../store/store.ts'

export const CONTROLLERS_PREFIX = 'controllers/'

export interface ControllerRecord {
  id: string
  apiUrl: string
  meshAddresses: string[]
  version: string
  startedAt: string
}

export function publishController(store: Store, record: ControllerRecord): Promise<number> {
  return putJson(store, CONTROLLERS_PREFIX + record.id, record)
}

export async function listControllers(store: Store): Promise<ControllerRecord[]> {
  return (await listJson<ControllerRecord>(store, CONTROLLERS_PREFIX)).map((e) => e.value)
}
