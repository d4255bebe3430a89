// One Docker engine per lab host, started inside the host's namespace. It has no default bridge (docker0); the
// agent creates the dyno bridge network, and dockerd's iptables rules (NAT for published ports, DOCKER-USER) and
// the agent's own chains land in the host's namespace only, like on a real machine (test/e2e/lab-isolation checks
// that). dockerd starts its own containerd (state under the exec root), so each lab host has an engine of its own.

import { mkdirSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import type { HostDirs } from './lab-paths.ts'
import { type LabProcess, spawnInNs, WaitAborted, waitFor } from './lab-shell.ts'

export function dockerdArgs(dirs: HostDirs): string[] {
  return [
    'dockerd',
    ...['--data-root', dirs.dockerData],
    ...['--exec-root', dirs.dockerExec],
    ...['-H', `unix://${dirs.dockerSocket}`],
    ...['--pidfile', dirs.dockerPid],
    '--bridge=none',
    '--iptables=true',
    '--ip6tables=false',
    // Containers' cgroups under a lab-named parent, so teardown can find and remove them.
    `--cgroup-parent=${dirs.cgroupParent}`,
  ]
}

export function startDockerd(ns: string, dirs: HostDirs, logDir: string, name: string): LabProcess {
  mkdirSync(dirs.dockerData, { recursive: true })
  mkdirSync(dirs.dockerExec, { recursive: true })
  return spawnInNs(ns, name, dockerdArgs(dirs), join(logDir, `${name}.log`))
}

/** GET /_ping over the engine's unix socket (a file, not the network: this works from the root namespace). */
export function pingDocker(socket: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
    req.end()
  })
}

export async function waitForDocker(proc: LabProcess, socket: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `dockerd (${proc.name}) to answer on ${socket}`,
    async () => {
      if (!proc.alive()) throw new WaitAborted(`Cannot start dockerd (${proc.name}): it exited; see ${proc.log}`)
      return pingDocker(socket)
    },
    timeoutMs,
    100,
  )
}
