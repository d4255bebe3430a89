// Heroku's stop: SIGTERM to every process of the dyno (the init forwards it to the process group), a grace period,
// then SIGKILL with R12 for whatever is left. The grace is timed with the injected clock; Docker's own stop timeout
// would hide whether it had to kill.

import type { Clock } from '../../lib/clock.ts'
import type { DockerClient } from '../docker/docker-client.ts'
import { DYNO_MESSAGES } from './dyno-messages.ts'

export interface GracefulStop {
  docker: Pick<DockerClient, 'killContainer'>
  clock: Clock
  id: string
  /** settles with the exit code once the container's process has exited */
  exit: Promise<number>
  graceMs: number
  system: (message: string) => void
}

export async function stopGracefully(o: GracefulStop): Promise<{ code: number; killed: boolean }> {
  o.system(DYNO_MESSAGES.sigterm)
  await o.docker.killContainer(o.id, 'SIGTERM')
  let timer: { cancel(): void } | undefined
  const grace = new Promise<'timeout'>((r) => {
    timer = o.clock.setTimeout(() => r('timeout'), o.graceMs)
  })
  const first = await Promise.race([o.exit, grace])
  timer?.cancel()
  const killed = first === 'timeout'
  if (killed) {
    o.system(DYNO_MESSAGES.r12(Math.round(o.graceMs / 1000)))
    o.system(DYNO_MESSAGES.sigkill)
    await o.docker.killContainer(o.id, 'SIGKILL')
  }
  const code = await o.exit
  o.system(DYNO_MESSAGES.exited(code))
  return { code, killed }
}
