// The leader's automatic certificates (certs:auto): for every domain of every app with ACME enabled, order a
// certificate when there is none, renew it before it expires, and retry failures with back-off. Deciding is pure
// (`acmeDecision`, time passed in); the manager only runs orders one at a time and records the outcome in the store
// (`acme-status/<app>/<domain>`) so `certs:auto` on any controller can show it.

import type { Clock, Timer } from '../../lib/clock.ts'
import type { Logger } from '../../lib/logger.ts'
import type { AcmStatus } from '../../proto/tls-api.ts'
import type { DomainService } from '../domains/domain-service.ts'
import { getJson, listJson, putJson, type Store } from '../store/store.ts'
import type { AcmeIssuer } from './acme-issuer.ts'
import type { CertRecord, CertStore } from './cert-store.ts'
import { parseCertificate } from './certificates.ts'
import type { TlsStateService } from './tls-state-service.ts'

export const ACME_STATUS_PREFIX = 'acme-status/'
const DAY = 86_400_000

export interface AcmeStatusRecord {
  attempts: number
  lastError: string | null
  lastAttemptMs: number
  nextAttemptMs: number
}

export interface AcmePolicy {
  /** First retry after a failure; doubles per failure. */
  retryBaseMs: number
  retryMaxMs: number
  /** How long routers get to pick a challenge up. */
  propagationTimeoutMs: number
  /** How often to re-check every domain (renewals). */
  checkIntervalMs: number
}

export const DEFAULT_ACME_POLICY: AcmePolicy = {
  retryBaseMs: 60_000,
  retryMaxMs: 6 * 3_600_000,
  propagationTimeoutMs: 30_000,
  checkIntervalMs: 3_600_000,
}

/** When a certificate is due for renewal: 30 days before it expires, or a third of its lifetime if that is less. */
export function renewAt(cert: Pick<CertRecord, 'notBeforeMs' | 'notAfterMs'>): number {
  const lifetime = cert.notAfterMs - cert.notBeforeMs
  return cert.notAfterMs - Math.min(30 * DAY, lifetime / 3)
}

export interface AcmeDecision {
  status: AcmStatus
  order: boolean
  current: CertRecord | undefined
}

/** What to do for one domain now. `certs` are the app's certificates; only ACME-issued ones count here. */
export function acmeDecision(
  domain: string,
  certs: CertRecord[],
  status: AcmeStatusRecord | undefined,
  now: number,
): AcmeDecision {
  if (domain.startsWith('*.')) return { status: 'wildcard unsupported', order: false, current: undefined }
  const current = certs
    .filter((c) => c.source === 'acme' && c.domains.includes(domain) && c.notAfterMs > now)
    .sort((a, b) => b.notAfterMs - a.notAfterMs)[0]
  const due = current === undefined || now >= renewAt(current)
  if (!due) return { status: 'cert issued', order: false, current }
  const failing = status !== undefined && status.attempts > 0
  const waiting = failing && now < status.nextAttemptMs
  return {
    status: current !== undefined ? 'cert issued' : failing ? 'failing' : 'pending',
    order: !waiting,
    current,
  }
}

export function retryDelay(attempts: number, policy: AcmePolicy): number {
  return Math.min(policy.retryBaseMs * 2 ** Math.max(0, attempts - 1), policy.retryMaxMs)
}

export const statusKey = (app: string, domain: string): string => `${ACME_STATUS_PREFIX}${app}/${domain}`

export interface AcmeManagerDeps {
  store: Store
  domains: DomainService
  certs: CertStore
  tls: TlsStateService
  issuer: AcmeIssuer
  clock: Clock
  logger: Logger
  onEvent: (app: string, message: string) => void
  policy?: Partial<AcmePolicy> | undefined
}

export class AcmeManager {
  readonly #deps: AcmeManagerDeps
  readonly #policy: AcmePolicy
  #timer: Timer | undefined
  #wake: Timer | undefined
  #running: Promise<void> | undefined
  #again = false
  #stopped = false

  constructor(deps: AcmeManagerDeps) {
    this.#deps = deps
    this.#policy = { ...DEFAULT_ACME_POLICY, ...deps.policy }
    deps.domains.onChange(() => {
      if (this.#timer !== undefined) this.schedule()
    })
  }

  start(): void {
    this.#stopped = false
    this.#timer = this.#deps.clock.setInterval(() => this.schedule(), this.#policy.checkIntervalMs)
    this.schedule()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#timer?.cancel()
    this.#timer = undefined
    this.#wake?.cancel()
    await this.#running
  }

  /** Runs a round soon (now, or after the one running). */
  schedule(): void {
    if (this.#stopped) return
    if (this.#running !== undefined) {
      this.#again = true
      return
    }
    this.#running = this.round()
      .catch((err: unknown) => this.#deps.logger.error({ err: String(err) }, 'ACME round failed'))
      .finally(() => {
        this.#running = undefined
        if (this.#again) {
          this.#again = false
          this.schedule()
        }
      })
  }

  /** One pass over every domain of every app with ACME enabled; resolves when its orders are done. */
  async round(): Promise<void> {
    let nextWake = Number.POSITIVE_INFINITY
    for (const { app, domains } of this.#deps.domains.acmeApps()) {
      for (const domain of domains) {
        if (this.#stopped) return
        const now = this.#deps.clock.now()
        const certs = await this.#deps.certs.list(app)
        const status = (await getJson<AcmeStatusRecord>(this.#deps.store, statusKey(app, domain)))?.value
        const decision = acmeDecision(domain, certs, status, now)
        if (decision.order) await this.#order(app, domain, status, decision.current)
        else if (status !== undefined && status.attempts > 0) nextWake = Math.min(nextWake, status.nextAttemptMs)
      }
    }
    // Once started, wake for the earliest retry (the periodic check covers renewals).
    this.#wake?.cancel()
    if (this.#timer !== undefined && Number.isFinite(nextWake)) {
      this.#wake = this.#deps.clock.setTimeout(() => this.schedule(), Math.max(0, nextWake - this.#deps.clock.now()))
    }
  }

  async #order(app: string, domain: string, status: AcmeStatusRecord | undefined, current: CertRecord | undefined) {
    const { tls, clock, logger } = this.#deps
    const started = clock.now()
    logger.info({ app, domain, renewal: current !== undefined }, 'ACME order')
    try {
      const issued = await this.#deps.issuer.issue(domain, {
        add: async (token, keyAuthorization, d) => {
          const version = tls.addChallenge({ token, keyAuthorization, domain: d })
          await tls.waitForRouters(version, this.#policy.propagationTimeoutMs)
        },
        remove: async (token) => tls.removeChallenge(token),
      })
      const parsed = parseCertificate(issued.certPem, issued.keyPem, clock.now(), `store the certificate for ${domain}`)
      await this.#deps.certs.put(app, parsed, 'acme')
      // Older ACME certificates for exactly this name are superseded.
      for (const old of await this.#deps.certs.list(app)) {
        if (old.source === 'acme' && old.id !== parsed.id && old.domains.length === 1 && old.domains[0] === domain) {
          await this.#deps.certs.remove(app, old.id)
        }
      }
      await this.#deps.store.delete(statusKey(app, domain))
      await tls.reload()
      const expires = new Date(parsed.notAfterMs).toISOString()
      this.#deps.onEvent(
        app,
        `ACM ${current === undefined ? 'issued' : 'renewed'} certificate for ${domain} (expires ${expires})`,
      )
    } catch (err) {
      const attempts = (status?.attempts ?? 0) + 1
      const delay = retryDelay(attempts, this.#policy)
      const reason = err instanceof Error ? err.message : String(err)
      const record: AcmeStatusRecord = {
        attempts,
        lastError: reason.slice(0, 1000),
        lastAttemptMs: started,
        nextAttemptMs: clock.now() + delay,
      }
      await putJson(this.#deps.store, statusKey(app, domain), record)
      logger.warn({ app, domain, attempts, err: reason }, 'ACME order failed')
      this.#deps.onEvent(
        app,
        `ACM failed for ${domain}: ${reason} (attempt ${attempts}, retry in ${Math.round(delay / 1000)}s)`,
      )
    }
  }
}

/** Status records of an app, by domain. */
export async function acmeStatuses(store: Store, app: string): Promise<Map<string, AcmeStatusRecord>> {
  const out = new Map<string, AcmeStatusRecord>()
  for (const e of await listJson<AcmeStatusRecord>(store, `${ACME_STATUS_PREFIX}${app}/`)) {
    out.set(e.key.slice(`${ACME_STATUS_PREFIX}${app}/`.length), e.value)
  }
  return out
}
