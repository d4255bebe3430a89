// An "empty server" for the lab: a host namespace with a Docker engine and a real OpenSSH sshd, but no shoal. Shoal
// reaches it only through `shoal hosts:add ssh://root@IP` (the installer over SSH), as on a fresh server.
//
// sshd runs in a mount namespace of its own (slave propagation: nothing mounted inside leaks out), in which
//   - the host's engine socket is bind-mounted over /run/docker.sock (the path an installed agent uses),
//   - an empty folder is bind-mounted over the checkout's top folder: nothing run over SSH can reach the checkout
//     or its node_modules (the installed package must bring everything it runs),
// and its sessions get SHOAL_PREFIX (sshd_config SetEnv): the installer lays out /etc/shoal, /opt/shoal,
// /var/lib/shoal, units and the shoal link under the host's own folder, so hosts of one machine do not share them.
// Host keys are checked: the lab writes each host's key into its known_hosts file before anything connects.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './lab-daemons.ts'
import { inPrivateMounts, type LabProcess, must, spawnInNs, WaitAborted, waitFor } from './lab-shell.ts'

const SSHD = '/usr/sbin/sshd'
const DOCKER_SOCKET = '/run/docker.sock'

export interface LabSsh {
  /** the client's private key */
  key: string
  knownHosts: string
  /** `-o` options (without the -o) that make ssh use the lab's key and known hosts, host keys checked */
  options: string[]
}

/** The lab's SSH client identity and known_hosts file (made once per lab, under DIR). */
export async function labSshClient(dir: string): Promise<LabSsh> {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const key = join(dir, 'id_ed25519')
  const knownHosts = join(dir, 'known_hosts')
  if (!existsSync(key)) await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'shoal-lab', '-f', key])
  if (!existsSync(knownHosts)) writeFileSync(knownHosts, '', { mode: 0o600 })
  return {
    key,
    knownHosts,
    options: [
      `IdentityFile=${key}`,
      'IdentitiesOnly=yes',
      `UserKnownHostsFile=${knownHosts}`,
      'GlobalKnownHostsFile=/dev/null',
      'ConnectTimeout=10',
    ],
  }
}

export interface SshdHost {
  ns: string
  ip: string
  /** the host's folder: sshd's config and keys, and the installer's SHOAL_PREFIX (`DIR/root`) */
  dir: string
  dockerSocket: string
  log: string
}

/** Starts sshd for an empty lab host and waits until it accepts connections; returns the install root. */
export async function startSshd(host: SshdHost, client: LabSsh): Promise<{ proc: LabProcess; prefix: string }> {
  if (!existsSync(SSHD)) {
    throw new Error(`Cannot start sshd for lab host ${host.ip}: ${SSHD} is missing (apt-get install openssh-server)`)
  }
  const dir = join(host.dir, 'sshd')
  const prefix = join(host.dir, 'root')
  const empty = join(host.dir, 'empty')
  for (const d of [dir, prefix, empty]) mkdirSync(d, { recursive: true, mode: 0o755 })
  const hostKey = join(dir, 'ssh_host_ed25519_key')
  if (!existsSync(hostKey)) await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', host.ip, '-f', hostKey])
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${client.key}.pub`), { mode: 0o600 })
  const config = join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      `ListenAddress ${host.ip}:22`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // The lab's folders belong to root but are not all 0755 up to /: sshd would refuse the key.
      'StrictModes no',
      `SetEnv SHOAL_PREFIX=${prefix}`,
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  )
  const hostPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ')
  const known = readFileSync(client.knownHosts, 'utf8')
  if (!known.includes(`${host.ip} ${hostPub}`)) writeFileSync(client.knownHosts, `${known}${host.ip} ${hostPub}\n`)
  const checkout = `/${ROOT.split('/')[1]}`
  const script = [
    'set -e',
    'mkdir -p /run/sshd',
    `mount --bind "$1" ${DOCKER_SOCKET}`,
    `mount --bind "$2" ${checkout}`,
    `exec ${SSHD} -D -e -f "$3"`,
  ].join('\n')
  const proc = spawnInNs(
    host.ns,
    `sshd ${host.ip}`,
    inPrivateMounts(script, ['sshd-lab', host.dockerSocket, empty, config]),
    host.log,
  )
  await waitFor(
    `sshd on ${host.ip}:22`,
    async () => {
      if (!proc.alive()) throw new WaitAborted(`Cannot start sshd on ${host.ip}: it exited; see ${host.log}`)
      return readFileSync(host.log, 'utf8').includes('Server listening on')
    },
    30_000,
    100,
  )
  return { proc, prefix }
}
