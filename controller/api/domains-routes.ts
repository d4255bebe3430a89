// Custom domains, maintenance mode and labs features over HTTP: /v1/apps/:app/domains, /v1/apps/:app/maintenance and
// /v1/apps/:app/features (Heroku's app-features: GET the list, PATCH one with {"enabled": bool}).

import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Clock } from '../../lib/clock.ts'
import { ShoalError } from '../../proto/errors.ts'
import {
  type AcmStatus,
  APP_FEATURES,
  type AppFeatureView,
  type DomainView,
  type MaintenanceView,
} from '../../proto/tls-api.ts'
import type { DomainRecord, DomainService } from '../domains/domain-service.ts'
import type { Store } from '../store/store.ts'
import { acmeDecision, acmeStatuses } from '../tls/acme-manager.ts'
import { type CertStore, certificateFor } from '../tls/cert-store.ts'
import type { TlsStateService } from '../tls/tls-state-service.ts'

export interface DomainsRoutesDeps {
  store: Store
  domains: DomainService
  certs: CertStore
  tls: TlsStateService
  clock: Clock
}

type AppParams = { app: string }
type DomainParams = { app: string; hostname: string }

/** A failing automatic certificate counts as failed for domains:wait after this many attempts. */
const FAILED_AFTER_ATTEMPTS = 3

export function registerDomainsRoutes(api: FastifyInstance, deps: DomainsRoutesDeps): void {
  const views = async (app: string, records: DomainRecord[]): Promise<DomainView[]> => {
    const now = deps.clock.now()
    const [settings, certs, statuses] = await Promise.all([
      deps.domains.settings(app),
      deps.certs.list(app),
      acmeStatuses(deps.store, app),
    ])
    const loaded = new Set(deps.tls.certificates().map((c) => c.id))
    const routersCurrent = deps.tls.routersHave(deps.tls.version)
    const published = new Set(deps.domains.domainsOf(app))
    return records.map((d): DomainView => {
      const cert = certificateFor(certs, d.hostname, now)
      const acme = settings.acme ? acmeDecision(d.hostname, certs, statuses.get(d.hostname), now) : undefined
      const acmStatus: AcmStatus | null = acme === undefined ? null : acme.status
      const attempts = statuses.get(d.hostname)?.attempts ?? 0
      const certServed = cert !== undefined && loaded.has(cert.id) && routersCurrent
      let status: DomainView['status'] = 'pending'
      if (published.has(d.hostname) && (cert === undefined ? !settings.acme : certServed)) status = 'succeeded'
      else if (
        settings.acme &&
        cert === undefined &&
        (attempts >= FAILED_AFTER_ATTEMPTS || acmStatus === 'wildcard unsupported')
      ) {
        status = 'failed'
      }
      return {
        hostname: d.hostname,
        app,
        kind: 'custom',
        cname: `${app}.${deps.domains.clusterDomain}`,
        status,
        certificate: cert?.id ?? null,
        acmStatus,
        createdAt: d.createdAt,
      }
    })
  }

  api.get('/v1/apps/:app/domains', async (request: FastifyRequest<{ Params: AppParams }>): Promise<DomainView[]> => {
    const { app } = request.params
    return views(app, await deps.domains.list(app))
  })

  api.post('/v1/apps/:app/domains', async (request: FastifyRequest<{ Params: AppParams }>, reply) => {
    const { app } = request.params
    const body = request.body as { hostname?: unknown } | undefined
    const record = await deps.domains.add(app, body?.hostname)
    await deps.domains.refresh()
    reply.code(201)
    return (await views(app, [record]))[0]
  })

  api.get(
    '/v1/apps/:app/domains/:hostname',
    async (request: FastifyRequest<{ Params: DomainParams }>): Promise<DomainView> => {
      const { app, hostname } = request.params
      const found = (await deps.domains.list(app)).find((d) => d.hostname === hostname.toLowerCase())
      if (found === undefined) {
        throw new ShoalError('NOT_FOUND', `Cannot find domain ${hostname}: it is not a domain of app "${app}"`)
      }
      return (await views(app, [found]))[0] as DomainView
    },
  )

  api.delete('/v1/apps/:app/domains/:hostname', async (request: FastifyRequest<{ Params: DomainParams }>) => {
    const { app, hostname } = request.params
    const removed = await deps.domains.remove(app, hostname)
    await deps.domains.refresh()
    return { hostname: removed.hostname, app }
  })

  api.delete('/v1/apps/:app/domains', async (request: FastifyRequest<{ Params: AppParams }>) => {
    const { app } = request.params
    const removed = await deps.domains.clear(app)
    await deps.domains.refresh()
    return removed.map((d) => ({ hostname: d.hostname, app }))
  })

  api.get(
    '/v1/apps/:app/maintenance',
    async (request: FastifyRequest<{ Params: AppParams }>): Promise<MaintenanceView> => {
      const { app } = request.params
      return { app, maintenance: (await deps.domains.settings(app)).maintenance }
    },
  )

  api.put(
    '/v1/apps/:app/maintenance',
    async (request: FastifyRequest<{ Params: AppParams }>): Promise<MaintenanceView> => {
      const { app } = request.params
      const on = (request.body as { maintenance?: unknown } | undefined)?.maintenance
      if (typeof on !== 'boolean') {
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot set maintenance of app "${app}": send {"maintenance": true|false}`,
        )
      }
      const settings = await deps.domains.updateSettings(app, { maintenance: on })
      await deps.domains.refresh()
      return { app, maintenance: settings.maintenance }
    },
  )

  const featureViews = (enabled: string[]): AppFeatureView[] =>
    Object.entries(APP_FEATURES).map(([name, description]) => ({ name, description, enabled: enabled.includes(name) }))

  api.get('/v1/apps/:app/features', async (request: FastifyRequest<{ Params: AppParams }>) =>
    featureViews((await deps.domains.settings(request.params.app)).features),
  )

  api.patch(
    '/v1/apps/:app/features/:feature',
    async (request: FastifyRequest<{ Params: AppParams & { feature: string } }>): Promise<AppFeatureView> => {
      const { app, feature } = request.params
      const enabled = (request.body as { enabled?: unknown } | undefined)?.enabled
      const verb = enabled === false ? 'disable' : 'enable'
      if (typeof enabled !== 'boolean') {
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot set feature "${feature}" of app "${app}": send {"enabled": true|false}`,
        )
      }
      if (!Object.hasOwn(APP_FEATURES, feature)) {
        throw new ShoalError(
          'NOT_FOUND',
          `Cannot ${verb} feature "${feature}" of app "${app}": no such feature (one of ${Object.keys(APP_FEATURES).join(', ')})`,
        )
      }
      const settings = await deps.domains.setFeature(app, feature, enabled)
      // the app directory carries the features to the agents at once (publishNow on change)
      await deps.domains.refresh()
      return featureViews(settings.features).find((f) => f.name === feature) as AppFeatureView
    },
  )
}
