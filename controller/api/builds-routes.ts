import { PassThrough, type Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { Logger } from '../../lib/logger.ts'
import { BUILD_HEARTBEAT_HEADER, BUILD_HEARTBEAT_MS, type BuildEventLine } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { AppService } from '../apps/app-service.ts'
import type { BuildService } from '../builds/build-service.ts'

/** How long the rest of a refused upload is read and dropped before the connection is closed. */
const UPLOAD_DRAIN_MS = 10_000

export interface BuildsRoutesDeps {
  apps: AppService
  builds: BuildService
  domain: string
  logger: Logger
  /** Called with the new release once a deploy created it (the release phase and dyno restarts hang off it). */
  onReleased?: (app: string, version: number) => Promise<void>
  /** Runs a pending release's release command and marks the release; throws when it failed (the old one stays). */
  releasePhase?: (app: string, version: number, onLine: (line: string) => void) => Promise<void>
}

/**
 * `POST /v1/apps/:app/builds`: the body is the app's source as tar.gz (from `shoal deploy` or the git hook). The
 * response streams NDJSON: `{"line": "..."}` for each build log line, then one `{"result": {...}}`. Errors found
 * before the build starts (unknown app, oversized upload) are ordinary JSON errors with their status.
 */
export function registerBuildsRoutes(app: FastifyInstance, deps: BuildsRoutesDeps): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload))
    scope.post<{ Params: { app: string }; Querystring: { commit?: string } }>(
      '/v1/apps/:app/builds',
      { bodyLimit: Number.MAX_SAFE_INTEGER },
      async (request, reply) => {
        const name = request.params.app
        await deps.apps.getApp(name)
        const commit = request.query.commit
        if (commit !== undefined && !/^[0-9a-f]{7,64}$/.test(commit)) {
          throw new ShoalError('INVALID_INPUT', `Cannot build ${name}: commit "${commit}" is not a hex sha`)
        }
        const declared = Number(request.headers['content-length'])
        if (Number.isFinite(declared) && declared > deps.builds.limits.maxSourceBytes) {
          throw new ShoalError(
            'PAYLOAD_TOO_LARGE',
            `Cannot build ${name}: the source is ${declared} bytes, over the limit of ${deps.builds.limits.maxSourceBytes}`,
          )
        }
        reply.hijack()
        const res = reply.raw
        res.writeHead(200, {
          'content-type': 'application/x-ndjson',
          'cache-control': 'no-store',
          [BUILD_HEARTBEAT_HEADER]: String(BUILD_HEARTBEAT_MS),
        })
        const send = (event: BuildEventLine): void => {
          res.write(`${JSON.stringify(event)}\n`)
        }
        // The build reads the upload through its own stream: refusing it part-way (over the size limit) destroys that
        // stream only, not the connection, so the refusal still reaches the client (below: the rest is dropped).
        const upload = request.body as Readable
        const source = new PassThrough()
        upload.pipe(source)
        upload.once('error', (err) => source.destroy(err))
        upload.once('close', () => {
          if (!upload.readableEnded) source.destroy(new Error('the upload was cut'))
        })
        const abort = new AbortController()
        res.once('close', () => abort.abort(new Error('client went away')))
        // An empty line now and then through quiet build steps: the CLI reads silence as a controller gone (its
        // machine dead, no RST) instead of waiting out an hour-long build timeout.
        const heartbeat = setInterval(() => res.write('\n'), BUILD_HEARTBEAT_MS)
        let releasing = false
        try {
          const slug = await deps.builds.build(name, source, (line) => send({ line }), {
            commit,
            signal: abort.signal,
          })
          send({ line: '-----> Launching...' })
          const release = await deps.apps.createRelease(name, {
            slug: {
              sha256: slug.sha256,
              size: slug.size,
              processTypes: slug.processTypes,
              ...(commit === undefined ? {} : { commit }),
            },
            description: `Deploy ${(commit ?? slug.sha256).slice(0, 7)}`,
          })
          if (release.status === 'pending') {
            send({ line: `       Running release command for v${release.version}...` })
            // Heroku's release phase: the release goes live only if its command succeeds (it runs on even if the
            // client goes away, and marks the release either way).
            releasing = true
            await deps.releasePhase?.(name, release.version, (line) => send({ line: `       ${line}` }))
            releasing = false
          }
          await deps.onReleased?.(name, release.version)
          send({ line: `       Released v${release.version}` })
          send({ line: `       http://${name}.${deps.domain}/ deployed to shoal` })
          send({
            result: {
              ok: true,
              release: release.version,
              slug: { sha256: slug.sha256, size: slug.size, processTypes: slug.processTypes },
              durationMs: slug.durationMs,
            },
          })
        } catch (err) {
          const code = err instanceof ShoalError ? err.code : 'INTERNAL'
          const message = err instanceof Error ? err.message : String(err)
          if (code === 'INTERNAL') deps.logger.error({ app: name, err }, 'build failed')
          send({ line: ` !     ${message}` })
          send({ line: releasing ? ' !     Release phase failed.' : ' !     Push rejected, failed to compile app.' })
          send({ result: { ok: false, code, message } })
        } finally {
          clearInterval(heartbeat)
        }
        res.end()
        // An upload refused part-way (over the size limit) or cut by a failed build: the rest is read and dropped, so
        // a client still sending sees its answer; one still sending after UPLOAD_DRAIN_MS loses the connection.
        if (!upload.readableEnded && !upload.destroyed) {
          upload.unpipe(source)
          const cut = setTimeout(() => request.raw.socket.destroy(), UPLOAD_DRAIN_MS)
          upload.once('close', () => clearTimeout(cut))
          upload.once('end', () => clearTimeout(cut))
          upload.resume()
        }
      },
    )
  })
}
