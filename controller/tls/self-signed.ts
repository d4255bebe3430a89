// The controller API's own certificate: self-signed, made once by `shoal init` (or on the first start of a cluster
// made before TLS existed). Clients pin its SHA-256 fingerprint instead of trusting a CA, so the names in it are
// informative; they still list what a browser or curl --cacert would check. Node cannot create certificates, so this
// runs Debian's `openssl` (a dependency of ca-certificates, present wherever Docker is).

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { isIP } from 'node:net'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'

export interface KeyPair {
  certPem: string
  keyPem: string
}

/** A P-256 key and a self-signed certificate for `names` (DNS names or IP addresses), valid for `days`. */
export function selfSignedCertificate(commonName: string, names: string[], days = 3650): KeyPair {
  const dir = mkdtempSync(join(tmpdir(), 'shoal-cert-'))
  try {
    const san = [...new Set(names)].map((n) => (isIP(n) === 0 ? `DNS:${n}` : `IP:${n}`)).join(',')
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', String(days)],
        ...['-subj', `/CN=${commonName}`, '-addext', `subjectAltName=${san}`],
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    return {
      certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The names the API certificate lists: loopback, this machine's name and the listen host when it is specific. */
export function apiCertificateNames(apiListen: string): string[] {
  const host = apiListen.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  const names = ['localhost', '127.0.0.1', '::1', hostname()]
  if (host !== '' && host !== '0.0.0.0' && host !== '::') names.push(host)
  return names
}
