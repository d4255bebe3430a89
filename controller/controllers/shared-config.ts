// `shoal init --store etcd://…`: the first controller of an HA cluster stores the cluster's id, domain, keys and
// tokens in etcd; every later one reads them from there (one cluster, one set of secrets) and only makes its own
// peer identity. Whoever writes first wins (compare-and-swap on an absent key).

import { CLUSTER_SHARED_KEY, type SharedClusterConfig } from '../cluster-config.ts'
import { casJson, type Store } from '../store/store.ts'

/** The shared config in `store`, written from `proposed` when there is none yet; `created` says which happened. */
export async function shareClusterConfig(
  store: Store,
  proposed: SharedClusterConfig,
): Promise<{ shared: SharedClusterConfig; created: boolean }> {
  const result = await casJson<SharedClusterConfig>(store, CLUSTER_SHARED_KEY, (old) => old ?? proposed)
  return { shared: result.value ?? proposed, created: result.changed }
}
