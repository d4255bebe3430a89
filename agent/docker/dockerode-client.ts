// DockerClient over dockerode: maps the narrow calls onto the Engine API, turns engine failures into ShoalErrors,
// and makes the idempotent calls (stop a stopped container, remove a removed one) no-ops.

import { PassThrough, Readable, type Writable } from 'node:stream'
import Docker from 'dockerode'
import { ShoalError } from '../../proto/errors.ts'
import type { ContainerSpec, ContainerStatus, DockerClient, OutputStreams } from './docker-client.ts'

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock'

interface EngineError {
  statusCode?: number
  code?: string
  message?: string
  json?: { message?: string } | null
}

function engineError(err: unknown): EngineError {
  return typeof err === 'object' && err !== null ? (err as EngineError) : {}
}

function statusOf(err: unknown): number | undefined {
  return engineError(err).statusCode
}

/** Turns a dockerode failure into a ShoalError that says what failed and why. */
function wrap(what: string, socket: string, err: unknown): ShoalError {
  if (err instanceof ShoalError) return err
  const e = engineError(err)
  const reason = (e.json?.message ?? e.message ?? String(err)).trim()
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'EACCES') {
    return new ShoalError('UNAVAILABLE', `Cannot ${what}: no Docker engine answers on ${socket} (${e.code})`, {
      cause: err,
    })
  }
  if (e.code === 'ABORT_ERR' || (err instanceof Error && err.name === 'AbortError')) {
    return new ShoalError('TIMEOUT', `Cannot ${what}: aborted`, { cause: err })
  }
  const code = e.statusCode === 404 ? 'NOT_FOUND' : e.statusCode === 409 ? 'CONFLICT' : 'INTERNAL'
  return new ShoalError(code, `Cannot ${what}: ${reason}`, { cause: err })
}

function addressOf(networks: Record<string, { IPAddress?: string }> | undefined): { ipAddress?: string } {
  for (const n of Object.values(networks ?? {})) if (n.IPAddress) return { ipAddress: n.IPAddress }
  return {}
}

function parseTime(value: string | undefined): number | null {
  if (value === undefined || value.startsWith('0001-')) return null
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? null : ms
}

function toHostConfig(spec: ContainerSpec): Docker.HostConfig {
  const host: Docker.HostConfig = {}
  const network = spec.network ?? { mode: 'bridge' }
  host.NetworkMode = network.mode === 'bridge' ? (network.name ?? 'bridge') : network.mode
  if (network.mode === 'bridge' && network.ports !== undefined) {
    const bindings: Docker.PortMap = {}
    for (const p of network.ports) {
      bindings[`${p.containerPort}/${p.protocol ?? 'tcp'}`] = [{ HostIp: p.hostIp ?? '', HostPort: String(p.hostPort) }]
    }
    host.PortBindings = bindings
  }
  if (spec.memoryBytes !== undefined) {
    host.Memory = spec.memoryBytes
    host.MemorySwap = spec.memoryBytes // no swap beyond the limit, like a dyno's hard memory quota
  }
  if (spec.cpuShares !== undefined) host.CpuShares = spec.cpuShares
  if (spec.pidsLimit !== undefined) host.PidsLimit = spec.pidsLimit
  if (spec.noNewPrivileges === true) host.SecurityOpt = ['no-new-privileges:true']
  if (spec.capDrop !== undefined) host.CapDrop = spec.capDrop
  if (spec.capAdd !== undefined) host.CapAdd = spec.capAdd
  if (spec.readonlyRootfs !== undefined) host.ReadonlyRootfs = spec.readonlyRootfs
  if (spec.tmpfs !== undefined) host.Tmpfs = spec.tmpfs
  if (spec.binds !== undefined) host.Binds = spec.binds
  if (spec.init !== undefined) host.Init = spec.init
  if (spec.autoRemove !== undefined) host.AutoRemove = spec.autoRemove
  return host
}

export function toCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const opts: Docker.ContainerCreateOptions = { Image: spec.image, HostConfig: toHostConfig(spec) }
  if (spec.name !== undefined) opts.name = spec.name
  if (spec.cmd !== undefined) opts.Cmd = spec.cmd
  if (spec.entrypoint !== undefined) opts.Entrypoint = spec.entrypoint
  if (spec.env !== undefined) opts.Env = Object.entries(spec.env).map(([k, v]) => `${k}=${v}`)
  if (spec.labels !== undefined) opts.Labels = spec.labels
  if (spec.user !== undefined) opts.User = spec.user
  if (spec.workingDir !== undefined) opts.WorkingDir = spec.workingDir
  if (spec.stopSignal !== undefined) opts.StopSignal = spec.stopSignal
  if (spec.stopTimeoutSeconds !== undefined) opts.StopTimeout = spec.stopTimeoutSeconds
  if (spec.tty !== undefined) opts.Tty = spec.tty
  if (spec.openStdin === true) {
    opts.OpenStdin = true
    opts.StdinOnce = true
    opts.AttachStdin = true
  }
  if (spec.network?.mode === 'bridge' && spec.network.ports !== undefined) {
    const exposed: Record<string, object> = {}
    for (const p of spec.network.ports) exposed[`${p.containerPort}/${p.protocol ?? 'tcp'}`] = {}
    opts.ExposedPorts = exposed
  }
  return opts
}

/** Splits Docker's multiplexed stream (tty off) into stdout and stderr; with a tty everything is stdout. */
function splitOutput(modem: Docker['modem'], raw: NodeJS.ReadableStream, tty: boolean): OutputStreams {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  if (tty) raw.pipe(stdout)
  else modem.demuxStream(raw, stdout, stderr)
  const finish = () => {
    stdout.end()
    stderr.end()
  }
  raw.on('end', finish)
  raw.on('close', finish)
  raw.on('error', (err: Error) => {
    stdout.destroy(err)
    stderr.end()
  })
  const close = () => {
    const destroyable = raw as NodeJS.ReadableStream & { destroy?: () => void }
    destroyable.destroy?.()
    finish()
  }
  return { stdout, stderr, close }
}

function labelFilter(labels: Record<string, string>): string[] {
  return Object.entries(labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`))
}

export function createDockerClient(socketPath: string = DEFAULT_DOCKER_SOCKET): DockerClient {
  const docker = new Docker({ socketPath })
  const fail = (what: string) => (err: unknown) => {
    throw wrap(what, socketPath, err)
  }
  const followProgress = (stream: NodeJS.ReadableStream, onLog?: (line: string) => void) =>
    new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err: Error | null, events: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
          if (err !== null) return reject(err)
          const failed = events.find((e) => e.error !== undefined || e.errorDetail !== undefined)
          if (failed !== undefined) return reject(new Error(failed.errorDetail?.message ?? failed.error))
          resolve()
        },
        (event: { stream?: string; status?: string }) => {
          const text = event.stream ?? event.status
          if (onLog !== undefined && text !== undefined) {
            for (const line of text.split('\n')) if (line.trim() !== '') onLog(line)
          }
        },
      )
    })

  return {
    async ping(opts = {}) {
      // The typings lack ping's options argument; dockerode accepts { abortSignal }.
      const ping = docker.ping.bind(docker) as (o: { abortSignal?: AbortSignal }) => Promise<unknown>
      await ping(opts.signal !== undefined ? { abortSignal: opts.signal } : {}).catch(fail('reach Docker'))
    },

    async imageExists(tag) {
      return (await this.inspectImage(tag)) !== null
    },

    async inspectImage(tag) {
      try {
        const info = await docker.getImage(tag).inspect()
        return { id: info.Id, sizeBytes: info.Size, labels: info.Config?.Labels ?? {} }
      } catch (err) {
        if (statusOf(err) === 404) return null
        throw wrap(`inspect image ${tag}`, socketPath, err)
      }
    },

    async importImage(tar, tag, opts = {}) {
      const colon = tag.lastIndexOf(':')
      const repo = colon > tag.lastIndexOf('/') ? tag.slice(0, colon) : tag
      const version = colon > tag.lastIndexOf('/') ? tag.slice(colon + 1) : 'latest'
      const query: Record<string, unknown> = { repo, tag: version }
      if (opts.changes !== undefined) query['changes'] = opts.changes
      if (opts.signal !== undefined) query['abortSignal'] = opts.signal
      try {
        const progress = await docker.importImage(tar, query)
        await followProgress(progress)
      } catch (err) {
        throw wrap(`import image ${tag}`, socketPath, err)
      }
    },

    async buildImage(context, tag, opts = {}) {
      const query: Record<string, unknown> = { t: tag, pull: false, rm: true, forcerm: true }
      if (opts.signal !== undefined) query['abortSignal'] = opts.signal
      try {
        const progress = await docker.buildImage(context, query)
        await followProgress(progress, opts.onLog)
      } catch (err) {
        throw wrap(`build image ${tag}`, socketPath, err)
      }
    },

    async removeImage(tag, opts = {}) {
      try {
        await docker.getImage(tag).remove({ force: opts.force === true })
      } catch (err) {
        if (statusOf(err) !== 404) throw wrap(`remove image ${tag}`, socketPath, err)
      }
    },

    async createContainer(spec) {
      const label = spec.name ?? spec.image
      const container = await docker.createContainer(toCreateOptions(spec)).catch(fail(`create container ${label}`))
      return container.id
    },

    async startContainer(id) {
      try {
        await docker.getContainer(id).start()
      } catch (err) {
        if (statusOf(err) !== 304) throw wrap(`start container ${id}`, socketPath, err) // 304: already running
      }
    },

    async stopContainer(id, timeoutSeconds) {
      try {
        await docker.getContainer(id).stop({ t: timeoutSeconds })
      } catch (err) {
        if (statusOf(err) !== 304) throw wrap(`stop container ${id}`, socketPath, err) // 304: already stopped
      }
    },

    async killContainer(id, signal = 'SIGKILL') {
      try {
        await docker.getContainer(id).kill({ signal })
      } catch (err) {
        if (statusOf(err) !== 409) throw wrap(`kill container ${id}`, socketPath, err) // 409: not running
      }
    },

    async removeContainer(id, opts = {}) {
      try {
        await docker.getContainer(id).remove({ force: opts.force === true, v: true })
      } catch (err) {
        const status = statusOf(err)
        // 404: already gone; 409 "removal already in progress" (AutoRemove racing us) ends the same way.
        if (status !== 404 && !(status === 409 && /already in progress/.test(String(engineError(err).message)))) {
          throw wrap(`remove container ${id}`, socketPath, err)
        }
      }
    },

    async inspectContainer(id) {
      try {
        const info = await docker.getContainer(id).inspect()
        const status = info.State.Status as ContainerStatus
        return {
          id: info.Id,
          name: info.Name.replace(/^\//, ''),
          image: info.Config.Image,
          labels: info.Config.Labels ?? {},
          status,
          running: info.State.Running,
          exitCode: status === 'created' || info.State.Running ? null : info.State.ExitCode,
          oomKilled: info.State.OOMKilled,
          pid: info.State.Pid,
          startedAt: parseTime(info.State.StartedAt),
          finishedAt: parseTime(info.State.FinishedAt),
          ...addressOf(info.NetworkSettings?.Networks),
        }
      } catch (err) {
        if (statusOf(err) === 404) return null
        throw wrap(`inspect container ${id}`, socketPath, err)
      }
    },

    async listContainers(labels) {
      const list = await docker
        .listContainers({ all: true, filters: { label: labelFilter(labels) } })
        .catch(fail('list containers'))
      return list.map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? '').replace(/^\//, ''),
        image: c.Image,
        labels: c.Labels ?? {},
        status: c.State as ContainerStatus,
      }))
    },

    async attachContainer(id, opts = {}) {
      const stdin = opts.stdin === true
      const raw = (await docker
        .getContainer(id)
        .attach({ stream: true, stdout: true, stderr: true, stdin, hijack: stdin, logs: false })
        .catch(fail(`attach to container ${id}`))) as NodeJS.ReadWriteStream
      return {
        ...splitOutput(docker.modem, raw, opts.tty === true),
        stdin: stdin ? (raw as unknown as Writable) : null,
      }
    },

    async containerLogs(id, opts = {}) {
      const query = {
        follow: opts.follow === true,
        stdout: true,
        stderr: true,
        ...(opts.sinceSeconds !== undefined ? { since: opts.sinceSeconds } : {}),
        ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
        ...(opts.signal !== undefined ? { abortSignal: opts.signal } : {}),
      }
      const result = (await docker
        .getContainer(id)
        .logs(query as Docker.ContainerLogsOptions & { follow: true })
        .catch(fail(`read logs of container ${id}`))) as NodeJS.ReadableStream | Buffer
      // Without follow the engine answers with one buffer rather than a stream.
      const raw = Buffer.isBuffer(result) ? Readable.from([result]) : result
      return splitOutput(docker.modem, raw, opts.tty === true)
    },

    async waitContainer(id, opts = {}) {
      const query: Record<string, unknown> = { condition: opts.condition ?? 'not-running' }
      if (opts.signal !== undefined) query['abortSignal'] = opts.signal
      const result = (await docker
        .getContainer(id)
        .wait(query)
        .catch(fail(`wait for container ${id}`))) as { StatusCode: number; Error?: { Message?: string } | null }
      if (result.Error?.Message)
        throw new ShoalError('INTERNAL', `Cannot wait for container ${id}: ${result.Error.Message}`)
      return { exitCode: result.StatusCode }
    },

    async containerStats(id) {
      let raw: EngineStats
      try {
        // one-shot (API 1.41): one reading at once, without the engine's 1 s wait for a second CPU sample
        raw = (await docker.getContainer(id).stats({ stream: false, 'one-shot': true } as {
          stream: false
        })) as EngineStats
      } catch (err) {
        if (statusOf(err) === 404 || statusOf(err) === 409) return null
        throw wrap(`read stats of container ${id}`, socketPath, err)
      }
      return toContainerStats(raw)
    },

    async inspectNetwork(name) {
      try {
        const info = (await docker.getNetwork(name).inspect()) as {
          Id: string
          Name: string
          IPAM?: { Config?: Array<{ Subnet?: string }> }
          Options?: Record<string, string>
          Labels?: Record<string, string>
        }
        const options = info.Options ?? {}
        return {
          id: info.Id,
          name: info.Name,
          subnets: (info.IPAM?.Config ?? []).flatMap((c) => (c.Subnet ? [c.Subnet] : [])),
          bridge: options['com.docker.network.bridge.name'] ?? '',
          icc: options['com.docker.network.bridge.enable_icc'] !== 'false',
          labels: info.Labels ?? {},
        }
      } catch (err) {
        if (statusOf(err) === 404) return null
        throw wrap(`inspect network ${name}`, socketPath, err)
      }
    },

    async createNetwork(spec) {
      const network = await docker
        .createNetwork({
          Name: spec.name,
          Driver: 'bridge',
          CheckDuplicate: true,
          IPAM: { Driver: 'default', Config: [{ Subnet: spec.subnet, Gateway: spec.gateway }] },
          Options: {
            'com.docker.network.bridge.name': spec.bridge,
            'com.docker.network.bridge.enable_icc': String(spec.icc),
            'com.docker.network.bridge.enable_ip_masquerade': 'true',
          },
          Labels: spec.labels ?? {},
        })
        .catch(fail(`create network ${spec.name}`))
      return network.id
    },

    async removeNetwork(name) {
      try {
        await docker.getNetwork(name).remove()
      } catch (err) {
        if (statusOf(err) === 404) return
        throw wrap(`remove network ${name}`, socketPath, err)
      }
    },
  }
}

interface EngineStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number } }
  memory_stats?: { usage?: number; stats?: Record<string, number> }
}

/** cgroup v1 names first (total_* counts the container's whole hierarchy), then v2's; a stopped container reads
 *  as no memory at all: null. */
export function toContainerStats(raw: EngineStats): import('./docker-client.ts').ContainerStats | null {
  const mem = raw.memory_stats
  if (mem?.usage === undefined || mem.stats === undefined) return null
  const st = mem.stats
  const pick = (...names: string[]): number => {
    for (const n of names) if (typeof st[n] === 'number') return st[n]
    return 0
  }
  return {
    cpuUsageNs: raw.cpu_stats?.cpu_usage?.total_usage ?? 0,
    rssBytes: pick('total_rss', 'rss', 'anon'),
    cacheBytes: pick('total_cache', 'cache', 'file'),
    swapBytes: pick('total_swap', 'swap'),
    pgpgin: pick('total_pgpgin', 'pgpgin'),
    pgpgout: pick('total_pgpgout', 'pgpgout'),
  }
}
