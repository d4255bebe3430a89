// Dyno isolation across hosts, in the lab: each host's engine has its own bridge and rules inside the host's
// namespace. From inside a dyno: every router is reachable (port 80) and serves the dyno's own app; the controller's
// API and mesh, every host's agent and router metrics and mesh ports, and another host's dyno port are refused;
// routers still reach dynos on every host. The rules name the lab's hosts only inside the lab's namespaces.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { after, before, test } from 'node:test'
import type { DynoView } from '../../proto/api.ts'
import { eventually } from '../helpers/mesh.ts'
import { createLab, type Lab } from '../lab/lab.ts'
import { METRICS_PORTS, PORTS } from '../lab/lab-daemons.ts'
import { formatLoad } from '../lab/load-report.ts'

let lab: Lab
const APP = 'iso'

before(async () => {
  lab = await createLab({ hosts: 2, preloadStack: true })
  await lab.ok(['apps:create', APP])
  await lab.ok(['deploy', 'test/fixtures/echo-app', '-a', APP], { timeoutMs: 300_000 })
  await lab.ok(['ps:scale', 'web=2', '-a', APP])
  await eventually(
    async () => {
      const up = (JSON.parse(await lab.ok(['ps', '-a', APP, '--json'])) as DynoView[]).filter(
        (d) => d.type === 'web' && d.state === 'up',
      )
      return new Set(up.map((d) => d.hostId)).size === 2
    },
    120_000,
    'a web dyno up on each host',
  )
})

after(async () => {
  if (lab !== undefined) await lab.destroy()
})

test('routers on every host reach the dynos on every host through the bridges', async () => {
  const report = await lab.load(1, {
    targets: lab.routerUrls(),
    host: lab.appHost(APP),
    requests: 200,
    concurrency: 4,
    tallyHeader: 'x-dyno',
  }).done
  assert.equal(report.failed, 0, formatLoad(report))
  assert.deepEqual(Object.keys(report.tally).sort(), ['web.1', 'web.2'])
})

test('a dyno reaches the routers and the world, never a platform port or another dyno directly', async () => {
  const [h1, h2] = [lab.host(1), lab.host(2)]
  // The published dyno ports of both hosts (any web dyno's PORT), read from each host's engine.
  const dynoPorts = [h1, h2].map((h) => {
    const out = execFileSync(
      'docker',
      [
        '-H',
        `unix://${h.dockerSocket}`,
        'ps',
        '--filter',
        `label=shoal.app=${APP}`,
        '--format',
        '{{.Label "shoal.port"}}',
      ],
      { encoding: 'utf8' },
    )
    return { ip: h.ip, port: out.trim().split('\n')[0] as string }
  })
  const probes = [
    ...[h1, h2].map((h, i) => `probe router-${i + 1} ${h.ip} ${PORTS.http}`),
    ...[h1, h2].flatMap((h, i) => [
      `probe agent-metrics-${i + 1} ${h.ip} ${METRICS_PORTS.agent}`,
      `probe router-metrics-${i + 1} ${h.ip} ${METRICS_PORTS.router}`,
      `probe agent-mesh-${i + 1} ${h.ip} ${PORTS.agentMesh}`,
      `probe router-mesh-${i + 1} ${h.ip} ${PORTS.routerMesh}`,
    ]),
    ...dynoPorts.map((d, i) => `probe dyno-port-${i + 1} ${d.ip} ${d.port}`),
    `probe api ${lab.controllerIp} ${PORTS.api}`,
    `probe controller-mesh ${lab.controllerIp} ${PORTS.controllerMesh}`,
    `probe controller-metrics ${lab.controllerIp} ${METRICS_PORTS.controller}`,
    `echo "own-app=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'Host: ${lab.appHost(APP)}' http://${h2.ip}/)"`,
    'echo "uid=$(id -u)"',
  ]
  const prelude =
    'probe(){ if timeout 3 bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; then echo "$1=open"; else echo "$1=closed"; fi; }'
  const res = await lab.shoal(['run', '-a', APP, '--', 'bash', '-c', `${prelude}\n${probes.join('\n')}`], {
    timeoutMs: 180_000,
  })
  assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`)
  const got = Object.fromEntries(
    res.stdout
      .split('\n')
      .map((l) => /^([a-z0-9-]+)=(.*)$/.exec(l.trim()))
      .filter((m) => m !== null)
      .map((m) => [m[1], m[2]]),
  )
  assert.deepEqual(got, {
    'router-1': 'open',
    'router-2': 'open',
    'agent-metrics-1': 'closed',
    'router-metrics-1': 'closed',
    'agent-mesh-1': 'closed',
    'router-mesh-1': 'closed',
    'agent-metrics-2': 'closed',
    'router-metrics-2': 'closed',
    'agent-mesh-2': 'closed',
    'router-mesh-2': 'closed',
    'dyno-port-1': 'closed',
    'dyno-port-2': 'closed',
    api: 'closed',
    'controller-mesh': 'closed',
    'controller-metrics': 'closed',
    'own-app': '200',
    uid: '61000',
  })
  // The same ports answer from the lab's client namespace, so "closed" above is the dyno firewall.
  const fromOutside = await lab.http(1, `${h2.agentMetricsUrl}`)
  assert.equal(fromOutside.status, 200)
})

test("each host's rules stay in its namespace", async () => {
  const [h1, h2] = [lab.host(1), lab.host(2)]
  const inNs = await lab.exec(1, ['iptables', '-S', 'SHOAL-DYNOS-FWD'])
  assert.equal(inNs.code, 0, inNs.stderr)
  assert.match(inNs.stdout, new RegExp(`-d ${h2.ip.replaceAll('.', '\\.')}/32 .*--dports 80,443`))
  assert.match(inNs.stdout, new RegExp(`-d ${lab.controllerIp.replaceAll('.', '\\.')}/32`))
  const root = execFileSync('iptables-save', { encoding: 'utf8' })
  for (const ip of [h1.ip, h2.ip, lab.controllerIp])
    assert.ok(!root.includes(`${ip}/32`), `${ip} appears in the root namespace's rules`)
})
