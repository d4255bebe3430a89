import { Gauge, type Registry } from 'prom-client'
import type { Clock } from '../lib/clock.ts'
import type { Logger } from '../lib/logger.ts'
import { type MemberState, Membership, type Transition } from '../mesh/membership.ts'
import { HOST_STATES, type HostView } from '../proto/api.ts'
import type { HostReport } from '../proto/codec.ts'
import { ShoalError } from '../proto/errors.ts'
import type { HostSnapshot } from './scheduler/snapshot.ts'
import { decodeJson, getJson, listJson, putJson, type Store, type WatchEvent } from './store/store.ts'

/** What the store keeps about an admitted host; live figures come from its reports. */
export interface HostRecord {
  id: string
  hostname: string
  role: 'agent' | 'router'
  admittedAt: string
  addresses: string[]
  draining?: boolean | undefined
  /** Operator labels (hosts:label), merged over the labels the agent reports. */
  labels?: Record<string, string> | undefined
}

const PREFIX = 'hosts/'
/** A host cannot ask for more than this (a report is trusted only as far as its sender is admitted). */
const MAX_RESTART_GRACE_MS = 5 * 60_000

/**
 * The controller's view of the hosts: admitted records (store), their latest reports (memory) and their liveness
 * (membership with hysteresis). Reports from peers that were never admitted are ignored.
 */
export class HostRegistry {
  readonly membership: Membership
  readonly #store: Store
  readonly #clock: Clock
  readonly #log: Logger
  readonly #records = new Map<string, HostRecord>()
  readonly #reports = new Map<string, { report: HostReport; at: number }>()
  readonly #listeners = new Set<(t: Transition) => void>()

  constructor(deps: { store: Store; clock: Clock; logger: Logger; membership?: Membership }) {
    this.#store = deps.store
    this.#clock = deps.clock
    this.#log = deps.logger
    this.membership = deps.membership ?? new Membership()
  }

  /** Loads admitted hosts; each starts alive and must report (or answer probes) to stay so. */
  async load(): Promise<void> {
    for (const { value } of await listJson<HostRecord>(this.#store, PREFIX)) {
      this.#records.set(value.id, value)
      if (value.role === 'agent') this.#observe(this.membership.report(value.id, this.#clock.now()))
    }
  }

  /**
   * Follows the records other controllers write (HA: any controller admits hosts, drains and labels them, removes
   * them) until `signal` aborts: a host admitted through a follower is known to the leader at once, not after its
   * next election. Watch first, then list; a watch that ends for another reason is set up again a second later.
   */
  async follow(signal: AbortSignal): Promise<void> {
    const again = (): void => {
      if (signal.aborted) return
      setTimeout(() => {
        this.follow(signal).catch((err: unknown) => {
          this.#log.warn({ err: String(err) }, 'following host records failed; retrying')
          again()
        })
      }, 1000).unref()
    }
    await this.#store.watch(PREFIX, (event) => this.#apply(event), { signal, onError: again })
    for (const { value } of await listJson<HostRecord>(this.#store, PREFIX)) this.#adopt(value)
  }

  #apply(event: WatchEvent): void {
    if (event.type === 'put') {
      this.#adopt(decodeJson<HostRecord>(event.key, event.value))
      return
    }
    const id = event.key.slice(PREFIX.length)
    if (!this.#records.delete(id)) return
    this.#reports.delete(id)
    this.membership.forget(id)
    this.#log.info({ host: id }, 'host removed (through another controller)')
  }

  /** A record from the store: a new agent starts alive and must report to stay so, as in load(). */
  #adopt(record: HostRecord): void {
    const known = this.#records.has(record.id)
    this.#records.set(record.id, record)
    if (!known && record.role === 'agent') this.#observe(this.membership.report(record.id, this.#clock.now()))
  }

  async admit(record: Omit<HostRecord, 'admittedAt'>): Promise<HostRecord> {
    const existing = (await getJson<HostRecord>(this.#store, PREFIX + record.id))?.value
    const full: HostRecord = {
      ...record,
      admittedAt: existing?.admittedAt ?? new Date(this.#clock.now()).toISOString(),
    }
    await putJson(this.#store, PREFIX + record.id, full)
    this.#records.set(record.id, full)
    this.#log.info({ host: record.id, hostname: record.hostname, role: record.role }, 'host admitted')
    return full
  }

  /** Sets operator fields of a host record (drain flag, labels; a null label value removes it). */
  async update(
    id: string,
    change: { draining?: boolean; labels?: Record<string, string | null> },
  ): Promise<HostRecord> {
    const record = this.#records.get(id)
    if (record === undefined) throw new ShoalError('NOT_FOUND', `Cannot find host "${id}"`)
    const labels = { ...(record.labels ?? {}) }
    for (const [k, v] of Object.entries(change.labels ?? {})) {
      if (v === null) delete labels[k]
      else labels[k] = v
    }
    const next: HostRecord = { ...record, draining: change.draining ?? record.draining, labels }
    await putJson(this.#store, PREFIX + id, next)
    this.#records.set(id, next)
    return next
  }

  /** Forgets an admitted peer (hosts:remove): its record, last report and membership; true when it was known. */
  async remove(id: string): Promise<boolean> {
    const known = this.#records.delete(id)
    this.#reports.delete(id)
    this.membership.forget(id)
    await this.#store.delete(PREFIX + id)
    if (known) this.#log.info({ host: id }, 'host removed')
    return known
  }

  /** Finds a host by full id, a unique id suffix (what `shoal hosts` prints) or a unique hostname. */
  resolve(ref: string): string {
    if (this.#records.has(ref)) return ref
    const agents = [...this.#records.values()].filter((r) => r.role === 'agent')
    const matches = agents.filter((r) => (ref.length >= 6 && r.id.endsWith(ref)) || r.hostname === ref)
    if (matches.length === 1) return (matches[0] as HostRecord).id
    if (matches.length > 1) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot find host "${ref}": it matches ${matches.length} hosts (use the full id)`,
      )
    }
    throw new ShoalError('NOT_FOUND', `Cannot find host "${ref}"`)
  }

  isAdmitted(id: string): boolean {
    return this.#records.has(id)
  }

  records(): HostRecord[] {
    return [...this.#records.values()]
  }

  /** Accepts a report signed by `from`; false when it must be dropped (unadmitted or forged host id). */
  accept(report: HostReport, from: string): boolean {
    const record = this.#records.get(from)
    if (record === undefined || record.role !== 'agent' || report.hostId !== from) return false
    const prev = this.#reports.get(from)
    if (
      prev !== undefined &&
      Number(report.seq ?? 0) <= Number(prev.report.seq ?? 0) &&
      report.sentAtMs === prev.report.sentAtMs
    ) {
      return true // a duplicate delivered twice
    }
    const now = this.#clock.now()
    this.#reports.set(from, { report, at: now })
    this.#observe(this.membership.report(from, now))
    // An agent stopping to restart says so in its last report; any later report lifts the hold.
    const grace = Math.min(Number(report.restartGraceMs ?? 0), MAX_RESTART_GRACE_MS)
    this.membership.hold(from, grace > 0 ? now + grace : 0)
    if (grace > 0) this.#log.info({ host: from, graceMs: grace }, 'host restarting: its dynos are held')
    return true
  }

  onTransition(listener: (t: Transition) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Feeds a transition from the membership driver (probes) to listeners. */
  observe(t: Transition): void {
    this.#observe(t)
  }

  state(id: string): MemberState | undefined {
    return this.membership.state(id)
  }

  /** The scheduler's view of every agent (a plain copy, without the display fields views() computes). */
  snapshots(): HostSnapshot[] {
    const out: HostSnapshot[] = []
    for (const record of this.#records.values()) {
      if (record.role !== 'agent') continue
      const report = this.#reports.get(record.id)?.report
      const state = this.membership.state(record.id) ?? 'dead'
      out.push({
        id: record.id,
        // Not heard from since this controller started: its capacity and dynos are unknown, so it is held like a
        // suspect host (nothing new lands there, nothing of it is moved or replaced away) until it reports.
        state: state === 'alive' && report === undefined ? 'suspect' : state,
        draining: record.draining === true,
        labels: { ...(report?.labels ?? {}), ...(record.labels ?? {}) },
        allocatable: {
          cpuCores: report?.allocatable?.cpuCores ?? 0,
          memoryBytes: report?.allocatable?.memoryBytes ?? 0,
        },
      })
    }
    return out
  }

  views(): HostView[] {
    const out: HostView[] = []
    for (const record of this.#records.values()) {
      if (record.role !== 'agent') continue
      const r = this.#reports.get(record.id)
      const report = r?.report
      out.push({
        id: record.id,
        hostname: report?.hostname ?? record.hostname,
        address: report?.ip ?? '',
        state: this.membership.state(record.id) ?? 'dead',
        cpu: {
          cores: report?.capacity?.cpuCores ?? 0,
          allocatable: report?.allocatable?.cpuCores ?? 0,
          percent: round1(report?.usage?.cpuPercent ?? 0),
        },
        memory: {
          total: report?.capacity?.memoryBytes ?? 0,
          allocatable: report?.allocatable?.memoryBytes ?? 0,
          used: report?.usage?.memoryUsedBytes ?? 0,
        },
        load: round1(report?.usage?.load1 ?? 0),
        dynos: report?.dynoCount ?? 0,
        labels: { ...(report?.labels ?? {}), ...(record.labels ?? {}) },
        draining: record.draining === true,
        version: report?.agentVersion ?? '',
        admittedAt: record.admittedAt,
        lastSeen: r === undefined ? null : new Date(r.at).toISOString(),
      })
    }
    return out.sort((a, b) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id))
  }

  registerMetrics(registry: Registry): void {
    const self = this
    new Gauge({
      name: 'shoal_hosts',
      help: 'Admitted hosts by membership state',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const counts = self.membership.counts()
        for (const state of HOST_STATES) this.set({ state }, counts[state])
      },
    })
  }

  #observe(t: Transition | null): void {
    if (t === null) return
    this.#log.info({ host: t.id, from: t.from, to: t.to }, 'host state changed')
    for (const l of this.#listeners) l(t)
  }
}

const round1 = (n: number): number => Math.round(n * 10) / 10
