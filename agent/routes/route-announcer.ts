import type { Clock, Timer } from '../../lib/clock.ts'
import type { Logger } from '../../lib/logger.ts'
import type { Route, RouteAnnouncement, RouterReport } from '../../proto/codec.ts'
import type { DynoInfo } from '../dynos/dyno-hooks.ts'

export interface RouteAnnouncerDeps {
  hostId: string
  /** The address routers dial for this host's dynos. */
  ip: string
  clock: Clock
  logger: Logger
  publish(announcement: RouteAnnouncement): Promise<void>
  /** How long a stop waits for routers to report a withdrawn dyno drained (Flynn used 10 s). */
  drainTimeoutMs?: number
  snapshotIntervalMs?: number
  /**
   * The agent calls adopting() once it has looked at the containers it finds running; until then no snapshot goes
   * out (a router's first report arriving meanwhile would otherwise get an empty one and drop every route to dynos
   * that never stopped serving).
   */
  adoptsAtStart?: boolean
}

interface Waiter {
  dynoId: string
  since: number
  pending: Set<string>
  done: () => void
}

/**
 * The agent's half of routing: announce a web dyno once it accepts connections, withdraw it before it is stopped
 * and wait (bounded) until every router that has been reporting says it has no request in flight to it — the drain
 * handshake. A full snapshot of this host's routes goes out every few seconds so routers heal from lost gossip.
 */
// Routers report every 2 s. One silent this long is not waited for in a drain…
const ROUTER_GONE_MS = 10_000
// …and one silent this long (two reports missed) gets this host's routes at once when it is heard again.
const ROUTER_BACK_MS = 5_000

export class RouteAnnouncer {
  readonly #deps: RouteAnnouncerDeps
  readonly #routes = new Map<string, Route>()
  // Sequence numbers start at the wall clock so a restarted agent is never mistaken for an old one.
  #seq: number
  readonly #routers = new Map<string, number>() // router host id → last report time
  readonly #waiters = new Set<Waiter>()
  #timer: Timer | null = null
  /** Web dynos adopted at start that have not been announced up yet; snapshots wait for them (bounded). */
  readonly #adopting = new Set<string>()
  #adoptingUntil = 0
  /** Whether adopting() is still to come (deps.adoptsAtStart). */
  #scanning: boolean

  constructor(deps: RouteAnnouncerDeps) {
    this.#deps = deps
    this.#seq = deps.clock.now()
    this.#scanning = deps.adoptsAtStart === true
  }

  start(): void {
    this.#timer = this.#deps.clock.setInterval(
      () => this.#send({ snapshot: true }),
      this.#deps.snapshotIntervalMs ?? 5000,
    )
  }

  stop(): void {
    this.#timer?.cancel()
    for (const w of this.#waiters) w.done()
  }

  up(dyno: DynoInfo): void {
    if (dyno.processType !== 'web') return
    const route: Route = {
      dynoId: dyno.id,
      app: dyno.app,
      processType: dyno.processType,
      dynoName: dyno.name,
      release: dyno.release,
      hostId: this.#deps.hostId,
      address: `${this.#deps.ip}:${dyno.port}`,
    }
    this.#routes.set(dyno.id, route)
    this.#send({ up: [route] })
    this.#adopted(dyno.id)
  }

  /** Withdraws a route and resolves once routers report it drained, or after the drain timeout. */
  async withdrawAndDrain(dyno: DynoInfo): Promise<void> {
    if (!this.#routes.delete(dyno.id)) return
    this.#send({ withdrawn: [dyno.id] })
    const now = this.#deps.clock.now()
    // Routers heard from recently are the ones that may still hold requests to this dyno.
    const pending = new Set([...this.#routers].filter(([, at]) => now - at < ROUTER_GONE_MS).map(([id]) => id))
    if (pending.size === 0) return
    await new Promise<void>((resolve) => {
      const timer = this.#deps.clock.setTimeout(() => finish(), this.#deps.drainTimeoutMs ?? 10_000)
      const waiter: Waiter = { dynoId: dyno.id, since: now, pending, done: () => finish() }
      const finish = (): void => {
        timer.cancel()
        this.#waiters.delete(waiter)
        resolve()
      }
      this.#waiters.add(waiter)
    })
  }

  /** A crashed dyno is withdrawn at once: there is nothing left to drain. */
  down(dyno: DynoInfo): void {
    this.#adopted(dyno.id)
    if (this.#routes.delete(dyno.id)) this.#send({ withdrawn: [dyno.id] })
  }

  /**
   * A restarted agent adopts running dynos and announces each once it answers again. Until then a snapshot would
   * list none of them and routers would drop routes to dynos that never stopped serving: snapshots wait until
   * every one of `dynoIds` is announced up or down, or `maxMs` passed.
   */
  adopting(dynoIds: string[], maxMs: number): void {
    for (const id of dynoIds) this.#adopting.add(id)
    this.#adoptingUntil = this.#deps.clock.now() + maxMs
    const wasScanning = this.#scanning
    this.#scanning = false
    // Routers heard while scanning were owed a snapshot; with nothing left to adopt it goes now.
    if (wasScanning && this.#routers.size > 0) this.#send({ snapshot: true })
  }

  #adopted(dynoId: string): void {
    if (this.#adopting.delete(dynoId) && this.#adopting.size === 0) this.#send({ snapshot: true })
  }

  routerReport(report: RouterReport, from: string): void {
    // A router heard for the first time, or again after a silence (restarted, or cut off by a partition: it may have
    // judged this host dead and dropped its routes), gets this host's routes now rather than at the next periodic
    // snapshot: until then it would answer H14 for apps whose dynos run here.
    const now = this.#deps.clock.now()
    const last = this.#routers.get(from)
    if (last === undefined || now - last >= ROUTER_BACK_MS) this.#send({ snapshot: true })
    this.#routers.set(from, now)
    const drained = new Set(report.drained ?? [])
    for (const w of this.#waiters) {
      if (drained.has(w.dynoId)) w.pending.delete(from)
      if (w.pending.size === 0) w.done()
    }
  }

  routes(): Route[] {
    return [...this.#routes.values()]
  }

  #send(part: Partial<RouteAnnouncement>): void {
    if (
      part.snapshot === true &&
      (this.#scanning || (this.#adopting.size > 0 && this.#deps.clock.now() < this.#adoptingUntil))
    )
      return
    const announcement: RouteAnnouncement = {
      hostId: this.#deps.hostId,
      seq: ++this.#seq,
      sentAtMs: this.#deps.clock.now(),
      up: part.snapshot === true ? this.routes() : (part.up ?? []),
      withdrawn: part.withdrawn ?? [],
      snapshot: part.snapshot === true,
    }
    this.#deps
      .publish(announcement)
      .catch((err: unknown) => this.#deps.logger.debug({ err: String(err) }, 'route announcement failed'))
  }
}
