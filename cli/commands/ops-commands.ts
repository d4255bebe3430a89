import { SHOAL_VERSION } from '../../lib/version.ts'
import type { ClusterInfo } from '../../proto/api.ts'
import { ApiClient } from '../api-client.ts'
import { bool } from '../args.ts'
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

export const opsCommands: Command[] = [version]
