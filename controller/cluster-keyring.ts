// The cluster keyring that seals config vars at rest (lib/secret-box.ts), kept beside the other cluster secrets in
// DIR/cluster.json (0600). A cluster made before sealing gets its first key on the next start; a rotation adds a
// key and makes it current (old keys stay so values they sealed still open until the store is re-sealed).

import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Keyring, keyringFrom, newSecretKey } from '../lib/secret-box.ts'
import { CLUSTER_FILE } from './cluster-config.ts'
import { casJson, type Store } from './store/store.ts'

export interface StoredKeyring {
  current: string
  keys: Record<string, string>
}

function readRaw(dataDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dataDir, CLUSTER_FILE), 'utf8')) as Record<string, unknown>
}

function writeRaw(dataDir: string, config: Record<string, unknown>): void {
  const file = join(dataDir, CLUSTER_FILE)
  const tmp = `${file}.tmp`
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file) // never a half-written cluster.json: it holds every secret of the cluster
}

export function freshKeyring(): StoredKeyring {
  const k = newSecretKey()
  return { current: k.id, keys: { [k.id]: k.key.toString('base64') } }
}

/** The keyring in cluster.json, created there when missing. */
export function loadKeyring(dataDir: string): Keyring {
  const raw = readRaw(dataDir)
  let stored = raw['secretKeys'] as StoredKeyring | undefined
  if (stored === undefined) {
    stored = freshKeyring()
    writeRaw(dataDir, { ...raw, secretKeys: stored })
  }
  return keyringFrom(stored.current, stored.keys)
}

/** Adds a new current key to cluster.json; returns the new keyring. */
export function rotateKeyring(dataDir: string): Keyring {
  const raw = readRaw(dataDir)
  const stored = (raw['secretKeys'] as StoredKeyring | undefined) ?? freshKeyring()
  const k = newSecretKey()
  const next: StoredKeyring = { current: k.id, keys: { ...stored.keys, [k.id]: k.key.toString('base64') } }
  writeRaw(dataDir, { ...raw, secretKeys: next })
  return keyringFrom(next.current, next.keys)
}

/** The keyring a controller seals with, and its rotation (stored where every controller of the cluster finds it). */
export interface ClusterKeyring {
  current(): Keyring
  rotate(): Promise<Keyring>
}

export const SECRET_KEYS_KEY = 'cluster/secret-keys'

/**
 * Level store: the keyring lives in DIR/cluster.json. etcd (HA): the first controller's keyring is shared through
 * the store (compare-and-swap on an absent key) so that every controller opens what any other sealed, and a
 * rotation on one reaches the others through a watch. (In HA the store then holds the key beside the values it
 * seals: sealing protects backups and disk images of the level store, not an etcd reader; docs/SECURITY.md.)
 */
export async function clusterKeyring(dataDir: string, shared?: Store): Promise<ClusterKeyring> {
  let keyring = loadKeyring(dataDir)
  if (shared === undefined) {
    return {
      current: () => keyring,
      rotate: async () => {
        keyring = rotateKeyring(dataDir)
        return keyring
      },
    }
  }
  const toStored = (k: Keyring): StoredKeyring => ({
    current: k.current,
    keys: Object.fromEntries([...k.keys].map(([id, key]) => [id, key.toString('base64')])),
  })
  const adopt = (s: StoredKeyring): Keyring => {
    keyring = keyringFrom(s.current, s.keys)
    writeRaw(dataDir, { ...readRaw(dataDir), secretKeys: s })
    return keyring
  }
  const first = await casJson<StoredKeyring>(shared, SECRET_KEYS_KEY, (old) => old ?? toStored(keyring))
  if (first.value !== undefined) adopt(first.value)
  await shared.watch(SECRET_KEYS_KEY, (e) => {
    if (e.type === 'put') adopt(JSON.parse(new TextDecoder().decode(e.value)) as StoredKeyring)
  })
  return {
    current: () => keyring,
    rotate: async () => {
      const k = newSecretKey()
      const r = await casJson<StoredKeyring>(shared, SECRET_KEYS_KEY, (old) => {
        const base = old ?? toStored(keyring)
        return { current: k.id, keys: { ...base.keys, [k.id]: k.key.toString('base64') } }
      })
      return adopt(r.value as StoredKeyring)
    },
  }
}
