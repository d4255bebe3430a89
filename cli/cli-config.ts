import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { ShoalError } from '../proto/errors.ts'

/** Where the CLI finds the API and its token; SHOAL_CONFIG overrides the path. */
export interface CliConfig {
  apiUrl: string
  token: string
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
  return { apiUrl: parsed.apiUrl, token: parsed.token }
}

export function writeConfig(config: CliConfig): string {
  const path = configPath()
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  chmodSync(path, 0o600)
  return path
}
