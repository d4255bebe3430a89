import { readFileSync } from 'node:fs'
import { ShoalError } from '../proto/errors.ts'
import type { FlagSpec, Parsed } from './args.ts'

export const configFlag: FlagSpec = {
  type: 'string',
  description: 'JSON file of flags ({"data": "/var/lib/shoal/agent", "label": ["zone=a"]}); command-line flags win',
}

/**
 * Merges the daemon flags kept in `--config FILE` (what the systemd units use, so ExecStart carries no secrets and
 * no long flag lists) under the flags given on the command line. The file is a JSON object whose keys are the
 * command's flag names; it is decoded and checked here, once, against the command's flag specs.
 */
export function withConfigFile(args: Parsed, specs: Record<string, FlagSpec>, command: string): Parsed {
  const file = args.flags['config']
  if (typeof file !== 'string') return args
  const bad = (why: string): ShoalError => new ShoalError('INVALID_INPUT', `Cannot run ${command}: ${file} ${why}`)
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (e.code === 'ENOENT') throw new ShoalError('CONFIG_MISSING', `Cannot run ${command}: ${file} does not exist`)
    throw bad(`is not JSON (${e.message})`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw bad('is not a JSON object')
  const flags: Parsed['flags'] = {}
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    const spec = specs[name]
    if (spec === undefined || name === 'config') throw bad(`names an unknown flag "${name}"`)
    if (spec.type === 'boolean') {
      if (typeof value !== 'boolean') throw bad(`gives "${name}" a value that is not true or false`)
      flags[name] = value
    } else if (spec.multiple === true) {
      const values = typeof value === 'string' ? [value] : value
      if (!Array.isArray(values) || !values.every((v) => typeof v === 'string'))
        throw bad(`gives "${name}" a value that is not a string or a list of strings`)
      flags[name] = values as string[]
    } else {
      if (typeof value !== 'string') throw bad(`gives "${name}" a value that is not a string`)
      flags[name] = value
    }
  }
  for (const [name, value] of Object.entries(args.flags)) if (value !== undefined) flags[name] = value
  return { flags, positionals: args.positionals }
}
