// Decoding of an uploaded certificate and key (certs:add) or an issued one (ACME), once, at the edge: PEM blocks
// parsed with node:crypto, the key must match the leaf, the names come from the subjectAltName (or the CN when there
// is none), and an expired certificate is refused.

import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto'
import { ShoalError } from '../../proto/errors.ts'

export interface ParsedCertificate {
  /** sha256 of the leaf (hex, lower case): the certificate's stable id. */
  id: string
  commonName: string
  domains: string[]
  issuer: string
  selfSigned: boolean
  notBeforeMs: number
  notAfterMs: number
  /** Leaf then chain, normalised PEM. */
  certPem: string
  /** PKCS#8 PEM of the private key. */
  keyPem: string
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

function field(dn: string, name: string): string {
  return new RegExp(`(?:^|\\n)${name}=([^\\n]*)`).exec(dn)?.[1] ?? ''
}

/** The DNS names of a certificate: subjectAltName DNS entries, else the subject's CN. */
export function certificateNames(cert: X509Certificate): string[] {
  const san = cert.subjectAltName
  const names =
    san === undefined
      ? [field(cert.subject, 'CN')]
      : san
          .split(/,\s*/)
          .filter((e) => e.startsWith('DNS:'))
          .map((e) => e.slice(4))
  return [...new Set(names.map((n) => n.toLowerCase()).filter((n) => n !== ''))]
}

export function parseCertificate(certPem: unknown, keyPem: unknown, now: number, action: string): ParsedCertificate {
  const bad = (why: string): ShoalError => new ShoalError('INVALID_CERTIFICATE', `Cannot ${action}: ${why}`)
  if (typeof certPem !== 'string' || typeof keyPem !== 'string') {
    throw bad('send the certificate chain and the private key as PEM text')
  }
  const blocks = certPem.match(PEM_CERT) ?? []
  if (blocks.length === 0) throw bad('the certificate file holds no PEM certificate')
  let chain: X509Certificate[]
  try {
    chain = blocks.map((b) => new X509Certificate(b))
  } catch (err) {
    throw bad(`the certificate cannot be parsed (${(err as Error).message})`)
  }
  const leaf = chain[0] as X509Certificate
  let key: KeyObject
  try {
    key = createPrivateKey({ key: keyPem, format: 'pem' })
  } catch (err) {
    const why = /passphrase|encrypted/i.test(String(err)) ? 'it is encrypted; remove the passphrase' : 'not a PEM key'
    throw bad(`the private key cannot be read (${why})`)
  }
  if (!leaf.checkPrivateKey(key)) throw bad('the private key does not match the certificate')
  const notAfterMs = Date.parse(leaf.validTo)
  const notBeforeMs = Date.parse(leaf.validFrom)
  if (!(notAfterMs > now)) throw bad(`the certificate expired on ${new Date(notAfterMs).toISOString()}`)
  const domains = certificateNames(leaf)
  if (domains.length === 0) throw bad('the certificate names no DNS name (subjectAltName or CN)')
  return {
    id: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    commonName: field(leaf.subject, 'CN') || (domains[0] as string),
    domains,
    issuer: field(leaf.issuer, 'CN') || field(leaf.issuer, 'O') || leaf.issuer.replace(/\n/g, ', '),
    selfSigned: leaf.issuer === leaf.subject && leaf.verify(leaf.publicKey),
    notBeforeMs,
    notAfterMs,
    certPem: `${chain.map((c) => c.toString().trim()).join('\n')}\n`,
    keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }
}
