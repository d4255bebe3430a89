// The lab's side of lab-client-main.ts: one long-lived client process per namespace, requests and load loops as
// promises. The process lives in the namespace, so killing a lab host also kills its client; the next call on a
// dead client fails, and Lab.client() starts a fresh one.

import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { inNs, labEnv } from './lab-shell.ts'
import type { ClientCommand, ClientReply, HttpRequestSpec, HttpResult, LoadReport, LoadSpec } from './load-report.ts'

const MAIN = join(import.meta.dirname, 'lab-client-main.ts')

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** A load loop running in a namespace. */
export interface LoadRun {
  /** Resolves with the final report when the loop reaches its request count or duration, or is stopped. */
  done: Promise<LoadReport>
  /** The report so far, while it runs. */
  progress(): Promise<LoadReport>
  /** Ends the loop (requests in flight finish) and returns the final report. */
  stop(): Promise<LoadReport>
}

export class LabHttpClient {
  readonly ns: string
  readonly #child: ChildProcessByStdio<Writable, Readable, null>
  readonly #pending = new Map<number, { resolve: (r: ClientReply) => void; reject: (e: Error) => void }>()
  #nextId = 1
  #exited = false

  constructor(ns: string) {
    this.ns = ns
    const [cmd, ...args] = inNs(ns, [process.execPath, '--disable-warning=ExperimentalWarning', MAIN])
    this.#child = spawn(cmd as string, args, { stdio: ['pipe', 'pipe', 'inherit'], env: labEnv() })
    createInterface({ input: this.#child.stdout }).on('line', (line) => {
      let reply: ClientReply
      try {
        reply = JSON.parse(line) as ClientReply
      } catch {
        return
      }
      const waiter = this.#pending.get(reply.id)
      if (waiter === undefined) return
      this.#pending.delete(reply.id)
      this.#refresh()
      waiter.resolve(reply)
    })
    this.#child.once('exit', (code, signal) => {
      this.#exited = true
      const err = new Error(`Lab HTTP client in ${ns} exited (${signal ?? code})`)
      for (const w of this.#pending.values()) w.reject(err)
      this.#pending.clear()
    })
    this.#child.stdin.on('error', () => {}) // EPIPE after the namespace's processes were killed
    this.#refresh()
  }

  get alive(): boolean {
    return !this.#exited
  }

  /** One HTTP request from inside the namespace. Network failures come back as `error`, not as a rejection. */
  async request(spec: HttpRequestSpec): Promise<HttpResult> {
    const reply = await this.#call({ op: 'request', spec })
    if ('result' in reply) return reply.result
    throw new Error('error' in reply ? reply.error : 'Unexpected reply from the lab HTTP client')
  }

  /** Starts a bounded load loop (requests, durationMs, or until stop()). */
  load(spec: LoadSpec): LoadRun {
    const id = this.#nextId++
    const done = this.#send(id, { op: 'load', spec }).then((reply) => {
      if ('report' in reply) return reply.report
      throw new Error('error' in reply ? reply.error : 'Unexpected reply from the lab HTTP client')
    })
    done.catch(() => {}) // the caller sees it through done/stop
    const report = async (op: 'progress' | 'stop'): Promise<LoadReport> => {
      const reply = await this.#call({ op, load: id })
      if (op === 'stop') return done
      if ('report' in reply) return reply.report
      // The loop already ended: its final report is the progress.
      return done
    }
    return { done, progress: () => report('progress'), stop: () => report('stop') }
  }

  close(): void {
    if (!this.#exited) this.#child.stdin.end()
  }

  /** Resolves once the client process has exited (and been reaped). */
  exited(): Promise<void> {
    if (this.#exited) return Promise.resolve()
    this.#child.ref()
    return new Promise((resolve) => this.#child.once('exit', () => resolve()))
  }

  #call(cmd: DistributiveOmit<ClientCommand, 'id'>): Promise<ClientReply> {
    return this.#send(this.#nextId++, cmd)
  }

  #send(id: number, cmd: DistributiveOmit<ClientCommand, 'id'>): Promise<ClientReply> {
    if (this.#exited) return Promise.reject(new Error(`Lab HTTP client in ${this.ns} has exited`))
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#refresh()
      this.#child.stdin.write(`${JSON.stringify({ ...cmd, id })}\n`)
    })
  }

  /** Holds the event loop open only while an answer is awaited, so an idle client never keeps a test alive. */
  #refresh(): void {
    const busy = this.#pending.size > 0
    // The pipes are net.Sockets at runtime; their stream types do not declare ref/unref.
    const handles = [this.#child, this.#child.stdout, this.#child.stdin] as Array<{ ref?(): void; unref?(): void }>
    for (const handle of handles) {
      if (busy) handle.ref?.()
      else handle.unref?.()
    }
  }
}
