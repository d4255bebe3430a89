import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CLUSTER_FILE, initCluster, loadCluster } from '../../controller/cluster-config.ts'
import type { HostsResponse, JoinTokenResponse } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { str } from '../args.ts'
import { writeConfig } from '../cli-config.ts'
import type { Command } from '../command.ts'
import { ensureBackground, stopBackground } from '../daemon-control.ts'
import { hosts } from './cluster-commands.ts'

export function homeDir(flag: string | undefined): string {
  return flag ?? process.env['SHOAL_HOME'] ?? join(homedir(), '.local', 'share', 'shoal')
}

const homeFlag = {
  type: 'string',
  description: 'where shoal up keeps its data and logs (default ~/.local/share/shoal)',
} as const

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await check()
      if (v !== undefined) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  const why = last instanceof Error ? `: ${last.message}` : ''
  throw new ShoalError('TIMEOUT', `Cannot bring shoal up: ${what} did not happen within ${timeoutMs / 1000}s${why}`)
}

export const up: Command = {
  name: 'up',
  summary: 'run shoal on this machine (controller + agent) and show its hosts; safe to re-run',
  flags: { home: homeFlag },
  async run(args) {
    const home = homeDir(str(args, 'home'))
    const controllerDir = join(home, 'controller')
    if (!existsSync(join(controllerDir, CLUSTER_FILE))) {
      // One machine: the mesh listens on loopback. Multi-host clusters use shoal init/controller/agent directly.
      await initCluster({
        dataDir: controllerDir,
        meshListen: ['/ip4/127.0.0.1/tcp/7946'],
        apiListen: '127.0.0.1:7080',
      })
      console.log(`Created a cluster in ${controllerDir}`)
    }
    const cluster = loadCluster(controllerDir)
    const client = new ApiClient({ apiUrl: `http://${cluster.apiListen}`, token: cluster.apiToken })
    writeConfig(client.config)
    const c = ensureBackground(home, 'controller', ['controller', '--data', controllerDir])
    console.log(`controller: pid ${c.pid}, log ${c.log}`)
    await until('the controller API answering', 30_000, async () =>
      (await fetch(`${client.config.apiUrl}/healthz`)).ok ? true : undefined,
    )
    const token = (await client.get<JoinTokenResponse>('/v1/join-token', 'get the join token')).token
    const a = ensureBackground(
      home,
      'agent',
      ['agent', '--data', join(home, 'agent'), '--mesh-listen', '/ip4/127.0.0.1/tcp/0'],
      {
        SHOAL_JOIN_TOKEN: token,
      },
    )
    console.log(`agent: pid ${a.pid}, log ${a.log}`)
    await until('a host reporting alive', 30_000, async () => {
      const res = await client.get<HostsResponse>('/v1/hosts', 'list hosts')
      return res.hosts.some((h) => h.state === 'alive') ? true : undefined
    })
    console.log('')
    return hosts.run({ flags: {}, positionals: [] })
  },
}

export const down: Command = {
  name: 'down',
  summary: 'stop what shoal up started on this machine (data is kept)',
  flags: { home: homeFlag },
  async run(args) {
    const home = homeDir(str(args, 'home'))
    for (const name of ['agent', 'controller']) {
      console.log(`${name}: ${(await stopBackground(home, name)) ? 'stopped' : 'not running'}`)
    }
    return 0
  },
}
