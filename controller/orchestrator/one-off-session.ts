// One attached one-off dyno from the controller's side: the attach stream to its host carries its output and exit
// code; its status (through OneOffs.ended) tells how it ended when the stream cannot — it never started, its host
// died, its time to live ran out. Whoever runs the session (the `shoal run` websocket, the release phase) removes the
// one-off when the session ends, which stops the dyno if it still runs.

import type { Clock } from '../../lib/clock.ts'
import type { AttachDialer, AttachHandle, AttachHandlers } from './attach-client.ts'
import type { OneOffEnd, OneOffRecord, OneOffs } from './one-offs.ts'

export interface SessionDeps {
  oneOffs: Pick<OneOffs, 'ended' | 'remove'>
  attach: AttachDialer
  clock: Clock
  /** After the status said the dyno ended, how long the stream may take to deliver its last output. Default 5 s. */
  graceMs?: number
}

export interface OneOffSession {
  readonly handle: AttachHandle
  /** How the dyno ended; the one-off is removed by then. */
  readonly result: Promise<OneOffEnd>
  /** Ends the session early (the client went away): the dyno is stopped. */
  cancel(): void
}

export function startSession(deps: SessionDeps, o: OneOffRecord, handlers: AttachHandlers): OneOffSession {
  let attached = false
  let cancel: () => void = () => {}
  const cancelled = new Promise<OneOffEnd>((resolve) => {
    cancel = () => resolve({ exitCode: 255, message: `${o.name} was stopped: the client went away` })
  })
  const handle = deps.attach(o.hostId, o.id, {
    ...handlers,
    onAttached: () => {
      attached = true
      handlers.onAttached()
    },
  })
  const sleep = (ms: number): Promise<null> => new Promise((resolve) => deps.clock.setTimeout(() => resolve(null), ms))
  const grace = deps.graceMs ?? 5000
  const viaStream = handle.done.then(
    (code): OneOffEnd => ({ exitCode: code, message: `Process exited with status ${code}` }),
  )
  const settle = async (): Promise<OneOffEnd> => {
    const first = await Promise.race([
      viaStream.then(
        (end) => ({ kind: 'stream' as const, end }),
        (err: unknown) => ({ kind: 'broken' as const, err }),
      ),
      deps.oneOffs.ended(o.id).then((end) => ({ kind: 'status' as const, end })),
      cancelled.then((end) => ({ kind: 'cancelled' as const, end })),
    ])
    if (first.kind === 'stream' || first.kind === 'cancelled') return first.end
    if (first.kind === 'status') {
      // The stream carries the last output and the same exit code; it never comes for a dyno that never attached.
      if (!attached) return first.end
      return (await Promise.race([viaStream.catch(() => null), sleep(grace)])) ?? first.end
    }
    // The stream broke or was refused: the status may still say how the dyno ended.
    const end = await Promise.race([deps.oneOffs.ended(o.id), sleep(grace)])
    const why = first.err instanceof Error ? first.err.message : String(first.err)
    return end ?? { exitCode: 255, message: why }
  }
  const result = settle().finally(async () => {
    handle.close()
    await deps.oneOffs.remove(o).catch(() => false)
  })
  return { handle, result, cancel: () => cancel() }
}
