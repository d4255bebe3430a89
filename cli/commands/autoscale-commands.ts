// `shoal ps:autoscale`, `ps:autoscale:enable`, `ps:autoscale:disable` (Heroku's commands and flags where Heroku has
// them: --min, --max, --p95, --notifications) and `shoal ps:concurrency web=20`.

import type { AutoscaleEnableRequest, AutoscaleStatus, ConcurrencyView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, type Parsed, str } from '../args.ts'
import { appFlag, type Command, jsonFlag, printJson } from '../command.ts'
import { appPath, HEX, positionals, requireApp } from './apps-commands.ts'

function usage(command: string, why: string): ShoalError {
  return new ShoalError('INVALID_INPUT', `Cannot run ${command}: ${why} (see shoal help ${command})`)
}

function whole(args: Parsed, flag: string, command: string): number | undefined {
  const v = str(args, flag)
  if (v === undefined) return undefined
  if (!/^\d{1,9}$/.test(v)) throw usage(command, `--${flag} must be a whole number, not "${v.slice(0, 20)}"`)
  return Number(v)
}

/** 90, 90s, 5m, 1h → milliseconds (bare numbers are seconds). */
export function parseDuration(text: string, flag: string, command: string): number {
  const m = /^(\d{1,7})(ms|s|m|h)?$/.exec(text)
  if (m === null) throw usage(command, `--${flag} must be a duration like 30s, 5m or 1h, not "${text.slice(0, 20)}"`)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']
  return Number(m[1]) * unit
}

/** The enable request from the flags: one of --p95, --queue-time, --concurrency picks the metric and its target. */
export function enableRequest(args: Parsed): AutoscaleEnableRequest {
  const command = 'ps:autoscale:enable'
  const max = whole(args, 'max', command)
  if (max === undefined) throw usage(command, 'give --max')
  const body: AutoscaleEnableRequest = { max }
  const min = whole(args, 'min', command)
  if (min !== undefined) body.min = min
  const metrics = (['queue-time', 'p95', 'concurrency'] as const).filter((m) => str(args, m) !== undefined)
  if (metrics.length > 1) throw usage(command, 'give one of --queue-time, --p95 and --concurrency')
  const metric = metrics[0]
  if (metric !== undefined) {
    body.metric = metric
    body.target = whole(args, metric, command) as number
  }
  for (const [flag, field] of [
    ['window', 'windowMs'],
    ['stabilization', 'stabilizationMs'],
    ['idle', 'idleMs'],
  ] as const) {
    const v = str(args, flag)
    if (v !== undefined) body[field] = parseDuration(v, flag, command)
  }
  if (bool(args, 'notifications')) body.notifications = true
  return body
}

function seconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`
}

function metricText(s: AutoscaleStatus['settings']): string {
  if (s.metric === 'concurrency') return `concurrency ${s.target} per dyno`
  return `${s.metric === 'p95' ? 'response time p95' : 'queue time p95'} ${s.target} ms`
}

/** The human view of `ps:autoscale`: settings, the figures now, the last decisions. */
export function formatAutoscale(app: string, list: readonly AutoscaleStatus[]): string {
  if (list.length === 0) return `No autoscaled process types on ${HEX} ${app}`
  return list
    .map((a) => {
      const s = a.settings
      const state = a.enabled ? (a.sleeping ? 'enabled, sleeping' : 'enabled') : `disabled (${a.disabledReason ?? ''})`
      const lines = [
        `=== ${a.type} autoscaling: ${state}`,
        '',
        `Dynos:          ${s.min}–${s.max}${a.quantity === null ? '' : `, now ${a.quantity}`}${a.panic ? ' (panic)' : ''}`,
        `Target:         ${metricText(s)}`,
        `Windows:        ${seconds(s.windowMs)} up, ${seconds(s.stabilizationMs)} stabilization down${s.min === 0 ? `, sleeps after ${seconds(s.idleMs)} idle` : ''}`,
        `Notifications:  ${s.notifications ? 'on' : 'off'}`,
      ]
      for (const f of [a.current.short, a.current.stable]) {
        if (f === null) continue
        const q = f.queueP95Ms === null ? '-' : `${f.queueP95Ms} ms`
        const r = f.responseP95Ms === null ? '-' : `${f.responseP95Ms} ms`
        lines.push(
          `Last ${seconds(f.windowMs).padEnd(8)} ${f.arrivalsPerS} req/s, queue p95 ${q}, response p95 ${r}, in flight ${f.inFlight}, queued ${f.queueLength}, routable dynos ${f.dynosRoutable}`,
        )
      }
      if (a.decisions.length > 0) {
        lines.push('', 'Decisions (newest first):')
        for (const d of a.decisions.slice(0, 10)) {
          lines.push(`  ${d.at}  ${d.kind.padEnd(7)} ${d.from} → ${d.to}  ${d.reason}`)
        }
      }
      return lines.join('\n')
    })
    .join('\n\n')
}

const enableFlags = {
  app: appFlag,
  json: jsonFlag,
  min: { type: 'string', description: 'fewest dynos (0: sleep when idle; default 1)' },
  max: { type: 'string', description: 'most dynos' },
  'queue-time': { type: 'string', description: 'target router queue time p95 in ms (the default metric, 50)' },
  p95: { type: 'string', description: 'target response time p95 in ms (Heroku’s metric)' },
  concurrency: { type: 'string', description: 'target requests in flight per dyno' },
  window: { type: 'string', description: 'scale-up window (default 10s)' },
  stabilization: { type: 'string', description: 'scale-down stabilization window (default 5m)' },
  idle: { type: 'string', description: 'with --min 0: sleep after this long without requests (default 30m)' },
  notifications: { type: 'boolean', description: 'also report each decision as a warning in the controller log' },
} as const satisfies Command['flags']

export const psAutoscale: Command = {
  name: 'ps:autoscale',
  usage: '[-a APP]',
  summary: 'show autoscaling: settings, the current metric, the last decisions',
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'ps:autoscale')
    positionals(args, 'ps:autoscale', 0)
    const list = await new ApiClient().get<AutoscaleStatus[]>(
      `${appPath(app)}/autoscale`,
      `show autoscaling of app "${app}"`,
    )
    if (bool(args, 'json')) printJson(list)
    else console.log(formatAutoscale(app, list))
    return 0
  },
}

export const psAutoscaleEnable: Command = {
  name: 'ps:autoscale:enable',
  usage: 'TYPE --max N [--min N] [--queue-time MS | --p95 MS | --concurrency N] [--notifications]',
  summary: 'autoscale a process type on request-queue metrics (queue time p95 by default)',
  flags: enableFlags,
  async run(args) {
    const app = requireApp(args, 'ps:autoscale:enable')
    const [type = 'web'] = positionals(args, 'ps:autoscale:enable', 1)
    const body = enableRequest(args)
    const status = await new ApiClient().request<AutoscaleStatus>(
      'POST',
      `${appPath(app)}/autoscale/${encodeURIComponent(type)}`,
      body,
      `autoscale ${type} of app "${app}"`,
    )
    if (bool(args, 'json')) printJson(status)
    else {
      const s = status.settings
      console.log(`Enabling autoscaling of ${type} on ${HEX} ${app}... done, ${s.min}–${s.max} dynos, ${metricText(s)}`)
    }
    return 0
  },
}

export const psAutoscaleDisable: Command = {
  name: 'ps:autoscale:disable',
  usage: 'TYPE',
  summary: 'stop autoscaling a process type (its dynos stay as they are)',
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'ps:autoscale:disable')
    const [type = 'web'] = positionals(args, 'ps:autoscale:disable', 1)
    const status = await new ApiClient().request<AutoscaleStatus>(
      'DELETE',
      `${appPath(app)}/autoscale/${encodeURIComponent(type)}`,
      undefined,
      `disable autoscaling of ${type} on app "${app}"`,
    )
    if (bool(args, 'json')) printJson(status)
    else console.log(`Disabling autoscaling of ${type} on ${HEX} ${app}... done`)
    return 0
  },
}

const CONCURRENCY_ARG = /^([\w-]+)=(\d{1,9})$/

export const psConcurrency: Command = {
  name: 'ps:concurrency',
  usage: '[TYPE=N …]',
  summary: 'requests one dyno takes at once (web=20; 0 = no limit); more wait in the router queue',
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'ps:concurrency')
    const updates = args.positionals.map((arg) => {
      const m = CONCURRENCY_ARG.exec(arg)
      if (m === null) throw usage('ps:concurrency', `"${arg.slice(0, 40)}" is not TYPE=N`)
      return { type: m[1] as string, concurrency: Number(m[2]) }
    })
    const client = new ApiClient()
    const list =
      updates.length === 0
        ? await client.get<ConcurrencyView[]>(`${appPath(app)}/concurrency`, `show concurrency of app "${app}"`)
        : await client.request<ConcurrencyView[]>(
            'PATCH',
            `${appPath(app)}/concurrency`,
            { updates },
            `set concurrency of app "${app}"`,
          )
    if (bool(args, 'json')) printJson(list)
    else console.log(list.map((c) => `${c.type}=${c.concurrency === 0 ? 'unlimited' : c.concurrency}`).join(' '))
    return 0
  },
}

export const autoscaleCommands: Command[] = [psAutoscale, psAutoscaleEnable, psAutoscaleDisable, psConcurrency]
