// HTTPS end to end through the real router (HAProxy): certs:auto:enable gets a certificate from Debian's pebble, the
// router answers the HTTP-01 challenge from the TLS state and then serves the certificate by SNI (HTTP/2 too), and
// curl --cacert with pebble's root verifies it; an uploaded certificate is served the same way.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import type { DomainView } from '../../proto/tls-api.ts'
import { makeCert } from '../helpers/certs.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { eventually } from '../helpers/mesh.ts'
import { type Pebble, startPebble } from '../helpers/pebble.ts'
import { freePort } from '../helpers/processes.ts'

const run = promisify(execFile)

describe('HTTPS through the router: ACME with pebble and uploaded certificates', { timeout: 5 * 60_000 }, () => {
  let cluster: TestCluster
  let pebble: Pebble
  let httpsPort = 0

  before(async () => {
    const httpPort = await freePort()
    httpsPort = await freePort()
    pebble = await startPebble(httpPort)
    cluster = await startTestCluster({
      agents: 0,
      router: true,
      routerHttpPort: httpPort,
      routerHttpsPort: httpsPort,
      controllerArgs: ['--acme-directory', pebble.directoryUrl, '--acme-ca', pebble.caFile],
    })
    await cluster.ok(['apps:create', 'shop'])
  })

  after(async () => {
    await cluster?.stop()
    await pebble?.stop()
  })

  /** curl over HTTPS to the router for `host`, verifying against `caFile`; the status, HTTP version and verify result. */
  const curl = async (host: string, caFile: string, extra: string[] = []) => {
    const { stdout } = await run('curl', [
      ...['-sS', '-o', '/dev/null', '-w', '%{http_code} %{http_version} %{ssl_verify_result}', '--cacert', caFile],
      ...['--resolve', `${host}:${httpsPort}:127.0.0.1`, ...extra, `https://${host}:${httpsPort}/`],
    ])
    return stdout
  }

  it('certs:auto:enable: pebble validates through the router, which then serves the certificate', async () => {
    await cluster.ok(['domains:add', 'auto.shop.test', '-a', 'shop'])
    await cluster.ok(['certs:auto:enable', '-a', 'shop'])
    const view = JSON.parse(
      await cluster.ok(['domains:wait', 'auto.shop.test', '-a', 'shop', '--json', '--timeout', '120'], {
        timeoutMs: 150_000,
      }),
    ) as DomainView
    assert.equal(view.status, 'succeeded')
    writeFileSync(`${cluster.dir}/pebble-root.pem`, await pebble.issuingRoot())
    // The app has no dynos: the router answers 503 (H14), over a TLS connection curl verified against pebble's root.
    const seen = await eventually(
      async () => {
        const out = await curl('auto.shop.test', `${cluster.dir}/pebble-root.pem`, ['--http1.1']).catch(() => '')
        return out.startsWith('503 ') ? out : undefined
      },
      30_000,
      'the router serving the issued certificate',
    )
    assert.equal(seen, '503 1.1 0')
    assert.equal(await curl('auto.shop.test', `${cluster.dir}/pebble-root.pem`, ['--http2']), '503 2 0')
  })

  it('serves an uploaded certificate by SNI, and stops when it is removed', async () => {
    const cert = makeCert(['www.shop.example.org'])
    writeFileSync(`${cluster.dir}/www.crt`, cert.certPem)
    writeFileSync(`${cluster.dir}/www.key`, cert.keyPem)
    writeFileSync(`${cluster.dir}/ca.pem`, cert.caPem)
    await cluster.ok(['domains:add', 'www.shop.example.org', '-a', 'shop'])
    await cluster.ok(['certs:add', `${cluster.dir}/www.crt`, `${cluster.dir}/www.key`, '-a', 'shop'])
    await cluster.ok(['domains:wait', 'www.shop.example.org', '-a', 'shop'])
    let last = ''
    await eventually(
      async () => {
        last = await curl('www.shop.example.org', `${cluster.dir}/ca.pem`).catch((e: Error) => e.message)
        return last === '503 2 0' ? true : undefined
      },
      30_000,
      'the uploaded certificate served',
    ).catch((err: Error) => {
      throw new Error(`${err.message}; curl said: ${last}`)
    })
    const [name] = (
      JSON.parse(await cluster.ok(['certs', '-a', 'shop', '--json'])) as Array<{ name: string; source: string }>
    )
      .filter((c) => c.source === 'manual')
      .map((c) => c.name)
    await cluster.ok(['certs:remove', '--name', name as string, '-a', 'shop'])
    await eventually(
      async () =>
        (await curl('www.shop.example.org', `${cluster.dir}/ca.pem`).catch(() => 'refused')) === 'refused'
          ? true
          : undefined,
      30_000,
      'the removed certificate no longer served',
    )
  })
})
