import { ShoalError } from '../../../proto/errors.ts'

/** syslog:// (TCP), syslog+tls:// (TCP in TLS, certificate verified) or https:// (Logplex's HTTPS framing). */
export type DrainKind = 'syslog' | 'syslog+tls' | 'https'

export interface DrainTarget {
  kind: DrainKind
  url: string
  host: string
  port: number
}

const MAX_URL = 2048

/**
 * Reads a drain URL the way Logplex accepts them: a scheme it can speak, a host, and for syslog a port (there is no
 * sensible default for a TCP syslog receiver). Anything else is INVALID_INPUT naming the URL.
 */
export function parseDrainUrl(value: unknown): DrainTarget {
  if (typeof value !== 'string' || value === '') {
    throw new ShoalError('INVALID_INPUT', 'Cannot add drain: url must be a non-empty string')
  }
  if (value.length > MAX_URL) {
    throw new ShoalError('INVALID_INPUT', `Cannot add drain: the URL is longer than ${MAX_URL} characters`)
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ShoalError('INVALID_INPUT', `Cannot add drain: "${value.slice(0, 80)}" is not a URL`)
  }
  const scheme = url.protocol.slice(0, -1)
  if (scheme !== 'syslog' && scheme !== 'syslog+tls' && scheme !== 'https') {
    throw new ShoalError(
      'INVALID_INPUT',
      `Cannot add drain: scheme "${scheme}" is not one of syslog://, syslog+tls://, https://`,
    )
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (host === '') throw new ShoalError('INVALID_INPUT', `Cannot add drain: "${value.slice(0, 80)}" has no host`)
  if (scheme !== 'https' && url.port === '') {
    throw new ShoalError(
      'INVALID_INPUT',
      `Cannot add drain: a ${scheme}:// URL needs a port, as in ${scheme}://${host}:6514`,
    )
  }
  if (scheme !== 'https' && url.pathname !== '' && url.pathname !== '/') {
    throw new ShoalError('INVALID_INPUT', `Cannot add drain: a ${scheme}:// URL has no path`)
  }
  const port = url.port === '' ? 443 : Number(url.port)
  return { kind: scheme, url: value, host, port }
}
