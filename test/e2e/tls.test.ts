// Custom domains, maintenance, certificates and automatic certificates against a real controller (HTTPS API, pinned
// by the CLI), a router-role peer that fetches the TLS state over PROTOCOL_TLS and answers ACME challenges from it,
// and Debian's pebble as the ACME server.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { createServer } from 'node:tls'
import { promisify } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'
import { systemClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { SHOAL_VERSION } from '../../lib/version.ts'
import { joinCluster } from '../../mesh/join-cluster.ts'
import { decodeJoinToken } from '../../mesh/join-token.ts'
import { request } from '../../mesh/rpc.ts'
import { TlsStateCodec, TlsStateRequestCodec } from '../../proto/codec.ts'
import type { AcmView, CertView, DomainView } from '../../proto/tls-api.ts'
import { PROTOCOL_TLS } from '../../proto/topics.ts'
import { makeCert } from '../helpers/certs.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { eventually, testPeer } from '../helpers/mesh.ts'
import { type Pebble, startPebble } from '../helpers/pebble.ts'
import { freePort } from '../helpers/processes.ts'
import { startTlsResponder, type TlsResponder } from '../helpers/tls-responder.ts'

const run = promisify(execFile)

describe('domains, maintenance and certificates (controller + CLI + pebble)', { timeout: 5 * 60_000 }, () => {
  let cluster: TestCluster
  let pebble: Pebble
  let responder: TlsResponder

  before(async () => {
    const httpPort = await freePort()
    pebble = await startPebble(httpPort)
    cluster = await startTestCluster({
      agents: 0,
      controllerArgs: ['--acme-directory', pebble.directoryUrl, '--acme-ca', pebble.caFile],
    })
    responder = await startTlsResponder(cluster.joinToken, httpPort)
    await cluster.ok(['apps:create', 'shop'])
    await cluster.ok(['apps:create', 'blog'])
  })

  after(async () => {
    await responder?.stop()
    await cluster?.stop()
    await pebble?.stop()
  })

  const entry = (app: string) => responder.directory()?.apps?.find((a) => a.name === app)

  it('the join token carries the pinned API fingerprint', () => {
    assert.equal(decodeJoinToken(cluster.joinToken).apiFingerprint, cluster.fingerprint)
  })

  it('refuses the TLS state (it holds keys) to peers that are not admitted routers', async () => {
    const token = decodeJoinToken(cluster.joinToken)
    const outsider = await testPeer(Buffer.from(token.swarmKey, 'base64url'))
    // Dial the controller by its addresses from the token: the outsider has not learnt them by joining.
    const leader = token.controllers.map((a) => multiaddr(a))
    const ask = () =>
      request(
        outsider.node.libp2p,
        leader,
        PROTOCOL_TLS,
        { request: TlsStateRequestCodec, response: TlsStateCodec },
        { haveVersion: 0 },
        { timeoutMs: 10_000 },
      )
    try {
      await assert.rejects(ask(), { code: 'NOT_ADMITTED' })
      const join = { node: outsider.node, token, version: SHOAL_VERSION, clock: systemClock, log: silentLogger }
      await joinCluster({ ...join, role: 'agent', signal: AbortSignal.timeout(20_000) })
      await assert.rejects(ask(), { code: 'NOT_ADMITTED' }, 'an admitted agent is not a router')
    } finally {
      await outsider.stop()
    }
  })

  it('adds, lists and removes custom domains; one app per domain; routers get them in the directory', async () => {
    const add = await cluster.shoal(['domains:add', 'www.shop.test', '-a', 'shop'])
    assert.equal(add.code, 0, add.stderr)
    assert.match(add.stderr, /Adding www\.shop\.test to ⬢ shop\.\.\. done/)
    assert.match(add.stdout, /point to the DNS Target shop\.shoal\.localhost/)
    await cluster.ok(['domains:add', '*.shop.test', '-a', 'shop'])
    const listed = await cluster.ok(['domains', '-a', 'shop'])
    assert.match(listed, /=== ⬢ shop Shoal Domain\nshop\.shoal\.localhost/)
    assert.match(listed, /\*\.shop\.test\s+CNAME\s+shop\.shoal\.localhost/)
    const json = JSON.parse(await cluster.ok(['domains', '-a', 'shop', '--json'])) as DomainView[]
    assert.deepEqual(
      json.map((d) => [d.hostname, d.status]),
      [
        ['*.shop.test', 'succeeded'],
        ['www.shop.test', 'succeeded'],
      ],
    )

    const taken = await cluster.shoal(['domains:add', 'WWW.shop.test', '-a', 'blog'])
    assert.equal(taken.code, 1)
    assert.match(
      taken.stderr,
      /Cannot add domain www\.shop\.test to app "blog": it belongs to another app \[CONFLICT\]/,
    )
    const invalid = await cluster.shoal(['domains:add', 'bad_name.test', '-a', 'blog'])
    assert.match(invalid.stderr, /\[INVALID_NAME\]/)
    const own = await cluster.shoal(['domains:add', 'x.shoal.localhost', '-a', 'blog'])
    assert.match(own.stderr, /overlaps the cluster domain .*\[CONFLICT\]/)

    await eventually(() => entry('shop')?.domains?.join(',') === '*.shop.test,www.shop.test', 15_000, 'directory')
    const wait = JSON.parse(await cluster.ok(['domains:wait', 'www.shop.test', '-a', 'shop', '--json'])) as DomainView
    assert.equal(wait.status, 'succeeded')

    await cluster.ok(['domains:remove', 'www.shop.test', '-a', 'shop'])
    await eventually(() => entry('shop')?.domains?.join(',') === '*.shop.test', 15_000, 'removal in the directory')
    await cluster.ok(['domains:clear', '-a', 'shop'])
    assert.deepEqual(JSON.parse(await cluster.ok(['domains', '-a', 'shop', '--json'])), [])
    await eventually(() => entry('shop')?.domains?.length === 0, 15_000, 'cleared in the directory')
    // Freed names can be taken by another app.
    await cluster.ok(['domains:add', 'www.shop.test', '-a', 'blog'])
    await cluster.ok(['domains:clear', '-a', 'blog'])
  })

  it('turns maintenance mode on and off in the directory', async () => {
    assert.equal((await cluster.ok(['maintenance', '-a', 'shop'])).trim(), 'off')
    const on = await cluster.shoal(['maintenance:on', '-a', 'shop'])
    assert.match(on.stderr, /Enabling maintenance mode for ⬢ shop\.\.\. done/)
    assert.equal((await cluster.ok(['maintenance', '-a', 'shop'])).trim(), 'on')
    await eventually(() => entry('shop')?.maintenance === true, 15_000, 'maintenance in the directory')
    assert.equal(entry('blog')?.maintenance, false)
    await cluster.ok(['maintenance:off', '-a', 'shop'])
    await eventually(() => entry('shop')?.maintenance === false, 15_000, 'maintenance off in the directory')
  })

  it('adds a certificate, hands it (key included) to routers over PROTOCOL_TLS, and removes it', async () => {
    const dir = cluster.dir
    const good = makeCert(['shop.example.org', 'www.shop.example.org'])
    const other = makeCert(['shop.example.org'])
    writeFileSync(`${dir}/shop.crt`, good.certPem)
    writeFileSync(`${dir}/shop.key`, good.keyPem)
    writeFileSync(`${dir}/other.key`, other.keyPem)
    const mismatch = await cluster.shoal(['certs:add', `${dir}/shop.crt`, `${dir}/other.key`, '-a', 'shop'])
    assert.equal(mismatch.code, 1)
    assert.match(mismatch.stderr, /the private key does not match the certificate \[INVALID_CERTIFICATE\]/)

    const before = responder.state()?.version ?? 0
    await cluster.ok(['domains:add', 'shop.example.org', '-a', 'shop'])
    const added = await cluster.shoal(['certs:add', `${dir}/shop.crt`, `${dir}/shop.key`, '-a', 'shop'])
    assert.equal(added.code, 0, added.stderr)
    assert.match(added.stdout, /Domain\(s\):\s+shop\.example\.org, www\.shop\.example\.org/)
    const certs = JSON.parse(await cluster.ok(['certs', '-a', 'shop', '--json'])) as CertView[]
    assert.equal(certs.length, 1)
    const cert = certs[0] as CertView
    assert.equal(cert.issuer, 'Test CA')
    assert.match(
      await cluster.ok(['certs', '-a', 'shop']),
      new RegExp(`${cert.name}\\s+shop\\.example\\.org, www\\.shop\\.example\\.org`),
    )

    const held = await eventually(
      () => responder.state()?.certificates?.find((c) => c.id === cert.id),
      15_000,
      'the certificate in the TLS state',
    )
    assert.ok((responder.state()?.version ?? 0) > before)
    assert.equal(held.app, 'shop')
    assert.deepEqual(held.domains, ['shop.example.org', 'www.shop.example.org'])
    assert.ok(held.keyPem?.includes('BEGIN PRIVATE KEY'))
    const view = JSON.parse(
      await cluster.ok(['domains:wait', 'shop.example.org', '-a', 'shop', '--json']),
    ) as DomainView
    assert.equal(view.certificate, cert.id)

    // A certificate for another app's domain is refused.
    const clash = await cluster.shoal(['certs:add', `${dir}/shop.crt`, `${dir}/shop.key`, '-a', 'blog'])
    assert.match(clash.stderr, /covers shop\.example\.org, a domain of app "shop" \[CONFLICT\]/)

    const info = await cluster.ok(['certs:info', '-a', 'shop'])
    assert.match(info, /Common Name\(s\): shop\.example\.org/)
    await cluster.ok(['certs:remove', '--name', cert.name, '-a', 'shop'])
    await eventually(() => responder.state()?.certificates?.length === 0, 15_000, 'removal in the TLS state')
    await cluster.ok(['domains:clear', '-a', 'shop'])
  })

  it('certs:auto:enable gets a certificate from pebble through HTTP-01 answered by the router', async () => {
    await cluster.ok(['domains:add', 'auto.shop.test', '-a', 'shop'])
    const enabled = await cluster.shoal(['certs:auto:enable', '-a', 'shop'])
    assert.equal(enabled.code, 0, enabled.stderr)
    const view = JSON.parse(
      await cluster.ok(['domains:wait', 'auto.shop.test', '-a', 'shop', '--json', '--timeout', '120'], {
        timeoutMs: 150_000,
      }),
    ) as DomainView
    assert.equal(view.status, 'succeeded')
    assert.equal(view.acmStatus, 'cert issued')
    const acm = JSON.parse(await cluster.ok(['certs:auto', '-a', 'shop', '--json'])) as AcmView
    assert.equal(acm.enabled, true)
    assert.equal(acm.domains[0]?.status, 'cert issued')
    assert.match(await cluster.ok(['certs:auto', '-a', 'shop']), /auto\.shop\.test\s+Cert issued\s+expires/)
    const held = responder.state()?.certificates?.find((c) => c.id === view.certificate)
    assert.ok(held !== undefined, 'the router holds the issued certificate')

    // Served over TLS, it verifies against pebble's issuing root with curl --cacert.
    const root = await pebble.issuingRoot()
    writeFileSync(`${cluster.dir}/pebble-root.pem`, root)
    const server = createServer({ cert: held.certPem ?? '', key: held.keyPem ?? '' }, (s) => {
      s.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    try {
      const { stdout } = await run('curl', [
        ...['-sS', '--cacert', `${cluster.dir}/pebble-root.pem`],
        ...['--resolve', `auto.shop.test:${port}:127.0.0.1`, `https://auto.shop.test:${port}/`],
      ])
      assert.equal(stdout, 'ok')
      const wrongName = await run('curl', [
        ...['-sS', '--cacert', `${cluster.dir}/pebble-root.pem`],
        ...['--resolve', `other.shop.test:${port}:127.0.0.1`, `https://other.shop.test:${port}/`],
      ]).then(
        () => 0,
        (e: { code?: number }) => e.code ?? -1,
      )
      assert.notEqual(wrongName, 0, 'the certificate names only auto.shop.test')
    } finally {
      server.close()
    }
    const logs = await cluster.ok(['logs', '-a', 'shop', '-n', '50'])
    assert.match(logs, /app\[api\]: ACM issued certificate for auto\.shop\.test/)
  })

  it('reports a failing order in certs:auto and the app log, then certs:auto:disable removes issued certificates', async () => {
    responder.refuse.add('broken.shop.test')
    await cluster.ok(['domains:add', 'broken.shop.test', '-a', 'shop'])
    const acm = await eventually(
      async () => {
        const v = JSON.parse(await cluster.ok(['certs:auto', '-a', 'shop', '--json'])) as AcmView
        const d = v.domains.find((x) => x.hostname === 'broken.shop.test')
        return d?.status === 'failing' ? d : undefined
      },
      120_000,
      'the order to fail',
    )
    assert.equal(acm.attempts, 1)
    assert.ok(acm.reason !== null && acm.reason.length > 0)
    assert.ok(acm.nextAttemptAt !== null && Date.parse(acm.nextAttemptAt) > Date.now())
    assert.match(
      await cluster.ok(['certs:auto', '-a', 'shop']),
      /broken\.shop\.test\s+Failing\s+.*\(attempt 1; retry in \d+s\)/,
    )
    const logs = await cluster.ok(['logs', '-a', 'shop', '-n', '50'])
    assert.match(logs, /app\[api\]: ACM failed for broken\.shop\.test: .*\(attempt 1, retry in 60s\)/)
    const disabled = await cluster.shoal(['certs:auto:disable', '-a', 'shop'])
    assert.equal(disabled.code, 0, disabled.stderr)
    assert.deepEqual(JSON.parse(await cluster.ok(['certs', '-a', 'shop', '--json'])), [])
  })
})
