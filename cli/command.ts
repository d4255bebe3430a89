import type { FlagSpec, Parsed } from './args.ts'

export interface Command {
  name: string
  summary: string
  usage?: string
  flags: Record<string, FlagSpec>
  run(args: Parsed): Promise<number | undefined>
}

export const jsonFlag: FlagSpec = { type: 'boolean', description: 'print JSON with stable field names' }
export const appFlag: FlagSpec = { short: 'a', type: 'string', description: 'app to run the command against' }

/** Prints a value as JSON on stdout (what --json prints). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** Runs a daemon until SIGINT/SIGTERM, then stops it once. */
export async function runUntilSignal(stop: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false
    const onSignal = (): void => {
      if (stopping) return
      stopping = true
      stop().then(
        () => resolve(0),
        () => resolve(1),
      )
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
  })
}
