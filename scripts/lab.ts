// A live lab to poke at by hand: `npm run lab -- --hosts 3` brings up N shoal hosts (network namespaces with their
// own Docker engine, agent and router) and a controller, prints how to reach them, and tears everything down on
// Ctrl-C. `npm run lab -- --cleanup` removes what a crashed lab left behind. Needs root.

import { parseArgs } from 'node:util'
import { createLab, type Lab } from '../test/lab/lab.ts'
import { cleanupLeftovers } from '../test/lab/lab-cleanup.ts'
import { SHOAL } from '../test/lab/lab-daemons.ts'

const USAGE = `Usage: npm run lab -- [--hosts N] [--preload-stack] [--router-timeout MS] [--domain D] [--keep-logs]
       npm run lab -- --cleanup`

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`

async function describe(lab: Lab): Promise<string> {
  const cli = `SHOAL_CONFIG=${lab.env.SHOAL_CONFIG} nsenter --net=/run/netns/${lab.controllerNs} -- ${SHOAL}`
  const first = lab.hosts[0]
  const lines = [
    '',
    `Lab ${lab.id} is up: ${lab.hosts.length} hosts on ${lab.subnet} (created in ${(lab.timings.createMs / 1000).toFixed(1)} s)`,
    '',
    `  switch      ${lab.switchNs} (bridge br0)`,
    `  controller  ${lab.controllerNs}  ${lab.controllerIp}  API ${lab.apiUrl}`,
  ]
  for (const h of lab.hosts) {
    const m = await lab.memory(h.index)
    lines.push(
      `  host ${h.index}      ${h.ns}  ${h.ip}  router ${h.routerUrl}  docker unix://${h.dockerSocket}  ` +
        `(${mb(m.total)}: dockerd ${mb(m.dockerd)}, containerd ${mb(m.containerd)}, agent ${mb(m.agent)}, router ${mb(m.router)})`,
    )
  }
  lines.push(
    '',
    'The root namespace has no route into the lab: run clients inside a lab namespace.',
    '',
    '  # the CLI, from the controller namespace',
    `  ${cli} hosts`,
    `  ${cli} apps:create demo`,
    '',
    '  # a request through host 1 router, from inside host 1',
    `  nsenter --net=/run/netns/${first?.ns} -- curl -s -H 'Host: ${lab.appHost('demo')}' ${first?.routerUrl}/`,
    '',
    '  # a shell inside host 1 (its Docker engine: docker -H unix://SOCKET ps)',
    `  nsenter --net=/run/netns/${first?.ns} -- bash`,
    '',
    `  logs: /var/lib/shoal-lab/${lab.id}/logs/`,
    '',
    'Ctrl-C tears the lab down.',
  )
  return lines.join('\n')
}

async function main(): Promise<number> {
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse().values
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`)
    return 2
  }
  if (values.cleanup === true) {
    const removed = await cleanupLeftovers()
    console.log(removed.length === 0 ? 'No lab leftovers' : `Removed labs ${removed.join(', ')}`)
    return 0
  }
  const hosts = Number(values.hosts ?? '3')
  const routerTimeout = values['router-timeout']
  // One signal handler for the whole run: during bring-up it aborts (createLab tears down what it started),
  // afterwards it ends the wait below.
  const stop = new AbortController()
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        stop.abort(new Error(`${sig} during bring-up`))
        resolve(sig)
      })
    }
  })
  const lab = await createLab({
    hosts,
    handleSignals: false,
    signal: stop.signal,
    preloadStack: values['preload-stack'] === true,
    ...(routerTimeout === undefined ? {} : { routerTimeoutMs: Number(routerTimeout) }),
    ...(values.domain === undefined ? {} : { domain: values.domain }),
    onProgress: (line) => console.log(line),
  })
  console.log(await describe(lab))
  // The lab's daemons are detached and unreferenced: this timer is what keeps the script waiting for Ctrl-C.
  const waiting = setInterval(() => {}, 60_000)
  const signal = await stopped
  clearInterval(waiting)
  console.log(`\n${signal}: tearing lab ${lab.id} down`)
  const { ms, logs } = await lab.destroy({ keepLogs: values['keep-logs'] === true })
  console.log(
    `Lab ${lab.id} removed in ${(ms / 1000).toFixed(1)} s${logs === undefined ? '' : `; logs kept in ${logs}`}`,
  )
  return 0
}

function parse() {
  return parseArgs({
    options: {
      hosts: { type: 'string' },
      'preload-stack': { type: 'boolean' },
      'router-timeout': { type: 'string' },
      domain: { type: 'string' },
      'keep-logs': { type: 'boolean' },
      cleanup: { type: 'boolean' },
    },
  })
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err))
    process.exitCode = 1
  },
)
