import { ShoalError } from '../proto/errors.ts'

export interface FlagSpec {
  short?: string
  /** boolean flags take no value; string flags may repeat (the last wins unless multiple). */
  type: 'boolean' | 'string'
  multiple?: boolean
  description: string
}

export interface Parsed {
  flags: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
}

/** Parses `--flag value`, `--flag=value`, `-f value`, `--bool`; `--` ends flags. Unknown flags are errors. */
export function parseArgs(argv: string[], specs: Record<string, FlagSpec>, command: string): Parsed {
  const flags: Parsed['flags'] = {}
  const positionals: string[] = []
  const byShort = new Map(
    Object.entries(specs).flatMap(([name, s]) => (s.short === undefined ? [] : [[s.short, name]])),
  )
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    let name: string | undefined
    let inline: string | undefined
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=')
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
      inline = eq === -1 ? undefined : arg.slice(eq + 1)
    } else if (/^-[A-Za-z]$/.test(arg)) {
      name = byShort.get(arg.slice(1))
      if (name === undefined) throw usage(command, `unknown flag ${arg}`)
    } else {
      positionals.push(arg)
      continue
    }
    const spec = specs[name]
    if (spec === undefined) throw usage(command, `unknown flag --${name}`)
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw usage(command, `--${name} takes no value`)
      flags[name] = true
      continue
    }
    const value = inline ?? argv[++i]
    if (value === undefined) throw usage(command, `--${name} needs a value`)
    if (spec.multiple === true) flags[name] = [...((flags[name] as string[] | undefined) ?? []), value]
    else flags[name] = value
  }
  return { flags, positionals }
}

function usage(command: string, why: string): ShoalError {
  return new ShoalError('INVALID_INPUT', `Cannot run ${command}: ${why} (see shoal help ${command})`)
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.flags[name]
  return typeof v === 'string' ? v : undefined
}

export function list(p: Parsed, name: string): string[] {
  const v = p.flags[name]
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : []
}

export function bool(p: Parsed, name: string): boolean {
  return p.flags[name] === true
}
