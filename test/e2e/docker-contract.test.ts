// The Docker contract (test/unit/docker-contract.ts) against the real engine, with containers of the stack image:
// whatever the fake used by the unit tests promises, dockerd does too.
import { createDockerClient } from '../../agent/docker/docker-client.ts'
import { buildStack } from '../../agent/stack/stack-builder.ts'
import { DEFAULT_STACK_DIR } from '../../agent/stack/stack-main.ts'
import { silentLogger } from '../../lib/logger.ts'
import { dockerContract } from '../unit/docker-contract.ts'

const COMMANDS = {
  serves: ['sleep', '600'],
  'ignores-term': ['bash', '-c', 'trap "" TERM; while true; do sleep 0.1; done'],
  exits: ['bash', '-c', 'echo out; echo err >&2; exit 3'],
}

dockerContract(
  'dockerd',
  async () => {
    const docker = createDockerClient()
    const stack = await buildStack({
      docker,
      workDir: process.env['SHOAL_STACK_DIR'] ?? DEFAULT_STACK_DIR,
      logger: silentLogger,
    })
    const labels = { 'shoal.contract': `dockerd-${process.pid}` }
    return {
      docker,
      // Docker's init as PID 1 forwards signals, as for dynos; no network, like the other engine tests.
      spec: (kind, name, l) => ({
        image: stack.tag,
        name,
        labels: l,
        cmd: COMMANDS[kind],
        init: true,
        network: { mode: 'none' },
      }),
      started: () => {},
      cleanup: async () => {
        for (const c of await docker.listContainers(labels)) await docker.removeContainer(c.id, { force: true })
      },
    }
  },
  { timeout: 20 * 60_000 },
)
