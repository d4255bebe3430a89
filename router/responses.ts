import { type ServerResponse, STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { VIA } from './headers.ts'

/** The router's own pages: small, uncacheable, no detail a client could use against the platform. */
export function routerPage(status: number): { headers: string[]; body: string } {
  const title = status === 404 ? 'No such app' : status < 500 ? STATUS_CODES[status] : 'Application error'
  const text =
    status === 404
      ? 'There is no app at this address.'
      : status < 500
        ? 'The router could not accept this request.'
        : 'An error occurred in the application and your page could not be served.'
  const body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>\n`
  const headers = [
    'Content-Type',
    'text/html; charset=utf-8',
    'Content-Length',
    String(Buffer.byteLength(body)),
    'Cache-Control',
    'no-cache, no-store',
    'Via',
    VIA,
  ]
  return { headers, body }
}

/** Answers on a ServerResponse with a router page; a response already under way is cut instead. */
export function sendPage(res: ServerResponse, status: number, close = false): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const page = routerPage(status)
  if (close) page.headers.push('Connection', 'close')
  res.writeHead(status, page.headers)
  res.end(res.req.method === 'HEAD' ? undefined : page.body)
}

/** Answers on a raw socket (upgrade requests, parse errors) and closes it. */
export function sendRawPage(socket: Duplex, status: number): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const page = routerPage(status)
  socket.end(rawHead(status, STATUS_CODES[status] ?? '', [...page.headers, 'Connection', 'close']) + page.body)
}

/** Serialises a response head for writing to a raw socket. */
export function rawHead(status: number, reason: string, headers: readonly string[]): string {
  let head = `HTTP/1.1 ${status} ${reason}\r\n`
  for (let i = 0; i + 1 < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`
  return `${head}\r\n`
}
