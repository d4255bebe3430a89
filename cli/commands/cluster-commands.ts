import { startAgent } from '../../agent/agent.ts'
import { createDockerClient } from '../../agent/docker/docker-client.ts'
import { initCluster } from '../../controller/cluster-config.ts'
import { startController } from '../../controller/controller.ts'
import type { HostsResponse, HostView, JoinTokenResponse } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { startRouter } from '../../router/router.ts'
import { ApiClient } from '../api-client.ts'
import { bool, list, str } from '../args.ts'
import { writeConfig } from '../cli-config.ts'
import { type Command, jsonFlag, printJson, runUntilSignal } from '../command.ts'
import { ago, bytes, table } from '../table.ts'

const dataFlag = { type: 'string', description: 'data directory' } as const

function required(value: string | undefined, command: string, flag: string): string {
  if (value === undefined || value === '') {
    throw new ShoalError('INVALID_INPUT', `Cannot run ${command}: --${flag} is required`)
  }
  return value
}

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
    'metrics-listen': { type: 'string', description: 'controller /metrics HOST:PORT (default 127.0.0.1:0)' },
  },
  async run(args) {
    const dataDir = required(str(args, 'data'), 'init', 'data')
    const meshListen = list(args, 'mesh-listen')
    const config = await initCluster({
      dataDir,
      domain: str(args, 'domain'),
      meshListen: meshListen.length > 0 ? meshListen : undefined,
      apiListen: str(args, 'api-listen'),
      metricsListen: str(args, 'metrics-listen'),
    })
    const apiHost = config.apiListen.replace(/^0\.0\.0\.0:/, '127.0.0.1:').replace(/^:/, '127.0.0.1:')
    const path = writeConfig({ apiUrl: `http://${apiHost}`, token: config.apiToken })
    console.log(`Created cluster ${config.id} (domain ${config.domain}) in ${dataDir}`)
    console.log(`Saved CLI credentials to ${path}`)
    console.log(`Next: shoal controller --data ${dataDir}, then shoal join-token for each host's agent`)
    return 0
  },
}

export const controller: Command = {
  name: 'controller',
  summary: 'run a controller (API, store, scheduler) from a data dir made by shoal init',
  flags: {
    data: dataFlag,
    'api-listen': { type: 'string', description: 'override the API HOST:PORT' },
    'metrics-listen': { type: 'string', description: 'override the /metrics HOST:PORT' },
  },
  async run(args) {
    const running = await startController({
      dataDir: required(str(args, 'data'), 'controller', 'data'),
      apiListen: str(args, 'api-listen'),
      metricsListen: str(args, 'metrics-listen'),
    })
    return runUntilSignal(running.stop)
  },
}

export const agent: Command = {
  name: 'agent',
  summary: "run this host's agent: join the cluster, report capacity, run dynos",
  flags: {
    data: dataFlag,
    join: { type: 'string', description: 'join token (shoal join-token); or SHOAL_JOIN_TOKEN' },
    'mesh-listen': { type: 'string', multiple: true, description: 'mesh multiaddr (default /ip4/0.0.0.0/tcp/0)' },
    'metrics-listen': { type: 'string', description: '/metrics HOST:PORT (default 127.0.0.1:0)' },
    ip: { type: 'string', description: 'address routers use to reach dynos on this host' },
    label: { type: 'string', multiple: true, description: 'host label KEY=VALUE (repeatable)' },
    'docker-socket': { type: 'string', description: 'Docker engine socket (default /var/run/docker.sock)' },
    'reserve-memory': { type: 'string', description: 'memory kept back from dynos, e.g. 512MB or 2GB (default 512MB)' },
    'dyno-subnet': {
      type: 'string',
      description: "dyno bridge subnet CIDR (default: a private /22 the host doesn't use)",
    },
    'router-ports': {
      type: 'string',
      description: 'comma-separated ports routers listen on, the only cluster ports dynos reach (default 80,443)',
    },
  },
  async run(args) {
    const routerPorts = str(args, 'router-ports')
    if (routerPorts !== undefined && !/^\d{1,5}(,\d{1,5})*$/.test(routerPorts)) {
      throw new ShoalError('INVALID_INPUT', `Cannot run agent: --router-ports "${routerPorts}" is not a list of ports`)
    }
    const labels: Record<string, string> = {}
    for (const l of list(args, 'label')) {
      const m = /^([A-Za-z0-9_.-]{1,63})=(.{0,253})$/.exec(l)
      if (m === null) throw new ShoalError('INVALID_INPUT', `Cannot run agent: label "${l}" is not KEY=VALUE`)
      labels[m[1] as string] = m[2] as string
    }
    const meshListen = list(args, 'mesh-listen')
    const running = await startAgent({
      dataDir: required(str(args, 'data'), 'agent', 'data'),
      joinToken: required(str(args, 'join') ?? process.env['SHOAL_JOIN_TOKEN'], 'agent', 'join'),
      meshListen: meshListen.length > 0 ? meshListen : undefined,
      metricsListen: str(args, 'metrics-listen'),
      ip: str(args, 'ip'),
      labels,
      docker: createDockerClient(str(args, 'docker-socket')),
      dynoSubnet: str(args, 'dyno-subnet'),
      routerPorts: routerPorts?.split(',').map(Number),
      ...(str(args, 'reserve-memory') === undefined
        ? {}
        : { capacity: { reservedMemoryBytes: parseBytes(str(args, 'reserve-memory') as string, 'agent') } }),
    })
    return runUntilSignal(running.stop)
  },
}

export const router: Command = {
  name: 'router',
  summary: "run this host's HTTP router: routes APP.<domain> to the app's web dynos on every host",
  flags: {
    data: dataFlag,
    join: { type: 'string', description: 'join token (shoal join-token); or SHOAL_JOIN_TOKEN' },
    http: { type: 'string', description: 'HTTP listen HOST:PORT (default 0.0.0.0:80)' },
    'mesh-listen': { type: 'string', multiple: true, description: 'mesh multiaddr (default /ip4/0.0.0.0/tcp/0)' },
    'metrics-listen': { type: 'string', description: '/metrics HOST:PORT (default 127.0.0.1:0)' },
    'request-timeout': { type: 'string', description: 'ms to first response byte before H12 (default 30000)' },
  },
  async run(args) {
    const meshListen = list(args, 'mesh-listen')
    const timeout = str(args, 'request-timeout')
    if (timeout !== undefined && !/^\d+$/.test(timeout)) {
      throw new ShoalError('INVALID_INPUT', `Cannot run router: --request-timeout "${timeout}" is not a number of ms`)
    }
    const running = await startRouter({
      dataDir: required(str(args, 'data'), 'router', 'data'),
      joinToken: required(str(args, 'join') ?? process.env['SHOAL_JOIN_TOKEN'], 'router', 'join'),
      http: str(args, 'http') ?? '0.0.0.0:80',
      meshListen: meshListen.length > 0 ? meshListen : undefined,
      metricsListen: str(args, 'metrics-listen'),
      timeoutMs: timeout === undefined ? undefined : Number(timeout),
    })
    return runUntilSignal(running.stop)
  },
}

export const joinToken: Command = {
  name: 'join-token',
  summary: "print the cluster's join token (give it to shoal agent --join on each new host)",
  flags: {},
  async run() {
    const res = await new ApiClient().get<JoinTokenResponse>('/v1/join-token', 'get the join token')
    console.log(res.token)
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
        ['ID', 'HOSTNAME', 'ADDRESS', 'STATE', 'CPU', 'MEMORY (ALLOC/TOTAL)', 'DYNOS', 'LAST SEEN'],
        res.hosts.map((h: HostView) => [
          h.id.slice(-12),
          h.hostname,
          h.address,
          h.draining ? `${h.state} (draining)` : h.state,
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
