import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { WebSocketServer } from 'ws'
import type { ErrorBody } from '../../proto/api.ts'
import { ErrorCodes, type ShoalError } from '../../proto/errors.ts'

// What the API's websocket endpoints (log tails, attached one-off dynos) share: refusing an upgrade with the API's
// JSON error, and letting go of upgraded sockets when the server stops.

/** Answers a refused upgrade with the API's JSON error body and closes the connection. */
export function refuseUpgrade(socket: Duplex, err: ShoalError): void {
  if (socket.destroyed) return
  const status = ErrorCodes[err.code].status
  const body = JSON.stringify({ error: { code: err.code, message: err.message } } satisfies ErrorBody)
  const auth = err.code === 'UNAUTHORIZED' ? 'WWW-Authenticate: Basic realm="shoal"\r\n' : ''
  socket.once('finish', () => socket.destroy())
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${auth}\r\n${body}`,
  )
}

/**
 * Attaches an upgrade handler to the API's server, and on close detaches it and closes its websockets: upgraded
 * sockets would otherwise hold the HTTP server open.
 */
export function serveUpgrades(
  api: FastifyInstance,
  wss: WebSocketServer,
  onUpgrade: (req: import('node:http').IncomingMessage, socket: Duplex, head: Buffer) => void,
): void {
  api.server.on('upgrade', onUpgrade)
  api.addHook('preClose', (done) => {
    api.server.off('upgrade', onUpgrade)
    for (const ws of wss.clients) {
      ws.close(1001, 'controller stopping')
      setTimeout(() => ws.terminate(), 1000).unref()
    }
    wss.close()
    done()
  })
}
