// Preloaded into a lab daemon (`node --import`) to give its host a wall clock off by SHOAL_LAB_CLOCK_SKEW_MS, as
// on a machine whose NTP is broken: Date.now() and new Date() are skewed; monotonic time (performance.now, timers)
// is not, as on a real host. Use it through skewedClock(): lab.restart(2, 'agent', { env: skewedClock(30_000) }).

const skew = Number(process.env['SHOAL_LAB_CLOCK_SKEW_MS'] ?? 0)

if (Number.isFinite(skew) && skew !== 0) {
  const RealDate = Date
  class SkewedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + skew)
      else super(...(args as [string | number | Date]))
    }
    static override now(): number {
      return RealDate.now() + skew
    }
  }
  globalThis.Date = SkewedDate as DateConstructor
}

/** The environment that skews a lab daemon's wall clock by `ms` (0 puts it right again). */
export function skewedClock(ms: number): NodeJS.ProcessEnv {
  return {
    SHOAL_LAB_CLOCK_SKEW_MS: String(ms),
    NODE_OPTIONS: ms === 0 ? '' : `--import=${import.meta.filename}`,
  }
}
