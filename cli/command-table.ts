import type { Command } from './command.ts'

/**
 * Every command, by the module that defines it. main.ts imports only the module of the command it runs, so `shoal
 * apps` never loads libp2p, fastify or dockerode; help loads them all. test/unit/cli-main.test.ts checks that the
 * names here are exactly the names the modules define.
 */
export interface CommandModule {
  names: readonly string[]
  load(): Promise<Command[]>
}

export const commandTable: readonly CommandModule[] = [
  { names: ['up', 'down'], load: async () => (await import('./commands/up-commands.ts')).upCommands },
  {
    names: ['init', 'join-token', 'hosts'],
    load: async () => (await import('./commands/cluster-commands.ts')).clusterCommands,
  },
  {
    names: ['controller', 'agent', 'router'],
    load: async () => (await import('./commands/daemon-commands.ts')).daemonCommands,
  },
  {
    names: ['hosts:drain', 'hosts:undrain', 'hosts:label'],
    load: async () => (await import('./commands/hosts-commands.ts')).hostsCommands,
  },
  {
    names: ['hosts:add', 'hosts:remove'],
    load: async () => (await import('./commands/hosts-install-commands.ts')).hostsInstallCommands,
  },
  {
    names: ['cluster:upgrade'],
    load: async () => (await import('./commands/upgrade-commands.ts')).upgradeCommands,
  },
  {
    names: ['version', 'supervise', 'doctor'],
    load: async () => (await import('./commands/ops-commands.ts')).opsCommands,
  },
  { names: ['stack:build'], load: async () => [(await import('./commands/stack-commands.ts')).stackBuild] },
  {
    names: ['apps', 'apps:create', 'apps:info', 'apps:destroy'],
    load: async () => (await import('./commands/apps-commands.ts')).appsCommands,
  },
  {
    names: ['releases', 'rollback'],
    load: async () => (await import('./commands/releases-commands.ts')).releasesCommands,
  },
  {
    names: ['config', 'config:get', 'config:set', 'config:unset', 'config:rotate-key'],
    load: async () => (await import('./commands/config-commands.ts')).configCommands,
  },
  {
    names: ['deploy', 'git:remote', 'git:credentials'],
    load: async () => (await import('./commands/deploy-commands.ts')).deployCommands,
  },
  { names: ['logs'], load: async () => [(await import('./commands/logs-commands.ts')).logs] },
  {
    names: ['drains', 'drains:add', 'drains:remove'],
    load: async () => (await import('./commands/drains-commands.ts')).drainsCommands,
  },
  {
    names: ['labs', 'labs:enable', 'labs:disable'],
    load: async () => (await import('./commands/labs-commands.ts')).labsCommands,
  },
  { names: ['metrics:token'], load: async () => (await import('./commands/metrics-commands.ts')).metricsCommands },
  {
    names: ['ps', 'ps:scale', 'ps:type', 'ps:restart', 'ps:stop'],
    load: async () => (await import('./commands/ps-commands.ts')).psCommands,
  },
  {
    names: ['ps:autoscale', 'ps:autoscale:enable', 'ps:autoscale:disable', 'ps:concurrency'],
    load: async () => (await import('./commands/autoscale-commands.ts')).autoscaleCommands,
  },
  {
    names: ['controllers', 'store:export', 'store:import'],
    load: async () => (await import('./commands/ha-commands.ts')).haCommands,
  },
  { names: ['run', 'run:detached'], load: async () => (await import('./commands/run-commands.ts')).runCommands },
  {
    names: [
      'domains',
      'domains:add',
      'domains:remove',
      'domains:clear',
      'domains:wait',
      'maintenance',
      'maintenance:on',
      'maintenance:off',
    ],
    load: async () => (await import('./commands/domains-commands.ts')).domainsCommands,
  },
  {
    names: [
      'certs',
      'certs:add',
      'certs:info',
      'certs:remove',
      'certs:auto',
      'certs:auto:enable',
      'certs:auto:disable',
    ],
    load: async () => (await import('./commands/certs-commands.ts')).certsCommands,
  },
]

/** The command called NAME, loading only its module. */
export async function findCommand(name: string): Promise<Command | undefined> {
  const entry = commandTable.find((m) => m.names.includes(name))
  if (entry === undefined) return undefined
  return (await entry.load()).find((c) => c.name === name)
}

/** Every command in table order (loads every module: for help only). */
export async function allCommands(): Promise<Command[]> {
  return (await Promise.all(commandTable.map((m) => m.load()))).flat()
}
