import type { HostsResponse, HostView, JoinTokenResponse, PackageList, RemovedHostsResponse } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, list, str } from '../args.ts'
import { type Command, jsonFlag, printJson } from '../command.ts'
import {
  parseSshTarget,
  remoteInstallCommand,
  remoteUninstallCommand,
  runSsh,
  shQuote,
  sshArgs,
} from '../ssh-install.ts'

const urlFlag = {
  type: 'string',
  description: "the controller URL as the new server reaches it (default: the CLI's API URL)",
} as const

/** The installer's flags that hosts:add and join-token --install pass through. */
export const installFlags = {
  roles: { type: 'string', description: 'roles for the server: agent,router (default), controller' },
  label: { type: 'string', multiple: true, description: 'host label KEY=VALUE (repeatable)' },
  ip: { type: 'string', description: 'address routers use to reach dynos on the server' },
  http: { type: 'string', description: "the router's listen HOST:PORT (default 0.0.0.0:80)" },
  'mesh-listen': { type: 'string', multiple: true, description: 'mesh multiaddr on the server (repeatable)' },
} as const

export function installArgs(args: { flags: Record<string, unknown> }): string[] {
  const p = args as Parameters<typeof str>[0]
  const out = ['--roles', str(p, 'roles') ?? 'agent,router']
  for (const l of list(p, 'label')) {
    if (!/^[A-Za-z0-9_.-]{1,63}=[^\s'"\\]{0,253}$/.test(l))
      throw new ShoalError('INVALID_INPUT', `Cannot install: label "${l}" is not KEY=VALUE (no spaces or quotes)`)
    out.push('--label', l)
  }
  for (const f of ['ip', 'http'] as const) {
    const v = str(p, f)
    if (v !== undefined) out.push(`--${f}`, v)
  }
  for (const m of list(p, 'mesh-listen')) out.push('--mesh-listen', m)
  return out
}

export const hostsAdd: Command = {
  name: 'hosts:add',
  summary:
    "install shoal on a server over SSH (system ssh, host keys checked) and join it; the token goes on ssh's stdin",
  usage: 'ssh://user@server[:port]',
  flags: {
    ...installFlags,
    url: urlFlag,
    'ssh-option': { type: 'string', multiple: true, description: 'extra ssh -o option' },
  },
  async run(args) {
    const target = parseSshTarget(args.positionals[0] ?? '', 'hosts:add')
    const client = new ApiClient()
    const token = (await client.get<JoinTokenResponse>('/v1/join-token', 'get the join token')).token
    const url = (str(args, 'url') ?? client.config.apiUrl).replace(/\/+$/, '')
    const remote = remoteInstallCommand(url, await apiPin(client), installArgs(args), target.user)
    const extra = list(args, 'ssh-option').flatMap((o) => ['-o', o])
    console.log(`Installing shoal on ${target.host} over SSH (installer from ${url})...`)
    const code = await runSsh(sshArgs(target, remote, extra), `${token}\n`)
    if (code !== 0)
      throw new ShoalError('UNAVAILABLE', `Cannot add host ${target.host}: the installer over SSH exited with ${code}`)
    console.log(`${target.host} is installed and admitted; see shoal hosts`)
    return 0
  },
}

async function waitDrained(client: ApiClient, id: string, timeoutMs: number): Promise<HostView | undefined> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const view = (await client.get<HostsResponse>('/v1/hosts', 'list hosts')).hosts.find((h) => h.id === id)
    if (view === undefined || view.dynos === 0 || view.state !== 'alive') return view
    if (Date.now() > deadline) return view
    await new Promise((r) => setTimeout(r, 1000))
  }
}

export const hostsRemove: Command = {
  name: 'hosts:remove',
  summary:
    'drain a host, stop and uninstall shoal on it over SSH (when given and reachable), revoke its peers, forget it',
  usage: 'HOST',
  flags: {
    ssh: { type: 'string', description: 'ssh://user@server[:port] to stop and uninstall shoal there' },
    'no-drain': { type: 'boolean', description: 'do not wait for its dynos to move first' },
    'drain-timeout': { type: 'string', description: 'seconds to wait for the drain (default 120)' },
    'ssh-option': { type: 'string', multiple: true, description: 'extra ssh -o option' },
    json: jsonFlag,
  },
  async run(args) {
    const ref = args.positionals[0]
    if (ref === undefined || ref === '')
      throw new ShoalError('INVALID_INPUT', 'Cannot run hosts:remove: no host given (an id, its suffix or a hostname)')
    const client = new ApiClient()
    const path = `/v1/hosts/${encodeURIComponent(ref)}`
    if (!bool(args, 'no-drain')) {
      const view = await client.request<HostView>('POST', `${path}/drain`, {}, `drain host ${ref}`)
      const timeout = Number(str(args, 'drain-timeout') ?? '120')
      if (!Number.isFinite(timeout) || timeout < 0)
        throw new ShoalError('INVALID_INPUT', 'Cannot run hosts:remove: --drain-timeout is not a number of seconds')
      const after = await waitDrained(client, view.id, timeout * 1000)
      if (after !== undefined && after.dynos > 0 && after.state === 'alive')
        console.error(`Warning: ${after.hostname} still runs ${after.dynos} dynos after ${timeout} s; removing anyway`)
    }
    const sshTarget = str(args, 'ssh')
    if (sshTarget !== undefined) {
      const target = parseSshTarget(sshTarget, 'hosts:remove')
      const extra = ['ConnectTimeout=10', ...list(args, 'ssh-option')].flatMap((o) => ['-o', o])
      const code = await runSsh(sshArgs(target, remoteUninstallCommand(target.user), extra), '')
      if (code !== 0)
        console.error(`Warning: could not stop shoal on ${target.host} over SSH (exit ${code}); revoking anyway`)
    }
    const res = await client.request<RemovedHostsResponse>('DELETE', path, undefined, `remove host ${ref}`)
    if (bool(args, 'json')) printJson(res)
    else
      for (const p of res.removed)
        console.log(`Removed ${p.role} ${p.hostname} (${p.id.slice(-12)}): revoked, it can no longer join`)
    return 0
  },
}

/** The line `join-token --install` prints: run as root on a new server (curl pins the API's public key). */
export function installLine(url: string, pin: string, token: string, args: string[]): string {
  return `curl -fsSLk --pinnedpubkey ${shQuote(pin)} ${shQuote(`${url}/install`)} | SHOAL_JOIN_TOKEN=${shQuote(token)} sh -s -- ${args.map(shQuote).join(' ')}`
}

/** The API certificate's public-key pin, read over the CLI's pinned connection. */
export async function apiPin(client: ApiClient): Promise<string> {
  return (await client.get<PackageList>('/v1/package', 'get the API pin')).pin
}

export const hostsInstallCommands: Command[] = [hostsAdd, hostsRemove]
