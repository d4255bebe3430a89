// Git history outlives the controller that accepted the push: two controllers on a real etcd and one agent (real
// builds in Docker). Push to the cluster, SIGKILL the leader, push a new commit to the survivor → accepted, and a
// fresh clone through the survivor shows both commits (its repository was brought up to the recorded bundle).
// `git:remote` with the first configured controller dead points at the live leader. Then the leader is SIGKILLed in
// the middle of a deploy (a push whose build is running): the push completes or fails visibly, the release history
// has no half-made release, and the next push to the new leader deploys.

import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ControllerStatus, ReleaseView } from '../../proto/api.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { removeDynoContainers } from '../helpers/cluster.ts'
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
  /** The agent's host id: its dyno containers outlive its SIGKILL (left for a successor to adopt) and must go. */
  let agentId: string | undefined
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
    if (agentId !== undefined) removeDynoContainers(agentId)
    await etcd.stop()
    dir.remove()
  })

  async function controller(name: string): Promise<{ name: string; daemon: Daemon; apiUrl: string }> {
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
    return { name, daemon, apiUrl }
  }
  const controllers = async (): Promise<ControllerStatus[]> =>
    JSON.parse(await ok(['controllers', '--json'])) as ControllerStatus[]
  const aliveHosts = async (): Promise<number> =>
    (JSON.parse((await shoal(['hosts', '--json'])).stdout || '[]') as Array<{ state: string }>).filter(
      (h) => h.state === 'alive',
    ).length

  it('a push after failover to the other controller is accepted and keeps the earlier commit; a deploy cut by a leader kill leaves a consistent history', async (t) => {
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
    agentId = (JSON.parse(await ok(['hosts', '--json'])) as Array<{ id: string }>)[0]?.id
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
    // git:remote names a controller that answers: with the CLI config's first URL the dead one, it picks the leader.
    await remoteTo(dead.apiUrl)
    assert.equal(git(work, 'remote', 'get-url', 'shoal').trim(), `${alive.apiUrl}/gitapp.git`)
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

    // The leader dies in the middle of a deploy. The killed controller comes back first (as a follower), so the
    // cluster has one to fail over to.
    dead.daemon = spawnShoal(['controller', '--data', `${dir.path}/${dead.name}`], env)
    await eventually(
      async () => (await controllers()).find((c) => c.apiUrl === dead.apiUrl)?.role === 'follower',
      60_000,
      `${dead.name} back as a follower`,
    ).catch((err) => {
      throw new Error(`${dead.name} did not come back:\n${dead.daemon.output().slice(-4000)}`, { cause: err })
    })
    // It copies the bundle recorded while it was down (the leader holds the only copy until then: killing the
    // leader before that would lose the second push's history, a limit of two controllers).
    await eventually(
      async () => dead.daemon.output().includes('git bundle copied from a peer'),
      30_000,
      `${dead.name} copies the recorded bundle`,
    )
    writeFileSync(join(work, 'third.html'), '<p>third</p>\n')
    git(work, 'add', '-A')
    git(work, 'commit', '-qm', 'third')
    const push = spawn('git', ['push', 'shoal', 'main'], { cwd: work, env: gitEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let pushOutput = ''
    push.stdout.on('data', (d: Buffer) => {
      pushOutput += d.toString()
    })
    push.stderr.on('data', (d: Buffer) => {
      pushOutput += d.toString()
    })
    const pushed = new Promise<number>((r) => push.once('exit', (code) => r(code ?? 1)))
    // The build is under way once its log reaches the pusher as remote: lines.
    await eventually(async () => /remote: /.test(pushOutput), 120_000, 'build output on the push')
    await alive.daemon.kill('SIGKILL')
    const code = await pushed
    process.stdout.write(
      `# push with the leader killed mid-build: exit ${code}\n${pushOutput.replace(/^/gm, '#   ')}\n`,
    )
    // Either it completed, or git says it failed (no silent success): the next deploy decides below.
    if (code !== 0) assert.match(pushOutput, /error|fatal|hung up|failed|declined|unreachable/i)

    await eventually(
      async () => (await controllers()).find((c) => c.apiUrl === dead.apiUrl)?.role === 'leader',
      30_000,
      `${dead.name} to lead`,
    )
    await eventually(async () => (await aliveHosts()) === 1, 60_000, 'the agent alive under the newest leader')
    // The release history holds no half-made release: versions 1…N with no gap, nothing left pending, the current
    // one a succeeded deploy.
    const history = async (): Promise<ReleaseView[]> =>
      JSON.parse(await ok(['releases', '-a', 'gitapp', '--json'])) as ReleaseView[]
    const consistent = (list: ReleaseView[]): void => {
      const versions = list.map((r) => r.version).sort((x, y) => x - y)
      assert.deepEqual(
        versions,
        versions.map((_, i) => i + 1),
        'no gap in versions',
      )
      assert.ok(
        list.every((r) => r.status === 'succeeded'),
        JSON.stringify(list.map((r) => [r.version, r.status])),
      )
      const current = list.filter((r) => r.current)
      assert.equal(current.length, 1)
      assert.match(current[0]?.description ?? '', /^Deploy [0-9a-f]{7}$/)
    }
    const afterKill = await history()
    consistent(afterKill)
    // The next deploy works: git:remote (the CLI config unchanged) points at the new leader, the push deploys HEAD.
    writeFileSync(join(work, 'fourth.html'), '<p>fourth</p>\n')
    git(work, 'add', '-A')
    git(work, 'commit', '-qm', 'fourth')
    await remoteTo(alive.apiUrl)
    assert.equal(git(work, 'remote', 'get-url', 'shoal').trim(), `${dead.apiUrl}/gitapp.git`)
    git(work, 'push', 'shoal', 'main')
    const final = await history()
    consistent(final)
    assert.equal(final.length, afterKill.length + 1, 'one release for the push')
    const head = git(work, 'rev-parse', 'HEAD').trim()
    const current = final.find((r) => r.current)
    assert.equal(current?.slug?.commit, head)
    assert.equal(current?.description, `Deploy ${head.slice(0, 7)}`)
  })
})
