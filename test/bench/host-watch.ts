// Watches GET /v1/hosts for the process-level benches: polls in the background and keeps every observation, so a
// bench can ask when a host first reached a state and the worst state it showed over a stretch of time.

import { performance } from 'node:perf_hooks'
import { pinnedRequest, readBody } from '../../lib/pinned-tls.ts'
import type { HostState, HostsResponse } from '../../proto/api.ts'
import { sleep } from './bench-report.ts'

export const POLL_MS = 100

export const RANK: Record<HostState, number> = { alive: 0, suspect: 1, dead: 2 }

export interface Observation {
  at: number
  label: string
  state: HostState
}

/** Polls GET /v1/hosts in the background; agents are told apart by their `bench` label. */
export class HostWatch {
  readonly seen: Observation[] = []
  readonly latest = new Map<string, HostState>()
  readonly #url: string
  readonly #token: string
  readonly #fingerprint: string
  readonly #waiters = new Set<() => void>()
  #running = true
  /** When the request of the latest answered poll was sent, and when its answer arrived. */
  #lastPoll = { sent: Number.NEGATIVE_INFINITY, at: Number.NEGATIVE_INFINITY }
  readonly #loop: Promise<void>

  constructor(apiUrl: string, token: string, fingerprint: string) {
    this.#url = `${apiUrl}/v1/hosts`
    this.#token = token
    this.#fingerprint = fingerprint
    this.#loop = this.#run()
  }

  async #run(): Promise<void> {
    while (this.#running) {
      const sent = performance.now()
      try {
        const res = await pinnedRequest(this.#url, this.#fingerprint, {
          headers: { authorization: `Bearer ${this.#token}` },
        })
        const body = JSON.parse(await readBody(res)) as HostsResponse
        const at = performance.now()
        for (const h of body.hosts) {
          const label = h.labels['bench']
          if (label === undefined) continue
          this.latest.set(label, h.state)
          this.seen.push({ at, label, state: h.state })
        }
        this.#lastPoll = { sent, at }
      } catch {
        // The controller may be restarting or slow; the next poll tells.
      }
      for (const wake of this.#waiters) wake()
      await sleep(POLL_MS)
    }
  }

  /**
   * Resolves with the arrival time of the first poll, sent after this call, on which `check` holds; rejects after
   * timeoutMs.
   */
  async until(what: string, check: (latest: Map<string, HostState>) => boolean, timeoutMs: number): Promise<number> {
    const start = performance.now()
    const deadline = start + timeoutMs
    for (;;) {
      if (this.#lastPoll.sent >= start && check(this.latest)) return this.#lastPoll.at
      if (performance.now() > deadline) {
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify([...this.latest])}`)
      }
      await new Promise<void>((r) => {
        const wake = (): void => {
          this.#waiters.delete(wake)
          r()
        }
        this.#waiters.add(wake)
      })
    }
  }

  /** The worst state a host was seen in between two times; undefined when it was not seen at all. */
  worst(label: string, from: number, to = performance.now()): HostState | undefined {
    let worst: HostState | undefined
    for (const o of this.seen) {
      if (o.label !== label || o.at < from || o.at > to) continue
      if (worst === undefined || RANK[o.state] > RANK[worst]) worst = o.state
    }
    return worst
  }

  firstSeen(label: string, state: HostState, after: number): number | undefined {
    return this.seen.find((o) => o.label === label && o.state === state && o.at >= after)?.at
  }

  async stop(): Promise<void> {
    this.#running = false
    await this.#loop
  }
}
