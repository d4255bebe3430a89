// `shoal labs`, `labs:enable FEATURE`, `labs:disable FEATURE`: Heroku's app features (log-runtime-metrics).

import { ShoalError } from '../../proto/errors.ts'
import type { AppFeatureView } from '../../proto/tls-api.ts'
import { ApiClient } from '../api-client.ts'
import { bool } from '../args.ts'
import { appFlag, type Command, jsonFlag, printJson } from '../command.ts'
import { appPath, HEX, positionals, requireApp } from './apps-commands.ts'

/** `heroku labs`: `[+]` marks an enabled feature. */
export function formatFeatures(app: string, features: AppFeatureView[]): string {
  const width = Math.max(0, ...features.map((f) => f.name.length))
  return [
    `=== App Features ${HEX} ${app}`,
    '',
    ...features.map((f) => `[${f.enabled ? '+' : ' '}] ${f.name.padEnd(width)}  ${f.description}`),
  ].join('\n')
}

const labs: Command = {
  name: 'labs',
  summary: "list the app's labs features and whether each is enabled",
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'labs')
    positionals(args, 'labs', 0)
    const features = await new ApiClient().get<AppFeatureView[]>(
      `${appPath(app)}/features`,
      `list features of app "${app}"`,
    )
    if (bool(args, 'json')) printJson(features)
    else console.log(formatFeatures(app, features))
    return 0
  },
}

const labsSet = (enable: boolean): Command => {
  const name = enable ? 'labs:enable' : 'labs:disable'
  return {
    name,
    summary: enable
      ? 'enable a labs feature for the app (log-runtime-metrics: dyno memory and load in the logs every 20 s)'
      : 'disable a labs feature for the app',
    usage: 'FEATURE',
    flags: { app: appFlag, json: jsonFlag },
    async run(args) {
      const app = requireApp(args, name)
      const [feature = ''] = positionals(args, name, 1)
      if (feature === '') {
        throw new ShoalError('INVALID_INPUT', `Cannot run ${name}: no feature given (shoal labs lists them)`)
      }
      process.stderr.write(`${enable ? 'Enabling' : 'Disabling'} ${feature} for ${HEX} ${app}... `)
      const view = await new ApiClient().request<AppFeatureView>(
        'PATCH',
        `${appPath(app)}/features/${encodeURIComponent(feature)}`,
        { enabled: enable },
        `${enable ? 'enable' : 'disable'} feature "${feature}" of app "${app}"`,
      )
      process.stderr.write('done\n')
      if (bool(args, 'json')) printJson(view)
      return 0
    },
  }
}

export const labsCommands: Command[] = [labs, labsSet(true), labsSet(false)]
