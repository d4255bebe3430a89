// Serves PROTOCOL_ATTACH: a controller attaches to a one-off dyno's stdin, stdout and stderr. The stream carries
// one AttachRequest, then AttachInput frames one way and AttachOutput frames the other: `attached` when the dyno's
// process is let start, output as it happens, and last the exit code (or an error). Output is flow-controlled: when
// the controller reads slowly the container's streams pause, and the process blocks on its writes as on a pipe.

import type { Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import type { Clock } from '../../lib/clock.ts'
import type { Logger } from '../../lib/logger.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { AttachInputCodec, type AttachOutput, AttachOutputCodec, AttachRequestCodec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_ATTACH } from '../../proto/topics.ts'
import type { AttachBroker, AttachSession } from './attach-broker.ts'

export interface AttachServiceOptions {
  logger: Logger
  clock: Clock
  /** Only controllers may attach. */
  isController: (peer: string) => boolean
  /** The highest leader epoch this agent has seen: a request from an older one is refused. */
  epoch: () => number
  /** How long a request waits for its dyno's container (the release image may be built first). Default 15 min. */
  waitMs?: number
  /** After the exit, how long the last output may take to drain. Default 2 s. */
  drainMs?: number
}

const MAX_FRAME = 1024 * 1024
// Output frames queued for the controller before the container's streams are paused.
const HIGH_WATER = 32
const LOW_WATER = 8

export async function serveAttach(
  node: MeshLibp2p,
  broker: AttachBroker,
  options: AttachServiceOptions,
): Promise<void> {
  await node.handle(PROTOCOL_ATTACH, async (stream: Stream, connection) => {
    const peer = connection.remotePeer.toString()
    const lp = lpStream(stream, { maxDataLength: MAX_FRAME })
    const gone = new AbortController()
    stream.addEventListener('close', () => gone.abort(new Error('attach stream closed')))
    const out = new FrameQueue((frame) => lp.write(AttachOutputCodec.encode(frame)), gone)
    let dynoId = ''
    try {
      const req = AttachRequestCodec.decode((await lp.read({ signal: AbortSignal.timeout(10_000) })).subarray())
      dynoId = req.dynoId ?? ''
      if (!options.isController(peer)) {
        throw new ShoalError('FORBIDDEN', 'Cannot attach to a dyno: only a controller may attach')
      }
      if ((req.epoch ?? 0) < options.epoch()) {
        throw new ShoalError(
          'STALE_EPOCH',
          `Cannot attach to ${dynoId}: epoch ${req.epoch} is older than ${options.epoch()}`,
        )
      }
      const wait = AbortSignal.any([gone.signal, AbortSignal.timeout(options.waitMs ?? 15 * 60_000)])
      const session = await broker.waitForSession(dynoId, wait)
      if (session.taken) {
        throw new ShoalError('CONFLICT', `Cannot attach to ${dynoId}: another client has it, or it started without one`)
      }
      const drained = forwardOutput(session, out)
      const started = session.claim()
      // Queued before any output can exist: the process starts only now.
      out.send({ attached: true })
      void pumpInput(lp, session, gone.signal)
      await started
      const code = await session.exit
      let timer: { cancel(): void } | undefined
      await Promise.race([
        drained,
        new Promise<void>((r) => (timer = options.clock.setTimeout(r, options.drainMs ?? 2000))),
      ])
      timer?.cancel()
      out.send({ exited: true, exitCode: code })
    } catch (err) {
      const code = err instanceof ShoalError ? err.code : 'INTERNAL'
      const message = err instanceof Error ? err.message : String(err)
      if (code === 'INTERNAL') options.logger.warn({ dynoId, err }, 'attach failed')
      out.send({ code, message })
    }
    try {
      await out.flushed()
      await stream.close()
    } catch {
      stream.abort(new Error('attach stream broke'))
    }
  })
}

/** Frames go out strictly in order, each after the previous write settled; `pending` counts what is queued. */
class FrameQueue {
  readonly #write: (frame: AttachOutput) => Promise<void>
  readonly #gone: AbortController
  #tail: Promise<void> = Promise.resolve()
  pending = 0
  onLow: (() => void) | null = null

  constructor(write: (frame: AttachOutput) => Promise<void>, gone: AbortController) {
    this.#write = write
    this.#gone = gone
  }

  send(frame: AttachOutput): void {
    this.pending++
    this.#tail = this.#tail
      .then(() => (this.#gone.signal.aborted ? undefined : this.#write(frame)))
      .catch(() => this.#gone.abort(new Error('attach stream broke')))
      .finally(() => {
        this.pending--
        if (this.pending <= LOW_WATER) this.onLow?.()
      })
  }

  flushed(): Promise<void> {
    return this.#tail
  }
}

/** Sends stdout and stderr as they come; resolves when both ended. */
function forwardOutput(session: AttachSession, out: FrameQueue): Promise<void> {
  const { stdout, stderr } = session.streams
  let paused = false
  out.onLow = () => {
    if (!paused) return
    paused = false
    stdout.resume()
    stderr.resume()
  }
  const forward = (stream: NodeJS.ReadableStream, kind: 'stdout' | 'stderr'): Promise<void> =>
    new Promise((resolve) => {
      stream.on('data', (chunk: Buffer | string) => {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
        out.send(kind === 'stdout' ? { stdout: bytes } : { stderr: bytes })
        if (out.pending >= HIGH_WATER && !paused) {
          paused = true
          stdout.pause()
          stderr.pause()
        }
      })
      stream.once('end', () => resolve())
      stream.once('close', () => resolve())
      stream.once('error', () => resolve())
    })
  return Promise.all([forward(stdout, 'stdout'), forward(stderr, 'stderr')]).then(() => {})
}

/** Writes stdin frames into the container until eof; the controller going away is an eof too. */
async function pumpInput(lp: ReturnType<typeof lpStream>, session: AttachSession, gone: AbortSignal): Promise<void> {
  const stdin = session.streams.stdin
  try {
    for (;;) {
      const input = AttachInputCodec.decode((await lp.read({ signal: gone })).subarray())
      const bytes = input.stdin
      if (bytes && bytes.length > 0 && stdin?.writable) {
        if (!stdin.write(bytes)) await drainOrClose(stdin)
      }
      if (input.eof === true) break
    }
  } catch {
    // The stream ended or broke: the process reads end-of-file.
  }
  if (stdin?.writable) stdin.end()
}

function drainOrClose(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.removeListener('drain', done)
      stream.removeListener('close', done)
      stream.removeListener('error', done)
      resolve()
    }
    stream.once('drain', done)
    stream.once('close', done)
    stream.once('error', done)
  })
}
