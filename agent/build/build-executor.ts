import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import type { BlobStore } from '../../lib/blob-store.ts'
import type { Logger } from '../../lib/logger.ts'
import type { BuildRequest, BuildResult } from '../../proto/codec.ts'
import { BUILD_RESOURCES } from '../../proto/dyno-sizes.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { DockerClient } from '../docker/docker-client.ts'

export const BUILDPACKS_DIR = resolve(import.meta.dirname, '..', '..', 'buildpacks')

/** shoal-build's exit statuses (see buildpacks/shoal-build) → what the user reads. */
const EXIT_REASONS: Record<number, string> = {
  2: 'the build inputs are invalid',
  3: 'no buildpack detected the app',
  4: 'a given buildpack does not detect the app',
  5: 'a buildpack could not be fetched',
  6: 'a buildpack failed to compile the app',
  7: 'a buildpack failed to describe its process types',
  8: 'the Procfile is invalid',
}

export interface BuildExecutorDeps {
  docker: Pick<
    DockerClient,
    'createContainer' | 'startContainer' | 'attachContainer' | 'waitContainer' | 'killContainer' | 'removeContainer'
  >
  blobs: BlobStore
  /** DIR/builds (workspaces) and DIR/cache (per-app build caches) live here. */
  workDir: string
  logger: Logger
  /** Resolves to the stack image tag, building or fetching the stack first if this host lacks it. */
  ensureStack(onLog: (line: string) => void, signal: AbortSignal): Promise<string>
  /** Brings the source blob into `blobs`. */
  fetchSource(sha256: string, signal: AbortSignal): Promise<void>
  /** The Docker network builds run on (the dyno network: the outside world, not the host's platform ports). */
  network?: string
}

/**
 * Runs one build in a container of the stack image: the app source, a per-app cache, the config vars as ENV_DIR
 * and the built-in buildpacks are mounted; shoal-build turns them into /out/slug.tgz and /out/result.json. The
 * slug goes into the host's blob store, where the controller (and later other hosts) fetch it.
 */
export async function runBuild(
  deps: BuildExecutorDeps,
  req: BuildRequest,
  onLog: (line: string) => void,
  signal: AbortSignal,
): Promise<BuildResult> {
  const started = Date.now()
  const buildId = (req.buildId ?? '').replace(/[^A-Za-z0-9-]/g, '')
  const app = req.app ?? ''
  if (buildId === '' || !/^[a-z][a-z0-9-]{1,28}[a-z0-9]$/.test(app)) {
    throw new ShoalError('INVALID_INPUT', 'Cannot build: the request lacks a build id or a valid app name')
  }
  const timeoutMs = (req.timeoutS || 15 * 60) * 1000
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
  const ws = join(deps.workDir, 'builds', buildId)
  const cache = join(deps.workDir, 'cache', app)
  const log = deps.logger.child({ app, build: buildId })
  let container: string | undefined
  try {
    await mkdir(join(ws, 'src'), { recursive: true })
    await mkdir(join(ws, 'env'), { recursive: true })
    await mkdir(join(ws, 'out'), { recursive: true })
    await mkdir(cache, { recursive: true })
    const stack = await deps.ensureStack(onLog, deadline)
    await deps.fetchSource(req.sourceSha256 ?? '', deadline)
    await untar(deps.blobs.path(req.sourceSha256 ?? ''), join(ws, 'src'))
    for (const [k, v] of Object.entries(req.env ?? {})) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) await writeFile(join(ws, 'env', k), v, { mode: 0o600 })
    }
    container = await deps.docker.createContainer({
      image: stack,
      name: `shoal-build-${buildId}`,
      cmd: ['/buildpacks/shoal-build', ...(req.buildpacks ?? [])],
      env: { STACK: stack, SHOAL_BUILDPACKS_HOME: '/buildpacks', HOME: '/tmp' },
      labels: { 'shoal.build': buildId, 'shoal.app': app },
      user: 'root',
      // Builds reach package registries through the dyno bridge (NAT), never the host's platform ports.
      network: deps.network === undefined ? { mode: 'host' } : { mode: 'bridge', name: deps.network },
      // The limits the controller's placer booked for this build.
      memoryBytes: BUILD_RESOURCES.memoryBytes,
      pidsLimit: BUILD_RESOURCES.pids,
      noNewPrivileges: true,
      binds: [
        `${join(ws, 'src')}:/tmp/build`,
        `${cache}:/cache`,
        `${join(ws, 'env')}:/env:ro`,
        `${join(ws, 'out')}:/out`,
        `${BUILDPACKS_DIR}:/buildpacks:ro`,
      ],
    })
    const streams = await deps.docker.attachContainer(container)
    const lines = Promise.all([pump(streams.stdout, onLog), pump(streams.stderr, onLog)])
    const exit = deps.docker.waitContainer(container, { condition: 'next-exit' })
    await deps.docker.startContainer(container)
    const onAbort = (): void => {
      deps.docker.killContainer(container as string).catch(() => {})
    }
    deadline.addEventListener('abort', onAbort)
    const { exitCode } = await exit
    deadline.removeEventListener('abort', onAbort)
    await lines.catch(() => {})
    streams.close()
    if (deadline.aborted) {
      throw new ShoalError('TIMEOUT', `Build failed: it ran longer than the limit of ${timeoutMs / 1000}s`)
    }
    if (exitCode !== 0) {
      const why = EXIT_REASONS[exitCode] ?? `the build exited with status ${exitCode}`
      return {
        ok: false,
        code: exitCode === 3 ? 'INVALID_INPUT' : 'INTERNAL',
        message: `Build failed: ${why}`,
        durationMs: Date.now() - started,
      }
    }
    const result = JSON.parse(readFileSync(join(ws, 'out', 'result.json'), 'utf8')) as {
      processTypes?: Record<string, string>
      buildpacks?: Array<{ name?: string; url?: string }>
    }
    const slugFile = join(ws, 'out', 'slug.tgz')
    if (!existsSync(slugFile)) throw new ShoalError('INTERNAL', 'Build failed: the build produced no slug')
    const max = req.maxSlugBytes || 500 * 1024 ** 2
    const { createReadStream } = await import('node:fs')
    let slug: { sha256: string; size: number }
    try {
      slug = await deps.blobs.put(createReadStream(slugFile), { maxBytes: max })
    } catch (err) {
      if (err instanceof ShoalError && err.code === 'PAYLOAD_TOO_LARGE') {
        return {
          ok: false,
          code: 'PAYLOAD_TOO_LARGE',
          message: `Build failed: the slug is over the limit of ${Math.round(max / 1024 ** 2)} MB`,
          durationMs: Date.now() - started,
        }
      }
      throw err
    }
    log.info({ slug: slug.sha256, size: slug.size, ms: Date.now() - started }, 'build succeeded')
    return {
      ok: true,
      slugSha256: slug.sha256,
      slugSize: slug.size,
      processTypes: result.processTypes ?? {},
      buildpacks: (result.buildpacks ?? []).map((b) => b.name ?? b.url ?? ''),
      durationMs: Date.now() - started,
    }
  } finally {
    if (container !== undefined) await deps.docker.removeContainer(container, { force: true }).catch(() => {})
    // The build ran as the stack's dyno user: its files may not be ours to unlink without root, which the agent is.
    await rm(ws, { recursive: true, force: true }).catch((err: unknown) =>
      log.warn({ err: String(err) }, 'cannot remove build workspace'),
    )
  }
}

async function pump(stream: Readable, onLine: (line: string) => void): Promise<void> {
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) onLine(line)
}

function untar(archive: string, dir: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    // GNU tar refuses members that climb out of dir (`..`, absolute paths) by default.
    const child = spawn('tar', ['-xzf', archive, '-C', dir, '--no-same-owner', '--no-same-permissions'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString()
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0
        ? resolvePromise()
        : reject(
            new ShoalError(
              'INVALID_INPUT',
              `Cannot build: the source archive is not a valid tar.gz (${err.trim().slice(0, 200)})`,
            ),
          ),
    )
  })
}
