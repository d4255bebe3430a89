// Dyno isolation end to end on this machine's engine: real controller, agent and router processes, dynos probing
// from inside (a one-off `shoal run`): the router's port is the only way to the host, a port of the host bound on
// every address (what the API, metrics, mesh or agent would be) is refused, another app's dyno cannot be reached
// directly, the outside world can, and the dyno runs as the reserved uid without the engine socket.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { networkInterfaces } from 'node:os'
import { after, before, describe, it } from 'node:test'
import { createDockerClient } from '../../agent/docker/docker-client.ts'
import { ensureDynoNetwork } from '../../agent/dynos/dyno-network.ts'
import { looseModes } from '../../lib/private-dir.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { httpGet } from '../helpers/http.ts'
import { eventually } from '../helpers/mesh.ts'
import { freePort, ROOT, runShoal } from '../helpers/processes.ts'

const ECHO = `${ROOT}/test/fixtures/echo-app`

function hostAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? [])
      if (i.family === 'IPv4' && !i.internal && !i.address.startsWith('10.213.')) return i.address
  }
  throw new Error('this machine has no non-loopback IPv4 address')
}

/** Runs `probe NAME HOST PORT` lines in a one-off dyno of `app`; returns NAME → open|closed and the other lines. */
async function probeFrom(c: TestCluster, app: string, script: string): Promise<Map<string, string>> {
  const prelude =
    'probe(){ if timeout 3 bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; then echo "$1=open"; else echo "$1=closed"; fi; }'
  const res = await c.shoal(['run', '-a', app, '--', 'bash', '-c', `${prelude}\n${script}`], { timeoutMs: 180_000 })
  assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`)
  const out = new Map<string, string>()
  for (const line of res.stdout.split('\n')) {
    const m = /^([a-z-]+)=(.*)$/.exec(line.trim())
    if (m) out.set(m[1] as string, m[2] as string)
  }
  return out
}

describe('dyno isolation', { timeout: 30 * 60_000 }, () => {
  let c: TestCluster
  let platform: Server
  let platformPort = 0
  let gateway = ''
  let routerPort = 0

  before(async () => {
    const stack = await runShoal(['stack:build'], {}, undefined, { timeoutMs: 20 * 60_000 })
    assert.equal(stack.code, 0, stack.stderr)
    gateway = (await ensureDynoNetwork({ docker: createDockerClient() })).gateway
    // A stand-in for a platform port bound on every address of the host (the API, metrics, mesh and agent are).
    platform = createServer((s) => s.end('platform\n'))
    await new Promise<void>((r) => platform.listen(0, '0.0.0.0', r))
    platformPort = (platform.address() as { port: number }).port
    routerPort = await freePort()
    // The router listens on the bridge's own address: reachable from dynos, not from the machine's network.
    c = await startTestCluster({
      agents: 1,
      router: true,
      routerHost: gateway,
      routerPort,
      agentArgs: ['--router-ports', String(routerPort)],
    })
    for (const app of ['iso-a', 'iso-b']) {
      await c.ok(['apps:create', app])
      await c.ok(['deploy', ECHO, '-a', app], { timeoutMs: 10 * 60_000 })
    }
    await eventually(
      async () => (await httpGet(c.routerUrl as string, 'iso-b.shoal.localhost').catch(() => null))?.status === 200,
      120_000,
      'iso-b answers through the router',
    )
  })
  after(async () => {
    await c?.stop()
    platform?.close()
  })

  it('reaches its own app through the router and the outside world, and nothing else of the platform', async () => {
    const b = execFileSync(
      'docker',
      ['ps', '-q', '--filter', 'label=shoal.app=iso-b', '--filter', 'label=shoal.process-type=web'],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')[0] as string
    const inspect = JSON.parse(execFileSync('docker', ['inspect', b], { encoding: 'utf8' }))[0] as {
      NetworkSettings: { Networks: Record<string, { IPAddress: string }> }
      Config: { Labels: Record<string, string> }
      HostConfig: { NetworkMode: string }
    }
    assert.equal(inspect.HostConfig.NetworkMode, 'shoal-dynos')
    const bIp = inspect.NetworkSettings.Networks['shoal-dynos']?.IPAddress as string
    const bPort = inspect.Config.Labels['shoal.port'] as string
    const host = hostAddress()
    const out = await probeFrom(
      c,
      'iso-a',
      [
        `probe platform-gateway ${gateway} ${platformPort}`,
        `probe platform-host ${host} ${platformPort}`,
        `probe other-dyno ${bIp} ${bPort}`,
        `probe router ${gateway} ${routerPort}`,
        `echo "own-app=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'Host: iso-a.shoal.localhost' http://${gateway}:${routerPort}/)"`,
        `echo "outside=$(curl -s -m 10 -o /dev/null -w '%{http_code}' https://registry.npmjs.org/)"`,
        'echo "uid=$(id -u)"',
        'echo "engine=$(test -e /var/run/docker.sock && echo present || echo absent)"',
      ].join('\n'),
    )
    assert.deepEqual(Object.fromEntries(out), {
      'platform-gateway': 'closed',
      'platform-host': 'closed',
      'other-dyno': 'closed',
      router: 'open',
      'own-app': '200',
      outside: '200',
      uid: '61000',
      engine: 'absent',
    })
    // The same dyno port answers the router (the host), so "closed" above is the firewall, not a dead dyno.
    const direct = await httpGet(c.routerUrl as string, 'iso-b.shoal.localhost')
    assert.equal(direct.status, 200)
  })

  it("keeps every daemon's data dir private: 0700 directories, 0600 files", async () => {
    for (const d of ['controller', 'agent0', 'router']) {
      assert.deepEqual(await looseModes(`${c.dir}/${d}`), [], `${d} has files others can read`)
    }
  })

  it('keeps config vars sealed in the store files, and readable through the API', async () => {
    const marker = `sealed-${Date.now()}-marker`
    await c.ok(['config:set', `SEALED_CHECK=${marker}`, '-a', 'iso-a'])
    assert.match(await c.ok(['config:get', 'SEALED_CHECK', '-a', 'iso-a']), new RegExp(marker))
    const hits = spawnSync('grep', ['-r', '-l', '-a', marker, `${c.dir}/controller`], { encoding: 'utf8' })
    assert.equal(hits.stdout, '', `the plaintext value is in ${hits.stdout}`)
  })

  it("publishes a dyno's PORT on the host's cluster address only", () => {
    const ports = execFileSync('docker', ['ps', '--filter', 'label=shoal.app=iso-a', '--format', '{{.Ports}}'], {
      encoding: 'utf8',
    })
    assert.match(ports, /^127\.0\.0\.1:\d+->\d+\/tcp$/m, ports)
    assert.doesNotMatch(ports, /0\.0\.0\.0|:::/, ports)
  })
})
