import type { ClusterInfo } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { DomainView, MaintenanceView } from '../../proto/tls-api.ts'
import { ApiClient } from '../api-client.ts'
import { bool, str } from '../args.ts'
import { appFlag, type Command, jsonFlag, printJson } from '../command.ts'
import { table } from '../table.ts'
import { appPath, HEX, positionals, requireApp } from './apps-commands.ts'

const domainPath = (app: string, host: string): string => `${appPath(app)}/domains/${encodeURIComponent(host)}`

/** `heroku domains`: the app's own name, then the custom domains with the DNS target to point them at. */
export function formatDomains(app: string, clusterDomain: string, domains: DomainView[]): string {
  const lines = [`=== ${HEX} ${app} Shoal Domain`, `${app}.${clusterDomain}`]
  if (domains.length > 0) {
    lines.push('', `=== ${HEX} ${app} Custom Domains`)
    lines.push(
      table(
        ['Domain Name', 'DNS Record Type', 'DNS Target', 'Status', 'Certificate'],
        domains.map((d) => [
          d.hostname,
          'CNAME',
          d.cname,
          d.status,
          d.certificate === null ? '' : `cert-${d.certificate.slice(0, 10)}`,
        ]),
      ),
    )
  }
  return lines.join('\n')
}

export const domains: Command = {
  name: 'domains',
  summary: "list an app's domains and the DNS target to point custom domains at",
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'domains')
    positionals(args, 'domains', 0)
    const client = new ApiClient()
    const list = await client.get<DomainView[]>(`${appPath(app)}/domains`, `list domains of app "${app}"`)
    if (bool(args, 'json')) {
      printJson(list)
      return 0
    }
    const cluster = await client.get<ClusterInfo>('/v1/cluster', 'get the cluster domain')
    console.log(formatDomains(app, cluster.domain, list))
    return 0
  },
}

export const domainsAdd: Command = {
  name: 'domains:add',
  summary: 'add a custom domain (www.example.com, *.example.com) to an app',
  usage: 'HOSTNAME -a APP',
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'domains:add')
    const [host] = positionals(args, 'domains:add', 1)
    if (host === undefined) throw new ShoalError('INVALID_INPUT', 'Cannot run domains:add: give a HOSTNAME')
    const client = new ApiClient()
    if (!bool(args, 'json')) process.stderr.write(`Adding ${host} to ${HEX} ${app}... `)
    const view = await client.request<DomainView>(
      'POST',
      `${appPath(app)}/domains`,
      { hostname: host },
      `add domain ${host} to app "${app}"`,
    )
    if (bool(args, 'json')) {
      printJson(view)
      return 0
    }
    process.stderr.write('done\n')
    console.log(` ▸    Configure your app's DNS provider to point to the DNS Target ${view.cname}`)
    console.log(` ▸    (a CNAME record; at a zone apex use ALIAS/ANAME, or A records of your routers' addresses)`)
    console.log('')
    console.log(`The domain ${view.hostname} has been enqueued for addition`)
    console.log(` ▸    Run shoal domains:wait '${view.hostname}' -a ${app} to wait for completion`)
    return 0
  },
}

export const domainsRemove: Command = {
  name: 'domains:remove',
  summary: 'remove a custom domain from an app',
  usage: 'HOSTNAME -a APP',
  flags: { app: appFlag },
  async run(args) {
    const app = requireApp(args, 'domains:remove')
    const [host] = positionals(args, 'domains:remove', 1)
    if (host === undefined) throw new ShoalError('INVALID_INPUT', 'Cannot run domains:remove: give a HOSTNAME')
    process.stderr.write(`Removing ${host} from ${HEX} ${app}... `)
    await new ApiClient().request('DELETE', domainPath(app, host), undefined, `remove domain ${host} from "${app}"`)
    process.stderr.write('done\n')
    return 0
  },
}

export const domainsClear: Command = {
  name: 'domains:clear',
  summary: 'remove every custom domain of an app',
  flags: { app: appFlag },
  async run(args) {
    const app = requireApp(args, 'domains:clear')
    positionals(args, 'domains:clear', 0)
    process.stderr.write(`Removing all domains from ${HEX} ${app}... `)
    await new ApiClient().request('DELETE', `${appPath(app)}/domains`, undefined, `clear domains of app "${app}"`)
    process.stderr.write('done\n')
    return 0
  },
}

export const domainsWait: Command = {
  name: 'domains:wait',
  summary:
    "wait until a domain is live: in the routers' app directory and, with a certificate or certs:auto, its certificate held by every router",
  usage: '[HOSTNAME] -a APP',
  flags: {
    app: appFlag,
    json: jsonFlag,
    timeout: { type: 'string', description: 'give up after this many seconds (default 300)' },
  },
  async run(args) {
    const app = requireApp(args, 'domains:wait')
    const [host] = positionals(args, 'domains:wait', 1)
    const timeoutS = Number(str(args, 'timeout') ?? '300')
    if (!Number.isFinite(timeoutS) || timeoutS <= 0) {
      throw new ShoalError('INVALID_INPUT', 'Cannot run domains:wait: --timeout must be a positive number of seconds')
    }
    const client = new ApiClient()
    const deadline = Date.now() + timeoutS * 1000
    const json = bool(args, 'json')
    const fetchAll = async (): Promise<DomainView[]> => {
      if (host !== undefined) {
        return [await client.get<DomainView>(domainPath(app, host), `wait for domain ${host}`)]
      }
      return client.get<DomainView[]>(`${appPath(app)}/domains`, `wait for the domains of app "${app}"`)
    }
    if (!json) process.stderr.write(`Waiting for ${host ?? `the domains of ${HEX} ${app}`}... `)
    for (;;) {
      const views = await fetchAll()
      const failed = views.find((v) => v.status === 'failed')
      if (failed !== undefined) {
        if (!json) process.stderr.write('failed\n')
        throw new ShoalError(
          'ACME_FAILED',
          `Cannot wait for domain ${failed.hostname}: its automatic certificate is failing (see shoal certs:auto -a ${app})`,
        )
      }
      if (views.every((v) => v.status === 'succeeded')) {
        if (json) printJson(host === undefined ? views : views[0])
        else process.stderr.write('done\n')
        return 0
      }
      if (Date.now() >= deadline) {
        if (!json) process.stderr.write('timed out\n')
        throw new ShoalError('TIMEOUT', `Cannot wait for ${host ?? 'the domains'}: still pending after ${timeoutS}s`)
      }
      await new Promise((r) => setTimeout(r, 500))
    }
  },
}

const maintenanceCommand = (name: string, on: boolean | undefined): Command => ({
  name,
  summary:
    on === undefined
      ? 'show whether the app is in maintenance mode'
      : on
        ? 'put the app in maintenance mode: routers answer 503 (H80) without reaching dynos'
        : 'take the app out of maintenance mode',
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, name)
    positionals(args, name, 0)
    const client = new ApiClient()
    const path = `${appPath(app)}/maintenance`
    if (on === undefined) {
      const view = await client.get<MaintenanceView>(path, `show maintenance mode of app "${app}"`)
      if (bool(args, 'json')) printJson(view)
      else console.log(view.maintenance ? 'on' : 'off')
      return 0
    }
    process.stderr.write(`${on ? 'Enabling' : 'Disabling'} maintenance mode for ${HEX} ${app}... `)
    const view = await client.request<MaintenanceView>('PUT', path, { maintenance: on }, `set maintenance of "${app}"`)
    process.stderr.write('done\n')
    if (bool(args, 'json')) printJson(view)
    return 0
  },
})

export const domainsCommands: Command[] = [
  domains,
  domainsAdd,
  domainsRemove,
  domainsClear,
  domainsWait,
  maintenanceCommand('maintenance', undefined),
  maintenanceCommand('maintenance:on', true),
  maintenanceCommand('maintenance:off', false),
]
