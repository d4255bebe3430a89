import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { silentLogger } from '../../lib/logger.ts'
import { newSwarmKey } from '../../mesh/identity.ts'
import { handle } from '../../mesh/rpc.ts'
import { type TlsState, TlsStateCodec, TlsStateRequestCodec } from '../../proto/codec.ts'
import { PROTOCOL_TLS } from '../../proto/topics.ts'
import { type TestPeer, testPeer } from '../helpers/mesh.ts'
import { type Backend, get, type Harness, httpBackend, startHarness, until } from '../helpers/router-harness.ts'

// HTTPS through the router: SNI picks each domain's certificate, HTTP/2 by ALPN, certificates and ACME challenge
// answers fetched from a (fake) leader over PROTOCOL_TLS and applied to HAProxy without a reload.

interface Cert {
  domain: string
  crt: string
  key: string
  crtFile: string
}

describe('router HTTPS (SNI, HTTP/2, certificates and ACME challenges from the leader)', { timeout: 90_000 }, () => {
  let dir: string
  let h: Harness
  let dyno: Backend
  let leader: TestPeer
  let routerPeer: TestPeer
  let state: TlsState
  let a: Cert
  let b: Cert

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoal-https-'))
    a = await selfSigned(dir, 'a.example')
    b = await selfSigned(dir, 'b.example')
    const key = newSwarmKey()
    leader = await testPeer(key)
    routerPeer = await testPeer(key)
    state = { version: 1, certificates: [], challenges: [] }
    await handle(
      leader.node.libp2p,
      PROTOCOL_TLS,
      { request: TlsStateRequestCodec, response: TlsStateCodec },
      async () => state,
      { logger: silentLogger },
    )
    routerPeer.node.want(
      leader.node.peerId.toString(),
      leader.node.libp2p.getMultiaddrs().map((m) => m.toString()),
    )
    h = await startHarness({
      https: true,
      tlsFetch: { node: routerPeer.node.libp2p, leader: () => leader.node.peerId.toString() },
    })
    dyno = await httpBackend((req, res) =>
      res.end(`${req.headers['x-forwarded-proto']} ${req.headers['x-forwarded-port']}`),
    )
    await h.directory([{ name: 'shop', domains: ['a.example', 'b.example'] }])
    await h.announce('h1', [{ dynoId: 's1', app: 'shop', port: dyno.port, dynoName: 'web.1' }])
  })

  after(async () => {
    await h?.stop()
    await dyno?.close()
    await routerPeer?.stop()
    await leader?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  const curl = (cert: Cert, domain: string, extra: string[] = []) =>
    run('curl', [
      '-sS',
      '--max-time',
      '5',
      '--cacert',
      cert.crtFile,
      '--resolve',
      `${domain}:${h.httpsPort}:127.0.0.1`,
      '-w',
      ' http=%{http_version}',
      ...extra,
      `https://${domain}:${h.httpsPort}/`,
    ])

  it('answers ACME HTTP-01 challenges from the leader on port 80, for any Host', async () => {
    state = {
      version: 2,
      certificates: [],
      challenges: [{ token: 'tok-123_abc', keyAuthorization: 'tok-123_abc.thumbprint-XYZ', domain: 'a.example' }],
    }
    h.core.tls.noteVersion(2)
    const reply = await until('the challenge is answered', async () => {
      const r = await get(h.port, 'a.example', '/.well-known/acme-challenge/tok-123_abc')
      // Until the state arrives the request goes to the app like any other.
      return r.body === 'tok-123_abc.thumbprint-XYZ' ? r : undefined
    })
    assert.equal(reply.status, 200)
    assert.match(String(reply.headers['content-type']), /^text\/plain/)
    const anyHost = await get(h.port, 'unknown.example', '/.well-known/acme-challenge/tok-123_abc')
    assert.equal(anyHost.body, 'tok-123_abc.thumbprint-XYZ')
    assert.equal((await get(h.port, 'a.example', '/.well-known/acme-challenge/other')).status, 200, 'routed to the app')
    assert.equal(dyno.seen.at(-1)?.url, '/.well-known/acme-challenge/other')

    state = { version: 3, certificates: [], challenges: [] }
    h.core.tls.noteVersion(3)
    await until('the challenge is withdrawn', async () => {
      const r = await get(h.port, 'unknown.example', '/.well-known/acme-challenge/tok-123_abc')
      return r.status === 404 || undefined
    })
  })

  it('serves each domain its own certificate by SNI, over HTTP/2, and replaces certificates without a reload', async () => {
    const pid = h.core.dataPlane.process.pid
    state = { version: 4, certificates: [certOf(a), certOf(b)], challenges: [] }
    h.core.tls.noteVersion(4)
    await until('the certificates are applied', () => h.core.tls.version === 4 || undefined)
    const viaA = await curl(a, 'a.example', ['--http2'])
    assert.equal(viaA, `https ${h.httpsPort} http=2`)
    assert.equal(await curl(b, 'b.example', ['--http1.1']), `https ${h.httpsPort} http=1.1`)
    await assert.rejects(curl(a, 'b.example'), /certificate|SSL/i, "b.example is not served a.example's certificate")
    assert.match(await h.waitLine(/protocol=https/), /host=a.example:\d+ .*status=200 .*protocol=https$/)

    state = { version: 5, certificates: [certOf(a)], challenges: [] }
    h.core.tls.noteVersion(5)
    await until(
      'b.example lost its certificate',
      async () =>
        (await curl(b, 'b.example').then(
          () => false,
          () => true,
        )) || undefined,
    )
    assert.equal(await curl(a, 'a.example'), `https ${h.httpsPort} http=2`)
    assert.equal(h.core.dataPlane.process.pid, pid)
    assert.equal(h.core.dataPlane.reloads, 0, 'certificates changed without a reload')
  })
})

function certOf(c: Cert) {
  return {
    id: createHash('sha256').update(c.crt).digest('hex'),
    app: 'shop',
    domains: [c.domain],
    certPem: c.crt,
    keyPem: c.key,
    notAfterMs: Date.now() + 86_400_000,
  }
}

async function selfSigned(dir: string, domain: string): Promise<Cert> {
  const crtFile = join(dir, `${domain}.crt`)
  const keyFile = join(dir, `${domain}.key`)
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${domain}`,
    '-addext',
    `subjectAltName=DNS:${domain}`,
    '-keyout',
    keyFile,
    '-out',
    crtFile,
  ])
  return { domain, crt: await readFile(crtFile, 'utf8'), key: await readFile(keyFile, 'utf8'), crtFile }
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, (err, stdout, stderr) => (err === null ? resolve(stdout) : reject(new Error(`${stderr}`)))),
  )
}
