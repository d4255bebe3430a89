import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type DoctorProbes, runChecks } from '../../cli/doctor.ts'
import { encodeJoinToken } from '../../mesh/join-token.ts'
import type { HostView } from '../../proto/api.ts'

const host = (hostname: string, state: HostView['state'], version: string): HostView => ({
  id: `12D3KooW${hostname}xxxxxxxxxxxx`,
  hostname,
  address: '10.0.0.1',
  state,
  cpu: { cores: 2, allocatable: 2, percent: 0 },
  memory: { total: 1, allocatable: 1, used: 0 },
  load: 0,
  dynos: 0,
  labels: {},
  draining: false,
  version,
  admittedAt: '',
  lastSeen: null,
})

const healthy = (over: Partial<DoctorProbes> = {}): DoctorProbes => ({
  roles: ['agent', 'router'],
  cliVersion: '0.2.0',
  now: () => 1_000_000,
  dockerPing: async () => '24.0',
  haproxyVersion: () => '2.6.12',
  disk: () => ({ free: 50 * 1024 ** 3, total: 100 * 1024 ** 3 }),
  tcp: async () => true,
  controller: async () => ({ dateMs: 1_000_500, version: '0.2.0', hosts: [host('a', 'alive', '0.2.0')] }),
  joinToken: () =>
    encodeJoinToken({
      clusterId: 'c',
      swarmKey: Buffer.alloc(95).toString('base64url'),
      secret: 's',
      controllers: ['/ip4/10.0.0.2/tcp/7946/p2p/12D3KooWx'],
    }),
  listen: () => undefined,
  ...over,
})

const problems = async (p: DoctorProbes): Promise<string[]> =>
  (await runChecks(p)).filter((f) => !f.ok).map((f) => `${f.check}: ${f.detail}`)

describe('shoal doctor checks', () => {
  it('a healthy host has no problems and one line per check', async () => {
    const findings = await runChecks(healthy())
    assert.deepEqual(await problems(healthy()), [])
    assert.deepEqual(
      findings.map((f) => f.check),
      ['engine', 'haproxy', 'disk', 'mesh', 'api', 'clock', 'versions', 'hosts'],
    )
  })

  it('reports each problem on its own line with what to do', async () => {
    const found = await problems(
      healthy({
        dockerPing: async () => {
          throw new Error('connect ENOENT /var/run/docker.sock')
        },
        haproxyVersion: () => undefined,
        disk: () => ({ free: 1024 ** 3, total: 100 * 1024 ** 3 }),
        tcp: async (h) => h !== '10.0.0.2',
        now: () => 1_000_000 + 5_000,
        controller: async () => ({
          dateMs: 1_000_000,
          version: '0.4.0',
          hosts: [host('a', 'alive', '0.4.0'), host('b', 'dead', '0.2.0')],
        }),
      }),
    )
    assert.equal(found.length, 8, found.join('\n'))
    assert.match(found[0] as string, /^engine: the Docker engine does not answer .*systemctl start docker/)
    assert.match(found[1] as string, /^haproxy: haproxy is not installed/)
    assert.match(found[2] as string, /^disk: 1\.0 GB free/)
    assert.match(found[3] as string, /^mesh: controller mesh 10\.0\.0\.2:7946 unreachable/)
    assert.match(found[4] as string, /^clock: 5\.0 s ahead of the controller: run NTP/)
    assert.match(found[5] as string, /^versions: cli 0\.2\.0, controller 0\.4\.0: outside the wire-compatibility rule/)
    assert.match(found[6] as string, /^hosts: b .* is dead/)
    assert.match(found[7] as string, /^versions: b runs 0\.2\.0, controller 0\.4\.0/)
  })

  it('an unreachable API is one problem and ends the cluster checks', async () => {
    const found = await problems(healthy({ controller: async () => 'connect ECONNREFUSED' }))
    assert.deepEqual(found, ['api: the controller API is not reachable: connect ECONNREFUSED'])
  })
})
