import { readFileSync } from 'node:fs'
import { ShoalError } from '../../proto/errors.ts'
import type { AcmView, CertView } from '../../proto/tls-api.ts'
import { ApiClient } from '../api-client.ts'
import { bool, str } from '../args.ts'
import { appFlag, type Command, jsonFlag, printJson } from '../command.ts'
import { table } from '../table.ts'
import { appPath, HEX, positionals, requireApp } from './apps-commands.ts'

const nameFlag = { type: 'string', description: 'certificate name or id (see shoal certs)' } as const
const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`

export function formatCerts(certs: CertView[]): string {
  if (certs.length === 0) return 'No SSL certificates. Add one with shoal certs:add CRT KEY, or shoal certs:auto:enable'
  return table(
    ['Name', 'Common Name(s)', 'Expires', 'Trusted', 'Type', 'Domains'],
    certs.map((c) => [
      c.name,
      c.domains.join(', '),
      utc(c.notAfter),
      c.selfSigned ? 'False' : 'True',
      c.source === 'acme' ? 'ACM' : 'SNI',
      String(c.domains.length),
    ]),
  )
}

export function formatCertInfo(c: CertView): string {
  return [
    'Certificate details:',
    `Common Name(s): ${c.commonName}`,
    `Domain(s):      ${c.domains.join(', ')}`,
    `Expires At:     ${utc(c.notAfter)}`,
    `Issuer:         ${c.issuer}`,
    `Starts At:      ${utc(c.notBefore)}`,
    `Type:           ${c.source === 'acme' ? 'ACM (automatic)' : 'SNI (uploaded)'}`,
    c.selfSigned ? 'SSL certificate is self signed.' : 'SSL certificate is not self signed.',
  ].join('\n')
}

export function formatAcm(view: AcmView, now = Date.now()): string {
  const head = `=== Automatic Certificate Management is ${view.enabled ? 'enabled' : 'disabled'} on ${HEX} ${view.app}`
  if (!view.enabled || view.domains.length === 0) return head
  const rows = view.domains.map((d) => {
    const status = d.status.charAt(0).toUpperCase() + d.status.slice(1)
    let note = ''
    if (d.reason !== null && d.status !== 'cert issued') {
      const retry =
        d.nextAttemptAt === null
          ? ''
          : `; retry in ${Math.max(0, Math.round((Date.parse(d.nextAttemptAt) - now) / 1000))}s`
      note = `${d.reason} (attempt ${d.attempts}${retry})`
    } else if (d.expiresAt !== null) note = `expires ${utc(d.expiresAt)}`
    return [d.hostname, status, note]
  })
  return [head, '', table(['Domain', 'Status', 'Detail'], rows)].join('\n')
}

async function pick(client: ApiClient, app: string, name: string | undefined, command: string): Promise<CertView> {
  if (name !== undefined) {
    return client.get<CertView>(`${appPath(app)}/certs/${encodeURIComponent(name)}`, `find certificate ${name}`)
  }
  const all = await client.get<CertView[]>(`${appPath(app)}/certs`, `list certificates of app "${app}"`)
  if (all.length === 1) return all[0] as CertView
  throw new ShoalError(
    'INVALID_INPUT',
    all.length === 0
      ? `Cannot run ${command}: app "${app}" has no certificate`
      : `Cannot run ${command}: app "${app}" has ${all.length} certificates; choose one with --name`,
  )
}

export const certs: Command = {
  name: 'certs',
  summary: "list an app's SSL certificates",
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'certs')
    positionals(args, 'certs', 0)
    const list = await new ApiClient().get<CertView[]>(`${appPath(app)}/certs`, `list certificates of app "${app}"`)
    if (bool(args, 'json')) printJson(list)
    else console.log(formatCerts(list))
    return 0
  },
}

export const certsAdd: Command = {
  name: 'certs:add',
  summary: 'add an SSL certificate (PEM chain, leaf first) and its private key; served by SNI for its names',
  usage: 'CRT KEY -a APP',
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, 'certs:add')
    const [crt, key] = positionals(args, 'certs:add', 2)
    if (crt === undefined || key === undefined) {
      throw new ShoalError('INVALID_INPUT', 'Cannot run certs:add: give the certificate file and the key file')
    }
    const read = (path: string, what: string): string => {
      try {
        return readFileSync(path, 'utf8')
      } catch (err) {
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot run certs:add: cannot read the ${what} ${path} (${(err as NodeJS.ErrnoException).code})`,
        )
      }
    }
    const body = { certificate: read(crt, 'certificate'), privateKey: read(key, 'key') }
    if (!bool(args, 'json')) process.stderr.write(`Adding SSL certificate to ${HEX} ${app}... `)
    const view = await new ApiClient().request<CertView>(
      'POST',
      `${appPath(app)}/certs`,
      body,
      `add a certificate to "${app}"`,
    )
    if (bool(args, 'json')) {
      printJson(view)
      return 0
    }
    process.stderr.write('done\n')
    console.log(`${app} now served by ${view.name}`)
    console.log(formatCertInfo(view))
    return 0
  },
}

export const certsInfo: Command = {
  name: 'certs:info',
  summary: 'show an SSL certificate',
  flags: { app: appFlag, json: jsonFlag, name: nameFlag },
  async run(args) {
    const app = requireApp(args, 'certs:info')
    positionals(args, 'certs:info', 0)
    const view = await pick(new ApiClient(), app, str(args, 'name'), 'certs:info')
    if (bool(args, 'json')) printJson(view)
    else console.log(formatCertInfo(view))
    return 0
  },
}

export const certsRemove: Command = {
  name: 'certs:remove',
  summary: 'remove an SSL certificate',
  flags: { app: appFlag, name: nameFlag },
  async run(args) {
    const app = requireApp(args, 'certs:remove')
    positionals(args, 'certs:remove', 0)
    const client = new ApiClient()
    const view = await pick(client, app, str(args, 'name'), 'certs:remove')
    process.stderr.write(`Removing SSL certificate ${view.name} from ${HEX} ${app}... `)
    await client.request('DELETE', `${appPath(app)}/certs/${view.id}`, undefined, `remove certificate ${view.name}`)
    process.stderr.write('done\n')
    return 0
  },
}

const acmCommand = (name: string, method: 'GET' | 'POST' | 'DELETE', summary: string): Command => ({
  name,
  summary,
  flags: { app: appFlag, json: jsonFlag },
  async run(args) {
    const app = requireApp(args, name)
    positionals(args, name, 0)
    const client = new ApiClient()
    if (method !== 'GET') {
      process.stderr.write(`${method === 'POST' ? 'Enabling' : 'Disabling'} Automatic Certificate Management... `)
    }
    const view = await client.request<AcmView>(method, `${appPath(app)}/acm`, undefined, `${name} for "${app}"`)
    if (method !== 'GET') process.stderr.write('done\n')
    if (bool(args, 'json')) printJson(view)
    else if (method !== 'DELETE') console.log(formatAcm(view))
    return 0
  },
})

export const certsCommands: Command[] = [
  certs,
  certsAdd,
  certsInfo,
  certsRemove,
  acmCommand('certs:auto', 'GET', 'show automatic certificate management (ACME) per domain'),
  acmCommand('certs:auto:enable', 'POST', 'order and renew certificates for every domain of the app (ACME HTTP-01)'),
  acmCommand('certs:auto:disable', 'DELETE', 'stop automatic certificates and remove the ones it issued'),
]
