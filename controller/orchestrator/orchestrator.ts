// The leader's level-triggered round, Nomad's split: snapshot → plan() → apply.
//   snapshot  formations of current releases, hosts (state, drain flag, labels, allocatable), the assignments, the
//             dyno statuses (which dynos are up: health, and routable: every router has a directory naming them,
//             router-acks.ts), and the one-offs and builds in flight (reservations).
//             One-offs that exited, outlived their time to live or lost their host are settled first.
//   plan      the pure plan() (controller/scheduler/plan.ts), start-before-stop included.
//   apply     persist the plan's adds and removes in one transaction (a new leader starts from what this one
//             promised), then push every host whose work changed its whole desired state (host-pusher.ts).
// A round runs on every change (store watches, host transitions, status changes, debounced) and every 5 s; every
// host is re-pushed every 30 s. The orchestrator is a leader-only Startable: each term starts it again, reloading
// the assignments from the store. The leader is the only writer of `assignments/`, so between rounds it keeps them
// in memory.

import type { Clock, Timer } from '../../lib/clock.ts'
import type { Startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import type { Transition } from '../../mesh/membership.ts'
import { DYNO_SIZES, parseDynoSize } from '../../proto/dyno-sizes.ts'
import { plan } from '../scheduler/plan.ts'
import type { Assignment, HostSnapshot, Plan, ProcessFormation, Reservation } from '../scheduler/snapshot.ts'
import { encodeJson, listJson, type Store } from '../store/store.ts'
import { AssignmentBook } from './assignment-book.ts'
import { dynoSpecs, type HostWork, type ReleaseReader, readReleases } from './desired-states.ts'
import { DynoStatuses } from './dyno-statuses.ts'
import { type DesiredStateSender, HostPusher } from './host-pusher.ts'
import type { OneOffRecord, OneOffs } from './one-offs.ts'
import type { DirectoryCover } from './router-acks.ts'

export const ASSIGNMENTS_PREFIX = 'assignments/'
/** A change under any of these asks for a round. */
const WATCHED_PREFIXES = ['formation/', 'apps/', 'oneoffs/']

/** The hosts as the round needs them (HostRegistry in a controller). */
export interface HostSource {
  snapshots(): HostSnapshot[]
  onTransition(listener: (t: Transition) => void): () => void
}

export interface OrchestratorDeps {
  store: Store
  hosts: HostSource
  /** Reads a release (AppService.getRelease). */
  release: ReleaseReader
  send: DesiredStateSender
  clock: Clock
  logger: Logger
  epoch: () => number
  /** Every formation with quantity > 0 on its app's current release. */
  formations: () => Promise<ProcessFormation[]>
  /** CPU shares per allocatable core: CPU is shared, memory is the hard limit. */
  cpuSharesPerCore?: number
  fullSyncMs?: number
  /** One-off dynos (`shoal run`, release phase): settled each round, booked, and merged into their hosts' states. */
  oneOffs?: OneOffs
  /** Builds in flight, booked on their hosts. */
  builds?: () => Reservation[]
  /** Told after every round (metrics). */
  onRound?: (report: { seconds: number; added: number; removed: number; unplaceable: number }) => void
  /** After a plan that adds or removes dynos is persisted, before hosts are pushed (the app directory publishes). */
  onPersisted?: () => void
  /**
   * Which directories the routers have taken (router-acks.ts). A dyno counts as up for replacing only once every
   * router has a directory of this term stamped after the dyno was persisted: routers take a route only once a
   * directory names it, so stopping the old dyno before left an app with no route (H14) — most sharply when a
   * leader died after persisting its last placements and before publishing them. Without it, up is up.
   */
  directories?: DirectoryCover
}

/**
 * Wall milliseconds per stage of the last round, its process CPU milliseconds (all of it and per stage: on a busy
 * machine wall time includes waiting for a core), and how many hosts it pushed.
 */
export interface RoundTimings {
  snapshot: number
  plan: number
  persist: number
  push: number
  cpu: number
  cpuByStage: { snapshot: number; plan: number; persist: number; push: number }
  pushedHosts: number
}

export const DEFAULT_CPU_SHARES_PER_CORE = 8

/**
 * How long a dyno that is up waits, at most, for every router to report a directory naming it before it counts as
 * up for replacing anyway (a router that keeps reporting an old directory must not hold every rollout forever).
 */
export const ROUTABLE_WAIT_MAX_MS = 15_000
/** While up dynos wait for the routers' directories: how often the round looks again. */
const ROUTABLE_RECHECK_MS = 1000

export class Orchestrator implements Startable {
  readonly name = 'orchestrator'
  readonly statuses: DynoStatuses
  readonly #d: OrchestratorDeps
  readonly #pusher: HostPusher
  #running: Promise<void> | null = null
  #again = false
  #timer: Timer | null = null
  #debounce: Timer | null = null
  #unsubscribe: (() => void) | undefined
  #stopped = true
  #last: Plan | null = null
  /** The assignments, once loaded for this term. */
  #assignments: AssignmentBook | null = null
  #timings: RoundTimings | null = null
  /** When this term began: dynos placed before it wait for a directory of this term (directories). */
  #termStartedAt = 0
  /** When this term persisted each dyno it placed, until every router has a directory naming it. */
  readonly #placedAt = new Map<string, number>()
  #recheck: Timer | null = null

  constructor(deps: OrchestratorDeps) {
    this.#d = deps
    this.statuses = new DynoStatuses(() => this.schedule())
    this.#pusher = new HostPusher({
      send: deps.send,
      epoch: deps.epoch,
      logger: deps.logger,
      onStale: () => this.schedule(),
    })
  }

  get cpuSharesPerCore(): number {
    return this.#d.cpuSharesPerCore ?? DEFAULT_CPU_SHARES_PER_CORE
  }

  /** Starts the loop for one leadership term; the signal ends the store watches when the term ends. */
  async start(signal: AbortSignal): Promise<void> {
    this.#stopped = false
    // A new term knows nothing of what the hosts accepted under the last one, nor what the last leader wrote.
    this.#pusher.forget()
    this.#assignments = null
    this.#termStartedAt = this.#d.clock.now()
    this.#placedAt.clear()
    // Level-triggered: a plan every 5 s even without a change, and a full re-push of every host every 30 s.
    let ticks = 0
    this.#timer = this.#d.clock.setInterval(() => this.schedule(++ticks % 6 === 0), this.#d.fullSyncMs ?? 5000)
    this.#unsubscribe = this.#d.hosts.onTransition((t) => {
      if (t.to === 'dead') this.statuses.forgetHost(t.id)
      this.schedule()
    })
    for (const prefix of WATCHED_PREFIXES) await this.#d.store.watch(prefix, () => this.schedule(), { signal })
    this.schedule()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#timer?.cancel()
    this.#recheck?.cancel()
    this.#recheck = null
    this.#debounce?.cancel()
    this.#debounce = null
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    await this.#running
  }

  /** Asks for a round soon (changes coalesce); `full` re-pushes every host even if nothing changed. */
  schedule(full = false): void {
    if (full) this.#pusher.forget()
    if (this.#debounce !== null || this.#stopped) return
    this.#debounce = this.#d.clock.setTimeout(() => {
      this.#debounce = null
      void this.runOnce()
    }, 50)
  }

  /** One round; concurrent callers share it and a request during a round causes one more. */
  async runOnce(): Promise<void> {
    if (this.#running !== null) {
      this.#again = true
      return this.#running
    }
    this.#running = this.#round()
      .catch((err: unknown) => this.#d.logger.error({ err }, 'scheduling round failed'))
      .finally(() => {
        this.#running = null
        if (this.#again && !this.#stopped) {
          this.#again = false
          this.schedule()
        }
      })
    return this.#running
  }

  /** The assignments after the last round (empty before the first). */
  assignments(): Iterable<Assignment> {
    return this.#assignments?.values() ?? []
  }

  /** The last plan's dynos that fit nowhere. */
  unplaceable(app: string): Plan['unplaceable'] {
    return (this.#last?.unplaceable ?? []).filter((u) => u.app === app)
  }

  /** Stage times of the last round. */
  timings(): RoundTimings | null {
    return this.#timings
  }

  /** Resolves when the pushes started so far have settled (benchmark, tests). */
  pushesSettled(): Promise<void> {
    return this.#pusher.settled()
  }

  /** Deletes assignments (a restart: the next plan places fresh dynos, new ids, new containers); how many went. */
  async removeAssignments(app: string, match: (a: Assignment) => boolean): Promise<number> {
    const current = await this.#load()
    const gone = [...current.values()].filter((a) => a.app === app && match(a))
    if (gone.length === 0) return 0
    await this.#d.store.txn({ compare: [], success: gone.map((a) => ({ type: 'delete' as const, key: keyOf(a) })) })
    for (const a of gone) current.delete(a.dynoId)
    await this.runOnce()
    return gone.length
  }

  async #load(): Promise<AssignmentBook> {
    if (this.#assignments === null) {
      const entries = await listJson<Assignment>(this.#d.store, ASSIGNMENTS_PREFIX)
      this.#assignments = new AssignmentBook(entries.map((e) => e.value))
    }
    return this.#assignments
  }

  async #round(): Promise<void> {
    const clock = this.#d.clock
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    // Snapshot.
    const now = clock.now()
    const current = await this.#load()
    const hosts = this.#d.hosts.snapshots()
    const oneOffs = (await this.#d.oneOffs?.round(now, (id) => this.statuses.get(id))) ?? []
    const reservations = [...oneOffs.map(oneOffReservation), ...(this.#d.builds?.() ?? [])]
    const formations = await this.#d.formations()
    const up = this.#routable(now)
    const t1 = performance.now()
    const cpu1 = process.cpuUsage()
    // Plan.
    const result = plan({
      now,
      hosts,
      formations,
      assignments: [...current.values()],
      reservations,
      upDynos: up.routable,
      options: { cpuSharesPerCore: this.cpuSharesPerCore },
    })
    const t2 = performance.now()
    const cpu2 = process.cpuUsage()
    // Apply: persist first, then push.
    await this.#persist(result, current)
    this.#last = result
    // Before the push: routers take a new dyno's route only once a directory names it, and this push may tell an
    // agent to withdraw the dyno it replaces.
    if (result.add.length > 0 || result.remove.length > 0) this.#d.onPersisted?.()
    const t3 = performance.now()
    const cpu3 = process.cpuUsage()
    const pushed = await this.#pushAll(hosts, current, oneOffs)
    const t4 = performance.now()
    const cpu4 = process.cpuUsage()
    const ms = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number =>
      (to.user - from.user + to.system - from.system) / 1000
    this.#timings = {
      snapshot: t1 - t0,
      plan: t2 - t1,
      persist: t3 - t2,
      push: t4 - t3,
      cpu: ms(cpu0, cpu4),
      cpuByStage: { snapshot: ms(cpu0, cpu1), plan: ms(cpu1, cpu2), persist: ms(cpu2, cpu3), push: ms(cpu3, cpu4) },
      pushedHosts: pushed,
    }
    this.#d.logger.debug({ ...this.#timings }, 'round')
    this.#d.onRound?.({
      seconds: (t4 - t0) / 1000,
      added: result.add.length,
      removed: result.remove.length,
      unplaceable: result.unplaceable.length,
    })
    if (result.deferred.length > 0 && up.waiting === 0) this.schedule()
    if (up.waiting > 0 && this.#recheck === null && !this.#stopped) {
      this.#recheck = clock.setTimeout(() => {
        this.#recheck = null
        this.schedule()
      }, ROUTABLE_RECHECK_MS)
    }
  }

  /** The dynos reported up that every router can route to (see OrchestratorDeps.directories), and how many wait. */
  #routable(now: number): { routable: ReadonlySet<string>; waiting: number } {
    const up = this.statuses.up()
    const cover = this.#d.directories
    if (cover === undefined) return { routable: up, waiting: 0 }
    const epoch = this.#d.epoch()
    const routable = new Set<string>()
    let waiting = 0
    for (const id of up) {
      const since = this.#placedAt.get(id) ?? this.#termStartedAt
      if (cover.covers(epoch, since)) {
        this.#placedAt.delete(id)
        routable.add(id)
      } else if (now - since >= ROUTABLE_WAIT_MAX_MS) routable.add(id)
      else waiting++
    }
    return { routable, waiting }
  }

  async #persist(result: Plan, current: AssignmentBook): Promise<void> {
    if (result.add.length === 0 && result.remove.length === 0) return
    const removed = result.remove.map((r) => current.get(r.dynoId)).filter((a) => a !== undefined)
    await this.#d.store.txn({
      compare: [],
      success: [
        ...result.add.map((a) => ({ type: 'put' as const, key: keyOf(a), value: encodeJson(a) })),
        ...removed.map((a) => ({ type: 'delete' as const, key: keyOf(a) })),
      ],
    })
    const at = this.#d.clock.now()
    for (const a of removed) {
      current.delete(a.dynoId)
      this.#placedAt.delete(a.dynoId)
    }
    for (const a of result.add) {
      current.add(a)
      this.#placedAt.set(a.dynoId, at)
    }
    this.#d.logger.info(
      { added: result.add.length, removed: removed.length, unplaceable: result.unplaceable.length },
      'plan applied',
    )
  }

  /**
   * Starts a push to every host that is not dead and whose work differs from what it last accepted; returns how many.
   * A host's work is known by its AssignmentBook version and its one-offs' ids, so unchanged hosts cost a lookup.
   * The releases the pushed hosts run are read first, together; the DynoSpecs are then built without waiting.
   */
  async #pushAll(hosts: HostSnapshot[], current: AssignmentBook, oneOffs: OneOffRecord[]): Promise<number> {
    const oneOffsByHost = new Map<string, OneOffRecord[]>()
    for (const o of oneOffs) {
      const list = oneOffsByHost.get(o.hostId)
      if (list === undefined) oneOffsByHost.set(o.hostId, [o])
      else list.push(o)
    }
    const due: { work: HostWork; key: string }[] = []
    for (const h of hosts) {
      if (h.state === 'dead') continue
      const hostOneOffs = oneOffsByHost.get(h.id) ?? []
      let key = String(current.version(h.id))
      for (const o of hostOneOffs) key += ` ${o.id}`
      if (!this.#pusher.due(h.id, key)) continue
      due.push({ key, work: { hostId: h.id, assignments: [...current.onHost(h.id)], oneOffs: hostOneOffs } })
    }
    const release = await readReleases(
      this.#d.release,
      due.map((d) => d.work),
    )
    for (const { work, key } of due) {
      const { dynos, complete } = dynoSpecs(work, release)
      // A host given a partial state (a release could not be read) stays due, so the next round completes it.
      void this.#pusher.push(work.hostId, dynos, complete ? key : `${key} partial`)
    }
    return due.length
  }
}

function keyOf(a: Assignment): string {
  return `${ASSIGNMENTS_PREFIX}${a.app}/${a.dynoId}`
}

/** A one-off books its size on its host, like a formation dyno. */
export function oneOffReservation(o: OneOffRecord): Reservation {
  const size = DYNO_SIZES[parseDynoSize(o.size) ?? 'standard-1x']
  return { id: o.id, hostId: o.hostId, kind: 'one-off', memoryBytes: size.memoryBytes, cpuShares: size.cpuShares }
}
