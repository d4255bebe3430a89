import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  formatCidr,
  hostAddress,
  labSubnet,
  overlaps,
  parseCidr,
  pickLabSubnet,
  usedNetworks,
} from '../lab/lab-subnet.ts'

// What `ip -j -4 addr show` / `ip -j -4 route show table all` print, trimmed to the fields used.
const ADDRS = JSON.stringify([
  { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
  { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.0.2.2', prefixlen: 24 }] },
])
const ROUTES = JSON.stringify([
  { dst: 'default', gateway: '192.0.2.1', dev: 'eth0' },
  { dst: '172.17.0.0/16', dev: 'docker0' },
  { type: 'local', dst: '192.0.2.2', dev: 'eth0', table: 'local' },
])

test('parseCidr clears host bits and reads bare addresses as /32', () => {
  assert.equal(formatCidr(parseCidr('198.18.3.77/24')), '198.18.3.0/24')
  assert.equal(formatCidr(parseCidr('10.1.2.3')), '10.1.2.3/32')
  assert.equal(formatCidr(parseCidr('0.0.0.0/0')), '0.0.0.0/0')
  assert.throws(() => parseCidr('198.18.300.1/24'), /Cannot parse IPv4 address/)
  assert.throws(() => parseCidr('198.18.0.0/33'), /Cannot parse CIDR/)
})

test('overlaps is true for containment either way and false for neighbours', () => {
  assert.ok(overlaps(parseCidr('198.18.0.0/15'), parseCidr('198.19.4.0/24')))
  assert.ok(overlaps(parseCidr('198.18.4.9'), parseCidr('198.18.4.0/24')))
  assert.ok(!overlaps(parseCidr('198.18.4.0/24'), parseCidr('198.18.5.0/24')))
  assert.ok(!overlaps(parseCidr('198.17.255.0/24'), parseCidr('198.18.0.0/15')))
})

test('the first /24 of 198.18.0.0/15 is chosen when the machine uses none of it (default route ignored)', () => {
  const used = usedNetworks(ADDRS, ROUTES)
  assert.ok(!used.some((u) => u.what.startsWith('route default')))
  const { index, subnet } = pickLabSubnet(used, new Set())
  assert.equal(index, 0)
  assert.equal(formatCidr(subnet), '198.18.0.0/24')
  assert.equal(hostAddress(subnet, 11), '198.18.0.11')
})

test('a /24 covered by an address, a wide route or another live lab is skipped', () => {
  const addrs = JSON.stringify([
    { ifname: 'tun0', addr_info: [{ family: 'inet', local: '198.18.0.5', prefixlen: 32 }] },
  ])
  const routes = JSON.stringify([{ dst: '198.18.2.0/23', dev: 'tun0' }])
  const { index, subnet } = pickLabSubnet(usedNetworks(addrs, routes), new Set([1]))
  assert.equal(index, 4)
  assert.equal(formatCidr(subnet), '198.18.4.0/24')
  assert.equal(formatCidr(labSubnet(300)), '198.19.44.0/24')
})

test('a machine whose network covers the whole lab range is refused, naming what covers it', () => {
  const routes = JSON.stringify([{ dst: '198.16.0.0/12', dev: 'wg0' }])
  assert.throws(
    () => pickLabSubnet(usedNetworks('[]', routes), new Set()),
    /Cannot pick a lab subnet: .*route 198\.16\.0\.0\/12 dev wg0/,
  )
})
