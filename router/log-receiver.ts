import { randomBytes } from 'node:crypto'
import { createSocket, type Socket } from 'node:dgram'
import { readFile, writeFile } from 'node:fs/promises'
import type { Startable } from '../lib/lifecycle.ts'
import type { Logger } from '../lib/logger.ts'
import { parseRecord, type RequestRecord } from './request-record.ts'

export interface LogReceiverOptions {
  /** Where the port is kept, so a restarted router listens where a running HAProxy already sends. */
  portFile: string
  /** Where the records' key is kept (mode 0600): only HAProxy, reading it from its configuration, knows it. */
  keyFile: string
  log: Logger
  onRecord: (record: RequestRecord) => void
}

/**
 * Receives HAProxy's per-request log records on a loopback UDP socket (Node has no unix datagram sockets). The
 * port survives a restart of the router, so an adopted HAProxy keeps logging to it without a reload.
 */
export class LogReceiver implements Startable {
  readonly name = 'log-receiver'
  readonly #o: LogReceiverOptions
  #socket: Socket | undefined
  port = 0
  key = ''
  received = 0
  malformed = 0

  constructor(options: LogReceiverOptions) {
    this.#o = options
  }

  async start(): Promise<void> {
    const savedKey = (await readFile(this.#o.keyFile, 'utf8').catch(() => '')).trim()
    this.key = /^[0-9a-f]{32}$/.test(savedKey) ? savedKey : randomBytes(16).toString('hex')
    await writeFile(this.#o.keyFile, `${this.key}\n`, { mode: 0o600 })
    const saved = Number((await readFile(this.#o.portFile, 'utf8').catch(() => '')).trim())
    try {
      this.port = await this.#bind(Number.isInteger(saved) && saved > 0 && saved < 65536 ? saved : 0)
    } catch {
      // Someone else took the port while the router was down: a fresh one (the config points HAProxy at it).
      this.port = await this.#bind(0)
    }
    await writeFile(this.#o.portFile, `${this.port}\n`)
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket === undefined) resolve()
      else this.#socket.close(() => resolve())
      this.#socket = undefined
    })
  }

  #bind(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 })
      socket.once('error', reject)
      socket.bind(port, '127.0.0.1', () => {
        socket.off('error', reject)
        socket.on('error', (err) => this.#o.log.warn({ err: String(err) }, 'router log socket error'))
        socket.on('message', (msg) => this.#message(msg))
        this.#socket = socket
        resolve(socket.address().port)
      })
    })
  }

  #message(msg: Buffer): void {
    this.received++
    const record = parseRecord(msg.toString('utf8'), this.key)
    if (record === undefined) {
      this.malformed++
      return
    }
    try {
      this.#o.onRecord(record)
    } catch (err) {
      this.#o.log.warn({ err: String(err) }, 'router log record failed')
    }
  }
}
