import type { HostsResponse, HostView, JoinTokenResponse } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, list, str } from '../args.ts'
import { apiUrls, readConfig, writeConfig } from '../cli-config.ts'
import { type Command, jsonFlag, printJson } from '../command.ts'
import { ago, bytes, table } from '../table.ts'
import { apiPin, installArgs, installFlags, installLine } from './hosts-install-commands.ts'

export const dataFlag = { type: 'string', description: 'data directory' } as const

export function required(value: string | undefined, command: string, flag: string): string {
  if (value === undefined || value === '') {
    throw new ShoalError('INVALID_INPUT', `Cannot run ${command}: --${flag} is required`)
  }
  return value
}

const DEFAULT_SHARED_LISTEN = '127.0.0.1:7080'

export const init: Command = {
  name: 'init',
  summary: 'create a new cluster (keys, tokens) in a controller data dir and save the CLI credentials',
  flags: {
    data: dataFlag,
    domain: { type: 'string', description: 'cluster domain; apps answer at APP.DOMAIN (default shoal.localhost)' },
    'mesh-listen': {
      type: 'string',
      multiple: true,
      description: 'controller mesh multiaddr (default /ip4/0.0.0.0/tcp/7946)',
    },
    'api-listen': { type: 'string', description: 'controller API HOST:PORT (default 127.0.0.1:7080)' },
    'metrics-listen': {
      type: 'string',
      description: 'controller /metrics HOST:PORT or :PORT (default: the host address, port 9710)',
    },
    store: {
      type: 'string',
      description: 'etcd://[user:pass@]host:port[,…][/prefix] (etcds://…?ca=FILE for TLS): an HA cluster on etcd',
    },
  },
  async run(args) {
    const dataDir = required(str(args, 'data'), 'init', 'data')
    const meshListen = list(args, 'mesh-listen')
    const storeUrl = str(args, 'store')
    const { apiFingerprint, initCluster, localApiUrl } = await import('../../controller/cluster-config.ts')
    const shared =
      storeUrl === undefined
        ? undefined
        : await sharedConfig(storeUrl, str(args, 'domain'), str(args, 'api-listen') ?? DEFAULT_SHARED_LISTEN)
    const config = await initCluster({
      dataDir,
      domain: str(args, 'domain'),
      meshListen: meshListen.length > 0 ? meshListen : undefined,
      apiListen: str(args, 'api-listen'),
      metricsListen: str(args, 'metrics-listen'),
      store: storeUrl,
      shared: shared?.shared,
    })
    const apiUrl = localApiUrl(config)
    // A later controller of the same cluster adds its URL to the CLI's list; the CLI fails over between them (one
    // pinned fingerprint: the API certificate is part of the shared config).
    const previous = (() => {
      try {
        return readConfig()
      } catch {
        return undefined
      }
    })()
    const urls = previous?.token === config.apiToken ? [...apiUrls(previous), apiUrl] : [apiUrl]
    const path = writeConfig({
      apiUrl: urls[0] ?? apiUrl,
      token: config.apiToken,
      fingerprint: apiFingerprint(config),
      ...(urls.length > 1 ? { apiUrls: [...new Set(urls)] } : {}),
    })
    if (shared !== undefined && !shared.created) {
      console.log(
        `Joined cluster ${config.id} (domain ${config.domain}) from its etcd store; this controller: ${dataDir}`,
      )
    } else {
      console.log(`Created cluster ${config.id} (domain ${config.domain}) in ${dataDir}`)
    }
    console.log(`Saved CLI credentials to ${path}`)
    console.log(`API certificate fingerprint (SHA-256): ${apiFingerprint(config)}`)
    console.log(`Next: shoal controller --data ${dataDir}, then shoal join-token for each host's agent`)
    return 0
  },
}

/** The cluster's shared id, domain, keys and tokens from etcd, stored there first if this is the first controller. */
async function sharedConfig(storeUrl: string, domain: string | undefined, apiListen: string) {
  const { parseEtcdUrl } = await import('../../controller/store/etcd-connection.ts')
  const { EtcdStore } = await import('../../controller/store/etcd-store.ts')
  const { shareClusterConfig } = await import('../../controller/controllers/shared-config.ts')
  const { secret, uuid } = await import('../../lib/ids.ts')
  const { newSwarmKey } = await import('../../mesh/identity.ts')
  const { newTlsSecrets } = await import('../../controller/cluster-config.ts')
  const store = await EtcdStore.open(parseEtcdUrl(storeUrl))
  try {
    return await shareClusterConfig(store, {
      id: uuid(),
      domain: domain ?? 'shoal.localhost',
      swarmKey: Buffer.from(newSwarmKey()).toString('base64url'),
      joinSecret: secret(),
      apiToken: secret(),
      ...newTlsSecrets(apiListen),
    })
  } finally {
    await store.close()
  }
}

export const joinToken: Command = {
  name: 'join-token',
  summary: "print the cluster's join token; --install prints the command that installs a new server",
  flags: {
    rotate: { type: 'boolean', description: 'make a new admission secret first (admitted hosts stay)' },
    install: { type: 'boolean', description: 'print the one line to run as root on a new server' },
    url: { type: 'string', description: "the controller URL as new servers reach it (default: the CLI's API URL)" },
    ...installFlags,
  },
  async run(args) {
    const client = new ApiClient()
    const res = bool(args, 'rotate')
      ? await client.request<JoinTokenResponse>('POST', '/v1/join-token/rotate', {}, 'rotate the join token')
      : await client.get<JoinTokenResponse>('/v1/join-token', 'get the join token')
    if (bool(args, 'rotate')) console.error('Rotated: tokens printed before no longer admit new hosts.')
    if (!bool(args, 'install')) {
      console.log(res.token)
      return 0
    }
    const url = (str(args, 'url') ?? client.config.apiUrl).replace(/\/+$/, '')
    console.log(installLine(url, await apiPin(client), res.token, installArgs(args)))
    return 0
  },
}

export const hosts: Command = {
  name: 'hosts',
  summary: 'list the hosts of the cluster with their state and capacity',
  flags: { json: jsonFlag },
  async run(args) {
    const res = await new ApiClient().get<HostsResponse>('/v1/hosts', 'list hosts')
    if (bool(args, 'json')) {
      printJson(res.hosts)
      return 0
    }
    if (res.hosts.length === 0) {
      console.log('No hosts have joined yet. Run shoal agent --join "$(shoal join-token)" on a host.')
      return 0
    }
    console.log(
      table(
        ['ID', 'HOSTNAME', 'ADDRESS', 'STATE', 'VERSION', 'CPU', 'MEMORY (ALLOC/TOTAL)', 'DYNOS', 'LAST SEEN'],
        res.hosts.map((h: HostView) => [
          h.id.slice(-12),
          h.hostname,
          h.address,
          h.draining ? `${h.state} (draining)` : h.state,
          h.version || '-',
          `${h.cpu.percent}% of ${h.cpu.cores}`,
          `${bytes(h.memory.allocatable)}/${bytes(h.memory.total)}`,
          String(h.dynos),
          ago(h.lastSeen),
        ]),
      ),
    )
    return 0
  },
}

/** "512MB", "2GB", "1.5GiB" or plain bytes. */
export function parseBytes(text: string, command: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?$/i.exec(text.trim())
  if (m === null)
    throw new ShoalError('INVALID_INPUT', `Cannot run ${command}: "${text}" is not a size like 512MB or 2GB`)
  const unit = (m[2] ?? 'b').toLowerCase().replace('i', '')
  const scale = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 }[unit] ?? 1
  return Math.round(Number(m[1]) * scale)
}

export const clusterCommands: Command[] = [init, joinToken, hosts]
