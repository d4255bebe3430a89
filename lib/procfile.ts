import { ShoalError } from '../proto/errors.ts'

// Heroku's Procfile line regex is `^[[:space:]]*([a-zA-Z0-9_-]+):?\s+(.*)[[:space:]]*`: the colon is optional and the
// command runs to the end of the line. Heroku silently skips lines that do not match; shoal refuses them with the
// line number instead, because a typo there otherwise surfaces much later as a missing process type.
const LINE = /^[ \t\f\v]*([a-zA-Z0-9_-]+):?[ \t\f\v]+(.*)$/
const PROCESS_TYPE = /^[-\w]{1,128}$/

/** Heroku's formation type rule: 1 to 128 letters, digits, underscores or dashes. */
export function isProcessType(name: string): boolean {
  return PROCESS_TYPE.test(name)
}

/**
 * Parses a Procfile into process type → command, in file order. Blank lines and `#` comments are skipped; a repeated
 * type keeps its last command, as Heroku does. Any other line that is not `type: command` throws INVALID_INPUT.
 */
export function parseProcfile(text: string): Map<string, string> {
  const types = new Map<string, string>()
  const lines = text.split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '')
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const lineNo = index + 1
    const match = LINE.exec(line)
    const bare = /^([a-zA-Z0-9_-]+):?$/.exec(trimmed)
    if (bare) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot parse Procfile line ${lineNo}: process type "${truncate(bare[1]!)}" has no command`,
      )
    }
    if (!match) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot parse Procfile line ${lineNo}: expected "type: command", got "${truncate(trimmed)}"`,
      )
    }
    const type = match[1]!
    const command = match[2]!.trim()
    if (!isProcessType(type)) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot parse Procfile line ${lineNo}: process type "${truncate(type)}" is longer than 128 characters`,
      )
    }
    if (command === '') {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot parse Procfile line ${lineNo}: process type "${type}" has no command`,
      )
    }
    types.set(type, command) // a repeated type keeps its first position and its last command
  }
  return types
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}
