import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Route, RouteAnnouncementCodec } from '../../proto/codec.ts'
import { appForHost, normalizeHost, RouteTable, splitAddress } from '../../router/route-table.ts'

function route(dynoId: string, app = 'shop', processType = 'web', address = '10.0.0.1:5000'): Route {
  return { dynoId, app, processType, dynoName: `${processType}.${dynoId}`, release: 3, hostId: 'ignored', address }
}
const ids = (table: RouteTable, app = 'shop', pt = 'web') =>
  table
    .backends(app, pt)
    .map((b) => b.dynoId)
    .sort()

describe('RouteTable.apply', () => {
  it('adds routes and splits their address', () => {
    const t = new RouteTable()
    const r = t.apply({ hostId: 'h1', seq: 1, up: [route('d1', 'shop', 'web', '[fd00::1]:6000')] })
    assert.equal(r.applied, true)
    const [b] = t.backends('shop')
    assert.deepEqual(
      { host: b?.host, port: b?.port, hostId: b?.hostId, release: b?.release },
      {
        host: 'fd00::1',
        port: 6000,
        hostId: 'h1',
        release: 3,
      },
    )
  })

  it('keeps process types and apps apart; web is the default', () => {
    const t = new RouteTable()
    t.apply({ hostId: 'h1', seq: 1, up: [route('d1'), route('d2', 'shop', 'worker'), route('d3', 'blog')] })
    assert.deepEqual(ids(t), ['d1'])
    assert.deepEqual(ids(t, 'shop', 'worker'), ['d2'])
    assert.deepEqual(ids(t, 'blog'), ['d3'])
    assert.deepEqual(ids(t, 'nope'), [])
  })

  it('ignores an announcement older than the last one seen from that host', () => {
    const t = new RouteTable()
    t.apply({ hostId: 'h1', seq: 5, up: [route('d1')] })
    const late = t.apply({ hostId: 'h1', seq: 4, withdrawn: ['d1'] })
    assert.equal(late.applied, false)
    assert.deepEqual(ids(t), ['d1'])
    // another host's sequence is its own
    t.apply({ hostId: 'h2', seq: 1, up: [route('d2', 'shop', 'web', '10.0.0.2:5000')] })
    assert.deepEqual(ids(t), ['d1', 'd2'])
    // the same sequence again is applied (idempotent re-delivery)
    assert.equal(t.apply({ hostId: 'h1', seq: 5, up: [route('d1')] }).applied, true)
  })

  it('reads uint64 sequence numbers as protobufjs decodes them (Long)', () => {
    const t = new RouteTable()
    const decode = (seq: number, withdrawn: string[], up: Route[] = []) =>
      RouteAnnouncementCodec.decode(RouteAnnouncementCodec.encode({ hostId: 'h1', seq, up, withdrawn }))
    t.apply(decode(10, [], [route('d1')]))
    assert.equal(t.apply(decode(9, ['d1'])).applied, false)
    assert.deepEqual(ids(t), ['d1'])
    assert.equal(t.apply(decode(11, ['d1'])).applied, true)
    assert.deepEqual(ids(t), [])
  })

  it('withdraws by dyno id and reports what left', () => {
    const t = new RouteTable()
    t.apply({ hostId: 'h1', seq: 1, up: [route('d1'), route('d2')] })
    const r = t.apply({ hostId: 'h1', seq: 2, withdrawn: ['d1', 'unknown'] })
    assert.deepEqual(
      r.removed.map((b) => b.dynoId),
      ['d1'],
    )
    assert.deepEqual(ids(t), ['d2'])
  })

  it('does not let a host withdraw a dyno another host now announces', () => {
    const t = new RouteTable()
    t.apply({ hostId: 'h1', seq: 1, up: [route('d1')] })
    t.apply({ hostId: 'h2', seq: 1, up: [route('d1', 'shop', 'web', '10.0.0.2:5000')] })
    t.apply({ hostId: 'h1', seq: 2, withdrawn: ['d1'] })
    assert.equal(t.get('d1')?.hostId, 'h2')
  })

  it('replaces all of a host’s routes with a snapshot and leaves other hosts alone', () => {
    const t = new RouteTable()
    t.apply({ hostId: 'h1', seq: 1, up: [route('d1'), route('d2')] })
    t.apply({ hostId: 'h2', seq: 1, up: [route('d9', 'shop', 'web', '10.0.0.2:5000')] })
    const r = t.apply({ hostId: 'h1', seq: 2, snapshot: true, up: [route('d2'), route('d3')] })
    assert.deepEqual(
      r.removed.map((b) => b.dynoId),
      ['d1'],
    )
    assert.deepEqual(ids(t), ['d2', 'd3', 'd9'])
    t.apply({ hostId: 'h1', seq: 3, snapshot: true, up: [] })
    assert.deepEqual(ids(t), ['d9'])
  })

  it('drops malformed routes and announcements without a host', () => {
    const t = new RouteTable()
    assert.equal(t.apply({ seq: 1, up: [route('d1')] }).applied, false)
    t.apply({ hostId: 'h1', seq: 1, up: [route('d1', 'shop', 'web', 'nonsense'), route('', 'shop'), route('d3')] })
    assert.deepEqual(ids(t), ['d3'])
  })
})

describe('RouteTable hosts', () => {
  it('excludes unhealthy hosts from backends until they recover', () => {
    const t = new RouteTable()
    t.apply({ hostId: 'h1', seq: 1, up: [route('d1')] })
    t.apply({ hostId: 'h2', seq: 1, up: [route('d2', 'shop', 'web', '10.0.0.2:5000')] })
    t.setHostHealthy('h1', false)
    assert.deepEqual(ids(t), ['d2'])
    assert.equal(t.size, 2)
    t.setHostHealthy('h1', true)
    assert.deepEqual(ids(t), ['d1', 'd2'])
  })

  it('removes a dead host and forgets its sequence so a restarted agent is heard', () => {
    const t = new RouteTable()
    t.apply({ hostId: 'h1', seq: 50, up: [route('d1'), route('d2')] })
    assert.deepEqual(
      t
        .removeHost('h1')
        .map((b) => b.dynoId)
        .sort(),
      ['d1', 'd2'],
    )
    assert.deepEqual(ids(t), [])
    assert.equal(t.apply({ hostId: 'h1', seq: 1, snapshot: true, up: [route('d5')] }).applied, true)
    assert.deepEqual(ids(t), ['d5'])
  })
})

describe('host header → app', () => {
  const custom = new Map([
    ['www.shop.example', 'shop'],
    ['*.blog.example', 'blog'],
  ])

  it('maps <app>.<domain> with any case, port or trailing dot', () => {
    for (const h of [
      'shop.shoal.test',
      'SHOP.Shoal.Test',
      'shop.shoal.test:8080',
      'shop.shoal.test.',
      'shop.shoal.test.:80',
    ]) {
      assert.equal(appForHost(h, 'shoal.test', custom), 'shop', h)
    }
    assert.equal(new RouteTable().resolveHost('shop.shoal.test:80', 'Shoal.Test', custom), 'shop')
  })

  it('maps custom domains, exact then wildcard', () => {
    assert.equal(appForHost('www.shop.example', 'shoal.test', custom), 'shop')
    assert.equal(appForHost('WWW.Shop.Example:443', 'shoal.test', custom), 'shop')
    assert.equal(appForHost('news.blog.example', 'shoal.test', custom), 'blog')
    assert.equal(appForHost('blog.example', 'shoal.test', custom), undefined)
  })

  it('refuses other hosts', () => {
    for (const h of [
      undefined,
      '',
      'shoal.test',
      '.shoal.test',
      'a.b.shoal.test',
      'shop.shoal.test.evil',
      'xshoal.test',
      '[::1]:80',
      '127.0.0.1',
      'shop.shoal.test:port',
      'shop .shoal.test',
    ]) {
      assert.equal(appForHost(h, 'shoal.test', custom), undefined, String(h))
    }
  })

  it('normalises hosts and splits addresses', () => {
    assert.equal(normalizeHost(' Shop.Shoal.Test:8080 '), 'shop.shoal.test')
    assert.deepEqual(splitAddress('10.1.2.3:80'), { host: '10.1.2.3', port: 80 })
    assert.equal(splitAddress('10.1.2.3:0'), undefined)
    assert.equal(splitAddress('10.1.2.3:70000'), undefined)
    assert.equal(splitAddress('10.1.2.3'), undefined)
  })
})
