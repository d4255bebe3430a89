// Git history outlives the controller that accepted the push: two controllers on a real etcd and one agent (real
// builds in Docker). Push to the cluster, SIGKILL the leader, push a new commit to the survivor → accepted, and a
// fresh clone through the survivor shows both commits (its repository was brought up to the recorded bundle).

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ControllerStatus } from '../../proto/api.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { type EtcdCluster, startEtcd } from '../helpers/etcd.ts'
import { eventually } from '../helpers/mesh.ts'
import {
  type Daemon,
  freePort,
  killAll,
  ROOT,
  type RunResult,
  runShoal,
  spawnShoal,
  tempDir,
} from '../helpers/processes.ts'

describe('HA git: history survives a leader kill', { timeout: 600_000 }, () => {
  const dir = tempDir('ha-git')
  const env = { SHOAL_CONFIG: `${dir.path}/cli.json`, SHOAL_APP: '' }
  let etcd: EtcdCluster
  const shoal = (args: string[], extra: Record<string, string> = {}): Promise<RunResult> =>
    runShoal(args, { ...env, ...extra }, undefined, { timeoutMs: 300_000 })
  const ok = async (args: string[], extra: Record<string, string> = {}): Promise<string> => {
    const res = await shoal(args, extra)
    assert.equal(res.code, 0, `shoal ${args.join(' ')}\n${res.stdout}\n${res.stderr}`)
    return res.stdout
  }
  const cliConfig = () => JSON.parse(readFileSync(env.SHOAL_CONFIG, 'utf8')) as Record<string, unknown>
  const apiFetch = () => apiFetcher(cliConfig()['fingerprint'] as string)

  before(async () => {
    etcd = await startEtcd()
  })
  after(async () => {
    await killAll()
    await etcd.stop()
    dir.remove()
  })

  async function controller(name: string): Promise<{ daemon: Daemon; apiUrl: string }> {
    const api = await freePort()
    await ok([
      'init',
      ...['--data', `${dir.path}/${name}`, '--store', etcd.url('ha-git/')],
      ...['--mesh-listen', `/ip4/127.0.0.1/tcp/${await freePort()}`],
      ...['--api-listen', `127.0.0.1:${api}`, '--metrics-listen', '127.0.0.1:0'],
    ])
    const daemon = spawnShoal(['controller', '--data', `${dir.path}/${name}`], env)
    const apiUrl = `https://127.0.0.1:${api}`
    await eventually(async () => (await apiFetch()(`${apiUrl}/healthz`)).ok, 30_000, `${name} API`).catch((err) => {
      throw new Error(`${name} did not start:\n${daemon.output()}`, { cause: err })
    })
    return { daemon, apiUrl }
  }
  const controllers = async (): Promise<ControllerStatus[]> =>
    JSON.parse(await ok(['controllers', '--json'])) as ControllerStatus[]
  const aliveHosts = async (): Promise<number> =>
    (JSON.parse((await shoal(['hosts', '--json'])).stdout || '[]') as Array<{ state: string }>).filter(
      (h) => h.state === 'alive',
    ).length

  it('a push after failover to the other controller is accepted and keeps the earlier commit', async (t) => {
    const a = await controller('a')
    const b = await controller('b')
    t.after(() => {
      if (process.env['SHOAL_TEST_DEBUG'] !== undefined) {
        process.stdout.write(`# a:\n${a.daemon.output()}\n# b:\n${b.daemon.output()}\n`)
      }
    })
    const joinToken = (await ok(['join-token'])).trim()
    spawnShoal(
      ['agent', '--data', `${dir.path}/agent`, '--join', joinToken, '--mesh-listen', '/ip4/127.0.0.1/tcp/0'],
      env,
    )
    const leader = await eventually(async () => (await controllers()).find((c) => c.role === 'leader'), 30_000)
    await eventually(async () => (await aliveHosts()) === 1, 60_000, 'the agent alive')
    await ok(['apps:create', 'gitapp'])

    const work = join(dir.path, 'work')
    cpSync(join(ROOT, 'examples', 'static-site'), work, { recursive: true })
    const gitEnv = { ...process.env, ...env, GIT_CONFIG_GLOBAL: '/dev/null' }
    const git = (cwd: string, ...args: string[]): string =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        cwd,
        env: gitEnv,
        encoding: 'utf8',
        stdio: 'pipe',
      })
    // `git:remote` points at the CLI config's API URL: aim it at a given controller through a copy of the config.
    const remoteTo = async (apiUrl: string): Promise<void> => {
      const config = join(dir.path, `cli-${new URL(apiUrl).port}.json`)
      writeFileSync(config, JSON.stringify({ ...cliConfig(), apiUrl }))
      const res = await runShoal(['git:remote', '-a', 'gitapp'], { ...env, SHOAL_CONFIG: config }, undefined, {
        cwd: work,
      })
      assert.equal(res.code, 0, res.stderr)
    }
    git(work, 'init', '-q', '-b', 'main')
    git(work, 'add', '-A')
    git(work, 'commit', '-qm', 'first')
    await remoteTo(leader.apiUrl)
    git(work, 'push', 'shoal', 'main')
    // The other controller keeps its own copy of the recorded bundle (fetched from the leader by hash).
    const [dead, alive] = leader.apiUrl === a.apiUrl ? [a, b] : [b, a]
    await eventually(async () => alive.daemon.output().includes('git bundle copied from a peer'), 30_000, 'bundle copy')

    // SIGKILL the leader that accepted the push; the survivor leads and sees the agent.
    await dead.daemon.kill('SIGKILL')
    await eventually(
      async () => (await controllers()).find((c) => c.apiUrl === alive.apiUrl)?.role === 'leader',
      30_000,
      'the survivor to lead',
    )
    await eventually(async () => (await aliveHosts()) === 1, 60_000, 'the agent alive under the new leader')

    // Without the shared history this push would be a non-fast-forward into an empty repository's build of only
    // the new commit — and the fresh clone below would miss "first".
    writeFileSync(join(work, 'second.html'), '<p>second</p>\n')
    git(work, 'add', '-A')
    git(work, 'commit', '-qm', 'second')
    await remoteTo(alive.apiUrl)
    git(work, 'fetch', '-q', 'shoal')
    assert.equal(
      git(work, 'rev-parse', 'shoal/main').trim(),
      git(work, 'rev-parse', 'HEAD~1').trim(),
      'the survivor already serves the first push',
    )
    git(work, 'push', 'shoal', 'main')
    const clone = join(dir.path, 'clone')
    const helper = `credential.helper=!'${join(ROOT, 'bin', 'shoal')}' git:credentials`
    git(dir.path, '-c', helper, '-c', 'http.sslVerify=false', 'clone', '-q', `${alive.apiUrl}/gitapp.git`, clone)
    assert.deepEqual(git(clone, 'log', '--format=%s').trim().split('\n'), ['second', 'first'])
  })
})
