// Apps, releases and config vars over HTTP. Bodies are decoded into typed values here, once; config values are
// secrets, so nothing here logs a body (the server's request logging is off and errors never quote a value).

import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppView, ConfigVars, ConfigVarsUpdate, ReleaseView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { parseVersion, toAppView, toReleaseView } from '../apps/app-records.ts'
import type { AppService } from '../apps/app-service.ts'

export interface AppsRoutesDeps {
  /** Built by the composition root, which shares it with the build pipeline and the scheduler. */
  apps: AppService
}

type AppParams = { app: string }
type ReleaseParams = { app: string; version: string }

function object(body: unknown, action: string): Record<string, unknown> {
  if (body === undefined || body === null) return {}
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ShoalError('INVALID_INPUT', `Cannot ${action}: the body must be a JSON object`)
  }
  return body as Record<string, unknown>
}

/** Registers the routes: they translate HTTP to and from the service, which holds the rules. */
export function registerAppsRoutes(api: FastifyInstance, deps: AppsRoutesDeps): void {
  const { apps } = deps

  const appView = async (name: string): Promise<AppView> => {
    const app = await apps.getApp(name)
    return toAppView(app, await apps.getRelease(name, app.current))
  }

  api.get('/v1/apps', async (): Promise<AppView[]> => {
    const list = await apps.listApps()
    // An app destroyed between the list and this read is simply left out.
    const views = await Promise.all(list.map((a) => appView(a.name).catch(() => undefined)))
    return views.filter((v): v is AppView => v !== undefined)
  })

  api.post('/v1/apps', async (request, reply): Promise<AppView> => {
    const body = object(request.body, 'create app')
    const name = body['name']
    if (name !== undefined && typeof name !== 'string') {
      throw new ShoalError('INVALID_NAME', 'Cannot create app: the name must be a string')
    }
    const buildpacks = body['buildpacks']
    if (buildpacks !== undefined && !Array.isArray(buildpacks)) {
      throw new ShoalError('INVALID_INPUT', 'Cannot create app: buildpacks must be a list of URLs or paths')
    }
    const { app, release } = await apps.createApp({ name, buildpacks: buildpacks as string[] | undefined })
    reply.code(201)
    return toAppView(app, release)
  })

  api.get('/v1/apps/:app', async (request: FastifyRequest<{ Params: AppParams }>) => appView(request.params.app))

  api.delete(
    '/v1/apps/:app',
    async (request: FastifyRequest<{ Params: AppParams; Querystring: { confirm?: string } }>): Promise<AppView> => {
      const name = request.params.app
      const view = await appView(name)
      const confirm = object(request.body, `destroy app "${name}"`)['confirm'] ?? request.query.confirm
      if (confirm === undefined) {
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot destroy app "${name}": confirm with its name ({"confirm": "${name}"} or ?confirm=${name})`,
        )
      }
      if (confirm !== name) {
        throw new ShoalError('INVALID_INPUT', `Cannot destroy app "${name}": the confirmation does not match its name`)
      }
      await apps.destroyApp(name)
      return view
    },
  )

  api.get('/v1/apps/:app/releases', async (request: FastifyRequest<{ Params: AppParams }>): Promise<ReleaseView[]> => {
    const { app, releases } = await apps.listReleases(request.params.app)
    return releases.map((r) => toReleaseView(app, r))
  })

  api.get(
    '/v1/apps/:app/releases/:version',
    async (request: FastifyRequest<{ Params: ReleaseParams }>): Promise<ReleaseView> => {
      const { app, version } = request.params
      const release = await apps.getRelease(app, parseVersion(version, `find a release of app "${app}"`))
      return toReleaseView(await apps.getApp(app), release)
    },
  )

  api.get(
    '/v1/apps/:app/releases/:version/config-vars',
    async (request: FastifyRequest<{ Params: ReleaseParams }>): Promise<ConfigVars> => {
      const { app, version } = request.params
      return (await apps.getRelease(app, parseVersion(version, `find a release of app "${app}"`))).config
    },
  )

  api.post(
    '/v1/apps/:app/releases',
    async (request: FastifyRequest<{ Params: AppParams }>, reply): Promise<ReleaseView> => {
      const name = request.params.app
      const action = `roll back app "${name}"`
      const body = object(request.body, action)
      if (!Object.hasOwn(body, 'rollback')) {
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot create a release of app "${name}": send {"rollback": N} (deploys make releases through builds)`,
        )
      }
      const target = body['rollback'] === null ? undefined : parseVersion(body['rollback'], action)
      const release = await apps.rollback(name, target)
      reply.code(201)
      return toReleaseView(await apps.getApp(name), release)
    },
  )

  api.get(
    '/v1/apps/:app/config-vars',
    async (request: FastifyRequest<{ Params: AppParams }>): Promise<ConfigVars> => apps.getConfig(request.params.app),
  )

  api.patch(
    '/v1/apps/:app/config-vars',
    async (request: FastifyRequest<{ Params: AppParams }>): Promise<ConfigVarsUpdate> => {
      const name = request.params.app
      const result = await apps.setConfig(name, request.body)
      return {
        config: result.config,
        release: toReleaseView(await apps.getApp(name), result.release),
        changed: result.changed,
      }
    },
  )
}
