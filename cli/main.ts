import { SHOAL_VERSION } from '../lib/version.ts'
import { ShoalError } from '../proto/errors.ts'
import { parseArgs } from './args.ts'
import type { Command } from './command.ts'
import { allCommands, findCommand } from './command-table.ts'

function commandHelp(cmd: Command): string {
  const flags = Object.entries(cmd.flags).map(
    ([f, s]) =>
      `  ${s.short === undefined ? '    ' : `-${s.short}, `}--${f}${s.type === 'string' ? ' VALUE' : ''}  ${s.description}`,
  )
  return [`shoal ${cmd.name}${cmd.usage === undefined ? '' : ` ${cmd.usage}`}`, '', cmd.summary, '', ...flags].join(
    '\n',
  )
}

async function help(name?: string): Promise<string> {
  const cmd = name === undefined ? undefined : await findCommand(name)
  if (cmd !== undefined) return commandHelp(cmd)
  const commands = await allCommands()
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    `Usage: shoal COMMAND [flags]   (shoal ${SHOAL_VERSION})`,
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(await help(rest[0]))
    return 0
  }
  if (name === '--version' || name === '-v') {
    console.log(SHOAL_VERSION)
    return 0
  }
  const cmd = await findCommand(name)
  if (cmd === undefined) {
    throw new ShoalError('INVALID_INPUT', `Cannot run ${name}: no such command (see shoal help)`)
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(commandHelp(cmd))
    return 0
  }
  return (await cmd.run(parseArgs(rest, cmd.flags, name))) ?? 0
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    if (err instanceof ShoalError) console.error(`Error: ${err.message} [${err.code}]`)
    else console.error(`Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)} [INTERNAL]`)
    process.exitCode = 1
  },
)
