// Controllers on etcd as real processes, driven through the CLI (no agents: this is about the control plane).
// Two controllers share one cluster made by `shoal init --store`; one leads; a follower serves store-backed
// requests and sends the rest to the leader; `join-token --rotate` changes the secret of every controller; SIGKILL
// of the leader → the other leads with a higher epoch, and the CLI carries on with the same config. Then the growth path: a level controller's state moved into etcd with
// store:export / store:import, the controller restarted on etcd, nothing lost, epochs still rising.

import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { decodeJoinToken } from '../../mesh/join-token.ts'
import type { ControllerStatus } from '../../proto/api.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { type EtcdCluster, startEtcd } from '../helpers/etcd.ts'
import { eventually } from '../helpers/mesh.ts'
import { type Daemon, freePort, killAll, type RunResult, runShoal, spawnShoal, tempDir } from '../helpers/processes.ts'

describe('HA controllers on etcd', { timeout: 180_000 }, () => {
  const dir = tempDir('ha')
  const env = { SHOAL_CONFIG: `${dir.path}/cli.json`, SHOAL_APP: '' }
  let etcd: EtcdCluster
  const shoal = (...args: string[]): Promise<RunResult> => runShoal(args, env)
  const ok = async (...args: string[]): Promise<string> => {
    const res = await shoal(...args)
    assert.equal(res.code, 0, `shoal ${args.join(' ')}\n${res.stdout}\n${res.stderr}`)
    return res.stdout
  }
  const controllers = async (): Promise<ControllerStatus[]> =>
    JSON.parse(await ok('controllers', '--json')) as ControllerStatus[]

  before(async () => {
    etcd = await startEtcd()
  })
  after(async () => {
    await killAll()
    await etcd.stop()
    dir.remove()
  })

  // The API is HTTPS with a self-signed certificate every controller of the cluster shares: pin its fingerprint.
  const apiFetch = (config: string) =>
    apiFetcher((JSON.parse(readFileSync(config, 'utf8')) as { fingerprint: string }).fingerprint)

  async function controller(name: string, store: string): Promise<{ daemon: Daemon; apiUrl: string; mesh: number }> {
    const [api, mesh] = [await freePort(), await freePort()]
    await ok(
      'init',
      ...['--data', `${dir.path}/${name}`, '--store', store, '--mesh-listen', `/ip4/127.0.0.1/tcp/${mesh}`],
      ...['--api-listen', `127.0.0.1:${api}`, '--metrics-listen', '127.0.0.1:0'],
    )
    const daemon = spawnShoal(['controller', '--data', `${dir.path}/${name}`], env)
    const apiUrl = `https://127.0.0.1:${api}`
    await eventually(
      async () => (await apiFetch(env.SHOAL_CONFIG)(`${apiUrl}/healthz`)).ok,
      30_000,
      `${name} API`,
    ).catch((err) => {
      throw new Error(`${name} did not start:\n${daemon.output()}`, { cause: err })
    })
    return { daemon, apiUrl, mesh }
  }

  it('two controllers: one leads, followers forward, the leader dies, the other takes over', async () => {
    const url = etcd.url('ha1/')
    const a = await controller('a', url)
    const b = await controller('b', url)
    const cli = JSON.parse(readFileSync(env.SHOAL_CONFIG, 'utf8')) as { token: string; apiUrls: string[] }
    assert.deepEqual(cli.apiUrls, [a.apiUrl, b.apiUrl], 'the second init joined the cluster and its URL was added')

    const roles = await eventually(async () => {
      const list = await controllers()
      return list.length === 2 && list.filter((c) => c.role === 'leader').length === 1 ? list : undefined
    }, 30_000)
    const leader = roles.find((c) => c.role === 'leader')!
    const follower = roles.find((c) => c.role === 'follower')!
    assert.ok(roles.every((c) => c.store.kind === 'etcd' && c.store.healthy))
    assert.equal(follower.leader?.apiUrl, leader.apiUrl)

    // The join token carries both controllers' mesh addresses.
    const token = decodeJoinToken((await ok('join-token')).trim())
    for (const port of [a.mesh, b.mesh]) {
      assert.ok(
        token.controllers.some((addr) => addr.includes(`/tcp/${port}/`)),
        `join token lacks ${port}: ${token.controllers.join(' ')}`,
      )
    }

    // `join-token --rotate` through the CLI changes the secret the whole cluster admits with: the follower's token
    // carries the new secret at once (it follows the shared config), and so does its cluster.json (restarts keep it).
    const rotated = decodeJoinToken((await ok('join-token', '--rotate')).trim())
    assert.notEqual(rotated.secret, token.secret)
    const followerToken = async (): Promise<string> => {
      const res = await apiFetch(env.SHOAL_CONFIG)(`${follower.apiUrl}/v1/join-token`, {
        headers: { authorization: `Bearer ${cli.token}` },
      })
      return decodeJoinToken(((await res.json()) as { token: string }).token).secret
    }
    await eventually(async () => (await followerToken()) === rotated.secret, 10_000, 'the follower has the new secret')
    const followerDir = follower.apiUrl === a.apiUrl ? 'a' : 'b'
    const onDisk = JSON.parse(readFileSync(`${dir.path}/${followerDir}/cluster.json`, 'utf8')) as { joinSecret: string }
    assert.equal(onDisk.joinSecret, rotated.secret)

    // A follower writes user intent itself, and names the leader for what only the leader serves.
    const auth = { authorization: `Bearer ${cli.token}` }
    await ok('apps:create', 'demo')
    const patch = await apiFetch(env.SHOAL_CONFIG)(`${follower.apiUrl}/v1/apps/demo/config-vars`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ FROM: 'follower' }),
    })
    assert.equal(patch.status, 200, await patch.text())
    const hosts = await apiFetch(env.SHOAL_CONFIG)(`${follower.apiUrl}/v1/hosts`, { headers: auth })
    assert.equal(hosts.status, 503)
    assert.equal(((await hosts.json()) as { error: { code: string } }).error.code, 'NOT_LEADER')
    assert.equal(hosts.headers.get('shoal-leader'), leader.apiUrl)
    await ok('hosts') // the CLI follows the follower's pointer when it asks the follower first

    // `shoal logs -t` is served by the controller the CLI reaches: a follower streams its own copy of the app's
    // ring and tails (every controller holds every line), with no detour to the leader.
    const [leaderDaemon, followerDaemon] = leader.apiUrl === a.apiUrl ? [a, b] : [b, a]
    const tails = async (c: { daemon: Daemon }): Promise<number> => {
      const metricsUrl = /"metrics":"(http:[^"]+)"/.exec(c.daemon.output())?.[1]
      assert.ok(metricsUrl !== undefined, `no metrics URL in the controller's log:\n${c.daemon.output()}`)
      const text = await (await fetch(metricsUrl)).text()
      return Number(/^shoal_log_hub_tails(?:\{[^}]*\})? (\d+)$/m.exec(text)?.[1] ?? Number.NaN)
    }
    const followerFirst = `${dir.path}/cli-follower-first.json`
    writeFileSync(
      followerFirst,
      JSON.stringify({ ...cli, apiUrl: follower.apiUrl, apiUrls: [follower.apiUrl, leader.apiUrl] }),
    )
    const tailer = spawnShoal(['logs', '-t', '-a', 'demo'], { ...env, SHOAL_CONFIG: followerFirst })
    try {
      await eventually(() => tailer.output().includes('Set FROM config vars'), 15_000, 'the backlog through the tail')
      assert.deepEqual([await tails(followerDaemon), await tails(leaderDaemon)], [1, 0], 'the follower serves the tail')
      // A line made on the leader reaches the tail through the follower's replica of the ring.
      const patched = await apiFetch(env.SHOAL_CONFIG)(`${leader.apiUrl}/v1/apps/demo/config-vars`, {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ LIVE: 'yes' }),
      })
      assert.equal(patched.status, 200, await patched.text())
      await eventually(() => tailer.output().includes('Set LIVE config vars'), 15_000, 'a live line through the tail')
    } finally {
      await tailer.kill('SIGTERM')
    }
    await ok('config:set', 'BEFORE=1', '-a', 'demo')

    // SIGKILL the leader: the other controller leads under a higher epoch, and the CLI needs no change.
    const [dead, alive] = leader.apiUrl === a.apiUrl ? [a, b] : [b, a]
    const killedAt = Date.now()
    await dead.daemon.kill('SIGKILL')
    const after = await eventually(
      async () => {
        const list = await controllers()
        const now = list.find((c) => c.apiUrl === alive.apiUrl)
        return now?.role === 'leader' ? list : undefined
      },
      30_000,
      'the survivor to lead',
    )
    process.stdout.write(`# leader SIGKILLed → survivor reports leader after ${Date.now() - killedAt} ms\n`)
    assert.ok(after.find((c) => c.apiUrl === alive.apiUrl)!.epoch > leader.epoch)
    assert.equal(after.find((c) => c.apiUrl === dead.apiUrl)?.role, 'unreachable')
    await ok('config:set', 'AFTER=2', '-a', 'demo')
    assert.equal(decodeJoinToken((await ok('join-token')).trim()).secret, rotated.secret, 'the survivor admits with it')
    const vars = JSON.parse(await ok('config', '-a', 'demo', '--json')) as Record<string, string>
    assert.deepEqual(vars, { FROM: 'follower', LIVE: 'yes', BEFORE: '1', AFTER: '2' })
    await ok('hosts')
    await alive.daemon.kill('SIGTERM')
  })

  it('grows a level controller into etcd with store:export / store:import', async () => {
    const data = `${dir.path}/solo`
    const solo = { SHOAL_CONFIG: `${dir.path}/solo-cli.json`, SHOAL_APP: '' }
    const run = async (...args: string[]): Promise<string> => {
      const res = await runShoal(args, solo)
      assert.equal(res.code, 0, `shoal ${args.join(' ')}\n${res.stdout}\n${res.stderr}`)
      return res.stdout
    }
    const api = await freePort()
    await run(
      ...['init', '--data', data, '--api-listen', `127.0.0.1:${api}`, '--mesh-listen', '/ip4/127.0.0.1/tcp/0'],
      ...['--metrics-listen', '127.0.0.1:0'],
    )
    const start = async (...extra: string[]): Promise<Daemon> => {
      const d = spawnShoal(['controller', '--data', data, ...extra], solo)
      await eventually(
        async () => (await apiFetch(solo.SHOAL_CONFIG)(`https://127.0.0.1:${api}/healthz`)).ok,
        30_000,
        'solo API',
      ).catch((err) => {
        throw new Error(`controller did not start:\n${d.output()}`, { cause: err })
      })
      return d
    }
    let d = await start()
    await run('apps:create', 'kept')
    await run('config:set', 'KEPT=yes', '-a', 'kept')
    const levelEpoch = (JSON.parse(await run('controllers', '--json')) as ControllerStatus[])[0]?.epoch ?? 0
    assert.ok(levelEpoch >= 1)
    await d.kill('SIGTERM')

    const dump = `${dir.path}/dump.jsonl`
    await run('store:export', '--data', data, '--out', dump)
    const url = etcd.url('grown/')
    assert.match(await run('store:import', '--store', url, '--in', dump), /Imported \d+ keys/)
    // A second import into the now non-empty store is refused rather than merged.
    const again = await runShoal(['store:import', '--store', url, '--in', dump], solo)
    assert.equal(again.code, 1)
    assert.match(again.stderr, /already holds keys/)

    d = await start('--store', url)
    const status = await eventually(async () => {
      const list = JSON.parse(await run('controllers', '--json')) as ControllerStatus[]
      return list[0]?.role === 'leader' ? list[0] : undefined
    }, 30_000)
    assert.equal(status.store.kind, 'etcd')
    assert.ok(status.epoch > levelEpoch, `etcd epoch ${status.epoch} above the level era's ${levelEpoch}`)
    assert.deepEqual(JSON.parse(await run('config', '-a', 'kept', '--json')), { KEPT: 'yes' })
    // The migrated controller put the cluster's keys into etcd: a new controller's init joins that cluster.
    const soloId = (JSON.parse(readFileSync(`${data}/cluster.json`, 'utf8')) as { id: string }).id
    const second = `${dir.path}/second`
    const joined = await runShoal(['init', '--data', second, '--store', url], {
      SHOAL_CONFIG: `${dir.path}/second-cli.json`,
      SHOAL_APP: '',
    })
    assert.equal(joined.code, 0, joined.stderr)
    assert.match(joined.stdout, new RegExp(`Joined cluster ${soloId}`))
    assert.equal((JSON.parse(readFileSync(`${second}/cluster.json`, 'utf8')) as { id: string }).id, soloId)
    await d.kill('SIGTERM')
  })
})
