// Formations and dynos over HTTP, in Heroku's Platform API shapes. The formation is this controller's own state
// (FormationService); the dyno list and restarts belong to the scheduler and agents, so they come in as functions.

import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { DynoActionResponse, DynoView, FormationView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { AppService } from '../apps/app-service.ts'
import type { FormationService, ScaleUpdate } from '../formation/formation-service.ts'

export interface FormationRoutesDeps {
  apps: AppService
  /** Built by the composition root (it sends `app[api]` lines such as "Scaled to web@2:Standard-1X" to the log hub). */
  formations: FormationService
  /** The app's dynos as the scheduler and agents see them (formation dynos, unplaceable ones, one-offs). */
  dynos: (app: string) => Promise<DynoView[]>
  /** Restarts 'web' (a type), 'web.1' (a dyno) or, with no target, every dyno; resolves to how many. */
  restart: (app: string, target?: string) => Promise<number>
  /**
   * Stops a type or a dyno. Heroku replaces a stopped formation dyno at once, so without this the routes restart;
   * a one-off dyno is never restarted, so for it the two are the same.
   */
  stop?: ((app: string, target: string) => Promise<number>) | undefined
  /** After a ps:scale that set or changed quantities (the autoscaler disables autoscaling of those types). */
  onScaled?: ((app: string, types: string[]) => Promise<void>) | undefined
}

type AppParams = { app: string }
type DynoParams = { app: string; dyno: string }

/** A process type (web) or a dyno name (web.1, run.4520). */
const TARGET = /^([\w-]{1,128})(\.[1-9][0-9]{0,9})?$/
// More updates than this cannot be valid: 100 dynos per app, and a type may appear once.
const MAX_UPDATES = 128

function invalid(message: string): ShoalError {
  return new ShoalError('INVALID_INPUT', message)
}

/** Decodes `{updates: [{type, quantity?, delta?, size?}]}`, taking Heroku's forms too: quantity "+1", dyno_size. */
export function decodeFormationPatch(body: unknown, app: string): ScaleUpdate[] {
  const example = '{"updates": [{"type": "web", "quantity": 2}]}'
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid(`Cannot scale app "${app}": the body must be a JSON object like ${example}`)
  }
  const updates = (body as Record<string, unknown>)['updates']
  if (!Array.isArray(updates) || updates.length === 0) {
    throw invalid(`Cannot scale app "${app}": "updates" must be a non-empty list like ${example}`)
  }
  if (updates.length > MAX_UPDATES) {
    throw invalid(`Cannot scale app "${app}": ${updates.length} updates is more than ${MAX_UPDATES}`)
  }
  return updates.map((u, i) => decodeUpdate(u, i + 1, app))
}

function decodeUpdate(input: unknown, n: number, app: string): ScaleUpdate {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalid(`Cannot scale app "${app}": update ${n} is not an object`)
  }
  const u = input as Record<string, unknown>
  const type = u['type']
  if (typeof type !== 'string') throw invalid(`Cannot scale app "${app}": update ${n} has no type`)
  const what = `Cannot scale ${type.slice(0, 40)}`
  const out: ScaleUpdate = { type }
  const quantity = u['quantity']
  if (typeof quantity === 'number') out.quantity = quantity
  else if (typeof quantity === 'string' && /^[0-9]{1,9}$/.test(quantity)) out.quantity = Number(quantity)
  else if (typeof quantity === 'string' && /^[+-][0-9]{1,9}$/.test(quantity)) out.delta = Number(quantity)
  else if (quantity !== undefined && quantity !== null) {
    throw invalid(`${what}: the quantity must be a number or a string like "2", "+1" or "-1"`)
  }
  const delta = u['delta']
  if (delta !== undefined && delta !== null) {
    if (typeof delta !== 'number') throw invalid(`${what}: the delta must be a number`)
    if (out.delta !== undefined) throw invalid(`${what}: give a quantity or a delta, not both`)
    out.delta = delta
  }
  const dynoSize = u['dyno_size']
  const size =
    u['size'] ?? (dynoSize !== null && typeof dynoSize === 'object' ? Reflect.get(dynoSize, 'name') : dynoSize)
  if (size !== undefined && size !== null) {
    if (typeof size !== 'string') throw invalid(`${what}: the size must be a string like "standard-2x"`)
    out.size = size
  }
  return out
}

/** Registers the routes; the composition root builds the formation service, shared with deploys and the scheduler. */
export function registerFormationRoutes(api: FastifyInstance, deps: FormationRoutesDeps): void {
  const formation = deps.formations

  /** Refuses a malformed target, and a type the current release does not have (one-offs are type "run"). */
  const checkTarget = async (app: string, target: string, verb: string): Promise<'type' | 'dyno'> => {
    await deps.apps.getApp(app)
    const m = TARGET.exec(target)
    if (m === null) {
      throw invalid(`Cannot ${verb} "${target.slice(0, 40)}" of app "${app}": it is not a process type or dyno name`)
    }
    if (m[2] !== undefined) return 'dyno'
    const types = (await formation.list(app)).map((f) => f.type)
    if (target !== 'run' && !types.includes(target)) {
      const list = types.length === 0 ? 'none' : types.join(', ')
      throw new ShoalError(
        'NOT_FOUND',
        `Cannot ${verb} ${target} dynos of app "${app}": no such process type (types: ${list})`,
      )
    }
    return 'type'
  }

  const act = async (app: string, target: string, verb: 'restart' | 'stop'): Promise<DynoActionResponse> => {
    const kind = await checkTarget(app, target, verb)
    const n =
      verb === 'stop' && deps.stop !== undefined ? await deps.stop(app, target) : await deps.restart(app, target)
    if (kind === 'dyno' && n === 0) {
      throw new ShoalError('NOT_FOUND', `Cannot ${verb} dyno ${target} of app "${app}": no such dyno`)
    }
    return { dynos: n }
  }

  api.get(
    '/v1/apps/:app/formation',
    async (request: FastifyRequest<{ Params: AppParams }>): Promise<FormationView[]> =>
      formation.list(request.params.app),
  )

  api.patch(
    '/v1/apps/:app/formation',
    async (request: FastifyRequest<{ Params: AppParams }>): Promise<FormationView[]> => {
      const app = request.params.app
      await deps.apps.getApp(app) // a missing app is 404 before the body is judged
      const updates = decodeFormationPatch(request.body, app)
      const views = await formation.scale(app, updates)
      const scaled = updates.filter((u) => u.quantity !== undefined || u.delta !== undefined).map((u) => u.type)
      if (scaled.length > 0) await deps.onScaled?.(app, scaled)
      return views
    },
  )

  api.get('/v1/apps/:app/dynos', async (request: FastifyRequest<{ Params: AppParams }>): Promise<DynoView[]> => {
    await deps.apps.getApp(request.params.app)
    return deps.dynos(request.params.app)
  })

  api.delete(
    '/v1/apps/:app/dynos',
    async (request: FastifyRequest<{ Params: AppParams }>): Promise<DynoActionResponse> => {
      await deps.apps.getApp(request.params.app)
      return { dynos: await deps.restart(request.params.app) }
    },
  )

  api.delete(
    '/v1/apps/:app/dynos/:dyno',
    async (request: FastifyRequest<{ Params: DynoParams }>): Promise<DynoActionResponse> =>
      act(request.params.app, request.params.dyno, 'restart'),
  )

  api.post(
    '/v1/apps/:app/dynos/:dyno/actions/stop',
    async (request: FastifyRequest<{ Params: DynoParams }>): Promise<DynoActionResponse> =>
      act(request.params.app, request.params.dyno, 'stop'),
  )
}
