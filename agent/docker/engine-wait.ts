// The agent's first dependency: a Docker engine that answers. At boot dockerd may start after the agent, and an
// engine restarted under a starting agent (an upgrade, a crash) is gone for a few seconds: the agent waits for it,
// saying so, instead of exiting with nothing running (a host without a supervisor would stay empty).
import type { Clock } from '../../lib/clock.ts'
import type { Logger } from '../../lib/logger.ts'
import type { DockerClient } from './docker-client.ts'

export interface EngineWaitOptions {
  docker: Pick<DockerClient, 'ping'>
  clock: Clock
  logger: Logger
  signal: AbortSignal
  /** first pause after a failed ping; doubles up to maxDelayMs */
  initialDelayMs?: number
  maxDelayMs?: number
}

/** Resolves once the engine answers a ping; rejects only when `signal` aborts (the agent is stopping). */
export async function waitForEngine(o: EngineWaitOptions): Promise<void> {
  const initial = o.initialDelayMs ?? 250
  const max = o.maxDelayMs ?? 5000
  let delay = initial
  let failures = 0
  const since = o.clock.now()
  for (;;) {
    o.signal.throwIfAborted()
    try {
      await o.docker.ping({ signal: o.signal })
      if (failures > 0) o.logger.info({ waitedMs: o.clock.now() - since }, 'Docker engine answers')
      return
    } catch (err) {
      o.signal.throwIfAborted()
      failures++
      // The first failure and then every ~30 s: an operator sees why the host runs nothing, without a flood.
      if (failures === 1 || failures % Math.max(1, Math.round(30_000 / max)) === 0) {
        o.logger.warn({ err: String(err), failures }, 'waiting for the Docker engine')
      }
    }
    await new Promise<void>((resolve, reject) => {
      const timer = o.clock.setTimeout(() => {
        o.signal.removeEventListener('abort', onAbort)
        resolve()
      }, delay)
      const onAbort = (): void => {
        timer.cancel()
        reject(o.signal.reason)
      }
      o.signal.addEventListener('abort', onAbort, { once: true })
    })
    delay = Math.min(max, delay * 2)
  }
}
