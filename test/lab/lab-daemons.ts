// The shoal daemons of a lab, as real processes (`bin/shoal agent|router|controller`) inside lab namespaces, each
// listening on its namespace's lab address with fixed ports, so logs and metrics are easy to find by hand.

import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DEFAULT_DOCKER_SOCKET } from '../../agent/docker/docker-client.ts'
import { etcdMemberArgs } from '../helpers/etcd.ts'
import { hostDirs, type LabTarget, targetKey } from './lab-paths.ts'
import { inPrivateMounts, type LabProcess, labEnv, run, spawnInNs } from './lab-shell.ts'

export const ROOT = resolve(import.meta.dirname, '..', '..')
export const SHOAL = join(ROOT, 'bin', 'shoal')

export const PORTS = {
  api: 7080,
  controllerMesh: 7946,
  agentMesh: 7947,
  routerMesh: 7948,
  http: 80,
  https: 443,
  etcdClient: 2379,
  etcdPeer: 2380,
} as const
export const METRICS_PORTS = { controller: 9090, agent: 9101, router: 9102 } as const

export type DaemonName = 'dockerd' | 'agent' | 'router' | 'controller' | 'etcd' | 'sshd'

export function logFile(logDir: string, target: LabTarget, daemon: DaemonName): string {
  return join(logDir, `${targetKey(target)}-${daemon}.log`)
}

let dockerSocketFlag: Promise<boolean> | undefined

/** Whether `shoal agent` takes --docker-socket (asked once per process, from its --help). */
export function agentHasDockerSocketFlag(): Promise<boolean> {
  dockerSocketFlag ??= run(SHOAL, ['agent', '--help'], { timeoutMs: 30_000 }).then((r) =>
    `${r.stdout}${r.stderr}`.includes('--docker-socket'),
  )
  return dockerSocketFlag
}

export interface HostDaemonContext {
  id: string
  ns: string
  host: number
  ip: string
  joinToken: string
  logDir: string
  stackDir: string
  routerTimeoutMs?: number | undefined
  agentArgs?: string[]
  /** Extra environment per daemon (lab.restart's `env`, e.g. a skewed clock). */
  env?: Partial<Record<DaemonName, NodeJS.ProcessEnv>>
}

export async function startAgent(ctx: HostDaemonContext): Promise<LabProcess> {
  const dirs = hostDirs(ctx.id, ctx.host)
  const args = [
    'agent',
    ...['--data', dirs.agentData],
    ...['--join', ctx.joinToken],
    ...['--mesh-listen', `/ip4/${ctx.ip}/tcp/${PORTS.agentMesh}`],
    ...['--metrics-listen', `${ctx.ip}:${METRICS_PORTS.agent}`],
    ...['--ip', ctx.ip],
    ...(ctx.agentArgs ?? []),
  ]
  let argv: string[]
  if (await agentHasDockerSocketFlag()) {
    argv = [SHOAL, ...args, '--docker-socket', dirs.dockerSocket]
  } else {
    if (!existsSync(DEFAULT_DOCKER_SOCKET)) {
      throw new Error(
        `Cannot start the agent of lab host ${ctx.host}: shoal agent has no --docker-socket flag, and ` +
          `${DEFAULT_DOCKER_SOCKET} (which the lab binds its engine's socket over) does not exist`,
      )
    }
    // Until the agent takes --docker-socket, it gets a mount namespace of its own in which the lab host's
    // engine socket is bind-mounted over the default /run/docker.sock. Slave propagation: the root's later
    // mounts still show up inside; nothing mounted inside leaks out.
    argv = inPrivateMounts(`mount --bind "$0" ${DEFAULT_DOCKER_SOCKET} && exec "$@"`, [
      dirs.dockerSocket,
      SHOAL,
      ...args,
    ])
  }
  return spawnInNs(ctx.ns, `h${ctx.host} agent`, argv, logFile(ctx.logDir, ctx.host, 'agent'), {
    env: labEnv({ SHOAL_STACK_DIR: ctx.stackDir, ...ctx.env?.agent }),
  })
}

export function startRouter(ctx: HostDaemonContext): LabProcess {
  const dirs = hostDirs(ctx.id, ctx.host)
  const argv = [
    SHOAL,
    'router',
    ...['--data', dirs.routerData],
    ...['--join', ctx.joinToken],
    ...['--http', `${ctx.ip}:${PORTS.http}`],
    ...['--https', `${ctx.ip}:${PORTS.https}`],
    ...['--mesh-listen', `/ip4/${ctx.ip}/tcp/${PORTS.routerMesh}`],
    ...['--metrics-listen', `${ctx.ip}:${METRICS_PORTS.router}`],
    ...(ctx.routerTimeoutMs === undefined ? [] : ['--request-timeout', String(ctx.routerTimeoutMs)]),
  ]
  return spawnInNs(ctx.ns, `h${ctx.host} router`, argv, logFile(ctx.logDir, ctx.host, 'router'), {
    env: labEnv(ctx.env?.router),
  })
}

export interface ControllerContext {
  target: LabTarget
  ns: string
  ip: string
  dataDir: string
  cliConfig: string
  logDir: string
  domain: string
  env?: NodeJS.ProcessEnv
  /** extra `shoal controller` arguments */
  args?: readonly string[] | undefined
  /** `etcd://…/prefix` in an HA lab (every controller's `shoal init --store`); the level default otherwise */
  store?: string | undefined
}

/** `shoal init` in the controller's namespace: keys, tokens, and the CLI config naming the lab API address. */
export async function initController(ctx: ControllerContext): Promise<void> {
  const res = await run(
    'nsenter',
    [
      `--net=/run/netns/${ctx.ns}`,
      '--',
      SHOAL,
      'init',
      ...['--data', ctx.dataDir],
      ...['--domain', ctx.domain],
      ...['--mesh-listen', `/ip4/${ctx.ip}/tcp/${PORTS.controllerMesh}`],
      ...['--api-listen', `${ctx.ip}:${PORTS.api}`],
      ...['--metrics-listen', `${ctx.ip}:${METRICS_PORTS.controller}`],
      ...(ctx.store === undefined ? [] : ['--store', ctx.store]),
    ],
    { env: labEnv({ SHOAL_CONFIG: ctx.cliConfig }) },
  )
  if (res.code !== 0) throw new Error(`Cannot init lab controller ${targetKey(ctx.target)}: ${res.stderr.trim()}`)
}

export function startController(ctx: ControllerContext): LabProcess {
  return spawnInNs(
    ctx.ns,
    `${targetKey(ctx.target)} controller`,
    [SHOAL, 'controller', '--data', ctx.dataDir, ...(ctx.args ?? [])],
    logFile(ctx.logDir, ctx.target, 'controller'),
    { env: labEnv(ctx.env) },
  )
}

export interface EtcdMemberContext {
  target: LabTarget
  ns: string
  ip: string
  dataDir: string
  logDir: string
  /** `name=http://ip:2380,…` of every member */
  initial: string
  token: string
}

/** One member of the HA lab's etcd, beside its controller: it dies with its namespace, like a real machine. */
export function startEtcdMember(ctx: EtcdMemberContext): LabProcess {
  const argv = etcdMemberArgs({
    name: targetKey(ctx.target),
    dataDir: ctx.dataDir,
    clientUrl: `http://${ctx.ip}:${PORTS.etcdClient}`,
    peerUrl: `http://${ctx.ip}:${PORTS.etcdPeer}`,
    initial: ctx.initial,
    token: ctx.token,
  })
  return spawnInNs(ctx.ns, `${targetKey(ctx.target)} etcd`, ['etcd', ...argv], logFile(ctx.logDir, ctx.target, 'etcd'))
}
