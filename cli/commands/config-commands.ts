import type { ConfigVars, ConfigVarsPatch, ConfigVarsUpdate, SecretKeyRotation } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, type Parsed } from '../args.ts'
import { appFlag, type Command, jsonFlag, printJson } from '../command.ts'
import { appPath, HEX, positionals, requireApp } from './apps-commands.ts'

const shellFlag = {
  short: 's',
  type: 'boolean',
  description: 'print KEY=value lines for a shell or a .env file',
} as const

/** Single-quotes a value for a POSIX shell unless it is made only of characters that need no quoting. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:@%+,=-]*$/.test(value) && value !== '') return value
  return `'${value.replaceAll("'", `'\\''`)}'`
}

/** `KEY:  value` lines with values aligned, as heroku's styled objects print. */
export function styledVars(config: ConfigVars): string[] {
  const keys = Object.keys(config).sort()
  const width = Math.max(0, ...keys.map((k) => k.length)) + 1
  return keys.map((k) => `${`${k}:`.padEnd(width)} ${config[k]}`)
}

async function patch(app: string, body: ConfigVarsPatch, action: string): Promise<ConfigVarsUpdate> {
  return new ApiClient().request<ConfigVarsUpdate>('PATCH', `${appPath(app)}/config-vars`, body, action)
}

function needArgs(args: Parsed, command: string, what: string): string[] {
  if (args.positionals.length === 0)
    throw new ShoalError('INVALID_INPUT', `Cannot run ${command}: give at least one ${what}`)
  return args.positionals
}

export const config: Command = {
  name: 'config',
  summary: "show an app's config vars",
  flags: { app: appFlag, json: jsonFlag, shell: shellFlag },
  async run(args) {
    const app = requireApp(args, 'config')
    positionals(args, 'config', 0)
    const vars = await new ApiClient().get<ConfigVars>(
      `${appPath(app)}/config-vars`,
      `show config vars of app "${app}"`,
    )
    if (bool(args, 'json')) printJson(vars)
    else if (bool(args, 'shell')) {
      for (const k of Object.keys(vars).sort()) console.log(`${k}=${shellQuote(vars[k] ?? '')}`)
    } else if (Object.keys(vars).length === 0) console.log(`${HEX} ${app} has no config vars.`)
    else console.log([`=== ${app} Config Vars`, '', ...styledVars(vars)].join('\n'))
    return 0
  },
}

export const configGet: Command = {
  name: 'config:get',
  usage: 'KEY',
  summary: 'print the value of one config var (an empty line when it is not set)',
  flags: { app: appFlag, shell: shellFlag },
  async run(args) {
    const app = requireApp(args, 'config:get')
    const [key] = positionals(args, 'config:get', 1)
    if (key === undefined) throw new ShoalError('INVALID_INPUT', 'Cannot run config:get: give the KEY to print')
    const vars = await new ApiClient().get<ConfigVars>(
      `${appPath(app)}/config-vars`,
      `show config vars of app "${app}"`,
    )
    const value = vars[key] ?? ''
    console.log(bool(args, 'shell') ? `${key}=${shellQuote(value)}` : value)
    return 0
  },
}

export const configSet: Command = {
  name: 'config:set',
  usage: 'KEY=VALUE ...',
  summary: 'set config vars, making a new release',
  flags: { app: appFlag },
  async run(args) {
    const app = requireApp(args, 'config:set')
    const body: Record<string, string> = {}
    for (const pair of needArgs(args, 'config:set', 'KEY=VALUE')) {
      const eq = pair.indexOf('=')
      if (eq <= 0) {
        throw new ShoalError('INVALID_INPUT', `Cannot run config:set: "${pair.slice(0, 40)}" is not KEY=VALUE`)
      }
      body[pair.slice(0, eq)] = pair.slice(eq + 1)
    }
    const res = await patch(app, body, `set config vars of app "${app}"`)
    console.log(`Setting ${Object.keys(body).join(', ')} and restarting ${HEX} ${app}... done, v${res.release.version}`)
    console.log(styledVars(body).join('\n'))
    return 0
  },
}

export const configUnset: Command = {
  name: 'config:unset',
  usage: 'KEY ...',
  summary: 'remove config vars, making a new release',
  flags: { app: appFlag },
  async run(args) {
    const app = requireApp(args, 'config:unset')
    const keys = needArgs(args, 'config:unset', 'KEY')
    const body: ConfigVarsPatch = Object.fromEntries(keys.map((k) => [k, null]))
    const res = await patch(app, body, `unset config vars of app "${app}"`)
    console.log(`Unsetting ${keys.join(', ')} and restarting ${HEX} ${app}... done, v${res.release.version}`)
    return 0
  },
}

export const configRotateKey: Command = {
  name: 'config:rotate-key',
  summary: "seal every app's config vars at rest under a new cluster key (kept in the controller's cluster.json)",
  flags: { json: jsonFlag },
  async run(args) {
    const r = await new ApiClient().request<SecretKeyRotation>('POST', '/v1/cluster/secret-key', {}, 'rotate the key')
    if (bool(args, 'json')) printJson(r)
    else console.log(`Rotated the config var key to ${r.key}; re-sealed ${r.resealed} release records.`)
    return 0
  },
}

export const configCommands: Command[] = [config, configGet, configSet, configUnset, configRotateKey]
