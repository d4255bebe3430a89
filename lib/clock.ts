// Time as a dependency: daemons use systemClock, unit tests use ManualClock and advance it by hand.

export interface Timer {
  cancel(): void
}

export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): Timer
  setInterval(fn: () => void, ms: number): Timer
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    t.unref?.()
    return { cancel: () => clearTimeout(t) }
  },
  setInterval: (fn, ms) => {
    const t = setInterval(fn, ms)
    t.unref?.()
    return { cancel: () => clearInterval(t) }
  },
}

interface Pending {
  at: number
  every: number | null
  fn: () => void
  cancelled: boolean
}

/** A clock that moves only when told to; timers fire in time order during advance(). */
export class ManualClock implements Clock {
  #now: number
  #timers: Pending[] = []

  constructor(start = 0) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  setTimeout(fn: () => void, ms: number): Timer {
    return this.#add({ at: this.#now + ms, every: null, fn, cancelled: false })
  }

  setInterval(fn: () => void, ms: number): Timer {
    return this.#add({ at: this.#now + ms, every: Math.max(1, ms), fn, cancelled: false })
  }

  advance(ms: number): void {
    const target = this.#now + ms
    for (;;) {
      const next = this.#timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at)[0]
      if (next === undefined) break
      this.#now = next.at
      if (next.every === null) next.cancelled = true
      else next.at += next.every
      next.fn()
    }
    this.#timers = this.#timers.filter((t) => !t.cancelled)
    this.#now = target
  }

  #add(p: Pending): Timer {
    this.#timers.push(p)
    return {
      cancel: () => {
        p.cancelled = true
      },
    }
  }
}
