import { parseArgs as nodeParseArgs } from 'node:util'
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

/**
 * Parses `--flag value`, `--flag=value`, `-f value`, `--bool`; `--` ends flags (node:util parseArgs, strict).
 * Unknown flags, a missing value and a value for a boolean flag are INVALID_INPUT errors naming the command.
 */
export function parseArgs(argv: string[], specs: Record<string, FlagSpec>, command: string): Parsed {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {}
  for (const [name, s] of Object.entries(specs)) {
    options[name] = {
      type: s.type,
      ...(s.short === undefined ? {} : { short: s.short }),
      ...(s.multiple === true ? { multiple: true } : {}),
    }
  }
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] }
  try {
    parsed = nodeParseArgs({ args: argv, options, strict: true, allowPositionals: true })
  } catch (err) {
    throw usage(command, why(err))
  }
  const flags: Parsed['flags'] = {}
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === undefined) continue
    // A repeated single-valued string flag: the last one wins (node keeps the last too; this is belt and braces).
    flags[name] = Array.isArray(value) ? value.map(String) : value
  }
  return { flags, positionals: parsed.positionals }
}

/** node:util's messages name the flag; turn them into one short reason. */
function why(err: unknown): string {
  const e = err as { code?: string; message?: string }
  const message = String(e.message ?? err)
  const flag = /'(-[^', ]+)(?:, (--[^', ]+))?/.exec(message)
  const name = flag?.[2] ?? flag?.[1] ?? ''
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${name || message}`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('does not take an argument')
        ? `${name} takes no value`
        : message.includes('ambiguous')
          ? `${name} needs a value (write ${name}=VALUE for a value starting with -)`
          : `${name} needs a value`
    default:
      return message
  }
}

function usage(command: string, reason: string): ShoalError {
  return new ShoalError('INVALID_INPUT', `Cannot run ${command}: ${reason} (see shoal help ${command})`)
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
