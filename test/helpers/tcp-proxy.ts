// A TCP relay on loopback that a test can cut (drop every connection and refuse new ones) or freeze (keep the
// connections but pass no bytes, like a process under SIGSTOP or a partition that drops packets silently).

import { connect, createServer, type Server, type Socket } from 'node:net'

export interface TcpProxy {
  /** `127.0.0.1:port` to dial instead of the target. */
  endpoint: string
  /** Destroys every relayed connection and refuses new ones until heal(). */
  cut(): void
  /** Keeps connections open but relays nothing (new ones are accepted and held) until heal(). */
  freeze(): void
  heal(): void
  close(): Promise<void>
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'open' | 'cut' | 'frozen' = 'open'
  const pairs = new Set<[Socket, Socket]>()
  const server: Server = createServer((client) => {
    if (mode === 'cut') {
      client.destroy()
      return
    }
    const upstream = connect(target.port, target.host)
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    const drop = (): void => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    client.pipe(upstream)
    upstream.pipe(client)
    if (mode === 'frozen') {
      client.pause()
      upstream.pause()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const each = (fn: (s: Socket) => void): void => {
    for (const [a, b] of pairs) {
      fn(a)
      fn(b)
    }
  }
  return {
    endpoint: `127.0.0.1:${port}`,
    cut: () => {
      mode = 'cut'
      each((s) => s.destroy())
      pairs.clear()
    },
    freeze: () => {
      mode = 'frozen'
      // Unpiping stops the relay even for bytes already read; pause stops reading more.
      for (const [a, b] of pairs) {
        a.unpipe(b)
        b.unpipe(a)
        a.pause()
        b.pause()
      }
    },
    heal: () => {
      const was = mode
      mode = 'open'
      if (was === 'frozen') {
        for (const [a, b] of pairs) {
          a.pipe(b)
          b.pipe(a)
          a.resume()
          b.resume()
        }
      }
    },
    close: async () => {
      each((s) => s.destroy())
      pairs.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
