import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Timer } from '../lib/clock.ts'
import { admit, describeRequest, logRequest, type RouterContext } from './context.ts'
import { connectToApp, isParseError } from './dial.ts'
import { downstreamHeaders, upstreamHeaders } from './headers.ts'
import { H_CODES, type HCodeName } from './log-format.ts'
import { rawHead, sendRawPage } from './responses.ts'

/**
 * WebSockets: the same routing, headers and dial retries as plain requests; once the dyno answers 101 the two
 * sockets are spliced. One log line per websocket, at the 101 (as Heroku logs it). The backend's in-flight slot is
 * held until the websocket closes, so long-lived connections spread by count.
 */
export function handleUpgrade(ctx: RouterContext, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy())
  // Node's server forgets the socket at the upgrade; the router's close() must still reach it.
  ctx.upgraded.add(socket)
  socket.once('close', () => ctx.upgraded.delete(socket))
  const info = describeRequest(ctx, req)
  const app = admit(ctx, req, info, (status) => sendRawPage(socket, status))
  if (app === undefined) return
  forwardUpgrade(ctx, req, socket, head, app, info).catch(() => {
    sendRawPage(socket, H_CODES.H99.status)
    logRequest(ctx, info, app, { code: 'H99', status: H_CODES.H99.status, bytes: 0 })
  })
}

async function forwardUpgrade(
  ctx: RouterContext,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  app: string,
  info: ReturnType<typeof describeRequest>,
): Promise<void> {
  const tracker = ctx.stats.start(app, 'web')
  let gone = false
  const onClose = () => {
    gone = true
  }
  socket.once('close', onClose)
  const headers = upstreamHeaders(req.rawHeaders, {
    clientIp: info.clientIp,
    proto: ctx.protocol,
    port: info.port,
    requestStart: info.started,
    requestId: info.requestId,
    websocket: true,
  })
  // A fresh connection per websocket: the dyno's socket leaves the keep-alive pool for good after the 101.
  const c = await connectToApp(
    ctx,
    app,
    'web',
    { method: info.method, path: info.path, headers, agent: false },
    () => gone,
  )
  socket.off('close', onClose)
  const connectedAt = ctx.clock.now()
  const queueMs = connectedAt - info.started
  if (gone || socket.destroyed) {
    if (c.ok) {
      c.release()
      c.upstream.destroy()
    }
    tracker.finish({ status: 499, queueMs })
    logRequest(ctx, info, app, { code: 'H27', status: 499, bytes: 0 })
    return
  }
  if (!c.ok) {
    const code = c.code === 'H14' && ctx.appState(app) === 'crashed' ? 'H10' : c.code
    sendRawPage(socket, H_CODES[code].status)
    tracker.finish({ status: H_CODES[code].status, queueMs })
    logRequest(ctx, info, app, { code, status: H_CODES[code].status, bytes: 0 })
    return
  }

  const { upstream, backend } = c
  let done = false
  let timer: Timer | undefined
  const finish = (status: number, code?: HCodeName, bytes = 0): void => {
    if (done) return
    done = true
    timer?.cancel()
    const serviceMs = ctx.clock.now() - connectedAt
    tracker.finish({ status, queueMs, serviceMs })
    logRequest(ctx, info, app, { code, dyno: backend.dynoName, connectMs: c.connectMs, serviceMs, status, bytes })
  }
  const fail = (code: HCodeName): void => {
    if (done) return
    c.release()
    finish(H_CODES[code].status, code)
    if (code === 'H27') socket.destroy()
    else sendRawPage(socket, H_CODES[code].status)
    upstream.destroy()
  }

  socket.once('close', () => fail('H27'))
  upstream.on('finish', () => {
    timer = ctx.clock.setTimeout(() => fail('H12'), ctx.timeoutMs)
  })
  upstream.on('upgrade', (ures: IncomingMessage, usocket: Duplex, uhead: Buffer) => {
    finish(101)
    const close = (): void => {
      c.release()
      socket.destroy()
      usocket.destroy()
    }
    usocket.on('error', close)
    usocket.on('close', close)
    socket.on('close', close)
    socket.write(rawHead(101, ures.statusMessage || 'Switching Protocols', downstreamHeaders(ures.rawHeaders, true)))
    if (uhead.length > 0) socket.write(uhead)
    if (head.length > 0) usocket.write(head)
    usocket.pipe(socket)
    socket.pipe(usocket)
  })
  // The dyno declined the upgrade: relay its answer as a plain response, then close.
  upstream.on('response', (ures: IncomingMessage) => {
    const status = ures.statusCode ?? 502
    let bytes = 0
    timer?.cancel()
    socket.write(
      rawHead(status, ures.statusMessage ?? '', [...downstreamHeaders(ures.rawHeaders), 'Connection', 'close']),
    )
    ures.on('data', (chunk: Buffer) => {
      bytes += chunk.length
    })
    ures.on('error', () => {})
    ures.on('end', () => {
      c.release()
      finish(status, undefined, bytes)
    })
    ures.on('close', () => {
      if (!ures.complete) {
        c.release()
        finish(status, 'H18', bytes)
        socket.destroy()
      }
    })
    ures.pipe(socket)
  })
  upstream.on('error', (err) => {
    if (done) return
    fail(isParseError(err) ? 'H17' : 'H13')
  })
  upstream.end()
}
