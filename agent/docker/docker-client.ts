// The agent's only view of Docker: the few engine calls it makes, in its own types, so tests inject a fake that
// counts calls, delays and fails (Nomad's narrow driver interfaces). createDockerClient() is the dockerode one.
// Consumers take the slice they use, e.g. `Pick<DockerClient, 'imageExists' | 'importImage'>`.
// The implementation over dockerode is in dockerode-client.ts.

import type { Readable, Writable } from 'node:stream'

export { createDockerClient, DEFAULT_DOCKER_SOCKET, toContainerStats, toCreateOptions } from './dockerode-client.ts'

export interface PortBinding {
  containerPort: number
  hostPort: number
  hostIp?: string
  protocol?: 'tcp' | 'udp'
}

/** `host`: the host's network namespace (dynos bind the PORT they are given); `bridge`: a bridge network (Docker's
 *  default one, or the named one, e.g. the agent's dyno network) + published ports. */
export type NetworkSpec = { mode: 'host' } | { mode: 'none' } | { mode: 'bridge'; name?: string; ports?: PortBinding[] }

/** A bridge network the agent creates for its dynos (see agent/dynos/dyno-network.ts). */
export interface BridgeNetworkSpec {
  name: string
  /** the Linux bridge's interface name */
  bridge: string
  subnet: string
  gateway: string
  /** false: containers on the bridge cannot talk to each other directly */
  icc: boolean
  labels?: Record<string, string>
}

export interface NetworkInfo {
  id: string
  name: string
  subnets: string[]
  /** the Linux bridge's interface name ('' when Docker named it) */
  bridge: string
  icc: boolean
  labels: Record<string, string>
}

export interface ContainerSpec {
  image: string
  name?: string
  cmd?: string[]
  entrypoint?: string[]
  env?: Record<string, string>
  labels?: Record<string, string>
  user?: string
  workingDir?: string
  network?: NetworkSpec
  memoryBytes?: number
  cpuShares?: number
  pidsLimit?: number
  noNewPrivileges?: boolean
  capDrop?: string[]
  capAdd?: string[]
  readonlyRootfs?: boolean
  /** mount point → tmpfs options, e.g. `{ '/tmp': 'rw,size=64m' }` */
  tmpfs?: Record<string, string>
  /** `host-path:container-path[:ro]` */
  binds?: string[]
  /** Docker's init as PID 1, so signals reach the process and zombies are reaped. */
  init?: boolean
  tty?: boolean
  openStdin?: boolean
  stopSignal?: string
  stopTimeoutSeconds?: number
  autoRemove?: boolean
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead'

export interface ContainerState {
  id: string
  name: string
  image: string
  labels: Record<string, string>
  status: ContainerStatus
  running: boolean
  exitCode: number | null
  oomKilled: boolean
  pid: number
  /** ms since the epoch, null before the first start */
  startedAt: number | null
  finishedAt: number | null
  /** the container's address on its (first) bridge network, when it has one and runs */
  ipAddress?: string
}

export interface ContainerSummary {
  id: string
  name: string
  image: string
  labels: Record<string, string>
  status: ContainerStatus
}

export interface ImageInfo {
  id: string
  sizeBytes: number
  labels: Record<string, string>
}

/** One reading of a container's cgroup counters (Docker's stats, one-shot: no stream kept open). */
export interface ContainerStats {
  /** CPU time the container has used since it started, ns (a counter: CPU load is the difference of two readings) */
  cpuUsageNs: number
  /** anonymous memory (cgroup v1 `total_rss`, v2 `anon`) */
  rssBytes: number
  /** page cache (v1 `total_cache`, v2 `file`) */
  cacheBytes: number
  /** swap in use (v1 `total_swap` where swap is accounted; 0 otherwise) */
  swapBytes: number
  /** pages read into / written out of memory (v1 `total_pgpgin`/`total_pgpgout`; v2 has no such counters: 0) */
  pgpgin: number
  pgpgout: number
}

export interface OutputStreams {
  stdout: Readable
  stderr: Readable
  /** Ends the streams and releases the connection. */
  close(): void
}

export interface AttachedStreams extends OutputStreams {
  stdin: Writable | null
}

export interface Signalled {
  signal?: AbortSignal
}

export interface DockerClient {
  ping(opts?: Signalled): Promise<void>
  imageExists(tag: string): Promise<boolean>
  inspectImage(tag: string): Promise<ImageInfo | null>
  /** Imports a root filesystem tarball (plain or gzip) as image `tag`; `changes` are Dockerfile lines (ENV, USER…). */
  importImage(tar: Readable, tag: string, opts?: Signalled & { changes?: string[] }): Promise<void>
  /** Builds `tag` from a tar build context holding a Dockerfile (never pulls: the base must exist locally). */
  buildImage(context: Readable, tag: string, opts?: Signalled & { onLog?: (line: string) => void }): Promise<void>
  removeImage(tag: string, opts?: { force?: boolean }): Promise<void>
  createContainer(spec: ContainerSpec): Promise<string>
  startContainer(id: string): Promise<void>
  /** SIGTERM (or the stop signal), then SIGKILL after `timeoutSeconds`. Stopping a stopped container is a no-op. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>
  /** Killing a container that is not running is a no-op. */
  killContainer(id: string, signal?: string): Promise<void>
  /** Removing a container that does not exist is a no-op. */
  removeContainer(id: string, opts?: { force?: boolean }): Promise<void>
  inspectContainer(id: string): Promise<ContainerState | null>
  /** Containers (running or not) carrying every given label; a value of '' matches any value of that label. */
  listContainers(labels: Record<string, string>): Promise<ContainerSummary[]>
  /**
   * Live output only: attach before start to see all of it (earlier output is containerLogs' job; replaying logs
   * on attach duplicates lines written while the attach is set up). With `stdin` the container must have been
   * created with openStdin.
   */
  attachContainer(id: string, opts?: { stdin?: boolean; tty?: boolean }): Promise<AttachedStreams>
  containerLogs(
    id: string,
    opts?: Signalled & { follow?: boolean; sinceSeconds?: number; tail?: number; tty?: boolean },
  ): Promise<OutputStreams>
  /** `next-exit` is the condition to use before start; `not-running` returns at once for a created container. */
  waitContainer(
    id: string,
    opts?: Signalled & { condition?: 'not-running' | 'next-exit' | 'removed' },
  ): Promise<{ exitCode: number }>
  /** One stats reading of a running container; null when it is gone or not running. */
  containerStats(id: string): Promise<ContainerStats | null>
  inspectNetwork(name: string): Promise<NetworkInfo | null>
  /** Creates the network; CONFLICT when one of that name exists. */
  createNetwork(spec: BridgeNetworkSpec): Promise<string>
  /** Removing a network that does not exist is a no-op. */
  removeNetwork(name: string): Promise<void>
}
