import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { normalizeFingerprint } from '../lib/pinned-tls.ts'
import { ShoalError } from '../proto/errors.ts'

/**
 * Where the CLI finds the API, its token and the SHA-256 fingerprint of the API's certificate, which the CLI pins
 * (the API's certificate is self-signed); SHOAL_CONFIG overrides the path.
 */
export interface CliConfig {
  apiUrl: string
  token: string
  fingerprint: string
  /** Every controller's API URL in an HA cluster (apiUrl first); the CLI fails over between them. */
  apiUrls?: string[] | undefined
}

/** The API URLs to try, in order, without repeats. */
export function apiUrls(config: CliConfig): string[] {
  return [...new Set([config.apiUrl, ...(config.apiUrls ?? [])])]
}

export function configPath(): string {
  return (
    process.env['SHOAL_CONFIG'] ??
    join(process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'shoal', 'config.json')
  )
}

export function readConfig(): CliConfig {
  const path = configPath()
  let parsed: Partial<CliConfig>
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CliConfig>
  } catch {
    throw new ShoalError(
      'CONFIG_MISSING',
      `Cannot reach the API: no credentials in ${path} (run shoal init or set SHOAL_CONFIG)`,
    )
  }
  if (typeof parsed.apiUrl !== 'string' || typeof parsed.token !== 'string') {
    throw new ShoalError('CONFIG_MISSING', `Cannot reach the API: ${path} lacks apiUrl or token`)
  }
  const urls = Array.isArray(parsed.apiUrls) ? parsed.apiUrls.filter((u): u is string => typeof u === 'string') : []
  if (![parsed.apiUrl, ...urls].every((u) => u.startsWith('https://')) || typeof parsed.fingerprint !== 'string') {
    throw new ShoalError(
      'CONFIG_MISSING',
      `Cannot reach the API: ${path} has no https apiUrl with a certificate fingerprint (written before the API had ` +
        'TLS; run shoal up again, or set "apiUrl": "https://…" and "fingerprint" from shoal join-token)',
    )
  }
  let fingerprint: string
  try {
    fingerprint = normalizeFingerprint(parsed.fingerprint)
  } catch (err) {
    throw new ShoalError('CONFIG_MISSING', `Cannot reach the API: ${path}: ${(err as Error).message}`)
  }
  return { apiUrl: parsed.apiUrl, token: parsed.token, fingerprint, ...(urls.length > 0 ? { apiUrls: urls } : {}) }
}

export function writeConfig(config: CliConfig): string {
  const path = configPath()
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  chmodSync(path, 0o600)
  return path
}
