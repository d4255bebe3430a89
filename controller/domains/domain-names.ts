// Custom domain names: what `domains:add` accepts, and which names a certificate or wildcard covers.

import { isIP } from 'node:net'
import { ShoalError } from '../../proto/errors.ts'

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/

/**
 * Lower-cases and checks a custom domain: LDH labels of ≤ 63 characters, ≤ 253 in all, at least two labels, a
 * non-numeric top-level label (no IP addresses), and `*` only as the whole leftmost label of a wildcard with at least
 * two labels under it. Names in the cluster's own domain are refused: `<app>.<domain>` is routed already.
 */
export function checkDomainName(input: unknown, clusterDomain: string, action: string): string {
  if (typeof input !== 'string' || input === '') {
    throw new ShoalError('INVALID_NAME', `Cannot ${action}: a hostname is required`)
  }
  const name = input.trim().toLowerCase().replace(/\.$/, '')
  const bad = (why: string): ShoalError =>
    new ShoalError('INVALID_NAME', `Cannot ${action}: "${input}" is not a valid hostname (${why})`)
  if (name.length > 253) throw bad('longer than 253 characters')
  if (isIP(name) !== 0) throw bad('an IP address cannot be a custom domain')
  const labels = name.split('.')
  const wildcard = labels[0] === '*'
  const rest = wildcard ? labels.slice(1) : labels
  if (rest.length < 2) throw bad(wildcard ? 'a wildcard needs at least two labels under it' : 'it needs a dot')
  for (const label of rest) {
    if (label === '*') throw bad('* may only be the whole leftmost label')
    if (!LABEL.test(label)) throw bad(`label "${label}" must be 1-63 of a-z, 0-9 and inner hyphens`)
  }
  if (/^\d+$/.test(rest[rest.length - 1] as string)) throw bad('the top-level label cannot be numeric')
  const base = wildcard ? rest.join('.') : name
  if (base === clusterDomain || base.endsWith(`.${clusterDomain}`) || clusterDomain.endsWith(`.${base}`)) {
    throw new ShoalError(
      'CONFLICT',
      `Cannot ${action}: ${name} overlaps the cluster domain ${clusterDomain}, whose names route to apps already`,
    )
  }
  return name
}

/** True when `pattern` (a name or `*.suffix`) covers `host`; a wildcard covers exactly one more label. */
export function nameCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true
  if (!pattern.startsWith('*.')) return false
  const suffix = pattern.slice(1)
  if (!host.endsWith(suffix)) return false
  const head = host.slice(0, host.length - suffix.length)
  return head !== '' && !head.includes('.') && head !== '*'
}
