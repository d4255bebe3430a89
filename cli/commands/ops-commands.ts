import { SHOAL_VERSION } from '../../lib/version.ts'
import type { ClusterInfo } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, str } from '../args.ts'
import { readConfig } from '../cli-config.ts'
import { type Command, jsonFlag, printJson } from '../command.ts'

export const version: Command = {
  name: 'version',
  summary: "print this CLI's version and the controller's (when the CLI has credentials and the API answers)",
  flags: { json: jsonFlag },
  async run(args) {
    let controller: string | null = null
    let why = ''
    try {
      controller = (await new ApiClient(readConfig()).get<ClusterInfo>('/v1/cluster', 'get the cluster')).version
    } catch (err) {
      why = err instanceof Error ? err.message : String(err)
    }
    if (bool(args, 'json')) {
      printJson({ cli: SHOAL_VERSION, controller })
      return 0
    }
    console.log(`cli:        ${SHOAL_VERSION}`)
    console.log(`controller: ${controller ?? `unknown (${why})`}`)
    return 0
  },
}

export const supervise: Command = {
  name: 'supervise',
  summary: "run a systemd unit's ExecStart with its EnvironmentFile, restarting it (where systemd is not PID 1)",
  usage: 'UNIT-FILE',
  flags: { 'pid-file': { type: 'string', description: 'write this process id here while it runs' } },
  async run(args) {
    const file = args.positionals[0]
    if (file === undefined) throw new ShoalError('INVALID_INPUT', 'Cannot run supervise: no unit file given')
    const { superviseUnit } = await import('../unit-supervisor.ts')
    return superviseUnit(file, str(args, 'pid-file'), (line) => console.error(line))
  },
}

export const opsCommands: Command[] = [version, supervise]
