import type { ReleaseView, RollbackRequest } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, str } from '../args.ts'
import { appFlag, type Command, jsonFlag, printJson } from '../command.ts'
import { ago } from '../table.ts'
import { appPath, HEX, herokuDate, positionals, requireApp } from './apps-commands.ts'

/** What heroku appends to the description of a release that is not (yet) live. */
function statusNote(status: ReleaseView['status']): string {
  if (status === 'pending') return ' release command executing'
  if (status === 'failed') return ' release command failed'
  if (status === 'expired') return ' release expired'
  return ''
}

/** `v52  Set X config vars  user  2015/11/17 17:37:41 +0000 (~ 5m ago)`, columns aligned, newest first. */
export function formatReleases(app: string, releases: ReleaseView[], now = Date.now()): string {
  const current = releases.find((r) => r.current)
  const rows = releases.map((r) => {
    const when = ago(r.createdAt, now)
    return [
      `v${r.version}`,
      `${r.description}${statusNote(r.status)}`,
      r.user,
      `${herokuDate(r.createdAt)} (${when.startsWith('~') ? when : `~ ${when}`})`,
    ]
  })
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  const lines = rows.map((r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c)).join('  '))
  const header = `=== ${app} Releases${current === undefined ? '' : ` - Current: v${current.version}`}`
  return [header, '', ...lines].join('\n')
}

export const releases: Command = {
  name: 'releases',
  summary: "list an app's releases, newest first",
  flags: {
    app: appFlag,
    json: jsonFlag,
    num: { short: 'n', type: 'string', description: 'how many releases to show (default 15)' },
  },
  async run(args) {
    const app = requireApp(args, 'releases')
    positionals(args, 'releases', 0)
    const num = Number(str(args, 'num') ?? '15')
    if (!Number.isSafeInteger(num) || num < 1) {
      throw new ShoalError('INVALID_INPUT', `Cannot run releases: --num must be a positive integer`)
    }
    const all = await new ApiClient().get<ReleaseView[]>(`${appPath(app)}/releases`, `list releases of app "${app}"`)
    const shown = all.slice(-num).reverse()
    if (bool(args, 'json')) printJson(shown)
    else console.log(formatReleases(app, shown))
    return 0
  },
}

export const rollback: Command = {
  name: 'rollback',
  usage: '[vN]',
  summary:
    'roll back to a release (default: the one before the current) by making a new release of its slug and config',
  flags: { app: appFlag },
  async run(args) {
    const app = requireApp(args, 'rollback')
    const [target] = positionals(args, 'rollback', 1)
    if (target !== undefined && !/^v?[1-9][0-9]*$/.test(target)) {
      throw new ShoalError('INVALID_INPUT', `Cannot run rollback: "${target}" is not a release version like v7`)
    }
    const body: RollbackRequest = { rollback: target ?? null }
    const release = await new ApiClient().request<ReleaseView>(
      'POST',
      `${appPath(app)}/releases`,
      body,
      `roll back app "${app}"`,
    )
    console.log(`Rolling back ${HEX} ${app} to v${release.rollbackTo}... done, v${release.version}`)
    return 0
  },
}

export const releasesCommands: Command[] = [releases, rollback]
