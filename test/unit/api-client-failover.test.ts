// The CLI's API client across several controllers: a refused connection moves on to the next controller for any
// request; a request whose answer was lost is repeated only when idempotent; a follower's NOT_LEADER is followed to
// the leader it names.

import assert from 'node:assert/strict'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { after, describe, it } from 'node:test'
import { ApiClient } from '../../cli/api-client.ts'
import { testApiCertificate } from '../helpers/api-fetch.ts'
import { freePort } from '../helpers/processes.ts'

// The API is HTTPS with a self-signed certificate the client pins, as in a real cluster.
const cert = testApiCertificate()
const fingerprint = cert.fingerprint

const servers: Server[] = []
after(() => {
  for (const s of servers) s.close()
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer({ cert: cert.certPem, key: cert.keyPem }, handler)
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

describe('ApiClient failover', () => {
  it('moves past a refused controller, for a POST too, and sticks to the one that answered', async () => {
    const closed = `https://127.0.0.1:${await freePort()}`
    const seen: string[] = []
    const live = await serve((req, res) => {
      seen.push(`${req.method} ${req.url}`)
      json(res, 200, { ok: true })
    })
    const client = new ApiClient({ apiUrl: closed, apiUrls: [closed, live], token: 't', fingerprint })
    assert.deepEqual(await client.request('POST', '/v1/apps', { name: 'x' }, 'create x'), { ok: true })
    assert.deepEqual(await client.get('/v1/apps', 'list'), { ok: true })
    assert.deepEqual(seen, ['POST /v1/apps', 'GET /v1/apps'])
  })

  it('does not repeat a PATCH whose answer was lost, but repeats a GET', async () => {
    let patches = 0
    let gets = 0
    const dropping = await serve((req, _res) => {
      if (req.method === 'PATCH') patches++
      else gets++
      req.socket.destroy()
    })
    const other = await serve((req, res) => {
      if (req.method === 'PATCH') patches++
      json(res, 200, { ok: true })
    })
    const client = new ApiClient({ apiUrl: dropping, apiUrls: [dropping, other], token: 't', fingerprint })
    await assert.rejects(client.request('PATCH', '/v1/apps/x/config-vars', { A: '1' }, 'set A'), {
      code: 'UNAVAILABLE',
      message: /may or may not have been applied/,
    })
    assert.equal(patches, 1, 'sent once, never repeated elsewhere')
    assert.deepEqual(await client.get('/v1/apps', 'list'), { ok: true })
    assert.equal(gets, 1)
  })

  it('follows a follower’s NOT_LEADER to the leader it names', async () => {
    const leader = await serve((req, res) => json(res, 200, { from: 'leader', url: req.url }))
    const follower = await serve((_req, res) =>
      json(res, 503, { error: { code: 'NOT_LEADER', message: 'ask the leader' } }, { 'shoal-leader': leader }),
    )
    const client = new ApiClient({ apiUrl: follower, apiUrls: [follower], token: 't', fingerprint })
    assert.deepEqual(await client.get('/v1/hosts', 'list hosts'), { from: 'leader', url: '/v1/hosts' })
  })
})
