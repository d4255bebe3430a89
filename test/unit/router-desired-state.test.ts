import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BACKLOG_PER_DYNO, desiredState, serverName } from '../../router/desired-state.ts'
import type { Backend } from '../../router/route-table.ts'

const backend = (dynoId: string, app: string, hostId = 'h1', port = 20000): Backend => ({
  dynoId,
  app,
  processType: 'web',
  dynoName: `web.${dynoId}`,
  release: 1,
  hostId,
  address: `10.0.0.1:${port}`,
  host: '10.0.0.1',
  port,
})

const base = {
  domain: 'shoal.test',
  directory: undefined,
  routes: [] as Backend[],
  isHealthy: () => true,
  draining: new Map<string, Backend>(),
  assigned: new Map<string, string>(),
  pool: ['b1', 'b2', 'b3'],
}

describe('desiredState', () => {
  it('maps hosts to apps (cluster domain, custom domains, wildcards) and skips names HAProxy maps cannot hold', () => {
    const d = desiredState({
      ...base,
      directory: new Map([
        ['shop', { name: 'shop', domains: ['WWW.Shop.Example.', '*.wild.example', 'bad name', 'x;y'] }],
        ['idle', { name: 'idle' }],
      ]),
    })
    assert.deepEqual([...d.hosts].sort(), [
      ['*.wild.example', 'shop'],
      ['idle.shoal.test', 'idle'],
      ['shop.shoal.test', 'shop'],
      ['www.shop.example', 'shop'],
    ])
    assert.equal(d.backends.size, 0, 'apps without dynos get no backend (→ H14)')
  })

  it('gives each app with dynos a pool backend, keeps assignments, and reports apps that do not fit', () => {
    const routes = [backend('a1', 'a'), backend('b1', 'b'), backend('c1', 'c'), backend('d1', 'd')]
    const d = desiredState({ ...base, routes, assigned: new Map([['c', 'b1']]) })
    assert.equal(d.backends.get('c'), 'b1', 'an assigned backend stays')
    assert.deepEqual([d.backends.get('a'), d.backends.get('b')], ['b2', 'b3'])
    assert.deepEqual(d.unplaced, ['d'])
  })

  it('sets servers ready, drain on suspect hosts, maint while draining; maxconn from concurrency; H11 bounds', () => {
    const d = desiredState({
      ...base,
      directory: new Map([['shop', { name: 'shop', concurrency: { web: 3 }, maintenance: true }]]),
      routes: [backend('a', 'shop'), backend('b', 'shop', 'h2'), backend('x', 'gone')],
      isHealthy: (h) => h !== 'h2',
      draining: new Map([['old', backend('old', 'shop')]]),
    })
    const states = Object.fromEntries([...d.servers.values()].map((s) => [s.dynoId, [s.state, s.maxconn]]))
    assert.deepEqual(states, { a: ['ready', 3], b: ['drain', 3], old: ['maint', 3] })
    assert.equal(d.states.get('shop'), 'maintenance')
    assert.equal(d.queues.get(d.backends.get('shop') as string), String(BACKLOG_PER_DYNO), 'one ready dyno')
    assert.equal(d.hosts.has('gone.shoal.test'), false, 'apps missing from the directory are not routed')
  })

  it('keeps an app whose every dyno is on a suspect host served by them rather than refusing it', () => {
    const d = desiredState({
      ...base,
      directory: new Map([
        ['shop', { name: 'shop' }],
        ['blog', { name: 'blog' }],
      ]),
      routes: [backend('s1', 'shop', 'h2'), backend('b1', 'blog', 'h2'), backend('b2', 'blog', 'h1')],
      isHealthy: (h) => h !== 'h2',
      draining: new Map([['s0', backend('s0', 'shop', 'h2')]]),
    })
    const states = Object.fromEntries([...d.servers.values()].map((s) => [s.dynoId, s.state]))
    assert.deepEqual(states, { s1: 'ready', s0: 'maint', b1: 'drain', b2: 'ready' })
  })

  it('names servers after dyno ids, or a digest when an id is not a valid HAProxy name', () => {
    assert.equal(serverName('2f1c-ab'), 'd2f1c-ab')
    assert.match(serverName('a b/c'), /^h[0-9a-f]{40}$/)
  })
})
