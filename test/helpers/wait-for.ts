// The one poller of the tests: checks a condition until it holds, for waiting on real processes, sockets and
// engines (unit tests with a ManualClock need none of this). Every older helper (eventually, until, the lab's
// waitFor) is a thin shape over this one.

export interface WaitOptions {
  timeoutMs: number
  /** Between checks; default 50 ms. */
  intervalMs?: number
  /** Whether any truthy value ends the wait (default), or any value other than undefined, null and false. */
  accept?: 'truthy' | 'defined'
  /** A check that throws such an error ends the wait at once (other errors count as "not yet"). */
  fatal?: (err: unknown) => boolean
}

/** Resolves with the first accepted value of `check`; throws after timeoutMs, naming `what` and the last error. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  options: WaitOptions,
): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + options.timeoutMs
  const accepted =
    options.accept === 'defined' ? (v: T) => v !== undefined && v !== null && v !== false : (v: T) => Boolean(v)
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (accepted(value)) return value as Exclude<T, undefined | null | false>
    } catch (err) {
      if (options.fatal?.(err) === true) throw err
      last = err
    }
    if (Date.now() >= deadline) {
      const why = last === undefined ? '' : `: ${last instanceof Error ? last.message : String(last)}`
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}${why}`, { cause: last })
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50))
  }
}

/** waitFor with the description and the time first, which reads better in long waits (the lab tests). */
export function until<T>(
  what: string,
  timeoutMs: number,
  check: () => T | Promise<T>,
  intervalMs?: number,
): Promise<Exclude<T, undefined | null | false>> {
  return waitFor(what, check, { timeoutMs, ...(intervalMs === undefined ? {} : { intervalMs }) })
}
