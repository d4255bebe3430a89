// `shoal init --store etcd://…`: the first controller of an HA cluster stores the cluster's id, domain, keys and
// tokens in etcd; every later one reads them from there (one cluster, one set of secrets) and only makes its own
// peer identity. Whoever writes first wins (compare-and-swap on an absent key).

import { secret } from '../../lib/ids.ts'
import { ShoalError } from '../../proto/errors.ts'
import { CLUSTER_SHARED_KEY, type SharedClusterConfig } from '../cluster-config.ts'
import { casJson, decodeJson, type Store } from '../store/store.ts'

/** The shared config in `store`, written from `proposed` when there is none yet; `created` says which happened. */
export async function shareClusterConfig(
  store: Store,
  proposed: SharedClusterConfig,
): Promise<{ shared: SharedClusterConfig; created: boolean }> {
  const result = await casJson<SharedClusterConfig>(store, CLUSTER_SHARED_KEY, (old) => old ?? proposed)
  return { shared: result.value ?? proposed, created: result.changed }
}

/**
 * `shoal join-token --rotate` in HA: a new join secret in the shared config, so every controller admits with it
 * (they follow the key: followSharedJoinSecret) and a later `init --store` joins with it. Resolves to the secret.
 */
export async function rotateSharedJoinSecret(store: Store): Promise<string> {
  const next = secret()
  const result = await casJson<SharedClusterConfig>(store, CLUSTER_SHARED_KEY, (old) =>
    old === undefined ? undefined : { ...old, joinSecret: next },
  )
  if (result.value === undefined) {
    throw new ShoalError('NOT_FOUND', 'Cannot rotate the join secret: the store holds no shared cluster config')
  }
  return next
}

/** Calls `adopt` with the shared join secret now and whenever another controller rotates it. */
export async function followSharedJoinSecret(
  store: Store,
  adopt: (secret: string) => void,
  signal: AbortSignal,
): Promise<void> {
  await store.watch(
    CLUSTER_SHARED_KEY,
    (e) => {
      if (e.type === 'put') adopt(decodeJson<SharedClusterConfig>(e.key, e.value).joinSecret)
    },
    { signal },
  )
  const entry = await store.get(CLUSTER_SHARED_KEY)
  if (entry !== undefined) adopt(decodeJson<SharedClusterConfig>(entry.key, entry.value).joinSecret)
}
