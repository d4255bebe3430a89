import { SHOAL_VERSION } from '../../lib/version.ts'
import type { ClusterInfo, HostsResponse } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient } from '../api-client.ts'
import { bool, str } from '../args.ts'
import { readConfig } from '../cli-config.ts'
import { type Command, jsonFlag, printJson } from '../command.ts'

export const version: Command = {
  name: 'version',
  summary: "print this CLI's version and the controller's (when the CLI has credentials and the API answers)",
  flags: { json: jsonFlag },
  async run(args) {
    let controller: string | null = null
    let why = ''
    try {
      controller = (await new ApiClient(readConfig()).get<ClusterInfo>('/v1/cluster', 'get the cluster')).version
    } catch (err) {
      why = err instanceof Error ? err.message : String(err)
    }
    if (bool(args, 'json')) {
      printJson({ cli: SHOAL_VERSION, controller })
      return 0
    }
    console.log(`cli:        ${SHOAL_VERSION}`)
    console.log(`controller: ${controller ?? `unknown (${why})`}`)
    return 0
  },
}

export const supervise: Command = {
  name: 'supervise',
  summary: "run a systemd unit's ExecStart with its EnvironmentFile, restarting it (where systemd is not PID 1)",
  usage: 'UNIT-FILE',
  flags: { 'pid-file': { type: 'string', description: 'write this process id here while it runs' } },
  async run(args) {
    const file = args.positionals[0]
    if (file === undefined) throw new ShoalError('INVALID_INPUT', 'Cannot run supervise: no unit file given')
    const { superviseUnit } = await import('../unit-supervisor.ts')
    return superviseUnit(file, str(args, 'pid-file'), (line) => console.error(line))
  },
}

export const doctor: Command = {
  name: 'doctor',
  summary:
    'check this host: engine, haproxy, ports, disk, controller reachability, clock skew, versions (one line per problem)',
  flags: {
    roles: {
      type: 'string',
      description: 'roles to check for (default: those installed in /etc/shoal, else agent,router)',
    },
    'docker-socket': { type: 'string', description: 'Docker engine socket (default /var/run/docker.sock)' },
    etc: { type: 'string', description: "the installer's config folder (default /etc/shoal)" },
    json: jsonFlag,
  },
  async run(args) {
    const { runChecks, systemProbes } = await import('../doctor.ts')
    const { existsSync } = await import('node:fs')
    const etc = str(args, 'etc') ?? '/etc/shoal'
    const all = ['controller', 'agent', 'router'] as const
    const given = str(args, 'roles')?.split(',')
    const roles = (given ?? all.filter((r) => existsSync(`${etc}/${r}.json`))).filter((r): r is (typeof all)[number] =>
      (all as readonly string[]).includes(r),
    )
    const findings = await runChecks(
      systemProbes({
        roles: roles.length > 0 ? roles : ['agent', 'router'],
        dockerSocket: str(args, 'docker-socket') ?? '/var/run/docker.sock',
        etc,
        cliVersion: SHOAL_VERSION,
        controller: async () => {
          try {
            const client = new ApiClient(readConfig())
            const { pinnedRequest } = await import('../../lib/pinned-tls.ts')
            const health = await pinnedRequest(new URL('/healthz', client.config.apiUrl), client.config.fingerprint, {
              timeoutMs: 5000,
            })
            health.resume()
            const dateMs = Date.parse(String(health.headers.date ?? ''))
            const info = await client.get<ClusterInfo>('/v1/cluster', 'get the cluster')
            const hosts = (await client.get<HostsResponse>('/v1/hosts', 'list hosts')).hosts
            return { dateMs, version: info.version, hosts }
          } catch (err) {
            return err instanceof Error ? err.message : String(err)
          }
        },
      }),
    )
    if (bool(args, 'json')) printJson(findings)
    else for (const f of findings) console.log(`${f.ok ? 'ok  ' : 'FAIL'}  ${f.check.padEnd(8)} ${f.detail}`)
    const problems = findings.filter((f) => !f.ok).length
    if (!bool(args, 'json')) console.log(problems === 0 ? 'No problems found.' : `${problems} problem(s) found.`)
    return problems === 0 ? 0 : 1
  },
}

export const opsCommands: Command[] = [version, supervise, doctor]
