import { ShoalError } from '../../proto/errors.ts'
import { bool, list, str } from '../args.ts'
import { type Command, runUntilSignal } from '../command.ts'
import { configFlag, withConfigFile } from '../config-file.ts'
import { dataFlag, parseBytes, required } from './cluster-commands.ts'

// The daemons' composition roots. Each imports only its own daemon (a router never loads dockerode or fastify, an
// agent never loads the controller): idle RSS is what a host pays for every process.

export const controller: Command = {
  name: 'controller',
  summary: 'run a controller (API, store, scheduler) from a data dir made by shoal init',
  flags: {
    config: configFlag,
    data: dataFlag,
    packages: {
      type: 'string',
      description: 'folder of release packages served to installers (default /var/lib/shoal/packages)',
    },
    'api-listen': { type: 'string', description: 'override the API HOST:PORT' },
    'metrics-listen': {
      type: 'string',
      description: '/metrics HOST:PORT or :PORT (default: the host address, port 9710)',
    },
    store: { type: 'string', description: "override cluster.json's store (etcd://… for an HA cluster)" },
    'acme-directory': {
      type: 'string',
      description: "ACME directory URL for certs:auto (default Let's Encrypt; off disables it)",
    },
    'acme-ca': { type: 'string', description: 'PEM file of CAs to trust for the ACME server (a private CA, pebble)' },
  },
  async run(parsed) {
    const args = withConfigFile(parsed, this.flags, 'controller')
    const { startController } = await import('../../controller/controller.ts')
    const retry = process.env['SHOAL_ACME_RETRY_MS']
    const running = await startController({
      packagesDir: str(args, 'packages') ?? '/var/lib/shoal/packages',
      store: str(args, 'store'),
      dataDir: required(str(args, 'data'), 'controller', 'data'),
      apiListen: str(args, 'api-listen'),
      metricsListen: str(args, 'metrics-listen'),
      acmeDirectory: str(args, 'acme-directory'),
      acmeCaFile: str(args, 'acme-ca'),
      // SHOAL_ACME_RETRY_MS shortens the first retry after a failed order (tests).
      ...(retry !== undefined && /^\d+$/.test(retry) ? { acmePolicy: { retryBaseMs: Number(retry) } } : {}),
    })
    return runUntilSignal(running.stop)
  },
}

export const agent: Command = {
  name: 'agent',
  summary: "run this host's agent: join the cluster, report capacity, run dynos",
  flags: {
    config: configFlag,
    data: dataFlag,
    join: { type: 'string', description: 'join token (shoal join-token); or SHOAL_JOIN_TOKEN' },
    'mesh-listen': { type: 'string', multiple: true, description: 'mesh multiaddr (default /ip4/0.0.0.0/tcp/0)' },
    'metrics-listen': { type: 'string', description: '/metrics HOST:PORT or :PORT (default: --ip, port 9711)' },
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
  async run(parsed) {
    const args = withConfigFile(parsed, this.flags, 'agent')
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
    const { startAgent } = await import('../../agent/agent.ts')
    const { createDockerClient } = await import('../../agent/docker/docker-client.ts')
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
    config: configFlag,
    data: dataFlag,
    join: { type: 'string', description: 'join token (shoal join-token); or SHOAL_JOIN_TOKEN' },
    http: { type: 'string', description: 'HTTP listen HOST:PORT (default 0.0.0.0:80)' },
    'mesh-listen': { type: 'string', multiple: true, description: 'mesh multiaddr (default /ip4/0.0.0.0/tcp/0)' },
    'metrics-listen': { type: 'string', description: '/metrics HOST:PORT or :PORT (default: host address, port 9712)' },
    'request-timeout': { type: 'string', description: 'ms to first response byte before H12 (default 30000)' },
    https: { type: 'string', description: 'HTTPS listen HOST:PORT (SNI certificates from the cluster; default: none)' },
    'max-connections': { type: 'string', description: 'client connections accepted at once (default 4096)' },
    threads: { type: 'string', description: 'HAProxy threads (default 1)' },
    'max-lines-per-second': { type: 'string', description: 'router log lines per second at most (default 10000)' },
    'headers-timeout': { type: 'string', description: 'ms for a client to send a whole request head (default 60000)' },
    'keep-haproxy': {
      type: 'boolean',
      description: 'leave HAProxy serving when the router stops; the next router adopts it (the installer sets this)',
    },
  },
  async run(parsed) {
    const args = withConfigFile(parsed, this.flags, 'router')
    const meshListen = list(args, 'mesh-listen')
    const timeout = str(args, 'request-timeout')
    if (timeout !== undefined && !/^\d+$/.test(timeout)) {
      throw new ShoalError('INVALID_INPUT', `Cannot run router: --request-timeout "${timeout}" is not a number of ms`)
    }
    const count = (name: string): number | undefined => {
      const v = str(args, name)
      if (v === undefined) return undefined
      if (!/^[1-9]\d*$/.test(v)) {
        throw new ShoalError('INVALID_INPUT', `Cannot run router: --${name} "${v}" is not a positive number`)
      }
      return Number(v)
    }
    const headersMs = count('headers-timeout')
    const { startRouter } = await import('../../router/router.ts')
    const running = await startRouter({
      dataDir: required(str(args, 'data'), 'router', 'data'),
      joinToken: required(str(args, 'join') ?? process.env['SHOAL_JOIN_TOKEN'], 'router', 'join'),
      http: str(args, 'http') ?? '0.0.0.0:80',
      meshListen: meshListen.length > 0 ? meshListen : undefined,
      metricsListen: str(args, 'metrics-listen'),
      timeoutMs: timeout === undefined ? undefined : Number(timeout),
      https: str(args, 'https'),
      maxConnections: count('max-connections'),
      threads: count('threads'),
      maxLinesPerSecond: count('max-lines-per-second'),
      timeouts: headersMs === undefined ? undefined : { headersMs },
      keepHaproxy: bool(args, 'keep-haproxy'),
    })
    return runUntilSignal(running.stop)
  },
}

export const daemonCommands: Command[] = [controller, agent, router]
