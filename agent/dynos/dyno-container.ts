// What a dyno's container looks like: the spec checked once at the edge (RunSpec), the labels that let a restarted
// agent find and adopt its containers, the Heroku environment, the limits of the dyno's size, and the small init
// that gives the command Heroku's shell (`.profile.d/*.sh`, then `$HOME/.profile`, then `bash -c COMMAND`).

import { createHash } from 'node:crypto'
import type { DynoSpec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { ContainerSpec, NetworkSpec } from '../docker/docker-client.ts'
import { DOCKER_CPU_SHARES_PER_SHARE, dynoSize, R15_QUOTA_MULTIPLE } from './dyno-sizes.ts'

/** A DynoSpec with every field present and checked. */
export interface RunSpec {
  id: string
  app: string
  processType: string
  name: string
  release: number
  slugSha256: string
  command: string
  env: Record<string, string>
  size: string
  /** 0: the agent assigns one */
  port: number
  stack: string
  oneOff: boolean
}

export const LABEL = {
  managed: 'shoal.managed',
  dynoId: 'shoal.dyno-id',
  app: 'shoal.app',
  name: 'shoal.name',
  processType: 'shoal.process-type',
  release: 'shoal.release',
  spec: 'shoal.spec',
  port: 'shoal.port',
  /** the agent (peer id) that owns the container: agents sharing one engine (tests) never touch each other's */
  host: 'shoal.host',
} as const

export const APP_HOME = '/app'

/** `bridge`: the agent's dyno network (`name`, agent/dynos/dyno-network.ts; Docker's default bridge when unset),
 *  PORT published on the same host port at `hostIp`, the host's cluster address ('' = every address);
 *  `host`: the dyno shares the host's network and binds the PORT it is given (only for tests of the runner). */
export type DynoNetwork = { mode: 'host' } | { mode: 'bridge'; name?: string; hostIp?: string }

export interface ContainerOptions {
  network: DynoNetwork
  /** the stack's unprivileged user */
  user: string
  /** PID 1: forwards signals to the command's whole process group (Heroku signals every process) and reaps */
  initCommand: string[]
  stopTimeoutMs: number
}

export const DEFAULT_CONTAINER_OPTIONS: ContainerOptions = {
  network: { mode: 'host' },
  user: 'dyno',
  initCommand: ['/usr/bin/tini', '-g', '--'],
  stopTimeoutMs: 30_000,
}

// Runs as `bash -c DYNO_INIT shoal-dyno COMMAND`. The command is kept in a variable the sourced files are unlikely
// to touch, and `set --` so they see no arguments, as on Heroku. `exec bash -c` keeps compound commands
// (`a && b`) intact; bash itself execs a simple command, so the app ends up as the init's direct child.
export const DYNO_INIT = [
  '__shoal_command=$1',
  'set --',
  'for __shoal_f in /app/.profile.d/*.sh; do if [ -r "$__shoal_f" ]; then . "$__shoal_f"; fi; done',
  'unset __shoal_f',
  'if [ -r "$HOME/.profile" ]; then . "$HOME/.profile"; fi',
  'exec bash -c "$__shoal_command"',
].join('\n')

const NAME = /^[a-z0-9][a-z0-9_-]*\.[0-9]+$/
const SHA256 = /^[0-9a-f]{64}$/
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Checks a DynoSpec from the wire once; everything after works with RunSpec. */
export function toRunSpec(d: DynoSpec): RunSpec {
  const id = d.id ?? ''
  const name = d.name ?? ''
  const what = `dyno ${name || id || '(unnamed)'}${d.app ? ` of app ${d.app}` : ''}`
  const bad = (why: string) => new ShoalError('INVALID_INPUT', `Cannot run ${what}: ${why}`)
  if (id === '' || id.length > 128) throw bad('the id is empty or longer than 128 characters')
  if (!d.app) throw bad('the app is missing')
  if (!NAME.test(name)) throw bad(`the name "${name}" is not TYPE.N`)
  const processType = d.processType || name.slice(0, name.lastIndexOf('.'))
  if (!SHA256.test(d.slugSha256 ?? '')) throw bad('the slug sha256 is not 64 hex digits')
  if (!d.command?.trim()) throw bad('the command is empty')
  if (!d.stack) throw bad('the stack image is missing')
  const port = d.port ?? 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw bad(`the port ${port} is out of range`)
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(d.env ?? {})) {
    if (!ENV_KEY.test(k)) throw bad(`the config var name "${k}" is not valid`)
    env[k] = v
  }
  return {
    id,
    app: d.app,
    processType,
    name,
    release: d.release ?? 0,
    slugSha256: d.slugSha256 as string,
    command: d.command,
    env,
    size: dynoSize(d.size).name,
    port,
    stack: d.stack,
    oneOff: d.oneOff === true,
  }
}

/** A digest of everything that, when changed, needs a new container (not the agent-assigned port). */
export function specHash(s: RunSpec): string {
  const env = Object.keys(s.env)
    .sort()
    .map((k) => [k, s.env[k]])
  const material = JSON.stringify([
    s.app,
    s.processType,
    s.name,
    s.release,
    s.slugSha256,
    s.command,
    env,
    s.size,
    s.port,
    s.stack,
    s.oneOff,
  ])
  return createHash('sha256').update(material).digest('hex').slice(0, 32)
}

/** Docker allows [a-zA-Z0-9][a-zA-Z0-9_.-]* in names; the id suffix keeps two assignments of web.1 apart. */
/** Unique per dyno id (a hash of the whole id): two releases of web.1 must never share a name. */
export function containerName(s: RunSpec): string {
  const id = createHash('sha256').update(s.id).digest('hex').slice(0, 12)
  return `shoal-${s.app}-${s.name.replace('.', '-')}-${id}`
}

export function dynoLabels(s: RunSpec, port: number, hostId = ''): Record<string, string> {
  return {
    ...(hostId !== '' ? { [LABEL.host]: hostId } : {}),
    [LABEL.managed]: 'true',
    [LABEL.dynoId]: s.id,
    [LABEL.app]: s.app,
    [LABEL.name]: s.name,
    [LABEL.processType]: s.processType,
    [LABEL.release]: String(s.release),
    [LABEL.spec]: specHash(s),
    [LABEL.port]: String(port),
  }
}

/** Config vars first; the platform's own variables win over config vars of the same name, as on Heroku. */
export function dynoEnv(s: RunSpec, port: number): Record<string, string> {
  return { ...s.env, PORT: String(port), DYNO: s.name, HOME: APP_HOME }
}

/** Where this container of the dyno runs: its image, its PORT, the agent that owns it. */
export interface Placement {
  image: string
  port: number
  hostId?: string
}

export function dynoContainerSpec(
  s: RunSpec,
  { image, port, hostId = '' }: Placement,
  opts: ContainerOptions = DEFAULT_CONTAINER_OPTIONS,
): ContainerSpec {
  const size = dynoSize(s.size)
  const network: NetworkSpec =
    opts.network.mode === 'host'
      ? { mode: 'host' }
      : {
          mode: 'bridge',
          ...(opts.network.name ? { name: opts.network.name } : {}),
          ports: [
            { containerPort: port, hostPort: port, ...(opts.network.hostIp ? { hostIp: opts.network.hostIp } : {}) },
          ],
        }
  return {
    image,
    name: containerName(s),
    entrypoint: [...opts.initCommand, '/bin/bash', '-c', DYNO_INIT, 'shoal-dyno'],
    cmd: [s.command],
    env: dynoEnv(s, port),
    labels: dynoLabels(s, port, hostId),
    user: opts.user,
    workingDir: APP_HOME,
    network,
    // R14 past the quota, R15 (the kernel's OOM kill) past the multiple: agent/dynos/dyno-stats.ts
    memoryBytes: size.memoryBytes * R15_QUOTA_MULTIPLE,
    cpuShares: size.cpuShares * DOCKER_CPU_SHARES_PER_SHARE,
    pidsLimit: size.pidsLimit,
    noNewPrivileges: true,
    capDrop: ['ALL'],
    stopSignal: 'SIGTERM',
    stopTimeoutSeconds: Math.ceil(opts.stopTimeoutMs / 1000),
  }
}
