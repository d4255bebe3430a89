import { mkdir, writeFile } from 'node:fs/promises'
import { STATUS_CODES } from 'node:http'
import { join } from 'node:path'
import { ERROR_STATUSES, VIA } from './haproxy-config.ts'

/** Statuses the router answers with a page of its own (HAProxy's errors plus the router's refusals). */
export const PAGE_STATUSES = [...new Set([...ERROR_STATUSES, 404, 414, 417, 431])].sort((a, b) => a - b)

/** The router's own pages: small, uncacheable, no detail a client could use against the platform. */
export function routerPage(status: number): string {
  const title = status === 404 ? 'No such app' : status < 500 ? (STATUS_CODES[status] ?? 'Error') : 'Application error'
  const text =
    status === 404
      ? 'There is no app at this address.'
      : status < 500
        ? 'The router could not accept this request.'
        : 'An error occurred in the application and your page could not be served.'
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>\n`
}

/** A whole HTTP response, for HAProxy's `errorfile` (answers HAProxy raises itself: 400 on a parse error, 502 …). */
export function rawPage(status: number): string {
  // Heroku answers its router errors (H12 timeout, H13/H17 bad or no response) with 503 where HAProxy says 502/504.
  const shown = status === 502 || status === 504 ? 503 : status
  const body = routerPage(shown)
  const head = [
    `HTTP/1.1 ${shown} ${STATUS_CODES[shown] ?? ''}`,
    'Content-Type: text/html; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-cache, no-store',
    `Via: ${VIA}`,
    ...(status < 500 ? ['Connection: close'] : []),
  ]
  return `${head.join('\r\n')}\r\n\r\n${body}`
}

export async function writePages(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const status of PAGE_STATUSES) {
    await writeFile(join(dir, `${status}.html`), routerPage(status))
    await writeFile(join(dir, `${status}.http`), rawPage(status))
  }
}
