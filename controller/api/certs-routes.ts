// Certificates (certs, certs:add, certs:info, certs:remove) and automatic certificates (certs:auto*) over HTTP.
// Bodies carry private keys: nothing here logs a body, and errors never quote one.

import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Clock } from '../../lib/clock.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { AcmView, CertView } from '../../proto/tls-api.ts'
import { nameCovers } from '../domains/domain-names.ts'
import type { DomainService } from '../domains/domain-service.ts'
import type { Store } from '../store/store.ts'
import { acmeDecision, acmeStatuses, statusKey } from '../tls/acme-manager.ts'
import { type CertStore, toCertView } from '../tls/cert-store.ts'
import { parseCertificate } from '../tls/certificates.ts'
import type { TlsStateService } from '../tls/tls-state-service.ts'

export interface CertsRoutesDeps {
  store: Store
  domains: DomainService
  certs: CertStore
  tls: TlsStateService
  clock: Clock
  /** Whether this controller orders certificates (it was given an ACME directory, or the default). */
  acmeConfigured: boolean
  /** Wakes the ACME manager after a change. */
  acmeChanged: () => void
  onEvent: (app: string, message: string) => void
}

type AppParams = { app: string }
type CertParams = { app: string; name: string }

export function registerCertsRoutes(api: FastifyInstance, deps: CertsRoutesDeps): void {
  const acmView = async (app: string): Promise<AcmView> => {
    const settings = await deps.domains.settings(app)
    const [records, certs, statuses] = await Promise.all([
      deps.domains.list(app),
      deps.certs.list(app),
      acmeStatuses(deps.store, app),
    ])
    const now = deps.clock.now()
    return {
      app,
      enabled: settings.acme,
      domains: records.map((d) => {
        const status = statuses.get(d.hostname)
        const decision = acmeDecision(d.hostname, certs, status, now)
        return {
          hostname: d.hostname,
          status: settings.acme ? decision.status : 'disabled',
          expiresAt: decision.current === undefined ? null : new Date(decision.current.notAfterMs).toISOString(),
          reason: status?.lastError ?? null,
          attempts: status?.attempts ?? 0,
          nextAttemptAt: status === undefined ? null : new Date(status.nextAttemptMs).toISOString(),
        }
      }),
    }
  }

  api.get('/v1/apps/:app/certs', async (request: FastifyRequest<{ Params: AppParams }>): Promise<CertView[]> => {
    const { app } = request.params
    await deps.domains.settings(app) // 404 for an unknown app
    return (await deps.certs.list(app)).map(toCertView)
  })

  api.post('/v1/apps/:app/certs', async (request: FastifyRequest<{ Params: AppParams }>, reply): Promise<CertView> => {
    const { app } = request.params
    const action = `add a certificate to app "${app}"`
    await deps.domains.settings(app)
    const body = (request.body ?? {}) as { certificate?: unknown; privateKey?: unknown }
    const parsed = parseCertificate(body.certificate, body.privateKey, deps.clock.now(), action)
    // A certificate may not cover a domain another app has added: it would be served for that app's traffic.
    for (const name of parsed.domains) {
      for (const [other, hosts] of await otherAppsDomains(deps.domains, app)) {
        const clash = hosts.find((h) => nameCovers(name, h) || nameCovers(h, name))
        if (clash !== undefined) {
          throw new ShoalError('CONFLICT', `Cannot ${action}: it covers ${clash}, a domain of app "${other}"`)
        }
      }
    }
    const record = await deps.certs.put(app, parsed, 'manual')
    await deps.tls.reload()
    deps.onEvent(app, `Add certificate ${toCertView(record).name} (${parsed.domains.join(', ')}) by user admin`)
    reply.code(201)
    return toCertView(record)
  })

  api.get('/v1/apps/:app/certs/:name', async (request: FastifyRequest<{ Params: CertParams }>): Promise<CertView> => {
    const { app, name } = request.params
    await deps.domains.settings(app)
    return toCertView(await deps.certs.find(app, name))
  })

  api.delete(
    '/v1/apps/:app/certs/:name',
    async (request: FastifyRequest<{ Params: CertParams }>): Promise<CertView> => {
      const { app, name } = request.params
      await deps.domains.settings(app)
      const record = await deps.certs.find(app, name)
      await deps.certs.remove(app, record.id)
      await deps.tls.reload()
      deps.onEvent(app, `Remove certificate ${toCertView(record).name} by user admin`)
      deps.acmeChanged()
      return toCertView(record)
    },
  )

  api.get('/v1/apps/:app/acm', async (request: FastifyRequest<{ Params: AppParams }>) => acmView(request.params.app))

  api.post('/v1/apps/:app/acm', async (request: FastifyRequest<{ Params: AppParams }>): Promise<AcmView> => {
    const { app } = request.params
    if (!deps.acmeConfigured) {
      throw new ShoalError('UNAVAILABLE', `Cannot enable automatic certificates for "${app}": ACME is not configured`)
    }
    await deps.domains.updateSettings(app, { acme: true })
    await deps.domains.refresh()
    deps.onEvent(app, 'Enable automatic certificate management by user admin')
    deps.acmeChanged()
    return acmView(app)
  })

  api.delete('/v1/apps/:app/acm', async (request: FastifyRequest<{ Params: AppParams }>): Promise<AcmView> => {
    const { app } = request.params
    await deps.domains.updateSettings(app, { acme: false })
    // Like Heroku, disabling removes the certificates it issued; uploaded ones stay.
    for (const c of await deps.certs.list(app)) if (c.source === 'acme') await deps.certs.remove(app, c.id)
    for (const d of await deps.domains.list(app)) await deps.store.delete(statusKey(app, d.hostname))
    await deps.domains.refresh()
    await deps.tls.reload()
    deps.onEvent(app, 'Disable automatic certificate management by user admin')
    return acmView(app)
  })
}

async function otherAppsDomains(domains: DomainService, app: string): Promise<Map<string, string[]>> {
  await domains.refresh()
  const out = new Map<string, string[]>()
  for (const { app: other } of domains.allApps()) {
    if (other !== app) out.set(other, domains.domainsOf(other))
  }
  return out
}
