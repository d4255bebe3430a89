import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statfsSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { dirname } from 'node:path'
import { wireCompatible } from '../lib/version.ts'
import { decodeJoinToken } from '../mesh/join-token.ts'
import type { HostView } from '../proto/api.ts'

/** One line of `shoal doctor`: a problem has ok false and says what to do. */
export interface Finding {
  check: string
  ok: boolean
  detail: string
}

/** What the checks read from the machine and the cluster; tests pass fakes. */
export interface DoctorProbes {
  roles: Array<'controller' | 'agent' | 'router'>
  now(): number
  dockerPing(): Promise<string>
  haproxyVersion(): string | undefined
  /** Free and total bytes of the file system holding PATH. */
  disk(path: string): { free: number; total: number }
  /** true when a TCP connection to HOST:PORT opens within the timeout. */
  tcp(host: string, port: number): Promise<boolean>
  /** The controller's clock (its Date header) and version, or why it could not be asked. */
  controller(): Promise<{ dateMs: number; version: string; hosts: HostView[] } | string>
  joinToken(): string | undefined
  listen(role: 'router' | 'controller'): string | undefined
  cliVersion: string
}

const MAX_SKEW_MS = 2000
const MIN_FREE_BYTES = 5 * 1024 ** 3

export async function runChecks(p: DoctorProbes): Promise<Finding[]> {
  const out: Finding[] = []
  const add = (check: string, ok: boolean, detail: string): void => {
    out.push({ check, ok, detail })
  }
  if (p.roles.includes('agent')) {
    try {
      add('engine', true, `Docker ${await p.dockerPing()} answers`)
    } catch (err) {
      add('engine', false, `the Docker engine does not answer (${(err as Error).message}): systemctl start docker`)
    }
  }
  if (p.roles.includes('router')) {
    const v = p.haproxyVersion()
    add(
      'haproxy',
      v !== undefined,
      v === undefined ? 'haproxy is not installed: apt-get install haproxy' : `HAProxy ${v}`,
    )
  }
  for (const role of ['router', 'controller'] as const) {
    const listen = p.roles.includes(role) ? p.listen(role) : undefined
    if (listen === undefined) continue
    const m = /^(.*):(\d+)$/.exec(listen)
    if (m === null) continue
    const host = m[1] === '0.0.0.0' || m[1] === '' ? '127.0.0.1' : (m[1] as string)
    const open = await p.tcp(host, Number(m[2]))
    add(
      'ports',
      open,
      open ? `${role} listens on ${listen}` : `nothing listens on ${listen} (${role}): is shoal-${role} running?`,
    )
  }
  const d = p.disk('/var/lib/shoal')
  const pct = d.total === 0 ? 0 : Math.round((d.free / d.total) * 100)
  add(
    'disk',
    d.free >= MIN_FREE_BYTES && pct >= 10,
    `${(d.free / 1024 ** 3).toFixed(1)} GB free (${pct}%) for /var/lib/shoal${d.free < MIN_FREE_BYTES || pct < 10 ? ': slugs and images need room' : ''}`,
  )
  const token = p.joinToken()
  if (token !== undefined) {
    let controllers: string[] = []
    try {
      controllers = decodeJoinToken(token).controllers
    } catch {
      add('token', false, 'the join token in /etc/shoal is malformed: reinstall with a fresh shoal join-token')
    }
    for (const addr of controllers) {
      const m = /^\/ip[46]\/([^/]+)\/tcp\/(\d+)/.exec(addr)
      if (m === null) continue
      const open = await p.tcp(m[1] as string, Number(m[2]))
      add(
        'mesh',
        open,
        open
          ? `controller mesh ${m[1]}:${m[2]} reachable`
          : `controller mesh ${m[1]}:${m[2]} unreachable: firewall or controller down`,
      )
    }
  }
  const c = await p.controller()
  if (typeof c === 'string') {
    add('api', false, `the controller API is not reachable: ${c}`)
    return out
  }
  add('api', true, `controller ${c.version} answers`)
  const skew = p.now() - c.dateMs
  add(
    'clock',
    Math.abs(skew) <= MAX_SKEW_MS,
    `${(Math.abs(skew) / 1000).toFixed(1)} s ${skew >= 0 ? 'ahead of' : 'behind'} the controller${Math.abs(skew) > MAX_SKEW_MS ? ': run NTP (chrony or systemd-timesyncd)' : ''}`,
  )
  add(
    'versions',
    wireCompatible(p.cliVersion, c.version),
    `cli ${p.cliVersion}, controller ${c.version}${wireCompatible(p.cliVersion, c.version) ? '' : ': outside the wire-compatibility rule, upgrade the older one'}`,
  )
  for (const h of c.hosts) {
    if (h.state !== 'alive') add('hosts', false, `${h.hostname} (${h.id.slice(-12)}) is ${h.state}`)
    if (h.version !== '' && !wireCompatible(h.version, c.version))
      add('versions', false, `${h.hostname} runs ${h.version}, controller ${c.version}: upgrade it (cluster:upgrade)`)
  }
  if (c.hosts.every((h) => h.state === 'alive')) add('hosts', true, `${c.hosts.length} hosts alive`)
  return out
}

/** The probes of this machine (docker socket, haproxy binary, statfs, TCP, the CLI's API credentials). */
export function systemProbes(options: {
  roles: DoctorProbes['roles']
  dockerSocket: string
  etc: string
  cliVersion: string
  controller: DoctorProbes['controller']
}): DoctorProbes {
  const readJson = (file: string): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    } catch {
      return undefined
    }
  }
  return {
    roles: options.roles,
    cliVersion: options.cliVersion,
    now: () => Date.now(),
    dockerPing: () =>
      new Promise((resolve, reject) => {
        const req = request({ socketPath: options.dockerSocket, path: '/version', timeout: 5000 }, (res) => {
          let body = ''
          res.on('data', (b: Buffer) => {
            body += b.toString()
          })
          res.on('end', () => {
            try {
              resolve(String((JSON.parse(body) as { Version?: string }).Version ?? 'engine'))
            } catch {
              reject(new Error(`unexpected answer ${res.statusCode}`))
            }
          })
        })
        req.once('timeout', () => req.destroy(new Error('timed out')))
        req.once('error', reject)
        req.end()
      }),
    haproxyVersion: () => {
      const r = spawnSync('haproxy', ['-v'], { encoding: 'utf8' })
      return r.status === 0 ? (/version (\S+)/.exec(r.stdout)?.[1] ?? 'present') : undefined
    },
    disk: (path) => {
      let p = path
      while (!existsSync(p) && p !== '/') p = dirname(p)
      const s = statfsSync(p)
      return { free: s.bavail * s.bsize, total: s.blocks * s.bsize }
    },
    tcp: (host, port) =>
      new Promise((resolve) => {
        const socket = connect({ host, port, timeout: 3000 })
        const done = (ok: boolean): void => {
          socket.destroy()
          resolve(ok)
        }
        socket.once('connect', () => done(true))
        socket.once('timeout', () => done(false))
        socket.once('error', () => done(false))
      }),
    controller: options.controller,
    joinToken: () => {
      for (const role of ['agent', 'router']) {
        try {
          const m = /^SHOAL_JOIN_TOKEN=(.+)$/m.exec(readFileSync(`${options.etc}/${role}.env`, 'utf8'))
          if (m !== null) return (m[1] as string).trim()
        } catch {}
      }
      return process.env['SHOAL_JOIN_TOKEN']
    },
    listen: (role) => {
      const c = readJson(`${options.etc}/${role}.json`)
      const key = role === 'router' ? 'http' : 'api-listen'
      return typeof c?.[key] === 'string' ? (c[key] as string) : undefined
    },
  }
}
