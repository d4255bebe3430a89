import type { Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { Logger } from '../../lib/logger.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { BuildEventCodec, type BuildRequest, BuildRequestCodec, type BuildResult } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_BUILD } from '../../proto/topics.ts'

export type BuildRunner = (
  req: BuildRequest,
  onLog: (line: string) => void,
  signal: AbortSignal,
) => Promise<BuildResult>

/**
 * Serves PROTOCOL_BUILD: one BuildRequest in, BuildEvent frames out (each log line as it happens, then the result).
 * Only the controllers (isTrusted) may start builds; builds run one at a time per host so a deploy storm cannot
 * exhaust a host's memory (CapRover's #1399).
 */
export async function serveBuilds(
  node: MeshLibp2p,
  run: BuildRunner,
  options: { logger: Logger; isTrusted: (peer: string) => boolean },
): Promise<void> {
  let queue: Promise<unknown> = Promise.resolve()
  await node.handle(PROTOCOL_BUILD, async (stream: Stream, connection) => {
    const lp = lpStream(stream, { maxDataLength: 4 * 1024 * 1024 })
    const abort = new AbortController()
    stream.addEventListener('close', () => abort.abort(new Error('build stream closed')))
    // Frames go out strictly in order, each after the previous write settled.
    let writing: Promise<void> = Promise.resolve()
    const send = (event: Parameters<typeof BuildEventCodec.encode>[0]): void => {
      writing = writing
        .then(() => lp.write(BuildEventCodec.encode(event)))
        .catch(() => abort.abort(new Error('build stream broke')))
    }
    let result: BuildResult
    try {
      const req = BuildRequestCodec.decode((await lp.read({ signal: AbortSignal.timeout(10_000) })).subarray())
      if (!options.isTrusted(connection.remotePeer.toString())) {
        throw new ShoalError('FORBIDDEN', 'Cannot build: only a controller may start builds')
      }
      const mine = queue.then(() => run(req, (line) => send({ log: line }), abort.signal))
      queue = mine.catch(() => {})
      result = await mine
    } catch (err) {
      const code = err instanceof ShoalError ? err.code : 'INTERNAL'
      const message = err instanceof Error ? err.message : String(err)
      if (code === 'INTERNAL') options.logger.warn({ err }, 'build failed')
      result = { ok: false, code, message }
    }
    try {
      await writing
      await lp.write(BuildEventCodec.encode({ result }))
      await stream.close()
    } catch {
      stream.abort(new Error('build stream broke'))
    }
  })
}
