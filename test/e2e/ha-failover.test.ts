// Failover under writes, on loopback: a 3-member etcd and 3 controllers as real processes. While a loop sets config
// vars through the CLI's API client (which fails over between controllers), the leader is SIGKILLed at random
// moments and restarted, HA_KILLS times (3 here; HA_KILLS=10 for the full run); afterwards every acknowledged change
// is present. A write whose answer is lost with the leader is retried with its Idempotency-Key on the others and
// answered with the first answer, not applied again, and the new leader's log ring holds the lines the old one
// stored (every controller keeps every ring). Then etcd: losing 1 of 3 members changes nothing; losing
// quorum makes writes fail with UNAVAILABLE while no controller leads; quorum back → writes and a leader again.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { ApiClient } from '../../cli/api-client.ts'
import type { CliConfig } from '../../cli/cli-config.ts'
import type { ControllerStatus } from '../../proto/api.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { type EtcdCluster, startEtcd } from '../helpers/etcd.ts'
import { eventually } from '../helpers/mesh.ts'
import { type Daemon, freePort, killAll, runShoal, spawnShoal, tempDir } from '../helpers/processes.ts'

const KILLS = Number(process.env['HA_KILLS'] ?? 3)

interface Controller {
  name: string
  apiUrl: string
  daemon: Daemon
}

describe('HA failover under writes', { timeout: 300_000 }, () => {
  const dir = tempDir('ha-failover')
  const env = { SHOAL_CONFIG: `${dir.path}/cli.json`, SHOAL_APP: '' }
  let etcd: EtcdCluster
  const controllers: Controller[] = []
  let client: ApiClient
  let config: CliConfig

  const status = async (c: Controller): Promise<ControllerStatus | undefined> => {
    try {
      // The API is HTTPS with the cluster's shared self-signed certificate: pin its fingerprint like the CLI.
      const res = await apiFetcher(config.fingerprint)(`${c.apiUrl}/v1/controller`, {
        headers: { authorization: `Bearer ${config.token}` },
        signal: AbortSignal.timeout(2000),
      })
      return res.ok ? ((await res.json()) as ControllerStatus) : undefined
    } catch {
      return undefined
    }
  }
  const leader = async (): Promise<Controller | undefined> => {
    for (const c of controllers) if ((await status(c))?.role === 'leader') return c
    return undefined
  }
  /** Another controller than `old`, once it leads. */
  const newLeader = (old: Controller): Promise<Controller> =>
    eventually(
      async () => {
        const l = await leader()
        return l !== undefined && l !== old ? l : undefined
      },
      30_000,
      'a new leader',
    )
  const spawn = (c: Controller): void => {
    c.daemon = spawnShoal(['controller', '--data', `${dir.path}/${c.name}`], env)
  }

  before(async () => {
    etcd = await startEtcd({ members: 3 })
    const url = etcd.url('failover/')
    for (let i = 0; i < 3; i++) {
      const api = await freePort()
      const name = `c${i}`
      const init = await runShoal(
        [
          ...['init', '--data', `${dir.path}/${name}`, '--store', url, '--mesh-listen', '/ip4/127.0.0.1/tcp/0'],
          // Three controllers on one machine: each its own metrics port (the default 9710 fits one).
          ...['--api-listen', `127.0.0.1:${api}`, '--metrics-listen', '127.0.0.1:0'],
        ],
        env,
      )
      assert.equal(init.code, 0, init.stderr)
      const c = { name, apiUrl: `https://127.0.0.1:${api}`, daemon: undefined as unknown as Daemon }
      spawn(c)
      controllers.push(c)
    }
    config = JSON.parse(readFileSync(env.SHOAL_CONFIG, 'utf8')) as CliConfig
    assert.equal(config.apiUrls?.length, 3)
    client = new ApiClient(config)
    await eventually(leader, 30_000, 'a leader')
    for (const c of controllers) await eventually(() => status(c), 30_000, `${c.name} up`)
    await client.request('POST', '/v1/apps', { name: 'demo' }, 'create demo')
  })
  after(async () => {
    await killAll()
    await etcd.stop()
    dir.remove()
  })

  it(`loses no acknowledged change over ${KILLS} leader kills`, async () => {
    const acked = new Map<string, string>()
    const failures: string[] = []
    let stop = false
    let n = 0
    const writes = (async () => {
      while (!stop) {
        const key = `K${n}`
        const value = `v${n++}`
        try {
          await client.request('PATCH', '/v1/apps/demo/config-vars', { [key]: value }, `set ${key}`)
          acked.set(key, value)
        } catch (err) {
          // Not acknowledged: it may or may not have been applied, and that is allowed.
          failures.push((err as Error).message)
        }
      }
    })()
    const failovers: number[] = []
    try {
      for (let k = 0; k < KILLS; k++) {
        await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 1200)))
        const old = await eventually(leader, 30_000, 'a leader before the kill')
        const before = acked.size
        const killedAt = Date.now()
        await old.daemon.kill('SIGKILL')
        const next = await newLeader(old)
        failovers.push(Date.now() - killedAt)
        assert.notEqual(next, old)
        // Writes go on through the survivors.
        await eventually(() => acked.size > before, 20_000, 'writes acknowledged after the kill')
        spawn(old)
        await eventually(async () => (await status(old)) !== undefined, 30_000, `${old.name} back`).catch((err) => {
          throw new Error(`${(err as Error).message}; its output:\n${old.daemon.output().slice(-3000)}`)
        })
      }
    } finally {
      // Also on a failure: the write loop must end, or the test never does.
      stop = true
      await writes
    }
    for (const c of controllers) {
      assert.equal(c.daemon.child.exitCode, null, `${c.name} exited:\n${c.daemon.output().slice(-3000)}`)
    }
    const vars = await client.get<Record<string, string>>('/v1/apps/demo/config-vars', 'read config')
    const lost = [...acked].filter(([k, v]) => vars[k] !== v)
    process.stdout.write(
      `# ${KILLS} leader kills; failover (kill → another leads) ms: ${failovers.join(', ')}; ` +
        `${acked.size} writes acknowledged, ${failures.length} failed, ${lost.length} acknowledged lost\n`,
    )
    const kinds = new Map<string, number>()
    for (const f of failures) {
      const kind = f.replace(/K\d+/g, 'K').replace(/127\.0\.0\.1:\d+/g, 'ADDR')
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
    }
    for (const [kind, count] of kinds) process.stdout.write(`#   ${count}× ${kind}\n`)
    assert.deepEqual(lost, [])
    assert.ok(acked.size > KILLS)
  })

  it('a write retried on another controller after the leader dies is answered once and not applied again; the new leader has the old one’s log lines', async () => {
    const call = async (c: Controller, method: string, path: string, body: unknown, key: string) => {
      const res = await apiFetcher(config.fingerprint)(`${c.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${config.token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      })
      return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.json() }
    }
    const old = await eventually(leader, 30_000, 'a leader')
    // Each first attempt is applied by the leader, whose answer the client then "loses" (the leader dies).
    const created = await call(old, 'POST', '/v1/apps', { name: 'once' }, 'create-once')
    assert.equal(created.status, 201, JSON.stringify(created.body))
    // On the fresh app (its answers stay small enough to be kept; demo's config holds every K of the loop above).
    const set = await call(old, 'PATCH', '/v1/apps/once/config-vars', { ONCE: 'first' }, 'set-once')
    assert.equal(set.status, 200, JSON.stringify(set.body))
    // A later change: applying the retried PATCH again would set ONCE back and make a new release.
    await client.request('PATCH', '/v1/apps/once/config-vars', { ONCE: 'second' }, 'set ONCE again')
    const releasesBefore = await client.get<unknown[]>('/v1/apps/once/releases', 'list releases')
    // Log rings are on every controller: the API event of the PATCH the leader applied reaches the others' rings.
    const event = `Release v${(set.body as { release: { version: number } }).release.version} created`
    const logs = async (c: Controller): Promise<string[]> => {
      const res = await apiFetcher(config.fingerprint)(`${c.apiUrl}/v1/apps/once/logs?num=1500`, {
        headers: { authorization: `Bearer ${config.token}` },
      })
      assert.equal(res.status, 200, `GET logs on ${c.name}`)
      return ((await res.json()) as { lines: string[] }).lines
    }
    for (const c of controllers.filter((x) => x !== old)) {
      await eventually(async () => (await logs(c)).some((l) => l.includes(event)), 10_000, `${c.name} has the line`)
    }
    await old.daemon.kill('SIGKILL')
    const next = await newLeader(old)
    const survivor = controllers.find((c) => c !== old && c !== next) ?? next
    for (const c of [next, survivor]) {
      const again = await call(c, 'POST', '/v1/apps', { name: 'once' }, 'create-once')
      assert.deepEqual([again.status, again.replayed], [201, 'true'], JSON.stringify(again.body))
      assert.deepEqual(again.body, created.body)
      const setAgain = await call(c, 'PATCH', '/v1/apps/once/config-vars', { ONCE: 'first' }, 'set-once')
      assert.deepEqual([setAgain.status, setAgain.replayed], [200, 'true'])
      assert.deepEqual(setAgain.body, set.body)
    }
    // The new leader did not start with an empty ring.
    assert.ok((await logs(next)).some((l) => l.includes(event)))
    const vars = await client.get<Record<string, string>>('/v1/apps/once/config-vars', 'read config')
    assert.equal(vars['ONCE'], 'second', 'the retried PATCH was not applied again')
    assert.equal((await client.get<unknown[]>('/v1/apps/once/releases', 'list releases')).length, releasesBefore.length)
    // Without the key, the same create is a new request (and the app exists).
    const fresh = await apiFetcher(config.fingerprint)(`${next.apiUrl}/v1/apps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'once' }),
    })
    assert.equal(fresh.status, 409)
    spawn(old)
    await eventually(async () => (await status(old)) !== undefined, 30_000, `${old.name} back`)
  })

  it('loss of 1 of 3 etcd members changes nothing; loss of quorum refuses writes with UNAVAILABLE until it returns', async () => {
    await etcd.kill(2)
    await client.request('PATCH', '/v1/apps/demo/config-vars', { ONE_DOWN: 'ok' }, 'set ONE_DOWN')
    await eventually(leader, 20_000, 'a leader with 2 of 3 members')

    await etcd.kill(1)
    const refused = await client
      .request('PATCH', '/v1/apps/demo/config-vars', { NO_QUORUM: 'x' }, 'set NO_QUORUM')
      .then(
        () => 'applied',
        (err: { code?: string }) => err.code,
      )
    assert.equal(refused, 'UNAVAILABLE')
    // Without quorum no controller can prove its lease: none leads (so none orchestrates).
    await eventually(async () => (await leader()) === undefined, 20_000, 'no leader without quorum')

    await Promise.all([etcd.restart(1), etcd.restart(2)])
    await eventually(
      async () => {
        await client.request('PATCH', '/v1/apps/demo/config-vars', { BACK: 'yes' }, 'set BACK')
        return true
      },
      30_000,
      'writes after quorum returned',
    )
    await eventually(leader, 30_000, 'a leader after quorum returned')
    const vars = await client.get<Record<string, string>>('/v1/apps/demo/config-vars', 'read config')
    assert.equal(vars['ONE_DOWN'], 'ok')
    assert.equal(vars['BACK'], 'yes')
  })
})
