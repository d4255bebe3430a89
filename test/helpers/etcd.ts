// A real etcd (Debian's etcd-server) for tests: members on loopback with free ports and temp data dirs, torn down
// by stop(). A member can be killed, restarted on the same ports and data, or frozen with SIGSTOP.

import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './processes.ts'
import { waitFor } from './wait-for.ts'

export interface EtcdMember {
  name: string
  clientPort: number
  peerPort: number
  dataDir: string
  /** `127.0.0.1:port` */
  endpoint: string
  process: ChildProcess | undefined
}

export interface EtcdCluster {
  members: EtcdMember[]
  /** `etcd://host:port,…/` for the shoal store with `prefix`. */
  url(prefix?: string): string
  /** SIGKILL of member i; resolves once it exited. */
  kill(i: number): Promise<void>
  /** Starts member i again on its ports and data; resolves once it answers /health. */
  restart(i: number): Promise<void>
  pause(i: number): void
  resume(i: number): void
  stop(): Promise<void>
}

export interface EtcdClusterOptions {
  members?: number
}

/**
 * The command line of one member of a new etcd cluster (`initial` = `name=http://peer,…` of every member). Fast
 * heartbeats and elections: the members share one machine, and tests want failover in about a second.
 */
export function etcdMemberArgs(m: {
  name: string
  dataDir: string
  clientUrl: string
  peerUrl: string
  initial: string
  token: string
}): string[] {
  return [
    `--name=${m.name}`,
    `--data-dir=${m.dataDir}`,
    `--listen-client-urls=${m.clientUrl}`,
    `--advertise-client-urls=${m.clientUrl}`,
    `--listen-peer-urls=${m.peerUrl}`,
    `--initial-advertise-peer-urls=${m.peerUrl}`,
    `--initial-cluster=${m.initial}`,
    '--initial-cluster-state=new',
    `--initial-cluster-token=${m.token}`,
    '--heartbeat-interval=50',
    '--election-timeout=500',
    // Clients' gRPC keep-alive pings may come this often (tests shorten them; etcd's default floor is 5 s).
    '--grpc-keepalive-min-time=500ms',
    '--logger=zap',
    '--log-level=error',
  ]
}

export async function startEtcd(options: EtcdClusterOptions = {}): Promise<EtcdCluster> {
  const count = options.members ?? 1
  const root = mkdtempSync(join(tmpdir(), 'shoal-etcd-'))
  const members: EtcdMember[] = []
  for (let i = 0; i < count; i++) {
    const clientPort = await freePort()
    const peerPort = await freePort()
    members.push({
      name: `m${i}`,
      clientPort,
      peerPort,
      dataDir: join(root, `m${i}`),
      endpoint: `127.0.0.1:${clientPort}`,
      process: undefined,
    })
  }
  const initialCluster = members.map((m) => `${m.name}=http://127.0.0.1:${m.peerPort}`).join(',')
  const launch = (m: EtcdMember): void => {
    const child = spawn(
      'etcd',
      etcdMemberArgs({
        name: m.name,
        dataDir: m.dataDir,
        clientUrl: `http://127.0.0.1:${m.clientPort}`,
        peerUrl: `http://127.0.0.1:${m.peerPort}`,
        initial: initialCluster,
        token: root,
      }),
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    child.on('exit', (code, signal) => {
      if (m.process === child) m.process = undefined
      if (code !== 0 && code !== null && signal === null)
        process.stderr.write(`etcd ${m.name} exited ${code}: ${stderr}\n`)
    })
    m.process = child
  }
  const healthy = async (m: EtcdMember): Promise<void> => {
    const exited = new Error(`etcd ${m.name} exited before it was healthy`)
    await waitFor(
      `etcd ${m.name} healthy`,
      async () => {
        if (m.process === undefined) throw exited
        // Not listening yet: a failed fetch counts as "not yet".
        const res = await fetch(`http://${m.endpoint}/health`, { signal: AbortSignal.timeout(1000) })
        return ((await res.json()) as { health?: string }).health === 'true'
      },
      { timeoutMs: 30_000, intervalMs: 100, fatal: (err) => err === exited },
    )
  }
  const kill = async (i: number): Promise<void> => {
    const m = members[i]
    const child = m?.process
    if (m === undefined || child === undefined) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGCONT')
    child.kill('SIGKILL')
    await exited
  }
  const cluster: EtcdCluster = {
    members,
    url: (prefix = 'shoal/') => `etcd://${members.map((m) => m.endpoint).join(',')}/${prefix}`,
    kill,
    restart: async (i) => {
      const m = members[i]
      if (m === undefined) throw new Error(`no etcd member ${i}`)
      await kill(i)
      launch(m)
      await healthy(m)
    },
    pause: (i) => {
      members[i]?.process?.kill('SIGSTOP')
    },
    resume: (i) => {
      members[i]?.process?.kill('SIGCONT')
    },
    stop: async () => {
      for (let i = 0; i < members.length; i++) await kill(i)
      rmSync(root, { recursive: true, force: true })
    },
  }
  try {
    for (const m of members) launch(m)
    // A multi-member cluster is healthy only once a quorum has started, so launch all before waiting.
    await Promise.all(members.map(healthy))
  } catch (err) {
    await cluster.stop()
    throw err
  }
  return cluster
}
