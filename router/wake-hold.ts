// Sleeping apps: while the leader's directory says an app's web type sleeps (scaled to zero by the autoscaler), the
// app's HAProxy backend has one server pointing here, a loopback listener of this router. A request that reaches it
// is held: the router asks the leader to wake the type (WakeRequest, again every 2 s while requests wait), and as
// soon as a web dyno of the app is routable the held request is forwarded to it (HAProxy already added Heroku's
// headers). A request still held after the hold timeout is answered 503 H20 ("App boot timeout"), as Heroku does
// for an app that does not boot in time.

import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Clock } from '../lib/clock.ts'
import type { Startable } from '../lib/lifecycle.ts'
import type { Logger } from '../lib/logger.ts'
import type { AppEntry } from '../proto/codec.ts'
import type { Backend } from './route-table.ts'

export interface WakeHoldOptions {
  /** Asks the leader to wake `app`'s `type`; rejects when no leader answers. */
  wake: (app: string, type: string, queued: number) => Promise<void>
  /** Routable web dynos of an app (healthy hosts only). */
  routable: (app: string) => Backend[]
  directory: () => ReadonlyMap<string, AppEntry> | undefined
  domain: () => string
  clock: Clock
  log: Logger
  /** Below HAProxy's server timeout, so the answer is ours and not an H12. Default 25 s. */
  holdTimeoutMs?: number | undefined
  /** The last held request of an app ended (the data plane may drop the hold server). */
  onIdle?: ((app: string) => void) | undefined
}

const WAKE_EVERY_MS = 2_000
const POLL_MS = 50

/** app for a Host header: `<app>.<domain>` or a custom domain (exact or `*.` wildcard) of an app in the directory. */
export function appOfHost(
  hostHeader: string | undefined,
  domain: string,
  directory: ReadonlyMap<string, AppEntry> | undefined,
): string | undefined {
  if (hostHeader === undefined || directory === undefined) return undefined
  const host = hostHeader.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '')
  const suffix = `.${domain.toLowerCase().replace(/\.$/, '')}`
  if (host.endsWith(suffix)) {
    const app = host.slice(0, -suffix.length)
    if (directory.has(app)) return app
  }
  for (const [app, entry] of directory) {
    for (const d of entry.domains ?? []) {
      const want = d.toLowerCase().replace(/\.$/, '')
      if (want === host) return app
      if (want.startsWith('*.') && host.endsWith(want.slice(1)) && !host.slice(0, -want.length + 1).includes('.')) {
        return app
      }
    }
  }
  return undefined
}

export class WakeHold implements Startable {
  readonly name = 'wake-hold'
  readonly #o: WakeHoldOptions
  readonly #held = new Map<string, number>()
  readonly #lastWake = new Map<string, number>()
  #server: Server | undefined
  address = { host: '127.0.0.1', port: 0 }

  constructor(options: WakeHoldOptions) {
    this.#o = options
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.#hold(req, res))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', resolve)
    })
    this.#server = server
    this.address = { host: '127.0.0.1', port: (server.address() as AddressInfo).port }
  }

  async stop(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    if (server === undefined) return
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }

  /** Requests of the app held right now (the data plane keeps the hold server while there are any). */
  holding(app: string): number {
    return this.#held.get(app) ?? 0
  }

  async #hold(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const o = this.#o
    const app = appOfHost(req.headers.host, o.domain(), o.directory())
    if (app === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('No such app\n')
      return
    }
    this.#held.set(app, this.holding(app) + 1)
    const started = o.clock.now()
    const deadline = started + (o.holdTimeoutMs ?? 25_000)
    let gone = false
    res.on('close', () => {
      gone = true
    })
    try {
      for (;;) {
        const dynos = o.routable(app)
        if (dynos.length > 0) {
          const target = dynos[Math.floor(Math.random() * dynos.length)] as Backend
          o.log.info(
            { app, dyno: target.dynoName, heldMs: o.clock.now() - started },
            'woken: forwarding a held request',
          )
          await forward(req, res, target)
          return
        }
        if (gone) return
        const now = o.clock.now()
        if (now >= deadline) {
          res.writeHead(503, { 'content-type': 'text/plain', 'x-shoal-error': 'H20' }).end('App boot timeout\n')
          return
        }
        if (now - (this.#lastWake.get(app) ?? 0) >= WAKE_EVERY_MS) {
          this.#lastWake.set(app, now)
          o.wake(app, 'web', this.holding(app)).catch((err: unknown) =>
            o.log.warn({ app, err: String(err) }, 'wake request failed'),
          )
        }
        await new Promise((r) => setTimeout(r, POLL_MS))
      }
    } finally {
      const n = this.holding(app) - 1
      if (n > 0) this.#held.set(app, n)
      else {
        this.#held.delete(app)
        o.onIdle?.(app)
      }
    }
  }
}

/** Sends the held request to the dyno and its answer back; a dyno that fails answers 503 here. */
function forward(req: IncomingMessage, res: ServerResponse, b: Backend): Promise<void> {
  return new Promise((resolve) => {
    const up = httpRequest(
      { host: b.host, port: b.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        answer.on('end', () => resolve())
        answer.on('error', () => resolve())
      },
    )
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain' })
      res.end()
      resolve()
    })
    req.pipe(up)
  })
}
