import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { test } from 'node:test'
import type { BridgeNetworkSpec, NetworkInfo } from '../../agent/docker/docker-client.ts'
import {
  applyDynoFirewall,
  CHAIN_FWD,
  CHAIN_IN,
  firewallRestore,
  type Iptables,
  removeDynoFirewall,
} from '../../agent/dynos/dyno-firewall.ts'
import { ensureDynoNetwork, pickDynoSubnet, usedNetworks } from '../../agent/dynos/dyno-network.ts'
import { checkDynoIds, holdersOf } from '../../agent/dynos/dyno-uid.ts'
import { contains, formatCidr, parseCidr } from '../../lib/cidr.ts'
import { ShoalError } from '../../proto/errors.ts'

const policy = {
  bridge: 'shoal0',
  routerPorts: [443, 80, 80],
  peerIps: ['198.18.0.3', '127.0.0.1', 'junk', '198.18.0.2'],
}

test('the firewall lets dynos reach only the router ports of this host and of peers, never each other', () => {
  const text = firewallRestore(policy)
  const rules = text.split('\n').filter((l) => l.startsWith('-A '))
  assert.deepEqual(rules, [
    `-A ${CHAIN_IN} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`,
    `-A ${CHAIN_IN} -j SHOAL-DYNOS-PORTS`,
    `-A ${CHAIN_IN} -p tcp -j REJECT --reject-with tcp-reset`,
    `-A ${CHAIN_IN} -j REJECT --reject-with icmp-port-unreachable`,
    `-A ${CHAIN_FWD} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`,
    `-A ${CHAIN_FWD} -o shoal0 -p tcp -j REJECT --reject-with tcp-reset`,
    `-A ${CHAIN_FWD} -o shoal0 -j REJECT --reject-with icmp-port-unreachable`,
    `-A ${CHAIN_FWD} -d 198.18.0.2/32 -p tcp -m multiport ! --dports 80,443 -j REJECT --reject-with tcp-reset`,
    `-A ${CHAIN_FWD} -d 198.18.0.3/32 -p tcp -m multiport ! --dports 80,443 -j REJECT --reject-with tcp-reset`,
    `-A ${CHAIN_FWD} -j RETURN`,
  ])
  assert.match(text, /^\*filter\n/)
  assert.match(text, /\nCOMMIT\n$/)
})

test('the firewall is applied once, its jumps added only when missing, and removed entirely', async () => {
  const calls: string[] = []
  const present = new Set<string>()
  const ipt: Iptables = {
    async run(args) {
      calls.push(args.join(' '))
      const [op, chain, ...rest] = args
      const key = `${chain} ${rest.filter((a) => a !== '1').join(' ')}`
      if (op === '-C') return { ok: present.has(key), stderr: '' }
      if (op === '-I') present.add(`${chain} ${rest.slice(1).join(' ')}`)
      if (op === '-A') present.add(key)
      if (op === '-F') for (const k of [...present]) if (k.startsWith(`${chain} `)) present.delete(k)
      if (op === '-D') return { ok: present.delete(key), stderr: '' }
      return { ok: true, stderr: '' }
    },
    async restore() {
      calls.push('restore')
    },
  }
  await applyDynoFirewall(policy, ipt)
  await applyDynoFirewall(policy, ipt)
  assert.equal(calls.filter((c) => c.startsWith('-I')).length, 2)
  // Router ports are added once each, never rewritten (several agents may share one engine).
  assert.equal(calls.filter((c) => c.startsWith('-A SHOAL-DYNOS-PORTS')).length, 2)
  assert.deepEqual([...present].sort(), [
    `DOCKER-USER -i shoal0 -j ${CHAIN_FWD}`,
    `INPUT -i shoal0 -j ${CHAIN_IN}`,
    'SHOAL-DYNOS-PORTS -p tcp --dport 443 -j ACCEPT',
    'SHOAL-DYNOS-PORTS -p tcp --dport 80 -j ACCEPT',
  ])
  await removeDynoFirewall('shoal0', ipt)
  assert.equal(present.size, 0)
  assert.ok(calls.includes(`-X ${CHAIN_IN}`) && calls.includes(`-X ${CHAIN_FWD}`))
})

test('iptables-restore accepts the rules (in a throwaway network namespace)', () => {
  const script = 'iptables -N DOCKER-USER && iptables -N SHOAL-DYNOS-PORTS && iptables-restore --noflush && iptables -S'
  const out = execFileSync('unshare', ['-n', 'sh', '-c', script], { input: firewallRestore(policy) }).toString()
  assert.match(out, new RegExp(`-A ${CHAIN_FWD} -d 198.18.0.2/32 -p tcp -m multiport ! --dports 80,443`))
  assert.match(out, new RegExp(`-A ${CHAIN_IN} -j SHOAL-DYNOS-PORTS`))
})

test('the dyno subnet avoids every address and route of the host', () => {
  const addr = JSON.stringify([
    { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
    { ifname: 'eth0', addr_info: [{ family: 'inet', local: '10.213.1.7', prefixlen: 24 }] },
    { ifname: 'shoal0', addr_info: [{ family: 'inet', local: '10.213.4.1', prefixlen: 22 }] },
  ])
  const route = JSON.stringify([{ dst: 'default' }, { dst: '10.213.8.0/21', dev: 'wg0' }, { dst: 'ff00::/8' }])
  const used = usedNetworks(addr, route)
  assert.equal(used.length, 3) // loopback, eth0, the wg0 route; not our own bridge
  const subnet = pickDynoSubnet(used)
  assert.equal(formatCidr(subnet), '10.213.4.0/22')
})

test('no free subnet is a CONFLICT naming what is in the way', () => {
  const used = [{ cidr: parseCidr('0.0.0.0/0'), what: 'route 0.0.0.0/0 dev vpn' }]
  assert.throws(
    () => pickDynoSubnet(used),
    (e: unknown) => e instanceof ShoalError && e.code === 'CONFLICT' && /vpn/.test(e.message),
  )
})

function fakeNetworks(initial: NetworkInfo[] = []) {
  const nets = new Map(initial.map((n) => [n.name, n]))
  const created: BridgeNetworkSpec[] = []
  return {
    created,
    docker: {
      async inspectNetwork(name: string) {
        return nets.get(name) ?? null
      },
      async createNetwork(spec: BridgeNetworkSpec) {
        created.push(spec)
        nets.set(spec.name, {
          id: 'n1',
          name: spec.name,
          subnets: [spec.subnet],
          bridge: spec.bridge,
          icc: spec.icc,
          labels: {},
        })
        return 'n1'
      },
    },
  }
}

test('the dyno network is created with icc off on a free subnet, and reused afterwards', async () => {
  const f = fakeNetworks()
  const used = async () => [{ cidr: parseCidr('10.213.0.0/20'), what: 'eth0' }]
  const n = await ensureDynoNetwork({ docker: f.docker, used })
  assert.equal(formatCidr(n.subnet), '10.213.16.0/22')
  assert.equal(n.gateway, '10.213.16.1')
  assert.equal(f.created[0]?.icc, false)
  assert.equal(f.created[0]?.bridge, 'shoal0')
  const again = await ensureDynoNetwork({ docker: f.docker, used })
  assert.equal(f.created.length, 1)
  assert.ok(contains(again.subnet, '10.213.17.5'))
})

test('an existing network that lets containers talk, or has another bridge or subnet, is refused', async () => {
  const base = { id: 'x', name: 'shoal-dynos', subnets: ['10.5.0.0/24'], bridge: 'shoal0', icc: false, labels: {} }
  const refuse = async (n: NetworkInfo, subnet?: string) =>
    assert.rejects(
      ensureDynoNetwork({ docker: fakeNetworks([n]).docker, subnet }),
      (e: unknown) => e instanceof ShoalError && e.code === 'CONFLICT',
    )
  await refuse({ ...base, icc: true })
  await refuse({ ...base, bridge: 'br-123' })
  await refuse(base, '10.6.0.0/24')
  const ok = await ensureDynoNetwork({ docker: fakeNetworks([base]).docker, subnet: '10.5.0.0/24' })
  assert.equal(ok.gateway, '10.5.0.1')
  await assert.rejects(
    ensureDynoNetwork({ docker: fakeNetworks().docker, subnet: '10.5.0.0/30' }),
    /not an IPv4 network/,
  )
})

test('a host user or group holding the dyno uid stops the agent', () => {
  const passwd = 'root:x:0:0::/root:/bin/bash\n# comment\nalice:x:1000:1000::/home/alice:/bin/bash\n'
  const group = 'root:x:0:\nalice:x:1000:\nweird:x:61000:\n'
  assert.deepEqual(holdersOf(passwd, 1000), ['alice'])
  assert.doesNotThrow(() => checkDynoIds(passwd, 'root:x:0:\n', 61000))
  assert.throws(() => checkDynoIds(passwd, group, 61000), /group "weird"/)
  assert.throws(
    () => checkDynoIds(passwd, group, 1000),
    (e: unknown) => e instanceof ShoalError && e.code === 'CONFLICT' && /user "alice"/.test(e.message),
  )
})
