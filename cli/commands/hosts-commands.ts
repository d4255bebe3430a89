import type { HostView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool } from '../args.ts'
import { type Command, jsonFlag, printJson } from '../command.ts'

function hostArg(positionals: string[], command: string): string {
  const host = positionals[0]
  if (host === undefined || host === '')
    throw new ShoalError('INVALID_INPUT', `Cannot run ${command}: no host given (an id, its suffix or a hostname)`)
  return host
}

const path = (host: string, action: string): string => `/v1/hosts/${encodeURIComponent(host)}/${action}`

export const hostsDrain: Command = {
  name: 'hosts:drain',
  summary: 'stop placing dynos on a host and move its dynos away (new ones start before old ones stop)',
  usage: 'HOST',
  flags: { json: jsonFlag },
  async run(args) {
    const host = hostArg(args.positionals, 'hosts:drain')
    const view = await new ApiClient().request<HostView>('POST', path(host, 'drain'), {}, `drain host ${host}`)
    if (bool(args, 'json')) printJson(view)
    else
      console.log(
        `Draining ${view.hostname} (${view.id.slice(-12)})... done; its ${view.dynos} dynos move to other hosts`,
      )
    return 0
  },
}

export const hostsUndrain: Command = {
  name: 'hosts:undrain',
  summary: 'let the scheduler place dynos on a drained host again',
  usage: 'HOST',
  flags: { json: jsonFlag },
  async run(args) {
    const host = hostArg(args.positionals, 'hosts:undrain')
    const view = await new ApiClient().request<HostView>('POST', path(host, 'undrain'), {}, `undrain host ${host}`)
    if (bool(args, 'json')) printJson(view)
    else console.log(`Undraining ${view.hostname} (${view.id.slice(-12)})... done`)
    return 0
  },
}

export const hostsLabel: Command = {
  name: 'hosts:label',
  summary: 'set (KEY=VALUE) or remove (KEY-) operator labels of a host; formations can be constrained to labels',
  usage: 'HOST KEY=VALUE… KEY-…',
  flags: { json: jsonFlag },
  async run(args) {
    const host = hostArg(args.positionals, 'hosts:label')
    const labels: Record<string, string | null> = {}
    for (const arg of args.positionals.slice(1)) {
      const set = /^([A-Za-z0-9_.-]{1,63})=(.{0,253})$/.exec(arg)
      const unset = /^([A-Za-z0-9_.-]{1,63})-$/.exec(arg)
      if (set !== null) labels[set[1] as string] = set[2] as string
      else if (unset !== null) labels[unset[1] as string] = null
      else throw new ShoalError('INVALID_INPUT', `Cannot run hosts:label: "${arg}" is neither KEY=VALUE nor KEY-`)
    }
    if (Object.keys(labels).length === 0)
      throw new ShoalError('INVALID_INPUT', 'Cannot run hosts:label: no KEY=VALUE or KEY- given')
    const view = await new ApiClient().request<HostView>(
      'PATCH',
      path(host, 'labels'),
      { labels },
      `label host ${host}`,
    )
    if (bool(args, 'json')) printJson(view)
    else
      console.log(
        `${view.hostname}: ${
          Object.entries(view.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ') || '(no labels)'
        }`,
      )
    return 0
  },
}

export const hostsCommands: Command[] = [hostsDrain, hostsUndrain, hostsLabel]
