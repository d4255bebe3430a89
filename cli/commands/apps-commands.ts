import type { AppView, ClusterInfo, CreateAppRequest } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, list, type Parsed, str } from '../args.ts'
import { appFlag, type Command, jsonFlag, printJson } from '../command.ts'
import { bytes } from '../table.ts'

/** The heroku CLI's app marker, kept so output reads the same. */
export const HEX = '⬢'

/** The app a command acts on: -a/--app, else $SHOAL_APP; a clear error when neither is there. */
export function requireApp(args: Parsed, command: string): string {
  const app = str(args, 'app') ?? process.env['SHOAL_APP']
  if (app === undefined || app === '') {
    throw new ShoalError('INVALID_INPUT', `Cannot run ${command}: no app given (use -a APP or set SHOAL_APP)`)
  }
  return app
}

/** Refuses positionals beyond `max`, so a typo is not silently ignored. */
export function positionals(args: Parsed, command: string, max: number): string[] {
  if (args.positionals.length > max) {
    throw new ShoalError(
      'INVALID_INPUT',
      `Cannot run ${command}: unexpected argument "${args.positionals[max]}" (see shoal help ${command})`,
    )
  }
  return args.positionals
}

/** Path segment for an app; the server refuses bad names, this only keeps the URL intact. */
export function appPath(app: string): string {
  return `/v1/apps/${encodeURIComponent(app)}`
}

/** Heroku's timestamp format: `2015/11/17 17:37:41 +0000`. */
export function herokuDate(iso: string): string {
  return `${iso.slice(0, 10).replaceAll('-', '/')} ${iso.slice(11, 19)} +0000`
}

async function webUrl(client: ApiClient, app: string): Promise<string> {
  const cluster = await client.get<ClusterInfo>('/v1/cluster', 'get the cluster domain')
  return `http://${app}.${cluster.domain}/`
}

export const apps: Command = {
  name: 'apps',
  summary: 'list the apps',
  flags: { json: jsonFlag },
  async run(args) {
    positionals(args, 'apps', 0)
    const res = await new ApiClient().get<AppView[]>('/v1/apps', 'list apps')
    if (bool(args, 'json')) {
      printJson(res)
      return 0
    }
    if (res.length === 0) {
      console.log('You have no apps.')
      return 0
    }
    console.log(['=== Apps', '', ...res.map((a) => a.name)].join('\n'))
    return 0
  },
}

export const appsCreate: Command = {
  name: 'apps:create',
  usage: '[NAME]',
  summary: 'create an app (a name like shrouded-bayou-4821 is generated when none is given)',
  flags: {
    buildpack: { short: 'b', type: 'string', multiple: true, description: 'custom buildpack URL or path (repeatable)' },
    json: jsonFlag,
  },
  async run(args) {
    const [name] = positionals(args, 'apps:create', 1)
    const client = new ApiClient()
    const body: CreateAppRequest = {}
    if (name !== undefined) body.name = name
    const buildpacks = list(args, 'buildpack')
    if (buildpacks.length > 0) body.buildpacks = buildpacks
    const app = await client.request<AppView>('POST', '/v1/apps', body, 'create app')
    const url = await webUrl(client, app.name)
    if (bool(args, 'json')) {
      printJson({ ...app, webUrl: url })
      return 0
    }
    console.log(name === undefined ? `Creating app... done, ${HEX} ${app.name}` : `Creating ${HEX} ${app.name}... done`)
    console.log(url)
    return 0
  },
}

export const appsInfo: Command = {
  name: 'apps:info',
  summary: 'show an app: its current release, slug size, buildpacks and URL',
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const name = requireApp(args, 'apps:info')
    positionals(args, 'apps:info', 0)
    const client = new ApiClient()
    const app = await client.get<AppView>(appPath(name), `show app "${name}"`)
    const url = await webUrl(client, app.name)
    if (bool(args, 'json')) {
      printJson({ ...app, webUrl: url })
      return 0
    }
    const rows: Array<[string, string]> = [
      ['Buildpacks', app.buildpacks.length === 0 ? '(detected at build time)' : app.buildpacks.join(', ')],
      ['Created', herokuDate(app.createdAt)],
      ['Release', `v${app.currentRelease} (${herokuDate(app.releasedAt)})`],
      ['Slug Size', app.slugSize === null ? '(not deployed yet)' : bytes(app.slugSize)],
      ['Web URL', url],
    ]
    const width = Math.max(...rows.map(([k]) => k.length)) + 1
    console.log([`=== ${HEX} ${app.name}`, '', ...rows.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v}`)].join('\n'))
    return 0
  },
}

export const appsDestroy: Command = {
  name: 'apps:destroy',
  usage: '[APP]',
  summary: 'permanently destroy an app, its releases and config (needs --confirm APP)',
  flags: { app: appFlag, confirm: { type: 'string', description: "the app's name again, to confirm" } },
  async run(args) {
    const [positional] = positionals(args, 'apps:destroy', 1)
    const name = str(args, 'app') ?? positional ?? requireApp(args, 'apps:destroy')
    const confirm = str(args, 'confirm')
    if (confirm === undefined) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot destroy app "${name}": this deletes it with all its releases and config vars; to proceed, run again with --confirm ${name}`,
      )
    }
    if (confirm !== name) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot destroy app "${name}": --confirm ${confirm} does not match its name`,
      )
    }
    await new ApiClient().request('DELETE', appPath(name), { confirm }, `destroy app "${name}"`)
    console.log(`Destroying ${HEX} ${name}... done`)
    return 0
  },
}

export const appsCommands: Command[] = [apps, appsCreate, appsInfo, appsDestroy]
