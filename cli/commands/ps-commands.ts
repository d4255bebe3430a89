import { dynoSizeLabel } from '../../controller/formation/dyno-size-label.ts'
import type {
  DynoActionResponse,
  DynoView,
  FormationPatchRequest,
  FormationUpdate,
  FormationView,
} from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, type Parsed, str } from '../args.ts'
import { appFlag, type Command, jsonFlag, printJson } from '../command.ts'
import { ago, table } from '../table.ts'
import { appPath, HEX, herokuDate, positionals, requireApp } from './apps-commands.ts'

/** Heroku's ps:scale argument: web=3, worker+1, web-2, each optionally :SIZE (web=3:Standard-2X). */
const SCALE_ARG = /^([\w-]+)([=+-]\d+)(?::([\w-]+))?$/
const TYPE_ARG = /^([\w-]+)=([\w-]+)$/
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function usage(command: string, why: string): ShoalError {
  return new ShoalError('INVALID_INPUT', `Cannot run ${command}: ${why} (see shoal help ${command})`)
}

/** Turns `web=2 worker+1 web=3:standard-2x`-style arguments into formation updates; a malformed one is an error. */
export function parseScaleArgs(args: readonly string[]): FormationUpdate[] {
  return args.map((arg) => {
    const m = SCALE_ARG.exec(arg)
    if (m === null) throw usage('ps:scale', `"${arg}" is not TYPE=N, TYPE+N or TYPE-N, optionally followed by :SIZE`)
    const [, type = '', change = '', size] = m
    const n = Number(change.slice(1))
    const update: FormationUpdate =
      change[0] === '=' ? { type, quantity: n } : { type, delta: change[0] === '-' ? -n : n }
    if (size !== undefined) update.size = size
    return update
  })
}

/** `web=1:Standard-1X worker=0:Standard-1X`: what `ps:scale` with no arguments prints, ready to pass back in. */
export function formatFormationLine(formation: readonly FormationView[]): string {
  return formation
    .map((f) => `${f.type}=${f.quantity}:${dynoSizeLabel(f.size)}`)
    .sort(byText)
    .join(' ')
}

/** `Scaling dynos... done, now running web at 3:Standard-2X, worker at 1:Standard-1X.` for the types asked about. */
export function formatScaled(formation: readonly FormationView[], updates: readonly FormationUpdate[]): string {
  const asked = new Set(updates.map((u) => u.type))
  const parts = formation
    .filter((f) => asked.has(f.type))
    .map((f) => `${f.type} at ${f.quantity}:${dynoSizeLabel(f.size)}`)
  return `Scaling dynos... done, now running ${parts.join(', ')}.`
}

/** Heroku's ps:type tables: the process types with size and quantity, then the dyno count per size. */
export function formatFormationTable(formation: readonly FormationView[]): string {
  const sorted = [...formation].sort((a, b) => byText(a.type, b.type))
  const totals = new Map<string, number>()
  for (const f of sorted) totals.set(dynoSizeLabel(f.size), (totals.get(dynoSizeLabel(f.size)) ?? 0) + f.quantity)
  return [
    '=== Process Types',
    '',
    table(
      ['type', 'size', 'qty'],
      sorted.map((f) => [f.type, dynoSizeLabel(f.size), String(f.quantity)]),
    ),
    '',
    '=== Dyno Totals',
    '',
    table(
      ['type', 'total'],
      [...totals].map(([size, total]) => [size, String(total)]),
    ),
  ].join('\n')
}

/** `up 2026/11/26 15:00:00 +0000 (~ 3m ago)`; an unplaceable dyno says why instead of when. */
function dynoStatus(d: DynoView, now: number): string {
  if (d.state === 'unplaceable') return d.reason === undefined ? d.state : `${d.state} (${d.reason})`
  if (d.since !== null) {
    const when = ago(d.since, now)
    return `${d.state} ${herokuDate(d.since)} (${when.startsWith('~') ? when : `~ ${when}`})`
  }
  return d.reason === undefined ? d.state : `${d.state} (${d.reason})`
}

const dynoNumber = (name: string): number => Number(name.split('.', 2)[1] ?? 0)

/**
 * `heroku ps`: one group per process type, size and command (`=== web (Standard-1X): npm start (2)`), one-off dynos
 * together (`=== run: one-off processes (1)`), groups in name order, dynos by number, a blank line between groups.
 */
export function formatDynos(app: string, dynos: readonly DynoView[], now = Date.now()): string {
  if (dynos.length === 0) return `No dynos on ${HEX} ${app}`
  const groups = new Map<string, DynoView[]>()
  for (const d of [...dynos].sort((a, b) => byText(a.name, b.name))) {
    const key = d.type === 'run' ? 'run: one-off processes' : `${d.type} (${dynoSizeLabel(d.size)}): ${d.command}`
    groups.set(key, [...(groups.get(key) ?? []), d])
  }
  const blocks = [...groups].map(([key, members]) => {
    const lines = members
      .sort((a, b) => dynoNumber(a.name) - dynoNumber(b.name))
      .map((d) =>
        d.type === 'run'
          ? `${d.name} (${dynoSizeLabel(d.size)}): ${dynoStatus(d, now)}: ${d.command}`
          : `${d.name}: ${dynoStatus(d, now)}`,
      )
    return [`=== ${key} (${members.length})`, '', ...lines].join('\n')
  })
  return blocks.join('\n\n')
}

/** ps:type's arguments: TYPE=SIZE pairs for types of the formation, or one SIZE for every type. */
export function parseTypeArgs(args: readonly string[], formation: readonly FormationView[]): FormationUpdate[] {
  const types = formation.map((f) => f.type)
  if (args.length === 0) return []
  if (!args.some((a) => a.includes('='))) {
    if (args.length > 1) throw usage('ps:type', 'give one SIZE for every type, or TYPE=SIZE pairs')
    return types.map((type) => ({ type, size: args[0] as string }))
  }
  return args.map((arg) => {
    const m = TYPE_ARG.exec(arg)
    if (m === null) throw usage('ps:type', `"${arg}" is not TYPE=SIZE`)
    const [, type = '', size = ''] = m
    if (!types.includes(type)) {
      throw usage('ps:type', `no process type "${type}" in the formation (types: ${types.join(', ') || 'none'})`)
    }
    return { type, size }
  })
}

async function getFormation(client: ApiClient, app: string): Promise<FormationView[]> {
  return client.get<FormationView[]>(`${appPath(app)}/formation`, `get the formation of app "${app}"`)
}

function noTypes(app: string): ShoalError {
  return new ShoalError(
    'NOT_FOUND',
    `Cannot show the formation of ${HEX} ${app}: it has no process types yet (deploy it with a Procfile)`,
  )
}

async function patchFormation(client: ApiClient, app: string, updates: FormationUpdate[]): Promise<FormationView[]> {
  const body: FormationPatchRequest = { updates }
  return client.request<FormationView[]>('PATCH', `${appPath(app)}/formation`, body, `scale app "${app}"`)
}

export const ps: Command = {
  name: 'ps',
  usage: '[TYPE…]',
  summary: "list an app's dynos (optionally only some process types)",
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'ps')
    const types = args.positionals
    let dynos = await new ApiClient().get<DynoView[]>(`${appPath(app)}/dynos`, `list dynos of app "${app}"`)
    if (types.length > 0) {
      dynos = dynos.filter((d) => types.includes(d.type))
      const missing = types.find((t) => !dynos.some((d) => d.type === t))
      if (missing !== undefined)
        throw new ShoalError('NOT_FOUND', `Cannot run ps: no ${missing} dynos on ${HEX} ${app}`)
    }
    if (bool(args, 'json')) printJson([...dynos].sort((a, b) => byText(a.name, b.name)))
    else console.log(formatDynos(app, dynos))
    return 0
  },
}

export const psScale: Command = {
  name: 'ps:scale',
  usage: '[TYPE=N[:SIZE] | TYPE+N | TYPE-N …]',
  summary: 'scale dynos (web=2, worker+1, web=3:standard-2x); with no arguments print the formation',
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'ps:scale')
    const updates = parseScaleArgs(args.positionals)
    const client = new ApiClient()
    if (updates.length === 0) {
      const formation = await getFormation(client, app)
      if (bool(args, 'json')) printJson(formation)
      else if (formation.length === 0) throw noTypes(app)
      else console.log(formatFormationLine(formation))
      return 0
    }
    const formation = await patchFormation(client, app, updates)
    if (bool(args, 'json')) printJson(formation)
    else console.log(formatScaled(formation, updates))
    return 0
  },
}

export const psType: Command = {
  name: 'ps:type',
  usage: '[TYPE=SIZE… | SIZE]',
  summary: 'change dyno sizes (standard-1x, standard-2x, performance-m, performance-l); with no arguments list them',
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'ps:type')
    const client = new ApiClient()
    let formation = await getFormation(client, app)
    if (formation.length === 0) throw noTypes(app)
    const updates = parseTypeArgs(args.positionals, formation)
    if (updates.length > 0) formation = await patchFormation(client, app, updates)
    if (bool(args, 'json')) {
      printJson(formation)
      return 0
    }
    if (updates.length > 0) console.log(`Scaling dynos on ${HEX} ${app}... done`)
    console.log(formatFormationTable(formation))
    return 0
  },
}

/** The dyno (web.1) or process type (web) a ps:restart / ps:stop acts on: -d, -p or the argument; none means all. */
function target(args: Parsed, command: string): { kind: 'dyno' | 'type'; name: string } | undefined {
  const [arg] = positionals(args, command, 1)
  const dyno = str(args, 'dyno-name')
  const type = str(args, 'process-type')
  if ([arg, dyno, type].filter((v) => v !== undefined).length > 1) {
    throw usage(command, 'give one dyno name or process type')
  }
  if (type !== undefined) return { kind: 'type', name: type }
  const name = dyno ?? arg
  if (name === undefined) return undefined
  return { kind: name.includes('.') ? 'dyno' : 'type', name }
}

/** Heroku's wording: `Restarting dyno web.1 on ⬢ app`, `Restarting all web dynos on ⬢ app`, `… all dynos …`. */
export function actionLine(verb: 'Restarting' | 'Stopping', app: string, t?: { kind: 'dyno' | 'type'; name: string }) {
  const what = t === undefined ? 'all dynos' : t.kind === 'dyno' ? `dyno ${t.name}` : `all ${t.name} dynos`
  return `${verb} ${what} on ${HEX} ${app}... done`
}

const targetFlags = {
  app: appFlag,
  'dyno-name': { short: 'd', type: 'string', description: 'name of the dyno (web.1)' },
  'process-type': { short: 'p', type: 'string', description: 'name of the process type (web)' },
} as const satisfies Command['flags']

export const psRestart: Command = {
  name: 'ps:restart',
  usage: '[web | web.1]',
  summary: "restart a dyno, a process type's dynos, or (with no argument) all of an app's dynos",
  flags: targetFlags,
  async run(args) {
    const app = requireApp(args, 'ps:restart')
    const t = target(args, 'ps:restart')
    const path = t === undefined ? `${appPath(app)}/dynos` : `${appPath(app)}/dynos/${encodeURIComponent(t.name)}`
    await new ApiClient().request<DynoActionResponse>('DELETE', path, undefined, `restart dynos of app "${app}"`)
    console.log(actionLine('Restarting', app, t))
    return 0
  },
}

export const psStop: Command = {
  name: 'ps:stop',
  usage: 'web.1 | web',
  summary: 'stop a dyno or a process type (formation dynos are replaced at once; scale down to keep them stopped)',
  flags: targetFlags,
  async run(args) {
    const app = requireApp(args, 'ps:stop')
    const t = target(args, 'ps:stop')
    if (t === undefined) throw usage('ps:stop', 'give a dyno name (web.1) or a process type (web)')
    const path = `${appPath(app)}/dynos/${encodeURIComponent(t.name)}/actions/stop`
    await new ApiClient().request<DynoActionResponse>('POST', path, undefined, `stop dynos of app "${app}"`)
    console.log(actionLine('Stopping', app, t))
    return 0
  },
}

export const psCommands: Command[] = [ps, psScale, psType, psRestart, psStop]
