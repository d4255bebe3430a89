// The autoscaler, a leader-only component: every second it reads each enabled autoscale record, asks decide() with
// the router windows, and applies the decision through the formation service ps:scale uses, with the record's new
// decision state in the same transaction. Every decision is an app log line `shoal[autoscaler]: …` and a metric.

import type { Registry } from 'prom-client'
import type { Clock, Timer } from '../../lib/clock.ts'
import type { Startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import type { AlsoWrite } from '../formation/formation-service.ts'
import { encodeJson, getJson, type JsonEntry, listJson, type Store } from '../store/store.ts'
import {
  AUTOSCALE_PREFIX,
  type AutoscaleRecord,
  autoscaleKey,
  type DecisionEntry,
  KEPT_DECISIONS,
} from './autoscale-records.ts'
import { type AutoscalerMetrics, autoscalerMetrics } from './autoscaler-metrics.ts'
import { type Decision, type DecisionState, decide, initialState, panicWindowMs } from './decide.ts'
import { describeLine } from './decision-line.ts'
import type { MetricWindows } from './metric-windows.ts'

export interface AutoscalerDeps {
  store: Store
  windows: MetricWindows
  clock: Clock
  logger: Logger
  /** The formation's quantity of a type; undefined when the app or the type does not exist. */
  quantity(app: string, type: string): Promise<number | undefined>
  /** Dynos of the type the scheduler could not place. */
  unplaceable(app: string, type: string): Promise<number>
  /**
   * Sets the quantity as ps:scale does, in one transaction with `also`. The seam for the fenced leader write: when
   * the store fences writes by leader epoch, this is the call that carries it.
   */
  scale(app: string, type: string, quantity: number, also: AlsoWrite): Promise<void>
  /** An app log line from `shoal[autoscaler]`. */
  appLog(app: string, message: string): void
  registry?: Registry | undefined
  tickMs?: number | undefined
  /** Decision state that changed nothing is written at most this often. */
  persistEveryMs?: number | undefined
}

/** What the last evaluation of a type saw and decided, for `ps:autoscale` and metrics. */
export interface LastEvaluation {
  at: number
  decision: Decision
  quantity: number
}

export class Autoscaler implements Startable {
  readonly #d: AutoscalerDeps
  readonly #metrics: AutoscalerMetrics | undefined
  readonly #wakes = new Set<string>()
  readonly #last = new Map<string, LastEvaluation>()
  readonly #persistedAt = new Map<string, number>()
  /**
   * The decision state of the last round per record, and the record revision it follows. A round that decides
   * nothing still moves the state (new dynos serving, panic, activity, the scale-down history) but writes it at most
   * every persistEveryMs: the next round starts from this copy while the stored record is still that revision, and
   * from the stored one once anything else wrote it (settings, enable, another leader). A decision that could not be
   * applied drops it, so the kept state is never ahead of the formation.
   */
  readonly #states = new Map<string, { revision: number; state: DecisionState }>()
  #timer: Timer | undefined
  #running: Promise<void> | undefined
  #again = false

  constructor(deps: AutoscalerDeps) {
    this.#d = deps
    this.#metrics = deps.registry === undefined ? undefined : autoscalerMetrics(deps.registry, this)
  }

  start(): void {
    this.#timer ??= this.#d.clock.setInterval(() => this.tick(), this.#d.tickMs ?? 1_000)
  }

  async stop(): Promise<void> {
    this.#timer?.cancel()
    this.#timer = undefined
    await this.#running
  }

  /** Whether this controller runs it (it is the leader). */
  get running(): boolean {
    return this.#timer !== undefined
  }

  now(): number {
    return this.#d.clock.now()
  }

  get windows(): MetricWindows {
    return this.#d.windows
  }

  last(app: string, type: string): LastEvaluation | undefined {
    return this.#last.get(autoscaleKey(app, type))
  }

  lastAll(): Map<string, LastEvaluation> {
    return this.#last
  }

  /** A router holds a request for a sleeping type: decide at once (a wake scales to max(min, 1)). */
  wake(app: string, type: string): Promise<void> {
    this.#wakes.add(autoscaleKey(app, type))
    this.#metrics?.wakes.inc({ app, process_type: type })
    return this.tick()
  }

  /** One evaluation of every enabled type; a call while one runs asks for another right after. */
  tick(): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true
      return this.#running
    }
    this.#running = (async () => {
      do {
        this.#again = false
        await this.#round().catch((err: unknown) =>
          this.#d.logger.warn({ err: String(err) }, 'autoscaler round failed'),
        )
      } while (this.#again && this.#timer !== undefined)
    })().finally(() => {
      this.#running = undefined
    })
    return this.#running
  }

  async #round(): Promise<void> {
    const records = await listJson<AutoscaleRecord>(this.#d.store, AUTOSCALE_PREFIX)
    const live = new Set<string>()
    for (const entry of records) {
      if (!entry.value.enabled) continue
      live.add(entry.key)
      try {
        await this.#evaluate(entry)
      } catch (err) {
        this.#d.logger.warn({ app: entry.value.app, type: entry.value.type, err: String(err) }, 'autoscale failed')
      }
    }
    for (const k of this.#last.keys()) if (!live.has(k)) this.#last.delete(k)
    for (const k of this.#states.keys()) if (!live.has(k)) this.#states.delete(k)
  }

  async #evaluate(entry: JsonEntry<AutoscaleRecord>): Promise<void> {
    const r = entry.value
    const { app, type, settings } = r
    const now = this.#d.clock.now()
    const quantity = await this.#d.quantity(app, type)
    if (quantity === undefined) return
    const w = this.#d.windows
    const held = this.#states.get(entry.key)
    const previous =
      held !== undefined && held.revision === entry.revision ? held.state : (r.state ?? initialState(now, quantity))
    const short = w.figures(app, type, settings.windowMs, now)
    const { decision, state } = decide(settings, previous, {
      now,
      quantity,
      unplaceable: await this.#d.unplaceable(app, type),
      short,
      panic: w.figures(app, type, panicWindowMs(settings), now),
      wake: this.#wakes.delete(entry.key),
    })
    this.#last.set(entry.key, { at: now, decision, quantity })
    if (decision.kind === 'none') this.#states.set(entry.key, { revision: entry.revision, state })
    else this.#states.delete(entry.key)
    const logged: DecisionEntry = {
      at: new Date(now).toISOString(),
      kind: decision.kind,
      from: decision.from,
      to: decision.to,
      reason: decision.reason,
    }
    const next = (base: AutoscaleRecord): AutoscaleRecord => ({
      ...base,
      state,
      decisions: decision.kind === 'none' ? base.decisions : [...base.decisions, logged].slice(-KEPT_DECISIONS),
      updatedAt: logged.at,
    })

    if (decision.kind === 'none')
      this.#d.logger.debug(
        {
          app,
          type,
          quantity,
          reason: decision.reason,
          observed: decision.observed,
          arrivals: short.arrivals,
          load: Number(short.load.toFixed(2)),
          queue: short.queueLast,
          recommended: state.recommendations.map(([, n]) => n),
        },
        'autoscale: no change',
      )
    if (decision.kind === 'manual') {
      // Heroku: scaling an autoscaled type by hand disables autoscaling for it.
      const disabled = {
        ...next(r),
        enabled: false,
        disabledReason: `scaled by hand from ${decision.from} to ${decision.to}`,
      }
      if (await this.#write(entry, disabled)) this.#announce(app, type, decision, r)
      return
    }
    if (decision.to !== quantity) {
      const also: AlsoWrite = async () => {
        const current = await getJson<AutoscaleRecord>(this.#d.store, entry.key)
        if (current === undefined || current.revision !== entry.revision) return null
        return {
          compare: [{ key: entry.key, revision: entry.revision }],
          ops: [{ type: 'put', key: entry.key, value: encodeJson(next(r)) }],
        }
      }
      try {
        await this.#d.scale(app, type, decision.to, also)
      } catch (err) {
        this.#d.logger.info({ app, type, err: String(err) }, 'autoscale decision not applied')
        return
      }
      this.#persistedAt.set(entry.key, now)
      this.#announce(app, type, decision, r)
      return
    }
    if (
      decision.kind !== 'none' ||
      now - (this.#persistedAt.get(entry.key) ?? 0) >= (this.#d.persistEveryMs ?? 15_000)
    ) {
      if ((await this.#write(entry, next(r))) && decision.kind !== 'none') this.#announce(app, type, decision, r)
    }
  }

  async #write(entry: JsonEntry<AutoscaleRecord>, value: AutoscaleRecord): Promise<boolean> {
    const res = await this.#d.store.txn({
      compare: [{ key: entry.key, revision: entry.revision }],
      success: [{ type: 'put', key: entry.key, value: encodeJson(value) }],
    })
    if (res.succeeded) {
      this.#persistedAt.set(entry.key, this.#d.clock.now())
      const held = this.#states.get(entry.key)
      if (held !== undefined) held.revision = res.revision
    }
    return res.succeeded
  }

  #announce(app: string, type: string, decision: Decision, r: AutoscaleRecord): void {
    this.#metrics?.decisions.inc({ app, process_type: type, kind: decision.kind })
    const line = describeLine(type, decision)
    this.#d.appLog(app, line)
    this.#d.logger.info({ app, type, kind: decision.kind, from: decision.from, to: decision.to }, line)
    if (r.settings.notifications) {
      // Heroku e-mails on autoscaling events when notifications are on; an operator's log alerting picks this up.
      this.#d.logger.warn({ app, type, notification: true, kind: decision.kind }, line)
      this.#metrics?.notifications.inc({ app, process_type: type })
    }
  }
}

export type { DecisionState }
