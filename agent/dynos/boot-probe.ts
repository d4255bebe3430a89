// Heroku's R10 rule: a web dyno has `timeoutMs` to accept connections on its PORT. Polls the port until it does,
// the process exits first, the time is up, or the caller cancels.

import type { Clock, Timer } from '../../lib/clock.ts'
import type { ProbePort } from './port-probe.ts'

export type BootOutcome = 'up' | 'exited' | 'timeout' | 'cancelled'

export interface BootProbeOptions {
  clock: Clock
  probePort: ProbePort
  host: string
  port: number
  /** time left for the boot */
  timeoutMs: number
  intervalMs: number
  /** settles when the dyno's process exits */
  exit: Promise<unknown>
  signal: AbortSignal
}

export function waitForBoot(o: BootProbeOptions): Promise<BootOutcome> {
  const probing = new AbortController()
  return new Promise<BootOutcome>((resolve) => {
    let done = false
    let next: Timer | undefined
    const finish = (r: BootOutcome) => {
      if (done) return
      done = true
      deadline.cancel()
      next?.cancel()
      probing.abort()
      o.signal.removeEventListener('abort', onCancel)
      resolve(r)
    }
    const onCancel = () => finish('cancelled')
    const deadline = o.clock.setTimeout(() => finish('timeout'), Math.max(0, o.timeoutMs))
    o.exit.then(
      () => finish('exited'),
      () => finish('exited'),
    )
    if (o.signal.aborted) return finish('cancelled')
    o.signal.addEventListener('abort', onCancel, { once: true })
    const again = () => {
      if (!done) next = o.clock.setTimeout(tick, o.intervalMs)
    }
    const tick = () => {
      if (done) return
      o.probePort(o.host, o.port, probing.signal).then((ok) => (ok ? finish('up') : again()), again)
    }
    tick()
  })
}
