// Waiting on work that a signal may end early. The listener is removed when the work settles, so a long-lived signal
// (a dyno's whole life) gathers none across thousands of waits.

export const ABORTED = Symbol('aborted')

/** The work's result, or ABORTED as soon as `signal` aborts (the work itself goes on). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED)
  return new Promise<T | typeof ABORTED>((resolve, reject) => {
    const onAbort = () => resolve(ABORTED)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
