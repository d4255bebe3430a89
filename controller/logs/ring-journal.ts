import { createReadStream, existsSync, mkdirSync, readdirSync } from 'node:fs'
import { appendFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Counter, type Registry } from 'prom-client'
import { type Clock, systemClock, type Timer } from '../../lib/clock.ts'
import type { Startable } from '../../lib/lifecycle.ts'
import type { LogLineInput } from '../../lib/log-format.ts'
import type { Logger } from '../../lib/logger.ts'
import type { LogHub } from './log-hub.ts'

export interface RingJournalOptions {
  dir: string
  hub: LogHub
  logger: Logger
  clock?: Clock
  registry?: Registry
  /** Buffered lines are appended to their files this often. */
  flushEveryMs?: number
}

const APP_FILE = /^([a-z][a-z0-9-]{1,28}[a-z0-9])\.jsonl$/

interface AppFile {
  /** Lines the file holds (known from loading or counted while appending). */
  lines: number
  pending: string[]
}

/**
 * Keeps the hub's rings across controller restarts: one append-only JSON-lines file per app under DIR, written in
 * batches (one append per app per flush interval, so I/O grows with the log rate and never with the number of
 * readers), and compacted to the ring's content once it holds twice the ring's capacity, so a file never grows past
 * 2 × 1500 lines. On start the newest 1500 lines of each file go back into the ring. A crash loses at most one
 * flush interval of lines.
 */
export class RingJournal implements Startable {
  readonly #o: RingJournalOptions
  readonly #clock: Clock
  readonly #files = new Map<string, AppFile>()
  readonly #written: Counter | undefined
  #timer: Timer | undefined
  #unlisten: (() => void) | undefined
  #flushing: Promise<void> = Promise.resolve()

  constructor(options: RingJournalOptions) {
    this.#o = options
    this.#clock = options.clock ?? systemClock
    this.#written =
      options.registry === undefined
        ? undefined
        : new Counter({
            name: 'shoal_log_journal_writes_total',
            help: 'Appends and compactions of the log ring journal files',
            labelNames: ['kind'],
            registers: [options.registry],
          })
  }

  async start(): Promise<void> {
    mkdirSync(this.#o.dir, { recursive: true, mode: 0o700 })
    let restored = 0
    for (const name of readdirSync(this.#o.dir)) {
      const app = APP_FILE.exec(name)?.[1]
      if (app === undefined) continue
      const { lines, count } = await this.#read(app)
      this.#o.hub.restore(app, lines)
      this.#files.set(app, { lines: count, pending: [] })
      restored += lines.length
    }
    if (restored > 0) this.#o.logger.info({ lines: restored, apps: this.#files.size }, 'log rings restored')
    this.#unlisten = this.#o.hub.listen((line) => this.#record(line))
    this.#timer = this.#clock.setInterval(() => void this.flush(), this.#o.flushEveryMs ?? 1000)
  }

  async stop(): Promise<void> {
    this.#timer?.cancel()
    this.#unlisten?.()
    await this.flush()
  }

  /** Forgets a destroyed app's file. */
  async drop(app: string): Promise<void> {
    this.#files.delete(app)
    await this.#flushing
    await rm(this.#path(app), { force: true })
  }

  /** Writes what is buffered; flushes run one at a time. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#flushOnce())
    return this.#flushing
  }

  #record(line: LogLineInput): void {
    let file = this.#files.get(line.app)
    if (file === undefined) {
      file = { lines: 0, pending: [] }
      this.#files.set(line.app, file)
    }
    // Bounded between flushes: more than one ring's worth would be compacted away anyway.
    if (file.pending.length >= this.#o.hub.capacity) file.pending.shift()
    const { app: _app, hostId: _host, ...rest } = line
    file.pending.push(JSON.stringify(rest))
  }

  async #flushOnce(): Promise<void> {
    for (const [app, file] of this.#files) {
      if (file.pending.length === 0) continue
      const batch = file.pending
      file.pending = []
      try {
        if (file.lines + batch.length > 2 * this.#o.hub.capacity) {
          const ring = this.#o.hub.recent(app, { num: this.#o.hub.capacity })
          const body = ring.map(({ app: _a, hostId: _h, ...rest }) => `${JSON.stringify(rest)}\n`).join('')
          const tmp = `${this.#path(app)}.tmp`
          await writeFile(tmp, body, { mode: 0o600 })
          await rename(tmp, this.#path(app))
          file.lines = ring.length
          this.#written?.inc({ kind: 'compact' })
        } else {
          await appendFile(this.#path(app), `${batch.join('\n')}\n`, { mode: 0o600 })
          file.lines += batch.length
          this.#written?.inc({ kind: 'append' })
        }
      } catch (err) {
        this.#o.logger.warn({ app, err: String(err) }, 'log journal write failed; lines stay in memory only')
      }
    }
  }

  async #read(app: string): Promise<{ lines: LogLineInput[]; count: number }> {
    const path = this.#path(app)
    const keep: LogLineInput[] = []
    let count = 0
    if (!existsSync(path)) return { lines: keep, count }
    const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY })
    for await (const text of rl) {
      count++
      try {
        const v = JSON.parse(text) as Partial<LogLineInput>
        if (typeof v.atUs !== 'number' || typeof v.dyno !== 'string' || typeof v.message !== 'string') continue
        if (v.source !== 'app' && v.source !== 'shoal') continue
        keep.push({ app, atUs: v.atUs, source: v.source, dyno: v.dyno, message: v.message })
        if (keep.length > this.#o.hub.capacity) keep.shift()
      } catch {
        // A torn last line from a crash mid-append: skipped.
      }
    }
    return { lines: keep, count }
  }

  #path(app: string): string {
    return join(this.#o.dir, `${app}.jsonl`)
  }
}
