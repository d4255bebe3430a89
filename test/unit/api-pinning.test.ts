// The CLI pins the API's certificate: against a server with another certificate it refuses after the TLS handshake
// and before writing anything, so the bearer token never leaves the machine.

import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { createServer, type Server } from 'node:tls'
import { WebSocket } from 'ws'
import { ApiClient } from '../../cli/api-client.ts'
import { readConfig } from '../../cli/cli-config.ts'
import { selfSignedCertificate } from '../../controller/tls/self-signed.ts'
import { fingerprintOf, PinnedAgent, pinnedRequest } from '../../lib/pinned-tls.ts'
import { runShoal, tempDir } from '../helpers/processes.ts'

const TOKEN = 'tok-must-never-leak-0123456789'

describe('API certificate pinning', () => {
  const served = selfSignedCertificate('shoal-api', ['127.0.0.1'], 2)
  const other = selfSignedCertificate('impostor', ['127.0.0.1'], 2)
  const dir = tempDir('pin')
  let server: Server
  let url = ''
  // Everything any client wrote after the handshake, per connection, and a promise per closed connection.
  const received: string[] = []
  let closed: Array<Promise<void>> = []

  before(async () => {
    const byPort = new Map<number, number>()
    server = createServer({ cert: served.certPem, key: served.keyPem }, (socket) => {
      const i = byPort.get(socket.remotePort ?? 0) ?? -1
      socket.on('data', (d: Buffer) => {
        received[i] += d.toString('latin1')
        if ((received[i] ?? '').includes('\r\n\r\n')) {
          socket.end(
            'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]',
          )
        }
      })
      socket.on('error', () => {})
    })
    // Count connections at the TCP level: a client that refuses the certificate closes before the server's
    // handshake completes, and whatever it might have written would still arrive here.
    server.on('connection', (raw) => {
      byPort.set(raw.remotePort ?? 0, received.push('') - 1)
      closed.push(new Promise((resolve) => raw.once('close', () => resolve())))
    })
    server.on('tlsClientError', () => {})
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  after(() => {
    server.close()
    dir.remove()
  })

  it('refuses a certificate with another fingerprint with a clear error, and sends nothing', async () => {
    received.length = 0
    closed = []
    const client = new ApiClient({ apiUrl: url, token: TOKEN, fingerprint: fingerprintOf(other.certPem) })
    await assert.rejects(client.get('/v1/apps', 'list apps'), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'TLS_PIN_MISMATCH')
      assert.match(err.message, /^Cannot list apps: the server at 127\.0\.0\.1:\d+ presented certificate /)
      assert.ok(err.message.includes(fingerprintOf(served.certPem)))
      assert.ok(err.message.includes(fingerprintOf(other.certPem)))
      return true
    })
    await Promise.all(closed)
    assert.equal(received.length, 1, 'the client connected')
    assert.equal(received[0], '', 'no byte of the request (and so no token) was written')
  })

  it('refuses websockets (log tails, shoal run) the same way', async () => {
    received.length = 0
    closed = []
    const ws = new WebSocket(`${url.replace('https', 'wss')}/v1/apps/x/logs/stream`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      agent: new PinnedAgent(fingerprintOf(other.certPem)),
    })
    const err = await new Promise<Error & { code?: string }>((resolve) => ws.once('error', resolve))
    assert.equal(err.code, 'TLS_PIN_MISMATCH')
    await Promise.all(closed)
    assert.deepEqual(received, [''])
  })

  it('talks to the server whose certificate has the pinned fingerprint', async () => {
    received.length = 0
    const client = new ApiClient({ apiUrl: url, token: TOKEN, fingerprint: fingerprintOf(served.certPem) })
    assert.deepEqual(await client.get('/v1/apps', 'list apps'), [])
    assert.match(received[0] ?? '', new RegExp(`authorization: Bearer ${TOKEN}`, 'i'))
  })

  it('the shoal command prints the refusal and exits non-zero', async () => {
    const config = `${dir.path}/wrong-pin.json`
    writeFileSync(config, JSON.stringify({ apiUrl: url, token: TOKEN, fingerprint: fingerprintOf(other.certPem) }))
    received.length = 0
    closed = []
    const res = await runShoal(['apps'], { SHOAL_CONFIG: config })
    assert.equal(res.code, 1)
    assert.match(
      res.stderr,
      /^Error: Cannot list apps: the server at .* presented certificate .*\(nothing was sent; .*\) \[TLS_PIN_MISMATCH\]\n$/,
    )
    await Promise.all(closed)
    assert.deepEqual(received, [''])
  })

  it('refuses a config without https and a fingerprint instead of sending the token in clear', () => {
    const config = `${dir.path}/plain.json`
    writeFileSync(config, JSON.stringify({ apiUrl: 'http://127.0.0.1:7080', token: TOKEN }))
    const saved = process.env['SHOAL_CONFIG']
    process.env['SHOAL_CONFIG'] = config
    try {
      assert.throws(() => readConfig(), {
        code: 'CONFIG_MISSING',
        message: /no https apiUrl with a certificate fingerprint/,
      })
    } finally {
      if (saved === undefined) delete process.env['SHOAL_CONFIG']
      else process.env['SHOAL_CONFIG'] = saved
    }
  })
})

describe('connecting to a controller that never answers', () => {
  it('gives up after the connect timeout (a dead machine drops packets: no RST), so the CLI tries the next', async () => {
    // A listener that accepts TCP and then says nothing: the TLS handshake never completes, as with a machine gone.
    const sockets: Socket[] = []
    const silent = createTcpServer((s) => {
      sockets.push(s)
      s.on('error', () => {})
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = silent.address() as AddressInfo
      await assert.rejects(
        pinnedRequest(`https://127.0.0.1:${port}/v1/apps`, 'AA'.repeat(32), {
          timeoutMs: 60_000,
          connectTimeoutMs: 300,
        }),
        /no connection to 127\.0\.0\.1:\d+ within 300 ms/,
      )
    } finally {
      for (const s of sockets) s.destroy()
      silent.close()
    }
  })
})
