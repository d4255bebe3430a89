import { ShoalError } from '../proto/errors.ts'
import { parseArgs } from './args.ts'
import type { Command } from './command.ts'
import { appsCommands } from './commands/apps-commands.ts'
import { certsCommands } from './commands/certs-commands.ts'
import { agent, controller, hosts, init, joinToken, router } from './commands/cluster-commands.ts'
import { configCommands } from './commands/config-commands.ts'
import { deployCommands } from './commands/deploy-commands.ts'
import { domainsCommands } from './commands/domains-commands.ts'
import { hostsCommands } from './commands/hosts-commands.ts'
import { logs } from './commands/logs-commands.ts'
import { psCommands } from './commands/ps-commands.ts'
import { releasesCommands } from './commands/releases-commands.ts'
import { runCommands } from './commands/run-commands.ts'
import { stackBuild } from './commands/stack-commands.ts'
import { down, up } from './commands/up-commands.ts'

const commands: Command[] = [
  up,
  down,
  init,
  controller,
  agent,
  router,
  joinToken,
  hosts,
  ...hostsCommands,
  stackBuild,
  ...appsCommands,
  ...releasesCommands,
  ...configCommands,
  ...deployCommands,
  logs,
  ...psCommands,
  ...runCommands,
  ...domainsCommands,
  ...certsCommands,
]

function help(name?: string): string {
  const cmd = commands.find((c) => c.name === name)
  if (cmd !== undefined) {
    const flags = Object.entries(cmd.flags).map(
      ([f, s]) =>
        `  ${s.short === undefined ? '    ' : `-${s.short}, `}--${f}${s.type === 'string' ? ' VALUE' : ''}  ${s.description}`,
    )
    return [`shoal ${cmd.name}${cmd.usage === undefined ? '' : ` ${cmd.usage}`}`, '', cmd.summary, '', ...flags].join(
      '\n',
    )
  }
  const width = Math.max(...commands.map((c) => c.name.length))
  return ['Usage: shoal COMMAND [flags]', '', ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)].join(
    '\n',
  )
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(help(rest[0]))
    return 0
  }
  const cmd = commands.find((c) => c.name === name)
  if (cmd === undefined) {
    throw new ShoalError('INVALID_INPUT', `Cannot run ${name}: no such command (see shoal help)`)
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(help(name))
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
