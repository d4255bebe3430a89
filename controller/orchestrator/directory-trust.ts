// What the leader vouches for in the app directory (mesh/cluster-trust.ts): the admitted hosts, i.e. every host
// record in the store (removing a host removes its record, so it drops out at once), and which host each web dyno
// is assigned to, so that routers take a route only from the host the dyno was placed on; and the revoked peers
// (controller/host-revocations.ts), which every agent and router refuses at connect.

import { REVOKED_PREFIX } from '../host-revocations.ts'
import type { Assignment } from '../scheduler/snapshot.ts'
import { readStackHashes } from '../stack-hashes.ts'
import { listJson, type Store } from '../store/store.ts'
import { ASSIGNMENTS_PREFIX } from './orchestrator.ts'

export interface DirectoryTrust {
  admitted: string[]
  revoked: string[]
  /** stack version → tarball sha256 (controller/stack-hashes.ts) */
  stackHashes: Record<string, string>
  /** app → dyno id → host id, web dynos only */
  webDynos: Map<string, Record<string, string>>
}

export async function readDirectoryTrust(store: Store): Promise<DirectoryTrust> {
  const hosts = await store.list('hosts/')
  const admitted = hosts.map((h) => h.key.slice('hosts/'.length))
  const webDynos = new Map<string, Record<string, string>>()
  for (const { value: a } of await listJson<Assignment>(store, ASSIGNMENTS_PREFIX)) {
    if (a.processType !== 'web') continue
    const forApp = webDynos.get(a.app) ?? {}
    forApp[a.dynoId] = a.hostId
    webDynos.set(a.app, forApp)
  }
  const revoked = (await store.list(REVOKED_PREFIX)).map((r) => r.key.slice(REVOKED_PREFIX.length))
  return { admitted, revoked, webDynos, stackHashes: await readStackHashes(store) }
}
