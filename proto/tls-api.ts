// HTTP API types for custom domains, maintenance, labs features, certificates and automatic certificates (ACME).

/**
 * A custom domain. `status` is what `domains:wait` waits for: `succeeded` once the domain is in the app directory
 * the routers receive and, when the app has automatic certificates, a valid certificate covering it has been
 * fetched by every alive router; `pending` until then; `failed` when its automatic certificate keeps failing.
 */
export interface DomainView {
  hostname: string
  app: string
  kind: 'custom'
  /** Point a CNAME (or ALIAS/ANAME at the apex) here: `<app>.<cluster domain>`. */
  cname: string
  status: 'pending' | 'succeeded' | 'failed'
  /** Id of the certificate that covers it (manual or automatic), if any. */
  certificate: string | null
  acmStatus: AcmStatus | null
  createdAt: string
}

export interface AddDomainRequest {
  hostname: string
}

/** `labs:enable log-runtime-metrics`: every dyno logs its memory and load samples every 20 s (agent/dynos/dyno-stats.ts). */
export const RUNTIME_METRICS_FEATURE = 'log-runtime-metrics'

/** The labs features an app may enable, with Heroku's descriptions. */
export const APP_FEATURES: Readonly<Record<string, string>> = {
  [RUNTIME_METRICS_FEATURE]: 'Emit dyno resource usage information into app logs',
}

/** `GET /v1/apps/:app/features`, one per known labs feature (Heroku's app-feature, reduced). */
export interface AppFeatureView {
  name: string
  description: string
  enabled: boolean
}

export interface MaintenanceView {
  app: string
  maintenance: boolean
}

export type CertSource = 'manual' | 'acme'

export interface CertView {
  id: string
  /** Short name to refer to it on the command line (`certs:remove --name`). */
  name: string
  app: string
  source: CertSource
  commonName: string
  domains: string[]
  issuer: string
  selfSigned: boolean
  notBefore: string
  notAfter: string
  createdAt: string
}

export interface AddCertRequest {
  certificate: string
  privateKey: string
}

/** Heroku's ACM states per domain. */
export type AcmStatus = 'pending' | 'cert issued' | 'failing' | 'disabled' | 'wildcard unsupported'

export interface AcmDomainView {
  hostname: string
  status: AcmStatus
  /** When the current certificate expires (ISO), if one is issued. */
  expiresAt: string | null
  /** The last failure, until an order succeeds. */
  reason: string | null
  attempts: number
  /** When the next order or renewal is tried (ISO), if one is scheduled. */
  nextAttemptAt: string | null
}

export interface AcmView {
  app: string
  enabled: boolean
  domains: AcmDomainView[]
}
