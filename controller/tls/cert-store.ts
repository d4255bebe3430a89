// Certificates per app in the Store: `certs/<app>/<id>`, the private key sealed with the cluster keyring (bound to
// its key, so a sealed key cannot be moved to another record). Only the TLS state the leader hands to routers ever
// holds a key in clear.

import type { Clock } from '../../lib/clock.ts'
import { type Keyring, open, seal } from '../../lib/secret-box.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { CertSource, CertView } from '../../proto/tls-api.ts'
import { nameCovers } from '../domains/domain-names.ts'
import { getJson, listJson, putJson, type Store } from '../store/store.ts'
import type { ParsedCertificate } from './certificates.ts'

export const CERTS_PREFIX = 'certs/'

export interface CertRecord {
  id: string
  app: string
  source: CertSource
  commonName: string
  domains: string[]
  issuer: string
  selfSigned: boolean
  notBeforeMs: number
  notAfterMs: number
  certPem: string
  /** sbx1:… sealed PKCS#8 PEM */
  sealedKey: string
  createdAt: string
}

/** A certificate with its key opened, for the TLS state. */
export interface OpenCertificate extends Omit<CertRecord, 'sealedKey'> {
  keyPem: string
}

const certKey = (app: string, id: string): string => `${CERTS_PREFIX}${app}/${id}`

export function certName(id: string): string {
  return `cert-${id.slice(0, 10)}`
}

export function toCertView(r: CertRecord): CertView {
  return {
    id: r.id,
    name: certName(r.id),
    app: r.app,
    source: r.source,
    commonName: r.commonName,
    domains: r.domains,
    issuer: r.issuer,
    selfSigned: r.selfSigned,
    notBefore: new Date(r.notBeforeMs).toISOString(),
    notAfter: new Date(r.notAfterMs).toISOString(),
    createdAt: r.createdAt,
  }
}

export class CertStore {
  readonly #store: Store
  readonly #keyring: Keyring
  readonly #clock: Clock

  constructor(store: Store, keyring: Keyring, clock: Clock) {
    this.#store = store
    this.#keyring = keyring
    this.#clock = clock
  }

  async list(app: string): Promise<CertRecord[]> {
    const all = await listJson<CertRecord>(this.#store, `${CERTS_PREFIX}${app}/`)
    return all.map((e) => e.value).sort((a, b) => b.notAfterMs - a.notAfterMs)
  }

  async all(): Promise<CertRecord[]> {
    return (await listJson<CertRecord>(this.#store, CERTS_PREFIX)).map((e) => e.value)
  }

  async put(app: string, cert: ParsedCertificate, source: CertSource): Promise<CertRecord> {
    const record: CertRecord = {
      id: cert.id,
      app,
      source,
      commonName: cert.commonName,
      domains: cert.domains,
      issuer: cert.issuer,
      selfSigned: cert.selfSigned,
      notBeforeMs: cert.notBeforeMs,
      notAfterMs: cert.notAfterMs,
      certPem: cert.certPem,
      sealedKey: seal(this.#keyring, cert.keyPem, certKey(app, cert.id)),
      createdAt: new Date(this.#clock.now()).toISOString(),
    }
    await putJson(this.#store, certKey(app, cert.id), record)
    return record
  }

  /** Finds a certificate of `app` by id, id prefix or name (`cert-…`). */
  async find(app: string, ref: string): Promise<CertRecord> {
    const id = ref.startsWith('cert-') ? ref.slice(5) : ref
    const exact = await getJson<CertRecord>(this.#store, certKey(app, id))
    if (exact !== undefined) return exact.value
    const matches = (await this.list(app)).filter((c) => id.length >= 6 && c.id.startsWith(id.toLowerCase()))
    if (matches.length === 1) return matches[0] as CertRecord
    throw new ShoalError(
      matches.length === 0 ? 'NOT_FOUND' : 'INVALID_INPUT',
      matches.length === 0
        ? `Cannot find certificate ${ref} of app "${app}": no such certificate (see shoal certs)`
        : `Cannot find certificate ${ref} of app "${app}": the name is ambiguous`,
    )
  }

  async remove(app: string, id: string): Promise<void> {
    await this.#store.delete(certKey(app, id))
  }

  async forget(app: string): Promise<void> {
    for (const c of await this.list(app)) await this.remove(app, c.id)
  }

  openKey(record: CertRecord): OpenCertificate {
    const { sealedKey, ...rest } = record
    return { ...rest, keyPem: open(this.#keyring, sealedKey, certKey(record.app, record.id)) }
  }
}

/** The certificate serving `host` among `certs`: valid now, covering it, the one that expires last. */
export function certificateFor(certs: CertRecord[], host: string, now: number): CertRecord | undefined {
  return certs
    .filter((c) => c.notAfterMs > now && c.domains.some((d) => nameCovers(d, host)))
    .sort((a, b) => b.notAfterMs - a.notAfterMs)[0]
}
