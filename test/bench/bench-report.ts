// Shared pieces of the process-level benches (cluster-timings, router-throughput, dyno-start): figures, the
// summary table, memory of a process, and teardown that also runs on Ctrl-C.

import { readFileSync, readlinkSync } from 'node:fs'
import { basename } from 'node:path'

export interface Summary {
  n: number
  min: number
  median: number
  max: number
}

/** min/median/max of the samples; the median of an even count is the mean of the middle two. */
export function summarize(samples: readonly number[]): Summary {
  const xs = [...samples].sort((a, b) => a - b)
  if (xs.length === 0) return { n: 0, min: Number.NaN, median: Number.NaN, max: Number.NaN }
  const mid = Math.floor(xs.length / 2)
  const median = xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2
  return { n: xs.length, min: xs[0]!, median, max: xs[xs.length - 1]! }
}

/** A plain text table, columns padded to their widest cell; numbers-looking cells align right. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const numeric = /^[-+]?[\d.,]+\s?[a-zA-Z/%µ]*$/
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/** Resident set size of a live process in bytes, from /proc/<pid>/status (VmRSS); undefined once it is gone. */
export function vmRssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m?.[1] === undefined ? undefined : Number(m[1]) * 1024
  } catch {
    return undefined
  }
}

/**
 * The executable's file name of a process (/proc/<pid>/exe), to check a pid really is the node process measured
 * (/proc/<pid>/comm won't do: node names its main thread "MainThread").
 */
export function executableName(pid: number | undefined): string | undefined {
  if (pid === undefined) return undefined
  try {
    return basename(readlinkSync(`/proc/${pid}/exe`))
  } catch {
    return undefined
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuTimeMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces) start at state; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return (ticks * 1000) / CLOCK_TICKS
  } catch {
    return undefined
  }
}

// USER_HZ is 100 on every Linux the project runs on (it is fixed by the kernel ABI, not by CONFIG_HZ).
const CLOCK_TICKS = 100

/** Megabytes as the issues count them (10^6 bytes), one decimal. */
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`
export const ms = (x: number): string => `${Math.round(x)} ms`
export const sleep = (delayMs: number): Promise<void> => new Promise((r) => setTimeout(r, delayMs))

/**
 * Runs `cleanup` once, whether the bench ends normally, throws, or is interrupted (SIGINT/SIGTERM: it then exits
 * 130). Use: `const done = teardown(fn); try { … } finally { await done() }`.
 */
export function teardown(cleanup: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined
  const run = (): Promise<void> => {
    running ??= cleanup().catch((err: unknown) => {
      console.error(`teardown failed: ${err instanceof Error ? err.message : String(err)}`)
    })
    return running
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`\n${signal}: stopping the bench and tearing down what it started`)
    void run().then(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return async () => {
    await run()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
