import { basename } from 'node:path'
import { wireCompatible } from '../../lib/version.ts'
import type { ClusterInfo, HostsResponse, HostView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { list, str } from '../args.ts'
import type { Command } from '../command.ts'
import { remoteUpgradeCommand, runSshWithFile, sshArgs } from '../ssh-install.ts'

const PACKAGE = /^shoal-(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)-linux-x64\.tar\.gz$/

async function waitUpgraded(
  client: ApiClient,
  id: string,
  version: string,
  timeoutMs: number,
): Promise<HostView | undefined> {
  const deadline = Date.now() + timeoutMs
  let last: HostView | undefined
  while (Date.now() < deadline) {
    last = (await client.get<HostsResponse>('/v1/hosts', 'list hosts')).hosts.find((h) => h.id === id)
    if (last !== undefined && last.state === 'alive' && last.version === version) return last
    await new Promise((r) => setTimeout(r, 1000))
  }
  return undefined
}

/**
 * One host at a time over SSH: the package goes to the host's installer (`install.sh --upgrade`), which restarts
 * its agent (re-adopting running dynos: containers are matched by labels, not restarted) and router (HAProxy keeps
 * serving while the router process restarts); the next host starts only when this one is alive again on the new
 * version. The first failure stops the upgrade. The host the CLI reaches the controller on goes last.
 */
export const clusterUpgrade: Command = {
  name: 'cluster:upgrade',
  summary: 'upgrade every host to a release package over SSH, one host at a time, controller host last',
  usage: '--package FILE',
  flags: {
    package: { type: 'string', description: 'shoal-<version>-linux-x64.tar.gz to install' },
    'ssh-user': { type: 'string', description: 'SSH user on every host (default root; others use sudo -n)' },
    'ssh-option': { type: 'string', multiple: true, description: 'extra ssh -o option' },
    timeout: {
      type: 'string',
      description: 'seconds for each host to come back alive on the new version (default 180)',
    },
  },
  async run(args) {
    const file = str(args, 'package')
    if (file === undefined)
      throw new ShoalError('INVALID_INPUT', 'Cannot run cluster:upgrade: --package FILE is required')
    const m = PACKAGE.exec(basename(file))
    if (m === null)
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot run cluster:upgrade: ${file} is not named shoal-VERSION-linux-x64.tar.gz`,
      )
    const version = m[1] as string
    const client = new ApiClient()
    const info = await client.get<ClusterInfo>('/v1/cluster', 'get the cluster')
    if (!wireCompatible(version, info.version))
      throw new ShoalError(
        'VERSION_INCOMPATIBLE',
        `Cannot upgrade to ${version}: the controller runs ${info.version}; upgrade one minor version at a time`,
      )
    const timeoutMs = Number(str(args, 'timeout') ?? '180') * 1000
    const user = str(args, 'ssh-user') ?? 'root'
    const extra = list(args, 'ssh-option').flatMap((o) => ['-o', o])
    const controllerHost = new URL(client.config.apiUrl).hostname
    const hosts = (await client.get<HostsResponse>('/v1/hosts', 'list hosts')).hosts
      .filter((h) => h.version !== version)
      .sort(
        (a, b) =>
          Number(a.address === controllerHost) - Number(b.address === controllerHost) ||
          a.hostname.localeCompare(b.hostname),
      )
    const down = hosts.filter((h) => h.state !== 'alive')
    if (down.length > 0)
      throw new ShoalError(
        'UNAVAILABLE',
        `Cannot upgrade: ${down.map((h) => `${h.hostname} is ${h.state}`).join(', ')} (fix or remove it first)`,
      )
    console.log(`Upgrading ${hosts.length} hosts to ${version}, one at a time`)
    for (const [i, h] of hosts.entries()) {
      const started = Date.now()
      process.stdout.write(`[${i + 1}/${hosts.length}] ${h.hostname} (${h.address}) ${h.version} → ${version}...\n`)
      const code = await runSshWithFile(
        sshArgs({ user, host: h.address, port: undefined }, remoteUpgradeCommand(user), extra),
        file,
      )
      if (code !== 0)
        throw new ShoalError(
          'UNAVAILABLE',
          `Cannot upgrade ${h.hostname}: its installer exited with ${code}; stopped here`,
        )
      const after = await waitUpgraded(client, h.id, version, timeoutMs)
      if (after === undefined)
        throw new ShoalError(
          'TIMEOUT',
          `Cannot upgrade ${h.hostname}: not alive on ${version} within ${timeoutMs / 1000} s; stopped here`,
        )
      console.log(
        `[${i + 1}/${hosts.length}] ${h.hostname} alive on ${version} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
      )
    }
    console.log(`Done: every host runs ${version}`)
    return 0
  },
}

export const upgradeCommands: Command[] = [clusterUpgrade]
