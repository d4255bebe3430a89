// The rules that keep dynos away from the platform, in two chains of the filter table of the agent's network
// namespace (a lab host's rules stay in its namespace):
//   SHOAL-DYNOS-IN  (INPUT, -i <bridge>):  a dyno reaches this host only on the router's ports; the API, metrics,
//                   mesh, agent and engine ports (anything else listening on any host address) are refused.
//   SHOAL-DYNOS-FWD (DOCKER-USER, -i <bridge>): no dyno-to-dyno traffic across the bridge (also what a published
//                   port of another dyno hairpins into), and other cluster hosts only on the router's ports; the
//                   rest of the world is reachable (builds need package registries).
// Both are rewritten atomically (iptables-restore --noflush) whenever the cluster's hosts change; the jumps are
// added once. removeDynoFirewall() undoes everything (uninstall). iptables waits up to 60 s for the xtables lock (dockerd
// and other agents hold it on a busy host) rather than failing the agent.

import { execFile, spawn } from 'node:child_process'
import { isIP } from 'node:net'
import { promisify } from 'node:util'
import { ShoalError } from '../../proto/errors.ts'

const exec = promisify(execFile)

export const CHAIN_IN = 'SHOAL-DYNOS-IN'
export const CHAIN_FWD = 'SHOAL-DYNOS-FWD'
/** Router ports dynos may reach on this host. Only ever added to (by every agent of the engine: tests run several
 *  on one), never rewritten, so one agent's restart cannot close another's router; uninstall removes it. */
export const CHAIN_PORTS = 'SHOAL-DYNOS-PORTS'

export interface FirewallPolicy {
  /** the dyno bridge's interface name */
  bridge: string
  /** TCP ports routers listen on: the only ports dynos may open on this or another cluster host */
  routerPorts: readonly number[]
  /** IPv4 addresses of the other cluster hosts (agents, routers, controllers) */
  peerIps: readonly string[]
}

const REJECT_TCP = ['-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset']
const REJECT_ANY = ['-j', 'REJECT', '--reject-with', 'icmp-port-unreachable']

/** The `iptables-restore --noflush` input that (re)writes both chains: pure, so tests read it. */
export function firewallRestore(p: FirewallPolicy): string {
  const ports = [...new Set(p.routerPorts)]
    .filter((n) => Number.isInteger(n) && n > 0 && n < 65536)
    .sort((a, b) => a - b)
  if (ports.length > 15) throw new ShoalError('INVALID_INPUT', 'Cannot write dyno firewall: more than 15 router ports')
  const peers = [...new Set(p.peerIps)].filter((ip) => isIP(ip) === 4 && !ip.startsWith('127.')).sort()
  const lines = ['*filter', `:${CHAIN_IN} - [0:0]`, `:${CHAIN_FWD} - [0:0]`]
  const add = (chain: string, rule: string[]) => lines.push(`-A ${chain} ${rule.join(' ')}`)
  add(CHAIN_IN, ['-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'])
  add(CHAIN_IN, ['-j', CHAIN_PORTS])
  add(CHAIN_IN, REJECT_TCP)
  add(CHAIN_IN, REJECT_ANY)
  add(CHAIN_FWD, ['-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'RETURN'])
  add(CHAIN_FWD, ['-o', p.bridge, ...REJECT_TCP])
  add(CHAIN_FWD, ['-o', p.bridge, ...REJECT_ANY])
  const allowed = ports.length > 0 ? ['-m', 'multiport', '!', '--dports', ports.join(',')] : []
  for (const ip of peers)
    add(CHAIN_FWD, ['-d', `${ip}/32`, '-p', 'tcp', ...allowed, '-j', 'REJECT', '--reject-with', 'tcp-reset'])
  add(CHAIN_FWD, ['-j', 'RETURN'])
  lines.push('COMMIT', '')
  return lines.join('\n')
}

/** The jumps into the chains: [table chain, rule] pairs, inserted first in their chain. */
export function firewallJumps(bridge: string): Array<[string, string[]]> {
  return [
    ['INPUT', ['-i', bridge, '-j', CHAIN_IN]],
    ['DOCKER-USER', ['-i', bridge, '-j', CHAIN_FWD]],
  ]
}

/** Runs iptables commands; injected in tests. */
export interface Iptables {
  run(args: string[]): Promise<{ ok: boolean; stderr: string }>
  restore(input: string): Promise<void>
}

export const systemIptables: Iptables = {
  async run(args) {
    try {
      await exec('iptables', ['-w', '60', ...args])
      return { ok: true, stderr: '' }
    } catch (err) {
      return { ok: false, stderr: String((err as { stderr?: string }).stderr ?? err).trim() }
    }
  },
  restore(input) {
    return new Promise((resolve, reject) => {
      const child = spawn('iptables-restore', ['-w', '60', '--noflush'], { stdio: ['pipe', 'ignore', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
      })
      child.on('error', reject)
      child.on('close', (code) =>
        code === 0
          ? resolve()
          : reject(new ShoalError('UNAVAILABLE', `Cannot write the dyno firewall: iptables-restore: ${stderr.trim()}`)),
      )
      child.stdin.end(input)
    })
  },
}

/** Writes both chains (atomically) and makes sure the jumps exist. Fails closed: the agent does not start dynos. */
export async function applyDynoFirewall(p: FirewallPolicy, ipt: Iptables = systemIptables): Promise<void> {
  await ipt.run(['-N', CHAIN_PORTS]) // exists already: fine
  for (const port of [...new Set(p.routerPorts)]) {
    const rule = ['-p', 'tcp', '--dport', String(port), '-j', 'ACCEPT']
    if ((await ipt.run(['-C', CHAIN_PORTS, ...rule])).ok) continue
    const r = await ipt.run(['-A', CHAIN_PORTS, ...rule])
    if (!r.ok)
      throw new ShoalError('UNAVAILABLE', `Cannot write the dyno firewall: iptables -A ${CHAIN_PORTS}: ${r.stderr}`)
  }
  await ipt.restore(firewallRestore(p))
  for (const [chain, rule] of firewallJumps(p.bridge)) {
    if ((await ipt.run(['-C', chain, ...rule])).ok) continue
    const r = await ipt.run(['-I', chain, '1', ...rule])
    if (!r.ok) throw new ShoalError('UNAVAILABLE', `Cannot write the dyno firewall: iptables -I ${chain}: ${r.stderr}`)
  }
}

/** Removes the jumps and both chains (uninstall). Missing pieces are fine. */
export async function removeDynoFirewall(bridge: string, ipt: Iptables = systemIptables): Promise<void> {
  for (const [chain, rule] of firewallJumps(bridge)) {
    for (let i = 0; i < 10 && (await ipt.run(['-D', chain, ...rule])).ok; i++) {}
  }
  for (const chain of [CHAIN_IN, CHAIN_FWD, CHAIN_PORTS]) {
    await ipt.run(['-F', chain])
    await ipt.run(['-X', chain])
  }
}
