import { Agent, request } from 'node:http'
import { connect } from 'node:net'

export interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** GET through a router with a chosen Host header (fetch() will not send one). */
export function httpGet(
  base: string,
  host: string,
  path = '/',
  headers: Record<string, string> = {},
  agent?: Agent,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, base),
      { headers: { ...headers, host }, timeout: 60_000, ...(agent ? { agent } : {}) },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          body += c
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
        res.on('error', reject)
      },
    )
    req.once('timeout', () => req.destroy(new Error('request timed out')))
    req.once('error', reject)
    req.end()
  })
}

export interface LoadResult {
  sent: number
  ok: number
  failed: number
  statuses: Record<string, number>
  dynos: Record<string, number>
}

/**
 * A bounded request loop: `concurrency` workers send GETs until `until()` says stop or `maxRequests` is reached,
 * whichever comes first. Counts non-2xx and transport errors as failures.
 */
export async function loadLoop(
  base: string,
  host: string,
  options: {
    concurrency?: number
    maxRequests: number
    until: () => boolean
    path?: string
    /** Filled as answers come, for a test to wait on the loop's progress. */
    live?: LoadResult
  },
): Promise<LoadResult> {
  const result: LoadResult = options.live ?? { sent: 0, ok: 0, failed: 0, statuses: {}, dynos: {} }
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency ?? 4 })
  const worker = async (): Promise<void> => {
    while (!options.until() && result.sent < options.maxRequests) {
      result.sent++
      try {
        const res = await httpGet(base, host, options.path ?? '/', {}, agent)
        result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1
        if (res.status >= 200 && res.status < 300) {
          result.ok++
          const dyno = /"dyno":"([^"]+)"/.exec(res.body)?.[1]
          if (dyno !== undefined) result.dynos[dyno] = (result.dynos[dyno] ?? 0) + 1
        } else result.failed++
      } catch {
        result.statuses['error'] = (result.statuses['error'] ?? 0) + 1
        result.failed++
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker))
  agent.destroy()
  return result
}

/** Sends raw bytes and returns what came back before the server closed or `ms` passed. */
export function rawRequest(port: number, bytes: string, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let out = ''
    socket.setEncoding('utf8')
    socket.on('data', (c: string) => {
      out += c
    })
    const done = (): void => {
      socket.destroy()
      resolve(out)
    }
    socket.once('close', done)
    socket.once('error', done)
    setTimeout(done, ms)
    socket.write(bytes)
  })
}
