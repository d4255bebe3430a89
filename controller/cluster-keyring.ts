// The cluster keyring that seals config vars at rest (lib/secret-box.ts), kept beside the other cluster secrets in
// DIR/cluster.json (0600). A cluster made before sealing gets its first key on the next start; a rotation adds a
// key and makes it current (old keys stay so values they sealed still open until the store is re-sealed).

import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Keyring, keyringFrom, newSecretKey } from '../lib/secret-box.ts'
import { CLUSTER_FILE } from './cluster-config.ts'

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
