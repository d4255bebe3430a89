import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { pinnedRequest } from '../../lib/pinned-tls.ts'
import { eventually } from './mesh.ts'
import { type Daemon, freePort, killHaproxyOf, type RunResult, runShoal, spawnShoal, tempDir } from './processes.ts'

/** A controller and N agents (and optionally a router) as real processes on loopback, driven through the CLI. */
export interface TestCluster {
  dir: string
  env: Record<string, string>
  apiUrl: string
  token: string
  /** SHA-256 fingerprint of the API's certificate (what the CLI pins). */
  fingerprint: string
  joinToken: string
  controller: Daemon
  agents: Daemon[]
  routerUrl: string | undefined
  shoal(args: string[], options?: { timeoutMs?: number; cwd?: string; input?: string }): Promise<RunResult>
  /** Runs shoal and asserts exit 0; returns stdout. */
  ok(args: string[], options?: { timeoutMs?: number; cwd?: string }): Promise<string>
  /** Starts agent i again with the same arguments (after a kill), tracked for stop(). */
  respawnAgent(i: number): Daemon
  stop(): Promise<void>
}

export interface TestClusterOptions {
  agents?: number
  router?: boolean
  routerTimeoutMs?: number
  /** The router's HTTP port (default: a free one). */
  routerHttpPort?: number
  /** Also serve HTTPS on this port (SNI certificates from the cluster). */
  routerHttpsPort?: number
  /** Extra environment for the agents (e.g. SHOAL_BOOT_TIMEOUT_MS). */
  agentEnv?: Record<string, string>
  /** Extra agent flags (e.g. --router-ports). */
  agentArgs?: string[]
  /** The address the router listens on (127.0.0.1 by default); `routerPort` its port (a free one by default). */
  routerHost?: string
  routerPort?: number
  /** Extra arguments for `shoal controller` (e.g. --acme-directory). */
  controllerArgs?: string[]
}

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const dir = tempDir('cluster')
  const env = { SHOAL_CONFIG: `${dir.path}/cli.json`, SHOAL_APP: '' }
  const daemons: Daemon[] = []
  const [api, mesh, metrics] = [await freePort(), await freePort(), await freePort()]
  const init = await runShoal(
    [
      'init',
      ...['--data', `${dir.path}/controller`, '--mesh-listen', `/ip4/127.0.0.1/tcp/${mesh}`],
      ...['--api-listen', `127.0.0.1:${api}`, '--metrics-listen', `127.0.0.1:${metrics}`],
    ],
    env,
  )
  assert.equal(init.code, 0, init.stderr)
  const cli = JSON.parse(readFileSync(env.SHOAL_CONFIG, 'utf8')) as {
    apiUrl: string
    token: string
    fingerprint: string
  }
  const controller = spawnShoal(
    ['controller', '--data', `${dir.path}/controller`, ...(options.controllerArgs ?? [])],
    env,
  )
  daemons.push(controller)
  await eventually(
    async () => (await pinnedRequest(`${cli.apiUrl}/healthz`, cli.fingerprint)).resume().statusCode === 200,
    30_000,
    'controller API',
  ).catch((err) => {
    throw new Error(`controller did not start:\n${controller.output()}`, { cause: err })
  })
  const jt = await runShoal(['join-token'], env)
  assert.equal(jt.code, 0, jt.stderr)
  const joinToken = jt.stdout.trim()
  const agents: Daemon[] = []
  for (let i = 0; i < (options.agents ?? 1); i++) {
    const agent = spawnShoal(
      [
        'agent',
        '--data',
        `${dir.path}/agent${i}`,
        '--join',
        joinToken,
        '--mesh-listen',
        '/ip4/127.0.0.1/tcp/0',
        '--ip',
        '127.0.0.1',
        // Several agents share this host in tests: not the stable default port.
        '--metrics-listen',
        '127.0.0.1:0',
        ...(options.agentArgs ?? []),
      ],
      { ...env, ...options.agentEnv },
    )
    agents.push(agent)
    daemons.push(agent)
  }
  let routerUrl: string | undefined
  if (options.router === true) {
    const port = options.routerPort ?? options.routerHttpPort ?? (await freePort())
    const host = options.routerHost ?? '127.0.0.1'
    const args = ['router', '--data', `${dir.path}/router`, '--join', joinToken, '--http', `${host}:${port}`]
    if (options.routerHttpsPort !== undefined) args.push('--https', `${host}:${options.routerHttpsPort}`)
    if (options.routerTimeoutMs !== undefined) args.push('--request-timeout', String(options.routerTimeoutMs))
    daemons.push(spawnShoal([...args, '--mesh-listen', '/ip4/127.0.0.1/tcp/0', '--metrics-listen', '127.0.0.1:0'], env))
    routerUrl = `http://${host}:${port}`
  }
  const shoal: TestCluster['shoal'] = (args, o = {}) => runShoal(args, env, o.input, o)
  await eventually(
    async () => {
      const res = await shoal(['hosts', '--json'])
      const hosts = JSON.parse(res.stdout || '[]') as Array<{ state: string }>
      return hosts.filter((h) => h.state === 'alive').length === (options.agents ?? 1)
    },
    // Generous: on a loaded machine (many test suites at once) an agent's first report can take over 30 s.
    90_000,
    'agents alive',
  )
  return {
    dir: dir.path,
    env,
    apiUrl: cli.apiUrl,
    token: cli.token,
    fingerprint: cli.fingerprint,
    joinToken,
    controller,
    agents,
    routerUrl,
    shoal,
    async ok(args, o = {}) {
      const res = await shoal(args, o)
      assert.equal(res.code, 0, `shoal ${args.join(' ')} failed\n${res.stdout}\n${res.stderr}`)
      return res.stdout
    },
    respawnAgent(i) {
      const old = agents[i]
      if (old === undefined) throw new Error(`no agent ${i}`)
      const next = spawnShoal(old.child.spawnargs.slice(1), { ...env, ...options.agentEnv })
      agents[i] = next
      daemons.push(next)
      return next
    },
    async stop() {
      const hostIds = await shoal(['hosts', '--json']).then(
        (r) => (JSON.parse(r.stdout || '[]') as Array<{ id: string }>).map((h) => h.id),
        () => [] as string[],
      )
      await Promise.all(daemons.map((d) => d.kill('SIGTERM')))
      killHaproxyOf(`${dir.path}/router`)
      // Agents leave their dynos running for a successor to adopt; a test has none, so they go.
      for (const id of hostIds) removeDynoContainers(id)
      dir.remove()
    },
  }
}

/** Removes every dyno container an agent with this host id created on the local Docker engine. */
export function removeDynoContainers(hostId: string): void {
  try {
    const ids = execFileSync(
      'docker',
      ['ps', '-aq', '--filter', 'label=shoal.managed=true', '--filter', `label=shoal.host=${hostId}`],
      {
        encoding: 'utf8',
      },
    )
      .split('\n')
      .filter(Boolean)
    if (ids.length > 0) execFileSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' })
  } catch {}
}
