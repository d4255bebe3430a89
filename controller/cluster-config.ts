import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { secret, uuid } from '../lib/ids.ts'
import { DEFAULT_METRICS_PORTS } from '../lib/metrics.ts'
import { fingerprintOf } from '../lib/pinned-tls.ts'
import { type Keyring, keyringFrom, newSecretKey } from '../lib/secret-box.ts'
import { newIdentity, newSwarmKey } from '../mesh/identity.ts'
import { ShoalError } from '../proto/errors.ts'
import { apiCertificateNames, selfSignedCertificate } from './tls/self-signed.ts'

/**
 * The controller's static configuration and secrets, made once by `shoal init` and kept in DIR/cluster.json (mode
 * 0600). Everything that changes at run time lives in the store instead.
 */
export interface ClusterConfig {
  version: 1
  id: string
  domain: string
  swarmKey: string // base64url of the 95-byte pnet key
  joinSecret: string
  apiToken: string
  identity: string // base64url protobuf private key of the controller's peer
  meshListen: string[]
  apiListen: string
  metricsListen: string
  createdAt: string
  /** Seals config vars at rest (cluster-keyring.ts); added on first start when missing. */
  secretKeys?: { current: string; keys: Record<string, string> }
  /** Seals secrets at rest (certificate keys, the ACME account key); base64 keys by id. */
  keyring?: { current: string; keys: Record<string, string> }
  /** The API's self-signed certificate and key; clients pin the certificate's SHA-256 fingerprint. */
  apiTls?: { certPem: string; keyPem: string }
  /**
   * Where desired state lives: absent for the embedded level store in DATA/store (one controller), or an
   * `etcd://…` URL shared by every controller of an HA cluster (controller/store/etcd-connection.ts).
   */
  store?: string | undefined
}

/** A loaded cluster: the file's fields, with the keyring and API certificate always present. */
export type LoadedCluster = ClusterConfig & Required<Pick<ClusterConfig, 'keyring' | 'apiTls'>>

/**
 * The part of the config every controller of one cluster shares (kept in etcd under CLUSTER_SHARED_KEY). The keyring
 * (so every controller opens the certificate keys in the shared store) and the API certificate (so one pinned
 * fingerprint fits every controller the CLI fails over to) are shared too.
 */
export type SharedClusterConfig = Pick<
  ClusterConfig,
  'id' | 'domain' | 'swarmKey' | 'joinSecret' | 'apiToken' | 'keyring' | 'apiTls'
>
export const CLUSTER_SHARED_KEY = 'cluster/config'

export interface InitOptions {
  dataDir: string
  domain?: string | undefined
  meshListen?: string[] | undefined
  apiListen?: string | undefined
  metricsListen?: string | undefined
  store?: string | undefined
  /** Join an existing HA cluster: its id, domain, keys and tokens instead of new ones (a fresh peer identity). */
  shared?: SharedClusterConfig | undefined
}

export const CLUSTER_FILE = 'cluster.json'
export const DEFAULT_MESH_PORT = 7946
export const DEFAULT_API_LISTEN = '127.0.0.1:7080'

export async function initCluster(options: InitOptions): Promise<LoadedCluster> {
  const file = join(options.dataDir, CLUSTER_FILE)
  if (existsSync(file)) {
    throw new ShoalError('CONFLICT', `Cannot init cluster: ${file} already exists (one data dir holds one cluster)`)
  }
  const domain = options.domain ?? 'shoal.localhost'
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(domain)) {
    throw new ShoalError('INVALID_NAME', `Cannot init cluster: domain "${domain}" is not a valid DNS name`)
  }
  const config: ClusterConfig = {
    version: 1,
    id: uuid(),
    domain,
    swarmKey: Buffer.from(newSwarmKey()).toString('base64url'),
    joinSecret: secret(),
    apiToken: secret(),
    identity: Buffer.from(await newIdentity()).toString('base64url'),
    meshListen: options.meshListen ?? [`/ip4/0.0.0.0/tcp/${DEFAULT_MESH_PORT}`],
    apiListen: options.apiListen ?? DEFAULT_API_LISTEN,
    metricsListen: options.metricsListen ?? `:${DEFAULT_METRICS_PORTS.controller}`,
    createdAt: new Date().toISOString(),
    ...(options.store === undefined ? {} : { store: options.store }),
    ...options.shared,
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const full = withTlsSecrets(config)
  writeClusterFile(file, full)
  return full
}

function writeClusterFile(file: string, config: ClusterConfig): void {
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
}

/** A new keyring and API certificate (for a new cluster, or proposed as an HA cluster's shared ones). */
export function newTlsSecrets(apiListen: string): Required<Pick<ClusterConfig, 'keyring' | 'apiTls'>> {
  const key = newSecretKey()
  return {
    keyring: { current: key.id, keys: { [key.id]: key.key.toString('base64') } },
    apiTls: selfSignedCertificate('shoal-api', apiCertificateNames(apiListen)),
  }
}

/** Adds what clusters made before TLS lack: a keyring and the API's certificate. */
function withTlsSecrets(config: ClusterConfig): LoadedCluster {
  if (config.keyring !== undefined && config.apiTls !== undefined) return config as LoadedCluster
  const fresh = newTlsSecrets(config.apiListen)
  return { ...config, keyring: config.keyring ?? fresh.keyring, apiTls: config.apiTls ?? fresh.apiTls }
}

export function clusterKeyring(config: LoadedCluster): Keyring {
  return keyringFrom(config.keyring.current, config.keyring.keys)
}

export function apiFingerprint(config: LoadedCluster): string {
  return fingerprintOf(config.apiTls.certPem)
}

/** The API URL a client on this machine uses (`https://`, a wildcard listen address becomes loopback). */
export function localApiUrl(config: ClusterConfig): string {
  return `https://${config.apiListen.replace(/^0\.0\.0\.0:/, '127.0.0.1:').replace(/^:/, '127.0.0.1:')}`
}

/** Loads DIR/cluster.json; a cluster made before TLS gets its keyring and API certificate now (file kept 0600). */
export function loadCluster(dataDir: string): LoadedCluster {
  const file = join(dataDir, CLUSTER_FILE)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new ShoalError(
      'NOT_FOUND',
      `Cannot start controller: ${file} does not exist (run shoal init --data ${dataDir})`,
    )
  }
  const config = JSON.parse(text) as ClusterConfig
  if (config.version !== 1) {
    throw new ShoalError('INVALID_INPUT', `Cannot start controller: ${file} has unknown version ${config.version}`)
  }
  if (config.keyring !== undefined && config.apiTls !== undefined) return config as LoadedCluster
  const full = withTlsSecrets(config)
  writeClusterFile(file, full)
  return full
}

/**
 * `shoal join-token --rotate`: a new admission secret in DIR/cluster.json (0600). Hosts already admitted stay (their
 * records are in the store); tokens printed before no longer admit anyone new. `next` is the secret to set (in HA it
 * comes from the shared config, controllers/shared-config.ts); a new random one by default.
 */
export function rotateJoinSecret(dataDir: string, config: ClusterConfig, next: string = secret()): ClusterConfig {
  config.joinSecret = next
  const file = join(dataDir, CLUSTER_FILE)
  writeFileSync(`${file}.tmp`, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  renameSync(`${file}.tmp`, file)
  return config
}
