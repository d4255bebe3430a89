// Whether something accepts TCP connections on host:port: how the agent decides a web dyno has booted (Heroku's
// R10 rule is about binding $PORT, and a completed connect is the observable form of that).

import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import type { DynoNetwork } from './dyno-container.ts'

export type ProbePort = (host: string, port: number, signal: AbortSignal) => Promise<boolean>

export function tcpProbe(timeoutMs = 1000): ProbePort {
  return (host, port, signal) =>
    new Promise<boolean>((resolve) => {
      if (signal.aborted) return resolve(false)
      const socket = connect({ host, port })
      const done = (ok: boolean) => {
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
        socket.destroy()
        resolve(ok)
      }
      const onAbort = () => done(false)
      const timer = setTimeout(() => done(false), timeoutMs)
      signal.addEventListener('abort', onAbort, { once: true })
      socket.once('connect', () => done(true))
      socket.once('error', () => done(false))
    })
}

/**
 * Where to probe a dyno's port. Host networking: loopback. A bridge: a non-loopback address of this host, because
 * docker-proxy accepts on loopback before the app has bound (a false "up"), while a local non-loopback address is
 * DNATed straight to the container, which refuses until the app listens.
 */
export function defaultProbeHost(network: DynoNetwork): string {
  if (network.mode === 'host') return '127.0.0.1'
  if (network.hostIp !== undefined && network.hostIp !== '' && network.hostIp !== '0.0.0.0') return network.hostIp
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address
  }
  return '127.0.0.1'
}
