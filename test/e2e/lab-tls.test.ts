// Automatic certificates across hosts, in the lab: pebble (Let's Encrypt's test ACME server) runs in the
// controller's namespace and resolves every name to host 1, so its HTTP-01 validation reaches host 1's router on
// port 80. `certs:auto:enable` then has to put the issued certificate on every host's router: curl, from inside
// each host's namespace, verifies it against pebble's issuing root over HTTP/1.1 and HTTP/2 on that host's :443.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import type { DomainView } from '../../proto/tls-api.ts'
import { eventually } from '../helpers/mesh.ts'
import { type PebbleSetup, preparePebble } from '../helpers/pebble.ts'
import { createLab, type Lab } from '../lab/lab.ts'
import { type LabProcess, labEnv, spawnInNs } from '../lab/lab-shell.ts'

const DOMAIN = 'www.shop.test'
let lab: Lab
let pebble: PebbleSetup
const pebbleProcs: LabProcess[] = []

/** curl inside a namespace; stdout, or the error text when curl fails. */
async function curl(target: 'controller' | number, args: string[]): Promise<string> {
  const res = await lab.exec(target, ['curl', '-sS', '--max-time', '10', ...args])
  return res.code === 0 ? res.stdout : `curl exit ${res.code}: ${res.stderr.trim()}`
}

before(async () => {
  // The namespaces are private: fixed ports cannot collide with anything of the machine's.
  const ip = '127.0.0.1'
  const ports = { acme: 14000, management: 15000, tls: 5001, dns: 8053, dnsManagement: 8055 }
  pebble = preparePebble({ ip, httpPort: 80, ports })
  lab = await createLab({
    hosts: 2,
    controllerArgs: ['--acme-directory', pebble.directoryUrl, '--acme-ca', pebble.caFile],
  })
  // Host 1's address is only known once the lab exists; the controller needed only pebble's URL and CA file.
  for (const [i, c] of pebble.commands(lab.host(1).ip).entries()) {
    const log = `${pebble.dir.path}/${c.cmd}.log`
    pebbleProcs.push(
      spawnInNs(lab.ns('controller'), `pebble ${i}`, [c.cmd, ...c.args], log, { env: labEnv(pebble.env) }),
    )
  }
  await eventually(
    async () => (await curl('controller', ['--cacert', pebble.caFile, pebble.directoryUrl])).includes('newOrder'),
    30_000,
    'pebble answering in the controller namespace',
  )
  await lab.ok(['apps:create', 'shop'])
})

after(async () => {
  try {
    for (const p of pebbleProcs) {
      if (!p.alive()) continue
      // Lab processes are unreferenced: waiting for an exit with nothing else holding the event loop ended this
      // process before the lab was destroyed (every run left its lab running under the rest of the suite).
      p.child.ref()
      process.kill(p.pid, 'SIGTERM')
    }
    await Promise.all(pebbleProcs.map((p) => p.exited))
  } finally {
    if (lab !== undefined) await lab.destroy()
    pebble?.dir.remove()
  }
})

test('certs:auto:enable: pebble validates through host 1, and every host serves the certificate', async () => {
  await lab.ok(['domains:add', DOMAIN, '-a', 'shop'])
  await lab.ok(['certs:auto:enable', '-a', 'shop'])
  const view = JSON.parse(
    await lab.ok(['domains:wait', DOMAIN, '-a', 'shop', '--json', '--timeout', '120'], { timeoutMs: 150_000 }),
  ) as DomainView
  assert.equal(view.status, 'succeeded')
  const root = `${pebble.dir.path}/issuing-root.pem`
  writeFileSync(root, await curl('controller', ['--cacert', pebble.caFile, `${pebble.managementUrl}/roots/0`]))
  for (const host of lab.hosts) {
    const via = (version: string) => [
      ...['-o', '/dev/null', '-w', '%{http_code} %{http_version} %{ssl_verify_result}', '--cacert', root, version],
      ...['--resolve', `${DOMAIN}:443:${host.ip}`, `https://${DOMAIN}/`],
    ]
    // The app has no dynos: the router answers 503 (H14), over a connection curl verified against pebble's root.
    const seen = await eventually(
      async () => {
        const out = await curl(host.index, via('--http1.1'))
        return out.startsWith('503 ') ? out : undefined
      },
      30_000,
      `host ${host.index}'s router serving the issued certificate`,
    )
    assert.equal(seen, '503 1.1 0')
    assert.equal(await curl(host.index, via('--http2')), '503 2 0')
  }
})
