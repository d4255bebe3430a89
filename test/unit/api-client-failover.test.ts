// The CLI's API client across several controllers: a refused connection moves on to the next controller for any
// request; a write whose answer was lost is repeated there with the same Idempotency-Key (the controllers make it
// apply once); a follower's NOT_LEADER is followed to the leader it names.

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

  it('repeats a PATCH whose answer was lost on the next controller, with the same Idempotency-Key', async () => {
    const keys: Array<string | undefined> = []
    const dropping = await serve((req, _res) => {
      keys.push(req.headers['idempotency-key'] as string | undefined)
      req.socket.destroy()
    })
    const other = await serve((req, res) => {
      keys.push(req.headers['idempotency-key'] as string | undefined)
      json(res, 200, { method: req.method })
    })
    const client = new ApiClient({ apiUrl: dropping, apiUrls: [dropping, other], token: 't', fingerprint })
    assert.deepEqual(await client.request('PATCH', '/v1/apps/x/config-vars', { A: '1' }, 'set A'), { method: 'PATCH' })
    assert.equal(keys.length, 2)
    assert.match(keys[0] ?? '', /^[0-9a-f-]{36}$/)
    assert.equal(keys[1], keys[0], 'the retry carries the first attempt’s key')
    // The next command is a new request with a new key; reads carry none.
    await client.request('POST', '/v1/apps', { name: 'y' }, 'create y')
    assert.notEqual(keys[2], keys[0])
    await client.get('/v1/apps', 'list')
    assert.equal(keys[3], undefined)
  })

  it('a lost answer with no other controller to ask fails UNAVAILABLE', async () => {
    const dropping = await serve((req, _res) => req.socket.destroy())
    const client = new ApiClient({ apiUrl: dropping, apiUrls: [dropping], token: 't', fingerprint })
    await assert.rejects(client.request('PATCH', '/v1/apps/x/config-vars', { A: '1' }, 'set A'), {
      code: 'UNAVAILABLE',
      message: /^Cannot set A: the API at .* is unreachable/,
    })
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
