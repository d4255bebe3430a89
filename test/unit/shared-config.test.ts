// The join secret in HA is the cluster's: rotating it through one controller changes it in the shared config, and
// every controller following that key adopts it.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CLUSTER_SHARED_KEY, type SharedClusterConfig } from '../../controller/cluster-config.ts'
import {
  followSharedJoinSecret,
  rotateSharedJoinSecret,
  shareClusterConfig,
} from '../../controller/controllers/shared-config.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { getJson } from '../../controller/store/store.ts'
import { waitFor } from '../helpers/wait-for.ts'

const shared = (joinSecret: string): SharedClusterConfig =>
  ({ id: 'c1', domain: 'd.test', swarmKey: 'sk', joinSecret, apiToken: 'tok' }) as SharedClusterConfig

test('a rotated join secret reaches every controller that follows the shared config', async () => {
  const store = new MemoryStore()
  await assert.rejects(rotateSharedJoinSecret(store), { code: 'NOT_FOUND' })
  await shareClusterConfig(store, shared('first'))
  const seen: string[][] = [[], []]
  const stop = new AbortController()
  for (const s of seen) await followSharedJoinSecret(store, (secret) => s.push(secret), stop.signal)
  assert.deepEqual(seen, [['first'], ['first']], 'the current secret at once')
  const next = await rotateSharedJoinSecret(store)
  assert.notEqual(next, 'first')
  assert.ok(next.length >= 32)
  await waitFor('both to adopt it', () => seen.every((s) => s.at(-1) === next), { timeoutMs: 5000 })
  const stored = await getJson<SharedClusterConfig>(store, CLUSTER_SHARED_KEY)
  assert.equal(stored?.value.joinSecret, next)
  assert.equal(stored?.value.apiToken, 'tok', 'the rest of the shared config stays')
  // A controller joining later (shoal init --store) takes the rotated secret.
  assert.equal((await shareClusterConfig(store, shared('proposed'))).shared.joinSecret, next)
  stop.abort()
})
