// The image a release's dynos run: the stack plus the slug unpacked at /app, built on this host (there is no
// registry) and tagged by slug and stack, so every dyno of a release on a host shares one image and a rebuilt
// stack gets a fresh one. Concurrent requests for one image share one build.

import { randomBytes } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../../lib/logger.ts'
import { silentLogger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { DockerClient } from '../docker/docker-client.ts'
import { buildContext } from './build-context.ts'
import { type Owner, rewriteSlug } from './slug-rewrite.ts'
import { ABORTED, untilAborted } from './until-aborted.ts'

/** Where slugs come from (the blob store, a peer): a local path to the slug's tar.gz, verified or not. */
export interface SlugSource {
  fetch(sha256: string, signal?: AbortSignal): Promise<string>
}

export type ReleaseImageDocker = Pick<DockerClient, 'imageExists' | 'buildImage'>

export const SLUG_IMAGE_REPO = 'shoal/slug'

/** The stack's dyno user (stack/recipe.json). */
export const DYNO_OWNER: Owner = { uid: 61000, gid: 61000, user: 'dyno', group: 'dyno' }

export interface ReleaseImagesOptions {
  docker: ReleaseImageDocker
  slugs: SlugSource
  /** scratch space for the unpacked slug while it is sent to Docker */
  workDir: string
  owner?: Owner
  logger?: Logger
}

/** `shoal/slug:<first 16 hex of the slug's sha256>-<stack version>` */
export function releaseImageTag(slugSha256: string, stackTag: string): string {
  const colon = stackTag.lastIndexOf(':')
  const version = colon > stackTag.lastIndexOf('/') ? stackTag.slice(colon + 1) : 'latest'
  return `${SLUG_IMAGE_REPO}:${slugSha256.slice(0, 16)}-${version.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 128)
}

export function releaseDockerfile(stackTag: string, slugSha256: string, dest: string): string {
  return [
    `FROM ${stackTag}`,
    `ADD slug.tar ${dest}`,
    `LABEL shoal.slug=${slugSha256} shoal.stack=${stackTag}`,
    '',
  ].join('\n')
}

export class ReleaseImages {
  readonly #opts: ReleaseImagesOptions
  readonly #log: Logger
  readonly #building = new Map<string, Promise<string>>()
  #builds = 0

  constructor(opts: ReleaseImagesOptions) {
    this.#opts = opts
    this.#log = opts.logger ?? silentLogger
  }

  /** Images this instance has built (not found present). */
  get builds(): number {
    return this.#builds
  }

  /** The image tag for slug + stack, built now if this host lacks it. */
  async ensure(slugSha256: string, stackTag: string, signal?: AbortSignal): Promise<string> {
    const tag = releaseImageTag(slugSha256, stackTag)
    let build = this.#building.get(tag)
    if (build === undefined) {
      // The build is shared, so one waiting dyno giving up (its signal) must not abort it for the others.
      build = this.#build(tag, slugSha256, stackTag).finally(() => this.#building.delete(tag))
      this.#building.set(tag, build)
    }
    if (signal === undefined) return build
    const result = await untilAborted(build, signal)
    if (result === ABORTED) throw new ShoalError('TIMEOUT', `Cannot prepare image ${tag}: aborted`)
    return result
  }

  async #build(tag: string, slugSha256: string, stackTag: string): Promise<string> {
    const { docker } = this.#opts
    if (await docker.imageExists(tag)) return tag
    if (!(await docker.imageExists(stackTag))) {
      throw new ShoalError(
        'NOT_FOUND',
        `Cannot build image for slug ${slugSha256.slice(0, 12)}: stack image ${stackTag} is not on this host`,
      )
    }
    const started = performance.now()
    const slugPath = await this.#opts.slugs.fetch(slugSha256)
    await mkdir(this.#opts.workDir, { recursive: true })
    const tarPath = join(this.#opts.workDir, `slug-${slugSha256.slice(0, 16)}-${randomBytes(4).toString('hex')}.tar`)
    try {
      const slug = await rewriteSlug(slugPath, tarPath, this.#opts.owner ?? DYNO_OWNER)
      if (slug.sha256 !== slugSha256) {
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot build image for slug ${slugSha256.slice(0, 12)}: ${slugPath} has sha256 ${slug.sha256}`,
        )
      }
      const dockerfile = releaseDockerfile(stackTag, slugSha256, slug.layout === 'app-dir' ? '/' : '/app/')
      const context = buildContext([
        { name: 'Dockerfile', content: Buffer.from(dockerfile) },
        { name: 'slug.tar', path: tarPath, size: slug.bytes },
      ])
      const output: string[] = []
      await docker.buildImage(context, tag, { onLog: (line) => output.push(line) }).catch((err: unknown) => {
        this.#log.warn({ tag, output: output.slice(-20) }, 'release image build failed')
        throw err
      })
      this.#builds++
      this.#log.info(
        { tag, layout: slug.layout, entries: slug.entries, ms: Math.round(performance.now() - started) },
        'release image built',
      )
      return tag
    } finally {
      await rm(tarPath, { force: true })
    }
  }
}
