// A dyno's exit code, from Docker's wait; a wait that breaks (engine restart, dropped connection) is asked again
// rather than mistaken for an exit.

import type { Clock } from '../../lib/clock.ts'
import type { DockerClient } from '../docker/docker-client.ts'

export type ExitDocker = Pick<DockerClient, 'waitContainer' | 'inspectContainer'>

/** Exit code of a started container; -1 once `signal` aborts (the watcher let go, the container is untouched). */
export async function watchExit(
  docker: ExitDocker,
  clock: Clock,
  id: string,
  signal: AbortSignal,
  onRetry: (err: unknown) => void = () => {},
): Promise<number> {
  for (;;) {
    try {
      return (await docker.waitContainer(id, { condition: 'not-running', signal })).exitCode
    } catch (err) {
      if (signal.aborted) return -1
      const state = await docker.inspectContainer(id).catch(() => undefined)
      if (state === null) return 255 // removed behind our back
      if (state !== undefined && !state.running && state.status !== 'created') return state.exitCode ?? 255
      onRetry(err)
      await new Promise<void>((r) => clock.setTimeout(r, 1000))
    }
  }
}
