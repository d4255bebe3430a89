import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ClusterTrust } from '../../mesh/cluster-trust.ts'
import type { AppDirectory, Route, RouteAnnouncement } from '../../proto/codec.ts'
import { RouteTable } from '../../router/route-table.ts'
import { RouteGate } from '../../router/route-trust.ts'

const LEADER = 'ctl-1'
const OTHER_CONTROLLER = 'ctl-2'
const leaderView = (current: string = LEADER) => ({
  leader: () => current,
  isController: (p: string) => p === LEADER || p === OTHER_CONTROLLER,
})

const dir = (epoch: number, admitted: string[], webDynos: Record<string, Record<string, string>>): AppDirectory => ({
  epoch,
  trust: true,
  admitted,
  apps: Object.entries(webDynos).map(([name, dynos]) => ({ name, webDynos: dynos })),
})

const route = (app: string, dynoId: string, port = 20000): Route => ({
  app,
  processType: 'web',
  dynoId,
  dynoName: 'web.1',
  address: `198.18.0.2:${port}`,
  release: 1,
})

const ann = (hostId: string, seq: number, up: Route[], extra: Partial<RouteAnnouncement> = {}): RouteAnnouncement => ({
  hostId,
  seq,
  up,
  withdrawn: [],
  snapshot: true,
  ...extra,
})

test('an app directory counts only from the current leader, never from an older epoch', () => {
  const trust = new ClusterTrust(leaderView())
  assert.equal(trust.isAdmitted('host-a'), false) // nothing admitted before a leader speaks
  assert.equal(trust.directory(dir(5, ['host-a'], {}), 'intruder'), 'not-leader')
  assert.equal(trust.directory(dir(5, ['host-a'], {}), OTHER_CONTROLLER), 'not-leader')
  assert.equal(trust.isAdmitted('host-a'), false)
  assert.equal(trust.directory(dir(5, ['host-a'], {}), LEADER), 'accepted')
  assert.equal(trust.isAdmitted('host-a'), true)
  assert.equal(trust.directory(dir(4, ['host-a', 'host-x'], {}), LEADER), 'stale-epoch')
  assert.equal(trust.isAdmitted('host-x'), false)
  // Revocation: the next directory no longer lists host-a.
  assert.equal(trust.directory(dir(5, [], {}), LEADER), 'accepted')
  assert.equal(trust.isAdmitted('host-a'), false)
  assert.equal(trust.isAdmitted(LEADER), true)
})

test('an unadmitted peer holding the network key gets no route in', () => {
  const trust = new ClusterTrust(leaderView())
  trust.directory(dir(1, ['host-a'], { shop: { d1: 'host-a' } }), LEADER)
  const gate = new RouteGate(trust)
  const r = gate.announcement(ann('intruder', 1, [route('shop', 'd1'), route('shop', 'evil')]), 'intruder')
  assert.equal(r.announcement, null)
  assert.equal(r.refused, 2)
  // Signing as one peer and naming another host is refused too.
  assert.equal(gate.announcement(ann('host-a', 1, [route('shop', 'd1')]), 'intruder').announcement, null)
})

test("an admitted host cannot announce another host's dyno, nor a dyno of an app it was not given", () => {
  const trust = new ClusterTrust(leaderView())
  trust.directory(dir(1, ['host-a', 'host-b'], { shop: { d1: 'host-a' }, blog: { d2: 'host-b' } }), LEADER)
  const gate = new RouteGate(trust)
  const table = new RouteTable()
  const r = gate.announcement(
    ann('host-b', 7, [route('blog', 'd2'), route('shop', 'd1'), route('shop', 'd9'), route('shop', 'd2')]),
    'host-b',
  )
  assert.equal(r.refused, 3)
  table.apply(r.announcement as RouteAnnouncement)
  assert.deepEqual(
    table.all().map((b) => `${b.app}/${b.dynoId}@${b.hostId}`),
    ['blog/d2@host-b'],
  )
  assert.equal(table.backends('shop').length, 0)
})

test('a route announced before the directory assigns it is taken when the directory arrives', () => {
  const trust = new ClusterTrust(leaderView())
  trust.directory(dir(1, ['host-a'], { shop: {} }), LEADER)
  const gate = new RouteGate(trust)
  const table = new RouteTable()
  const first = gate.announcement(ann('host-a', 10, [route('shop', 'd1')]), 'host-a')
  table.apply(first.announcement as RouteAnnouncement)
  assert.equal(table.size, 0)
  trust.directory(dir(1, ['host-a'], { shop: { d1: 'host-a' } }), LEADER)
  for (const a of gate.reconcile(table.all())) table.apply(a)
  assert.deepEqual(
    table.all().map((b) => b.dynoId),
    ['d1'],
  )
})

test('routes the directory stops backing (dyno moved, host revoked) leave the table', () => {
  const trust = new ClusterTrust(leaderView())
  trust.directory(dir(1, ['host-a', 'host-b'], { shop: { d1: 'host-a', d2: 'host-b' } }), LEADER)
  const gate = new RouteGate(trust)
  const table = new RouteTable()
  table.apply(gate.announcement(ann('host-a', 3, [route('shop', 'd1')]), 'host-a').announcement as RouteAnnouncement)
  table.apply(gate.announcement(ann('host-b', 4, [route('shop', 'd2')]), 'host-b').announcement as RouteAnnouncement)
  assert.equal(table.size, 2)
  // host-b is removed from the cluster: its record (and so its admission) is gone.
  trust.directory(dir(2, ['host-a'], { shop: { d1: 'host-a', d2: 'host-b' } }), LEADER)
  const removed = gate.reconcile(table.all()).flatMap((a) => table.apply(a).removed.map((b) => b.dynoId))
  assert.deepEqual(removed, ['d2'])
  assert.deepEqual(
    table.all().map((b) => b.dynoId),
    ['d1'],
  )
  // And a revoked host's later announcements are refused outright.
  assert.equal(gate.announcement(ann('host-b', 5, [route('shop', 'd2')]), 'host-b').announcement, null)
})

test('a deposed leader cannot change what routers trust', () => {
  let leader = LEADER
  const view = { leader: () => leader, isController: (p: string) => p === LEADER || p === OTHER_CONTROLLER }
  const trust = new ClusterTrust(view)
  trust.directory(dir(3, ['host-a'], {}), LEADER)
  leader = OTHER_CONTROLLER
  assert.equal(trust.directory(dir(4, ['host-a', 'host-z'], {}), OTHER_CONTROLLER), 'accepted')
  assert.equal(trust.directory(dir(3, ['host-q'], {}), LEADER), 'not-leader')
  assert.equal(trust.isAdmitted('host-z'), true)
  assert.equal(trust.isAdmitted('host-q'), false)
})

test("a directory's revoked peers are handed to the gater and lose admission for good, controllers never", () => {
  const handed: string[][] = []
  const trust = new ClusterTrust(leaderView(), (peers) => handed.push(peers))
  trust.directory(dir(1, ['host-a', 'host-b'], { shop: { d1: 'host-a' } }), LEADER)
  assert.deepEqual(handed, [])
  assert.ok(trust.isAdmitted('host-a') && trust.mayRoute('host-a', 'shop', 'd1'))
  // A buggy or stale listing: host-a still admitted yet revoked; a controller listed as revoked is ignored.
  trust.directory({ ...dir(2, ['host-a', 'host-b'], { shop: { d1: 'host-a' } }), revoked: ['host-a', LEADER] }, LEADER)
  assert.deepEqual(handed, [['host-a']])
  assert.equal(trust.isAdmitted('host-a'), false)
  assert.equal(trust.mayRoute('host-a', 'shop', 'd1'), false)
  assert.ok(trust.isAdmitted(LEADER) && trust.isAdmitted('host-b'))
  // A later directory that omits it does not readmit it.
  trust.directory(dir(3, ['host-a', 'host-b'], { shop: { d1: 'host-a' } }), LEADER)
  assert.equal(trust.isAdmitted('host-a'), false)
  // Nor does a directory from someone else revoke anything.
  trust.directory({ ...dir(4, ['host-b'], {}), revoked: ['host-b'] }, 'intruder')
  assert.ok(trust.isAdmitted('host-b'))
})
