// The wire types between the lab and its in-namespace HTTP client (lab-client-main.ts), and the tally of a load
// loop. Pure: the client process fills a LoadTally, and summarizeLoad turns it into the report tests assert on.

export interface HttpRequestSpec {
  url: string
  method?: string
  headers?: Record<string, string>
  body?: string
  timeoutMs?: number
  /** For https URLs: the SHA-256 fingerprint the server's certificate must have (the controller's API). */
  pin?: string
}

export interface HttpResult {
  /** 0 when no response arrived (see error) */
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  ms: number
  /** e.g. ECONNREFUSED, ETIMEDOUT (no response within timeoutMs), ECONNRESET */
  error?: string
}

export interface LoadSpec {
  /** URLs tried round-robin, e.g. the routers of the surviving hosts */
  targets: string[]
  method?: string
  headers?: Record<string, string>
  /** parallel request loops (default 4) */
  concurrency?: number
  /** stop after this many requests in total */
  requests?: number
  /** stop after this long */
  durationMs?: number
  /** per-request timeout (default 10000) */
  timeoutMs?: number
  /** pause of each loop between its requests, to bound the rate (default 0) */
  pauseMs?: number
  /** reuse connections (default true) */
  keepAlive?: boolean
  /** count responses by this response header's value (e.g. a header naming the dyno that answered) */
  tallyHeader?: string
  /** count responses by their (trimmed, first 200 characters of) body */
  tallyBody?: boolean
  /**
   * Open loop: requests are sent at a fixed arrival rate per step, whatever the responses do (concurrency and
   * pauseMs are then ignored). The loop ends after the last step. More than `maxOutstanding` (default 4000)
   * requests without an answer count as failed with error `client_backlog` instead of being sent.
   */
  schedule?: Array<{ forMs: number; perS: number }>
  maxOutstanding?: number
}

export interface LoadFailure {
  /** epoch ms when the request was sent */
  at: number
  target: string
  status?: number
  error?: string
  ms: number
}

export interface LoadReport {
  requests: number
  /** 2xx and 3xx */
  ok: number
  /** everything else: no response, timeouts, 4xx, 5xx (H-codes) */
  failed: number
  byStatus: Record<string, number>
  byError: Record<string, number>
  perTarget: Record<string, { requests: number; failed: number }>
  /** the first 50 failures, in order */
  failures: LoadFailure[]
  /** epoch ms of the first and last failed request (undefined when none failed) */
  firstFailureAt?: number
  lastFailureAt?: number
  latencyMs: { p50: number; p95: number; p99: number; max: number }
  startedAt: number
  durationMs: number
  /** requests per second over the run */
  rate: number
  tally: Record<string, number>
}

/** The mutable counts a running load loop keeps. */
export interface LoadTally {
  startedAt: number
  requests: number
  ok: number
  byStatus: Map<string, number>
  byError: Map<string, number>
  perTarget: Map<string, { requests: number; failed: number }>
  failures: LoadFailure[]
  failedCount: number
  firstFailureAt: number | undefined
  lastFailureAt: number | undefined
  latencies: number[]
  tally: Map<string, number>
}

export function newTally(startedAt: number): LoadTally {
  return {
    startedAt,
    requests: 0,
    ok: 0,
    byStatus: new Map(),
    byError: new Map(),
    perTarget: new Map(),
    failures: [],
    failedCount: 0,
    firstFailureAt: undefined,
    lastFailureAt: undefined,
    latencies: [],
    tally: new Map(),
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

const MAX_FAILURE_SAMPLES = 50

export function record(t: LoadTally, target: string, at: number, result: HttpResult, tallyKey?: string): void {
  t.requests++
  t.latencies.push(result.ms)
  const per = t.perTarget.get(target) ?? { requests: 0, failed: 0 }
  per.requests++
  t.perTarget.set(target, per)
  if (result.status > 0) bump(t.byStatus, String(result.status))
  if (result.error !== undefined) bump(t.byError, result.error)
  if (tallyKey !== undefined) bump(t.tally, tallyKey)
  if (result.error === undefined && result.status >= 200 && result.status < 400) {
    t.ok++
    return
  }
  per.failed++
  t.failedCount++
  t.firstFailureAt ??= at
  t.lastFailureAt = at
  if (t.failures.length < MAX_FAILURE_SAMPLES) {
    t.failures.push({
      at,
      target,
      ms: result.ms,
      ...(result.status > 0 ? { status: result.status } : {}),
      ...(result.error !== undefined ? { error: result.error } : {}),
    })
  }
}

/** The value at quantile q (0..1) of ascending `sorted`, nearest-rank; 0 for no values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)))
  return sorted[rank - 1] as number
}

export function summarizeLoad(t: LoadTally, now: number): LoadReport {
  const sorted = [...t.latencies].sort((a, b) => a - b)
  const durationMs = Math.max(0, now - t.startedAt)
  return {
    requests: t.requests,
    ok: t.ok,
    failed: t.failedCount,
    byStatus: Object.fromEntries(t.byStatus),
    byError: Object.fromEntries(t.byError),
    perTarget: Object.fromEntries([...t.perTarget].map(([k, v]) => [k, { ...v }])),
    failures: [...t.failures],
    ...(t.firstFailureAt !== undefined ? { firstFailureAt: t.firstFailureAt } : {}),
    ...(t.lastFailureAt !== undefined ? { lastFailureAt: t.lastFailureAt } : {}),
    latencyMs: {
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
      max: sorted.at(-1) ?? 0,
    },
    startedAt: t.startedAt,
    durationMs,
    rate: durationMs === 0 ? 0 : Math.round((t.requests / durationMs) * 1000 * 10) / 10,
    tally: Object.fromEntries(t.tally),
  }
}

/** One line for logs: `1200 requests, 0 failed, p50 3 ms, p99 20 ms, 240/s`. */
export function formatLoad(r: LoadReport): string {
  const statuses = Object.entries(r.byStatus)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ')
  const errors = Object.entries(r.byError)
    .map(([e, n]) => `${e}×${n}`)
    .join(' ')
  return (
    `${r.requests} requests, ${r.failed} failed (${[statuses, errors].filter((x) => x !== '').join(', ')}), ` +
    `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms, ${r.rate}/s`
  )
}

/** Client → lab-client-main.ts, one JSON object per line. */
export type ClientCommand =
  | { id: number; op: 'request'; spec: HttpRequestSpec }
  | { id: number; op: 'load'; spec: LoadSpec }
  | { id: number; op: 'progress'; load: number }
  | { id: number; op: 'stop'; load: number }

/** lab-client-main.ts → client: `{ id, ... }` answering the command with that id. */
export type ClientReply =
  | { id: number; result: HttpResult }
  | { id: number; report: LoadReport }
  | { id: number; error: string }
