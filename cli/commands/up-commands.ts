import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { request } from 'node:http'
import { homedir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { runStackCommand } from '../../agent/stack/stack-main.ts'
import { apiFingerprint, CLUSTER_FILE, initCluster, loadCluster, localApiUrl } from '../../controller/cluster-config.ts'
import { parseHostPort } from '../../lib/metrics.ts'
import type { HostsResponse, JoinTokenResponse } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient, sendTo } from '../api-client.ts'
import { str } from '../args.ts'
import { writeConfig } from '../cli-config.ts'
import type { Command } from '../command.ts'
import { ensureBackground, stopBackground } from '../daemon-control.ts'
import { hosts } from './cluster-commands.ts'

const ROOT = resolve(import.meta.dirname, '..', '..')
const DAEMONS = ['router', 'agent', 'controller'] as const

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

function run(cmd: string, args: string[], what: string): void {
  const res = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] })
  if (res.status !== 0)
    throw new ShoalError('UNAVAILABLE', `Cannot bring shoal up: ${what} failed (exit ${res.status})`)
}

export const up: Command = {
  name: 'up',
  summary:
    'run shoal on this machine (controller, agent, router), deploy DIR (default: the hello example), print its URL',
  usage: '[DIR] [--app NAME] [--http HOST:PORT] [--home DIR]',
  flags: {
    home: homeFlag,
    app: { short: 'a', type: 'string', description: 'app to deploy DIR as (default: the folder name)' },
    http: { type: 'string', description: 'router listen address (default 127.0.0.1:80)' },
    'no-deploy': { type: 'boolean', description: 'only start the daemons' },
  },
  async run(args) {
    const home = homeDir(str(args, 'home'))
    const http = str(args, 'http') ?? '127.0.0.1:80'
    const { port } = parseHostPort(http)
    // The host: packages, the Docker engine and node_modules (idempotent; fast when all is there).
    // A checkout prepares the host with scripts/setup.sh; a release package relies on install.sh having done it.
    const setup = join(ROOT, 'scripts', 'setup.sh')
    if (process.getuid?.() === 0 && existsSync(setup)) run('bash', [setup], 'host setup (scripts/setup.sh)')
    const stack = await runStackCommand(['build'], {
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
      signal: AbortSignal.timeout(30 * 60_000),
    })
    if (stack !== 0) throw new ShoalError('UNAVAILABLE', 'Cannot bring shoal up: the stack image could not be built')

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
    const client = new ApiClient({
      apiUrl: localApiUrl(cluster),
      token: cluster.apiToken,
      fingerprint: apiFingerprint(cluster),
    })
    writeConfig(client.config)
    const c = ensureBackground(home, 'controller', ['controller', '--data', controllerDir])
    console.log(`controller: pid ${c.pid}, log ${c.log}`)
    await until('the controller API answering', 30_000, async () =>
      (await sendTo(client.config, client.config.apiUrl, 'GET', '/healthz', 'check the API').then(
        (r) => r.resume().statusCode,
      )) === 200
        ? true
        : undefined,
    )
    const token = (await client.get<JoinTokenResponse>('/v1/join-token', 'get the join token')).token
    const mesh = ['--mesh-listen', '/ip4/127.0.0.1/tcp/0']
    const a = ensureBackground(home, 'agent', ['agent', '--data', join(home, 'agent'), '--ip', '127.0.0.1', ...mesh], {
      SHOAL_JOIN_TOKEN: token,
    })
    console.log(`agent: pid ${a.pid}, log ${a.log}`)
    const r = ensureBackground(home, 'router', ['router', '--data', join(home, 'router'), '--http', http, ...mesh], {
      SHOAL_JOIN_TOKEN: token,
    })
    console.log(`router: pid ${r.pid}, log ${r.log}`)
    await until('a host reporting alive', 30_000, async () => {
      const res = await client.get<HostsResponse>('/v1/hosts', 'list hosts')
      return res.hosts.some((h) => h.state === 'alive') ? true : undefined
    })
    console.log('')
    await hosts.run({ flags: {}, positionals: [] })
    if (args.flags['no-deploy'] === true) return 0

    const dir = resolve(args.positionals[0] ?? join(ROOT, 'examples', 'hello-node'))
    const app =
      str(args, 'app') ??
      basename(dir)
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')
    const shoal = join(ROOT, 'bin', 'shoal')
    console.log('')
    const exists = spawnSync(shoal, ['apps:info', '-a', app, '--json'], { stdio: 'ignore' }).status === 0
    if (!exists) run(shoal, ['apps:create', app], `creating app ${app}`)
    run(shoal, ['deploy', dir, '-a', app], `deploying ${dir}`)
    const host = `${app}.${cluster.domain}`
    const url = `http://${host}${port === 80 ? '' : `:${port}`}/`
    const local = `http://127.0.0.1:${port}/`
    // fetch() will not send a Host header of our choosing; node:http will.
    await until(`${url} answering`, 120_000, async () => ((await statusVia(local, host)) === 200 ? true : undefined))
    console.log('')
    console.log(`⬢ ${app} is up: ${url}`)
    return 0
  },
}

export const down: Command = {
  name: 'down',
  summary: 'stop what shoal up started on this machine (data is kept; dynos keep running until the agent is back)',
  flags: { home: homeFlag },
  async run(args) {
    const home = homeDir(str(args, 'home'))
    for (const name of DAEMONS)
      console.log(`${name}: ${(await stopBackground(home, name)) ? 'stopped' : 'not running'}`)
    return 0
  },
}

function statusVia(url: string, host: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { headers: { host }, timeout: 5000 }, (res) => {
      res.resume()
      resolvePromise(res.statusCode ?? 0)
    })
    req.once('timeout', () => req.destroy(new Error('timed out')))
    req.once('error', reject)
    req.end()
  })
}

export const upCommands: Command[] = [up, down]
