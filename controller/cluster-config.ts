import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { secret, uuid } from '../lib/ids.ts'
import { newIdentity, newSwarmKey } from '../mesh/identity.ts'
import { ShoalError } from '../proto/errors.ts'

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
  /**
   * Where desired state lives: absent for the embedded level store in DATA/store (one controller), or an
   * `etcd://…` URL shared by every controller of an HA cluster (controller/store/etcd-connection.ts).
   */
  store?: string | undefined
}

/** The part of the config every controller of one cluster shares (kept in etcd under CLUSTER_SHARED_KEY). */
export type SharedClusterConfig = Pick<ClusterConfig, 'id' | 'domain' | 'swarmKey' | 'joinSecret' | 'apiToken'>
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

export async function initCluster(options: InitOptions): Promise<ClusterConfig> {
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
    metricsListen: options.metricsListen ?? '127.0.0.1:0',
    createdAt: new Date().toISOString(),
    ...(options.store === undefined ? {} : { store: options.store }),
    ...options.shared,
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return config
}

export function loadCluster(dataDir: string): ClusterConfig {
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
  return config
}

/**
 * `shoal join-token --rotate`: a new admission secret in DIR/cluster.json (0600). Hosts already admitted stay (their
 * records are in the store); tokens printed before no longer admit anyone new.
 */
export function rotateJoinSecret(dataDir: string, config: ClusterConfig): ClusterConfig {
  config.joinSecret = secret()
  const file = join(dataDir, CLUSTER_FILE)
  writeFileSync(`${file}.tmp`, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  renameSync(`${file}.tmp`, file)
  return config
}
