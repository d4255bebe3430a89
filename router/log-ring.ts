import { connect, type Socket } from 'node:net'
import type { Clock, Timer } from '../lib/clock.ts'
import type { Startable } from '../lib/lifecycle.ts'
import type { Logger } from '../lib/logger.ts'
import { LOG_RING } from './haproxy-config.ts'
import type { StartKind } from './haproxy-process.ts'
import { HaproxyRuntime } from './haproxy-runtime.ts'
import { parseRecord, type RequestRecord } from './request-record.ts'

export interface LogRingOptions {
  /** The worker's admin socket: a subscription there follows the worker that holds the socket now. */
  adminSocket: string
  /** The master's CLI: asks an old worker (`@!PID`) whether it still has connections. */
  masterSocket: string
  log: Logger
  clock: Clock
  onRecord: (record: RequestRecord) => void
  /** How often an old worker is asked whether its connections are done. Default 250 ms. */
  drainPollMs?: number | undefined
}

interface Subscription {
  socket: Socket
  /** The worker's pid, from the `show info` that starts the stream; 0 until it is read. */
  pid: number
  /** Text after the last newline, and the `show info` head until it ended. */
  rest: string
  head: boolean
  retiring: boolean
  timer?: Timer | undefined
}

/**
 * Reads HAProxy's per-request log records from the in-memory ring they are logged to (`log ring@…`), through
 * `show events <ring> -w` on the admin socket: HAProxy appends each record to the ring without a system call, and
 * the router reads them in batches from one stream instead of a datagram per request.
 *
 * A subscription belongs to one worker. After a hitless reload the old worker still finishes its requests (their
 * records land in its ring), so its subscription stays open until the master says the old worker has no connection
 * left, then closes, which lets the old worker exit. A subscription that ends by itself while its worker lives is
 * opened again (`-n`: from the newest record on).
 */
export class LogRing implements Startable {
  readonly name = 'log-ring'
  readonly #o: LogRingOptions
  readonly #master: HaproxyRuntime
  readonly #admin: HaproxyRuntime
  #resubscribe: Timer | undefined
  #current: Subscription | undefined
  readonly #retired = new Set<Subscription>()
  #stopped = false
  received = 0
  malformed = 0
  /** Subscriptions opened again after they ended while their worker lived. */
  resubscribed = 0

  constructor(options: LogRingOptions) {
    this.#o = options
    this.#master = new HaproxyRuntime(options.masterSocket)
    this.#admin = new HaproxyRuntime(options.adminSocket)
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.#stopped = true
    this.#resubscribe?.cancel()
    for (const s of [this.#current, ...this.#retired]) {
      s?.timer?.cancel()
      s?.socket.destroy()
    }
    this.#current = undefined
    this.#retired.clear()
  }

  /** Pids of the workers whose records are read now (the current one first). */
  get workers(): number[] {
    return [this.#current, ...this.#retired].filter((s) => s !== undefined && s.pid > 0).map((s) => s!.pid)
  }

  /**
   * HAProxy has a worker that answers (spawned, reloaded or adopted): read its ring. A worker this router started
   * is read from its first record; an adopted one from the newest on (the previous router read what came before).
   * The previous subscription is retired: kept until its worker's connections are done.
   */
  follow(kind: StartKind): void {
    if (this.#stopped) return
    this.#resubscribe?.cancel()
    this.#resubscribe = undefined
    const prev = this.#current
    this.#current = this.#subscribe(kind === 'adopted')
    if (prev !== undefined) this.#retire(prev)
  }

  #subscribe(newestOnly: boolean): Subscription {
    const socket = connect(this.#o.adminSocket)
    const sub: Subscription = { socket, pid: 0, rest: '', head: true, retiring: false }
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(`show info;show events ${LOG_RING} -w${newestOnly ? ' -n' : ''}\n`))
    socket.on('data', (text: string) => this.#data(sub, text))
    socket.on('error', (err) => this.#o.log.debug({ err: String(err) }, 'router log ring connection error'))
    socket.on('close', () => this.#closed(sub))
    return sub
  }

  #data(sub: Subscription, text: string): void {
    let buf = sub.rest + text
    if (sub.head) {
      // `show info` first (its answer ends with an empty line): it names the worker this stream belongs to.
      const end = buf.indexOf('\n\n')
      if (end < 0) {
        sub.rest = buf
        return
      }
      sub.pid = Number(/^Pid: (\d+)/m.exec(buf.slice(0, end))?.[1] ?? 0)
      sub.head = false
      // Followed twice (the same worker answering again): one stream per worker, or its records would count twice.
      for (const old of this.#retired) {
        if (old.pid === sub.pid && sub === this.#current) {
          old.timer?.cancel()
          old.socket.destroy()
          this.#retired.delete(old)
        }
      }
      buf = buf.slice(end + 2)
    }
    let start = 0
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n', start)) {
      if (nl > start) this.#line(buf.slice(start, nl))
      start = nl + 1
    }
    sub.rest = start === 0 ? buf : buf.slice(start)
  }

  #line(line: string): void {
    this.received++
    const record = parseRecord(line)
    if (record === undefined) {
      // HAProxy's own messages (a server going down, an unknown sink answer) share the ring.
      this.malformed++
      return
    }
    try {
      this.#o.onRecord(record)
    } catch (err) {
      this.#o.log.warn({ err: String(err) }, 'router log record failed')
    }
  }

  #closed(sub: Subscription): void {
    sub.timer?.cancel()
    this.#retired.delete(sub)
    if (this.#stopped || sub !== this.#current) return
    // The stream ended while its worker may still run (a CLI timeout, or "No such event sink" from a worker of an
    // older configuration that a reload replaces). The same worker still answering: subscribe again, from the
    // newest record on. Another worker: follow() comes with it.
    this.#current = undefined
    this.#resubscribe = this.#o.clock.setTimeout(() => {
      this.#resubscribe = undefined
      void this.#workerPid().then((pid) => {
        if (this.#stopped || this.#current !== undefined || pid === 0 || pid !== sub.pid) return
        this.resubscribed++
        this.#current = this.#subscribe(true)
      })
    }, 1000)
  }

  async #workerPid(): Promise<number> {
    try {
      return Number(/^Pid: (\d+)/m.exec(await this.#admin.raw('show info'))?.[1] ?? 0)
    } catch {
      return 0
    }
  }

  /** Keeps an old worker's stream until the master reports that worker without connections, then closes it. */
  #retire(sub: Subscription): void {
    if (sub.socket.destroyed) return
    sub.retiring = true
    this.#retired.add(sub)
    const poll = this.#o.drainPollMs ?? 250
    const check = async (): Promise<void> => {
      if (this.#stopped || sub.socket.destroyed) return
      const connections = sub.pid === 0 ? -1 : await this.#connectionsOf(sub.pid)
      if (connections === 0) {
        // Its last records were appended before its last connection closed: one more poll for them to arrive.
        sub.timer = this.#o.clock.setTimeout(() => {
          sub.socket.destroy()
          this.#retired.delete(sub)
        }, poll)
        return
      }
      sub.timer = this.#o.clock.setTimeout(() => void check(), poll)
    }
    sub.timer = this.#o.clock.setTimeout(() => void check(), poll)
  }

  /** Client connections an old worker still has (-1: no answer; its stream closing tells when it is gone). */
  async #connectionsOf(pid: number): Promise<number> {
    try {
      const m = /^CurrConns: (\d+)/m.exec(await this.#master.raw(`@!${pid} show info`))
      return m === null ? -1 : Number(m[1])
    } catch {
      return -1
    }
  }
}
