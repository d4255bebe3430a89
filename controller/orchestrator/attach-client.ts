// The controller's end of PROTOCOL_ATTACH: dials the one-off's host, asks for the dyno, then relays stdin to it and
// its output back as it comes. The agent holds the process until this attach arrives, so no output is missed.

import type { Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { AttachInputCodec, AttachOutputCodec, AttachRequestCodec } from '../../proto/codec.ts'
import { isErrorCode, ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_ATTACH } from '../../proto/topics.ts'

export interface AttachHandlers {
  /** The agent connected the streams and lets the process start (Heroku's "up"). */
  onAttached(): void
  onStdout(bytes: Uint8Array): void
  onStderr(bytes: Uint8Array): void
}

export interface AttachHandle {
  /** Sends stdin bytes (in order); resolves once they are handed to the stream. */
  write(bytes: Uint8Array): Promise<void>
  /** No more stdin: the process reads end-of-file. */
  end(): Promise<void>
  /** Stops reading output until resume() (the client is slow); the agent's side then pauses the process's output. */
  pause(): void
  resume(): void
  /** The exit code; rejects with a ShoalError when the attach failed or the stream broke. */
  readonly done: Promise<number>
  /** Drops the stream (the client went away). */
  close(): void
}

export type AttachDialer = (hostId: string, dynoId: string, handlers: AttachHandlers) => AttachHandle

const MAX_FRAME = 1024 * 1024

/** Attaches over the mesh; `epoch` fences the request like a desired state. */
export function meshAttach(node: MeshLibp2p, epoch: () => number): AttachDialer {
  return (hostId, dynoId, handlers) => {
    const closed = new AbortController()
    let stream: Stream | undefined
    const opened = (async () => {
      const s = await node.dialProtocol(peerIdFromString(hostId), PROTOCOL_ATTACH, {
        signal: AbortSignal.any([closed.signal, AbortSignal.timeout(30_000)]),
      })
      stream = s
      const lp = lpStream(s, { maxDataLength: MAX_FRAME })
      await lp.write(AttachRequestCodec.encode({ dynoId, epoch: epoch() }))
      return { s, lp }
    })()
    opened.catch(() => {})
    // Writes go out strictly in order, each after the previous one settled.
    let writing: Promise<void> = Promise.resolve()
    let ended = false
    const send = (frame: Parameters<typeof AttachInputCodec.encode>[0]): Promise<void> => {
      const next = writing.then(async () => {
        const { lp } = await opened
        await lp.write(AttachInputCodec.encode(frame), { signal: closed.signal })
      })
      writing = next.catch(() => {})
      return next
    }
    const done = (async (): Promise<number> => {
      let conn: Awaited<typeof opened>
      try {
        conn = await opened
      } catch (err) {
        throw new ShoalError('UNAVAILABLE', `Cannot attach to the dyno: its host is unreachable (${message(err)})`)
      }
      try {
        for (;;) {
          const frame = AttachOutputCodec.decode((await conn.lp.read({ signal: closed.signal })).subarray())
          if (frame.attached === true) handlers.onAttached()
          if (frame.stdout !== null && frame.stdout !== undefined && frame.stdout.length > 0) {
            handlers.onStdout(frame.stdout)
          }
          if (frame.stderr !== null && frame.stderr !== undefined && frame.stderr.length > 0) {
            handlers.onStderr(frame.stderr)
          }
          if (frame.exited === true) {
            await conn.s.close().catch(() => {})
            return frame.exitCode ?? 0
          }
          if (frame.code) {
            await conn.s.close().catch(() => {})
            throw new ShoalError(isErrorCode(frame.code) ? frame.code : 'INTERNAL', frame.message || 'attach failed')
          }
        }
      } catch (err) {
        conn.s.abort(err instanceof Error ? err : new Error(String(err)))
        if (err instanceof ShoalError) throw err
        throw new ShoalError('UNAVAILABLE', `Cannot follow the dyno: the stream to its host broke (${message(err)})`)
      }
    })()
    done.catch(() => {})
    return {
      write: (bytes) => (ended ? Promise.resolve() : send({ stdin: bytes })),
      end: () => {
        if (ended) return writing
        ended = true
        return send({ eof: true })
      },
      pause: () => stream?.pause(),
      resume: () => stream?.resume(),
      done,
      close: () => {
        closed.abort(new Error('attach closed'))
        stream?.abort(new Error('attach closed'))
      },
    }
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
