import assert from 'node:assert/strict'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { after, test } from 'node:test'
import {
  apiFingerprint,
  clusterKeyring,
  initCluster,
  loadCluster,
  localApiUrl,
} from '../../controller/cluster-config.ts'
import { open, seal } from '../../lib/secret-box.ts'
import { tempDir } from '../helpers/processes.ts'

const dir = tempDir('cluster-config')
after(() => dir.remove())

test('init makes a keyring and an API certificate, in a 0600 cluster.json', async () => {
  const config = await initCluster({ dataDir: `${dir.path}/a`, apiListen: '0.0.0.0:7443' })
  const file = `${dir.path}/a/cluster.json`
  assert.equal(statSync(file).mode & 0o777, 0o600)
  assert.match(config.apiTls.certPem, /BEGIN CERTIFICATE/)
  assert.match(apiFingerprint(config), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
  assert.equal(localApiUrl(config), 'https://127.0.0.1:7443')
  const ring = clusterKeyring(config)
  assert.equal(open(ring, seal(ring, 'k', 'c'), 'c'), 'k')
  const again = loadCluster(`${dir.path}/a`)
  assert.equal(apiFingerprint(again), apiFingerprint(config))
})

test('a cluster made before TLS gets its keyring and certificate on first load, kept from then on', async () => {
  await initCluster({ dataDir: `${dir.path}/old` })
  const file = `${dir.path}/old/cluster.json`
  const old = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  delete old['keyring']
  delete old['apiTls']
  writeFileSync(file, JSON.stringify(old), { mode: 0o644 })
  const first = loadCluster(`${dir.path}/old`)
  assert.equal(statSync(file).mode & 0o777, 0o600)
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { keyring?: unknown; apiTls?: unknown }
  assert.ok(stored.keyring !== undefined && stored.apiTls !== undefined)
  const second = loadCluster(`${dir.path}/old`)
  assert.equal(apiFingerprint(second), apiFingerprint(first))
  assert.deepEqual(second.keyring, first.keyring)
})
