// Puts the stack image into lab hosts' engines from the machine's cached rootfs tarball, so lab hosts never run
// debootstrap (they have no route out of the lab anyway). The first host goes through buildStack, which takes the
// build lock and makes the tarball if the cache lacks it; the others then import that tarball two at a time.
// Measured on the 2-core machine, 3 hosts: one import alone ~12 s; two at a time 49 s for all three, one at a
// time 61 s; `docker save | docker load` from host 1 was slower still (17-22 s each). Talks to each engine over
// its unix socket from here (a file, not the network).

import { createReadStream } from 'node:fs'
import { createDockerClient } from '../../agent/docker/docker-client.ts'
import { buildStack, resolveStack, stackImageChanges, stackTarballPath } from '../../agent/stack/stack-builder.ts'
import { silentLogger } from '../../lib/logger.ts'

export interface StackPreload {
  tag: string
  /** host → ms its import took (0 when the image was already there) */
  ms: Record<number, number>
}

export async function preloadStack(
  hosts: ReadonlyArray<{ index: number; dockerSocket: string }>,
  stackDir: string,
  parallel = 2,
): Promise<StackPreload> {
  const ms: Record<number, number> = {}
  const [first, ...rest] = hosts
  if (first === undefined) return { tag: (await resolveStack()).tag, ms }
  const started = performance.now()
  const built = await buildStack({
    docker: createDockerClient(first.dockerSocket),
    workDir: stackDir,
    logger: silentLogger,
  })
  ms[first.index] = Math.round(performance.now() - started)
  const id = await resolveStack()
  const tarball = stackTarballPath(stackDir, id.version)
  const queue = [...rest]
  const worker = async (): Promise<void> => {
    for (let h = queue.shift(); h !== undefined; h = queue.shift()) {
      const docker = createDockerClient(h.dockerSocket)
      const begin = performance.now()
      if (!(await docker.imageExists(built.tag))) {
        await docker.importImage(createReadStream(tarball), built.tag, { changes: stackImageChanges(id) })
      }
      ms[h.index] = Math.round(performance.now() - begin)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker))
  return { tag: built.tag, ms }
}
