import { readFileSync } from 'node:fs'
import type { LogDrainCreate, LogDrainView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, type Parsed, str } from '../args.ts'
import { appFlag, type Command, jsonFlag, printJson } from '../command.ts'
import { appPath, HEX, positionals, requireApp } from './apps-commands.ts'

const clusterFlag = { type: 'boolean' as const, description: "the cluster's drains (every app's lines), not an app's" }

/** The API path and the words for an app's drains or the cluster's (--cluster). */
function scope(args: Parsed, command: string): { path: string; name: string } {
  if (bool(args, 'cluster')) {
    if (str(args, 'app') !== undefined) {
      throw new ShoalError('INVALID_INPUT', `Cannot run ${command}: give either --cluster or -a APP, not both`)
    }
    return { path: '/v1/log-drains', name: 'the cluster' }
  }
  const app = requireApp(args, command)
  return { path: `${appPath(app)}/log-drains`, name: `${HEX} ${app}` }
}

/** Heroku's `drains` output: a header, then `URL (TOKEN)` per drain. */
export function formatDrains(name: string, drains: LogDrainView[]): string {
  if (drains.length === 0) return `There are no drains on ${name}`
  return ['=== Drains', ...drains.map((d) => `${d.url} (${d.token})`)].join('\n')
}

export const drains: Command = {
  name: 'drains',
  summary: "list an app's log drains (or the cluster's with --cluster)",
  flags: { app: appFlag, cluster: clusterFlag, json: jsonFlag },
  async run(args) {
    const { path, name } = scope(args, 'drains')
    positionals(args, 'drains', 0)
    const list = await new ApiClient().get<LogDrainView[]>(path, `list drains of ${name}`)
    if (bool(args, 'json')) printJson(list)
    else console.log(formatDrains(name, list))
    return 0
  },
}

export const drainsAdd: Command = {
  name: 'drains:add',
  usage: 'URL',
  summary: 'send logs to a drain: syslog://HOST:PORT, syslog+tls://HOST:PORT or https://… (at most 5 per app)',
  flags: {
    app: appFlag,
    cluster: clusterFlag,
    json: jsonFlag,
    'ca-file': { type: 'string', description: "PEM file of CA certificates to trust for the drain's TLS certificate" },
  },
  async run(args) {
    const { path, name } = scope(args, 'drains:add')
    const [url] = positionals(args, 'drains:add', 1)
    if (url === undefined) throw new ShoalError('INVALID_INPUT', 'Cannot run drains:add: no URL given')
    const body: LogDrainCreate = { url }
    const caFile = str(args, 'ca-file')
    if (caFile !== undefined) {
      try {
        body.ca = readFileSync(caFile, 'utf8')
      } catch (err) {
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot run drains:add: cannot read ${caFile} (${(err as Error).message})`,
        )
      }
    }
    const drain = await new ApiClient().request<LogDrainView>('POST', path, body, `add a drain to ${name}`)
    if (bool(args, 'json')) printJson(drain)
    else console.log(`Successfully added drain ${drain.url}`)
    return 0
  },
}

export const drainsRemove: Command = {
  name: 'drains:remove',
  usage: 'URL|TOKEN',
  summary: 'stop sending logs to a drain, named by its URL or token',
  flags: { app: appFlag, cluster: clusterFlag, json: jsonFlag },
  async run(args) {
    const { path, name } = scope(args, 'drains:remove')
    const [which] = positionals(args, 'drains:remove', 1)
    if (which === undefined) throw new ShoalError('INVALID_INPUT', 'Cannot run drains:remove: no URL or token given')
    const drain = await new ApiClient().request<LogDrainView>(
      'DELETE',
      `${path}?drain=${encodeURIComponent(which)}`,
      undefined,
      `remove a drain from ${name}`,
    )
    if (bool(args, 'json')) printJson(drain)
    else console.log(`Successfully removed drain ${drain.url}`)
    return 0
  },
}

export const drainsCommands: Command[] = [drains, drainsAdd, drainsRemove]
