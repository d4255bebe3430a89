// Liveness of the hosts of the mesh, judged with hysteresis: alive → suspect on silence, suspect → dead only after
// direct probes fail in a row, anything → alive on a report. The state machine is pure (time is an argument, no
// timers inside) so it can be tested and benchmarked with plain numbers; runMembership() drives it on a Clock.
//
// Rules, with the defaults (hosts report every ~2 s):
// - A host that has not reported for suspectAfterMs (5 s, ~2.5 intervals) becomes suspect: one lost report (a 4 s
//   gap) never does.
// - A suspect is probed directly (a libp2p ping, done by the caller) every probeIntervalMs (1 s), at most one probe
//   outstanding per host; a probe with no answer after probeTimeoutMs (1 s) counts as failed.
// - probeFailuresToDead (3) failed probes in a row make it dead: a killed host is dead ~8 s after its last report.
// - A successful probe keeps a suspect suspect and resets its failure count: the host is up but its gossip is late,
//   so it is never declared dead while it answers. There is deliberately no upper bound on that: a host that
//   answers probes but sends no report for minutes (say 60 s) stays suspect, never dead. Acting on long suspects
//   (not placing new dynos there, alerting) is the consumer's policy; members() gives `since` to decide it.
// - Dead hosts are not probed; a report brings them back. forget() drops a host (e.g. removed from the cluster).
// - A host that says it is restarting (hold(): an agent stopping for an upgrade, its dynos left running) is never
//   judged dead before the hold ends; it goes suspect on silence as usual, and its next report lifts the hold.

import type { Clock, Timer } from '../lib/clock.ts'
import type { HostState } from '../proto/api.ts'
import { ShoalError } from '../proto/errors.ts'

/** The one table of host states lives in proto/api.ts. */
export type MemberState = HostState

export interface MembershipOptions {
  suspectAfterMs?: number
  probeIntervalMs?: number
  probeFailuresToDead?: number
  probeTimeoutMs?: number
}

export interface Transition {
  id: string
  from: MemberState | null
  to: MemberState
  at: number
}

export interface MemberInfo {
  id: string
  state: MemberState
  lastReport: number
  since: number
}

export const MEMBERSHIP_DEFAULTS: Readonly<Required<MembershipOptions>> = Object.freeze({
  suspectAfterMs: 5000,
  probeIntervalMs: 1000,
  probeFailuresToDead: 3,
  probeTimeoutMs: 1000,
})

interface Member {
  id: string
  state: MemberState
  lastReport: number
  since: number
  failures: number
  /** When the outstanding probe was handed out; null when none is. */
  probeStartedAt: number | null
  /** Until then failed probes keep it suspect, not dead: it said it is restarting (see hold()). */
  holdUntil: number
  nextProbeAt: number
  /** Said it is stopping gracefully: failed probes do not count until then (clock ms). */
  graceUntil: number
}

/** How long a host whose agent said it is stopping (a restart) keeps its dynos before probes may declare it dead. */
export const STOPPING_GRACE_MS = 60_000

export class Membership {
  readonly options: Readonly<Required<MembershipOptions>>
  #members = new Map<string, Member>()
  #counts: Record<MemberState, number> = { alive: 0, suspect: 0, dead: 0 }

  constructor(options: MembershipOptions = {}) {
    const d = MEMBERSHIP_DEFAULTS
    const o = {
      suspectAfterMs: options.suspectAfterMs ?? d.suspectAfterMs,
      probeIntervalMs: options.probeIntervalMs ?? d.probeIntervalMs,
      probeFailuresToDead: options.probeFailuresToDead ?? d.probeFailuresToDead,
      probeTimeoutMs: options.probeTimeoutMs ?? d.probeTimeoutMs,
    }
    for (const key of ['suspectAfterMs', 'probeIntervalMs', 'probeTimeoutMs'] as const) {
      if (!(Number.isFinite(o[key]) && o[key] > 0)) {
        throw new ShoalError(
          'INVALID_INPUT',
          `Cannot create membership: ${key} must be a positive number, got ${o[key]}`,
        )
      }
    }
    if (!(Number.isInteger(o.probeFailuresToDead) && o.probeFailuresToDead >= 1)) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot create membership: probeFailuresToDead must be a positive integer, got ${o.probeFailuresToDead}`,
      )
    }
    this.options = Object.freeze(o)
  }

  /** A valid report from `id` arrived: the host is alive whatever it was, and is added if unknown. */
  report(id: string, now: number): Transition | null {
    const m = this.#members.get(id)
    if (m === undefined) {
      this.#members.set(id, {
        id,
        state: 'alive',
        lastReport: now,
        since: now,
        failures: 0,
        probeStartedAt: null,
        nextProbeAt: 0,
        graceUntil: 0,
        holdUntil: 0,
      })
      this.#counts.alive++
      return { id, from: null, to: 'alive', at: now }
    }
    // Reports may be handled out of order; silence is measured from the newest one.
    if (now > m.lastReport) m.lastReport = now
    m.failures = 0
    m.probeStartedAt = null
    m.graceUntil = 0
    return m.state === 'alive' ? null : this.#move(m, 'alive', now)
  }

  /**
   * `id` said it is stopping gracefully (an agent restart: its dynos keep running). Failed probes do not make it
   * dead for `graceMs`: a restart within the grace brings it back alive with its dynos where they were; after the
   * grace, probes count again and a host that stays away goes dead. `keep`: 'suspect' moves it to suspect at once
   * (the controller: no new work there, its dynos held); 'alive' keeps an alive host alive through the grace (a
   * router: its dynos keep serving, so keep sending them requests).
   */
  stopping(id: string, now: number, graceMs: number, keep: 'suspect' | 'alive' = 'suspect'): Transition | null {
    const m = this.#members.get(id)
    if (m === undefined || m.state === 'dead') return null
    m.graceUntil = now + graceMs
    m.failures = 0
    m.probeStartedAt = null
    m.nextProbeAt = now
    if (keep === 'alive' || m.state === 'suspect') return null
    return this.#move(m, 'suspect', now)
  }

  /** Advances every host to `now`. O(n); returns the transitions made and the suspects to probe now. */
  tick(now: number): { transitions: Transition[]; probe: string[] } {
    const transitions: Transition[] = []
    const probe: string[] = []
    const { suspectAfterMs, probeIntervalMs, probeTimeoutMs } = this.options
    for (const m of this.#members.values()) {
      if (m.state === 'alive') {
        if (now - m.lastReport < suspectAfterMs || now < m.graceUntil) continue
        transitions.push(this.#move(m, 'suspect', now))
        m.failures = 0
        m.probeStartedAt = null
        m.nextProbeAt = now
      } else if (m.state === 'dead') {
        continue
      }
      // Safety net for a caller that never answers: an overdue probe is a failed one.
      if (m.probeStartedAt !== null && now - m.probeStartedAt >= probeTimeoutMs) {
        m.probeStartedAt = null
        const t = this.#fail(m, now)
        if (t !== null) {
          transitions.push(t)
          continue
        }
      }
      if (m.probeStartedAt === null && now >= m.nextProbeAt) {
        m.probeStartedAt = now
        m.nextProbeAt = now + probeIntervalMs
        probe.push(m.id)
      }
    }
    return { transitions, probe }
  }

  /**
   * The answer to the probe tick() handed out for `id`. Ignored (null) when no probe is outstanding for it: the
   * probe already timed out, the host reported meanwhile, or it was never asked for.
   */
  probeResult(id: string, ok: boolean, now: number): Transition | null {
    const m = this.#members.get(id)
    if (m === undefined || m.state !== 'suspect' || m.probeStartedAt === null) return null
    m.probeStartedAt = null
    if (ok) {
      m.failures = 0
      return null
    }
    return this.#fail(m, now)
  }

  /**
   * The host said it is restarting (its dynos keep running for the next process to adopt): until `until`, silence
   * and failed probes make it suspect but not dead. 0 lifts the hold. A host that is not back by then is judged as
   * usual from that moment on.
   */
  hold(id: string, until: number): void {
    const m = this.#members.get(id)
    if (m !== undefined) m.holdUntil = until
  }

  forget(id: string): void {
    const m = this.#members.get(id)
    if (m === undefined) return
    this.#members.delete(id)
    this.#counts[m.state]--
  }

  state(id: string): MemberState | undefined {
    return this.#members.get(id)?.state
  }

  members(): MemberInfo[] {
    const out: MemberInfo[] = []
    for (const m of this.#members.values())
      out.push({ id: m.id, state: m.state, lastReport: m.lastReport, since: m.since })
    return out
  }

  counts(): Record<MemberState, number> {
    return { ...this.#counts }
  }

  #fail(m: Member, now: number): Transition | null {
    if (now < m.graceUntil) return null
    m.failures++
    if (now < m.holdUntil) return null
    return m.failures >= this.options.probeFailuresToDead ? this.#move(m, 'dead', now) : null
  }

  #move(m: Member, to: MemberState, now: number): Transition {
    const from = m.state
    this.#counts[from]--
    this.#counts[to]++
    m.state = to
    m.since = now
    return { id: m.id, from, to, at: now }
  }
}

export interface MembershipDriverDeps {
  clock: Clock
  /** One direct liveness check (a libp2p ping); should give up when `signal` aborts. Rejecting means failed. */
  probe: (id: string, signal: AbortSignal) => Promise<boolean>
  /** Called for every transition the driver makes or sees; must not throw. */
  onTransition: (t: Transition) => void
  /** How often the machine is ticked; default 250 ms. */
  tickMs?: number
}

export interface MembershipDriver {
  /** Feeds a report stamped with the clock's time; its transition, if any, also goes to onTransition. */
  report(id: string): Transition | null
  stop(): void
}

interface InFlight {
  controller: AbortController
  timer: Timer
}

/**
 * Ticks `m` on the clock, runs the probes it asks for (each aborted after probeTimeoutMs, never two at once for a
 * host) and feeds their results back.
 */
export function runMembership(m: Membership, deps: MembershipDriverDeps): MembershipDriver {
  const { clock, probe, onTransition } = deps
  const tickMs = deps.tickMs ?? 250
  const inFlight = new Map<string, InFlight>()
  let stopped = false

  const emit = (t: Transition | null): void => {
    if (t !== null) onTransition(t)
  }

  // A host that reported or went dead has no use for a probe still running.
  const drop = (id: string): void => {
    const entry = inFlight.get(id)
    if (entry === undefined) return
    inFlight.delete(id)
    entry.timer.cancel()
    entry.controller.abort()
  }

  // Settles the probe `entry` of `id` once: later answers of a probe that timed out or was superseded are dropped,
  // so a late "ok" can never be taken for the answer of a newer probe.
  const settle = (id: string, entry: InFlight, ok: boolean): void => {
    if (stopped || inFlight.get(id) !== entry) return
    inFlight.delete(id)
    entry.timer.cancel()
    emit(m.probeResult(id, ok, clock.now()))
  }

  const launch = (id: string): void => {
    // The machine only hands out a probe while none is outstanding; one still running here has already been timed
    // out by the machine's own deadline, so stop it before starting the next.
    drop(id)
    const controller = new AbortController()
    const entry: InFlight = {
      controller,
      timer: clock.setTimeout(() => {
        controller.abort(
          new ShoalError('TIMEOUT', `Probe of host ${id} failed: no answer in ${m.options.probeTimeoutMs} ms`),
        )
        settle(id, entry, false)
      }, m.options.probeTimeoutMs),
    }
    inFlight.set(id, entry)
    let pending: Promise<boolean>
    try {
      pending = probe(id, controller.signal)
    } catch {
      pending = Promise.resolve(false)
    }
    pending.then(
      (ok) => settle(id, entry, ok === true),
      () => settle(id, entry, false),
    )
  }

  const interval = clock.setInterval(() => {
    if (stopped) return
    const { transitions, probe: due } = m.tick(clock.now())
    for (const t of transitions) {
      if (t.to !== 'suspect') drop(t.id)
      onTransition(t)
    }
    for (const id of due) launch(id)
  }, tickMs)

  return {
    report(id) {
      const t = m.report(id, clock.now())
      if (t !== null) drop(id)
      emit(t)
      return t
    },
    stop() {
      if (stopped) return
      stopped = true
      interval.cancel()
      for (const id of [...inFlight.keys()]) drop(id)
    },
  }
}
