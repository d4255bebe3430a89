// Removing a host revokes its peer id for good, and rotating the join secret stops old tokens from admitting new
// hosts while admitted ones stay. Real controller and agent processes on loopback, driven through the CLI.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { HostView, RevokedPeersResponse } from '../../proto/api.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { eventually } from '../helpers/mesh.ts'
import { killAll, spawnShoal, tempDir } from '../helpers/processes.ts'
import { pinnedGet } from '../helpers/release-package.ts'

let cluster: TestCluster
const extra = tempDir('hosts-remove')
const spawned: Array<{ kill(): Promise<void> }> = []

before(async () => {
  cluster = await startTestCluster({ agents: 2 })
})
after(async () => {
  await Promise.all(spawned.map((d) => d.kill()))
  await cluster?.stop()
  // Whatever a failed start left running (startTestCluster's daemons when it times out).
  await killAll()
  extra.remove()
})

const hosts = async (): Promise<HostView[]> => JSON.parse(await cluster.ok(['hosts', '--json'])) as HostView[]
const agentArgs = (data: string, token: string) => [
  'agent',
  ...['--data', data, '--join', token, '--mesh-listen', '/ip4/127.0.0.1/tcp/0', '--ip', '127.0.0.1'],
  // Several agents on one machine: each its own metrics port (the default 9711 fits one).
  ...['--metrics-listen', '127.0.0.1:0'],
]

describe('hosts:remove and join-token --rotate', () => {
  it('hosts:remove forgets the host and its peer id can no longer join, even with a valid token', async () => {
    const before = await hosts()
    assert.equal(before.length, 2)
    const gone = before[0] as HostView
    const out = await cluster.ok(['hosts:remove', gone.id.slice(-12), '--drain-timeout', '30'])
    assert.match(out, new RegExp(`Removed agent .*${gone.id.slice(-12)}.*can no longer join`))
    assert.deepEqual(
      (await hosts()).map((h) => h.id),
      before.slice(1).map((h) => h.id),
    )
    const res = await pinnedGet(cluster.env['SHOAL_CONFIG'] as string, '/v1/hosts/revoked', cluster.token)
    const revoked = JSON.parse(res.body) as RevokedPeersResponse
    assert.deepEqual(
      revoked.peers.map((p) => p.id),
      [gone.id],
    )
    // The removed agent restarts with its identity (same data dir): admission refuses it.
    const index = cluster.agents.findIndex((a) => a.output().includes(gone.id))
    assert.ok(index >= 0, 'the removed agent is one of the cluster helper agents')
    await cluster.agents[index]?.kill()
    const again = cluster.respawnAgent(index)
    await eventually(() => again.output().includes('this peer was removed'), 90_000, 'the join refused as revoked')
    assert.ok(!(await hosts()).some((h) => h.id === gone.id))
  })

  it('join-token --rotate: the old token admits no new host, the new one does, admitted hosts stay', async () => {
    const stays = (await hosts())[0] as HostView
    const rotated = await cluster.shoal(['join-token', '--rotate'])
    assert.equal(rotated.code, 0, rotated.stderr)
    const token = rotated.stdout.trim()
    assert.match(token, /^SHOAL1\./)
    assert.notEqual(token, cluster.joinToken)
    const old = spawnShoal(agentArgs(`${extra.path}/old`, cluster.joinToken), cluster.env)
    spawned.push(old)
    await eventually(() => old.output().includes('the join secret is wrong'), 90_000, 'the old token refused')
    const fresh = spawnShoal(agentArgs(`${extra.path}/new`, token), cluster.env)
    spawned.push(fresh)
    await eventually(async () => (await hosts()).length === 2, 90_000, 'a host joined with the new token')
    assert.equal((await hosts()).find((h) => h.id === stays.id)?.state, 'alive')
  })

  it('join-token --install prints one line that carries the token in the environment, not in argv', async () => {
    const line = (await cluster.ok(['join-token', '--install', '--roles', 'agent', '--label', 'zone=b'])).trim()
    const m =
      /^curl -fsSLk --pinnedpubkey (\S+) (\S+)\/install \| SHOAL_JOIN_TOKEN=(\S+) sh -s -- --roles agent --label zone=b$/.exec(
        line,
      )
    assert.ok(m, line)
    assert.match(m[1] as string, /^'?sha256\/\/[A-Za-z0-9+/=]{44}'?$/)
    assert.equal(m[2], cluster.apiUrl)
    assert.match(m[3] as string, /^'?SHOAL1\./)
  })
})
