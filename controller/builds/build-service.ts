import type { Readable } from 'node:stream'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import type { BlobStore } from '../../lib/blob-store.ts'
import { uuid } from '../../lib/ids.ts'
import type { Logger } from '../../lib/logger.ts'
import { fetchBlob } from '../../mesh/blob-transfer.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { BuildEventCodec, BuildRequestCodec, type BuildResult } from '../../proto/codec.ts'
import { BUILD_RESOURCES } from '../../proto/dyno-sizes.ts'
import { ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_BUILD } from '../../proto/topics.ts'
import type { HostRegistry } from '../host-registry.ts'
import type { ClusterBookings } from '../orchestrator/cluster-bookings.ts'

export interface BuildLimits {
  /** Largest accepted source archive (compressed). */
  maxSourceBytes: number
  /** Largest slug (compressed); Heroku's is 500 MB. */
  maxSlugBytes: number
  /** Compile time limit; Heroku's is 15 minutes. */
  timeoutS: number
}

export const DEFAULT_BUILD_LIMITS: BuildLimits = {
  maxSourceBytes: 200 * 1024 ** 2,
  maxSlugBytes: 500 * 1024 ** 2,
  timeoutS: 15 * 60,
}

export interface BuiltSlug {
  sha256: string
  size: number
  processTypes: Record<string, string>
  buildpacks: string[]
  commit: string | null
  durationMs: number
}

export interface BuildServiceDeps {
  node: MeshLibp2p
  blobs: BlobStore
  /** Host names for the log line. */
  hosts: Pick<HostRegistry, 'views'>
  /** The cluster's placer and bookings (orchestrator/cluster-bookings.ts): builds go where a one-off would. */
  bookings: Pick<ClusterBookings, 'place' | 'bookBuild'>
  logger: Logger
  limits?: Partial<BuildLimits>
  /** Told when a build ends (metrics). */
  onFinished?: (outcome: 'succeeded' | 'failed', seconds: number) => void
  /** The config vars the build sees (the app's current ones), and custom buildpacks. */
  appBuildInputs(app: string): Promise<{
    env: Record<string, string>
    buildpacks: string[]
  }>
}

export interface BuildOptions {
  commit?: string | undefined
  signal?: AbortSignal | undefined
  /** Size the client announced (Content-Length), checked before any byte is read. */
  declaredBytes?: number | undefined
}

/**
 * Builds run on an agent, never in the controller: the source is stored here (content-addressed), an alive agent is
 * asked over PROTOCOL_BUILD to build it, its log lines are relayed as they come, and the slug is copied back here.
 */
export class BuildService {
  readonly limits: BuildLimits
  readonly #deps: BuildServiceDeps

  constructor(deps: BuildServiceDeps) {
    this.#deps = deps
    this.limits = { ...DEFAULT_BUILD_LIMITS, ...deps.limits }
  }

  async build(
    app: string,
    source: Readable,
    onLine: (line: string) => void,
    options: BuildOptions = {},
  ): Promise<BuiltSlug> {
    const started = performance.now()
    try {
      const slug = await this.#upload(app, source, onLine, options)
      this.#deps.onFinished?.('succeeded', (performance.now() - started) / 1000)
      return slug
    } catch (err) {
      this.#deps.onFinished?.('failed', (performance.now() - started) / 1000)
      throw err
    }
  }

  async #upload(
    app: string,
    source: Readable,
    onLine: (line: string) => void,
    options: BuildOptions,
  ): Promise<BuiltSlug> {
    const max = this.limits.maxSourceBytes
    if (options.declaredBytes !== undefined && options.declaredBytes > max) {
      throw new ShoalError(
        'PAYLOAD_TOO_LARGE',
        `Cannot build ${app}: the source is ${mb(options.declaredBytes)}, over the limit of ${mb(max)}`,
      )
    }
    let stored: { sha256: string; size: number }
    try {
      stored = await this.#deps.blobs.put(source, {
        maxBytes: max,
        ...(options.signal ? { signal: options.signal } : {}),
      })
    } catch (err) {
      if (err instanceof ShoalError && err.code === 'PAYLOAD_TOO_LARGE') {
        throw new ShoalError('PAYLOAD_TOO_LARGE', `Cannot build ${app}: the source is over the limit of ${mb(max)}`)
      }
      throw err
    }
    const inputs = await this.#deps.appBuildInputs(app)
    const buildId = uuid()
    // The build's container limits are booked on its host while it runs: the round sees them as a reservation.
    const hostId = this.#deps.bookings.place({ resources: BUILD_RESOURCES }, `Cannot build ${app}`)
    const release = this.#deps.bookings.bookBuild(buildId, hostId, BUILD_RESOURCES)
    try {
      return await this.#build(app, hostId, buildId, stored.sha256, inputs, onLine, options)
    } finally {
      release()
    }
  }

  async #build(
    app: string,
    hostId: string,
    buildId: string,
    sourceSha256: string,
    inputs: { env: Record<string, string>; buildpacks: string[] },
    onLine: (line: string) => void,
    options: BuildOptions,
  ): Promise<BuiltSlug> {
    const host = { id: hostId, hostname: this.#deps.hosts.views().find((h) => h.id === hostId)?.hostname ?? hostId }
    onLine(`-----> Building on ${host.hostname} (${host.id.slice(-8)})`)
    const result = await this.#remoteBuild(
      host.id,
      {
        buildId,
        app,
        sourceSha256,
        sourcePeer: this.#deps.node.peerId.toString(),
        buildpacks: inputs.buildpacks,
        env: inputs.env,
        maxSlugBytes: this.limits.maxSlugBytes,
        timeoutS: this.limits.timeoutS,
      },
      onLine,
      options.signal,
    )
    if (result.ok !== true) {
      throw new ShoalError(
        (result.code as ShoalError['code'] | undefined) ?? 'INTERNAL',
        result.message || 'Build failed',
      )
    }
    const sha = result.slugSha256 ?? ''
    if (!(await this.#deps.blobs.has(sha))) {
      await fetchBlob(this.#deps.node, peerIdFromString(host.id), sha, this.#deps.blobs, {
        maxBytes: this.limits.maxSlugBytes,
      })
    }
    return {
      sha256: sha,
      size: Number(result.slugSize ?? 0),
      processTypes: { ...(result.processTypes ?? {}) },
      buildpacks: [...(result.buildpacks ?? [])],
      commit: options.commit ?? null,
      durationMs: Number(result.durationMs ?? 0),
    }
  }

  async #remoteBuild(
    hostId: string,
    req: Parameters<typeof BuildRequestCodec.encode>[0],
    onLine: (line: string) => void,
    signal: AbortSignal | undefined,
  ): Promise<BuildResult> {
    const stream = await this.#deps.node.dialProtocol(peerIdFromString(hostId), PROTOCOL_BUILD, {
      signal: signal ?? AbortSignal.timeout(30_000),
    })
    const lp = lpStream(stream, { maxDataLength: 4 * 1024 * 1024 })
    try {
      await lp.write(BuildRequestCodec.encode(req))
      // Allow the stack to be built first on a new host, on top of the compile limit.
      const deadline = AbortSignal.timeout((this.limits.timeoutS + 30 * 60) * 1000)
      const readSignal = signal === undefined ? deadline : AbortSignal.any([signal, deadline])
      for (;;) {
        const event = BuildEventCodec.decode((await lp.read({ signal: readSignal })).subarray())
        if (event.result !== null && event.result !== undefined) {
          await stream.close().catch(() => {})
          return event.result
        }
        if (typeof event.log === 'string' && event.log !== '') onLine(event.log)
      }
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error(String(err)))
      if (err instanceof ShoalError) throw err
      throw new ShoalError(
        'UNAVAILABLE',
        `Build failed: lost the build host (${err instanceof Error ? err.message : err})`,
      )
    }
  }
}

function mb(bytes: number): string {
  return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MB`
}
