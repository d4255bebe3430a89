// What a DynoRunner is given: its components (Docker, images, clock, log sink, port probe, routing hooks) and its
// options with their defaults. The manager passes the same components to every runner.

import type { Clock } from '../../lib/clock.ts'
import type { Logger } from '../../lib/logger.ts'
import type { LogLine } from '../../proto/codec.ts'
import type { DockerClient } from '../docker/docker-client.ts'
import type { BackoffPolicy } from './backoff.ts'
import type { ContainerOptions } from './dyno-container.ts'
import type { DynoHooks } from './dyno-hooks.ts'
import type { ProbePort } from './port-probe.ts'

export type RunnerDocker = Pick<
  DockerClient,
  | 'createContainer'
  | 'startContainer'
  | 'killContainer'
  | 'removeContainer'
  | 'inspectContainer'
  | 'attachContainer'
  | 'containerLogs'
  | 'waitContainer'
>

/** Release images by slug and stack (ReleaseImages in production). */
export interface ImageProvider {
  ensure(slugSha256: string, stackTag: string, signal?: AbortSignal): Promise<string>
}

export interface DynoRunnerDeps {
  docker: RunnerDocker
  images: ImageProvider
  clock: Clock
  log: (line: LogLine) => void
  probePort: ProbePort
  hooks?: DynoHooks
  hostId?: string
  logger?: Logger
}

export interface DynoRunnerOptions {
  /** the PORT this dyno gets */
  port: number
  container?: ContainerOptions
  bootTimeoutMs?: number
  /** SIGTERM → SIGKILL grace; also the container's own stop timeout */
  stopTimeoutMs?: number
  probeIntervalMs?: number
  /** where the boot probe connects; defaultProbeHost(network) when unset */
  probeHost?: string
  backoff?: BackoffPolicy
}
