import { peerIdFromString } from '@libp2p/peer-id'
import type { Clock, Timer } from '../../lib/clock.ts'
import type { Startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { request } from '../../mesh/rpc.ts'
import type { DynoView } from '../../proto/api.ts'
import { DesiredStateAckCodec, DesiredStateCodec, type DynoSpec } from '../../proto/codec.ts'
import type { AppService } from '../apps/app-service.ts'
import type { HostRegistry } from '../host-registry.ts'
import { applyPlan } from '../scheduler/apply-plan.ts'
import { plan } from '../scheduler/plan.ts'
import type { Assignment, HostSnapshot, Plan, ProcessFormation, Removal } from '../scheduler/snapshot.ts'
import { encodeJson, listJson, type Store } from '../store/store.ts'
import { type DynoPhase, DynoStatuses, phaseOf } from './dyno-statuses.ts'
import { type OneOffRecord, type OneOffs, oneOffSpec } from './one-offs.ts'

export const ASSIGNMENTS_PREFIX = 'assignments/'
/** A change under any of these asks for a round. */
const WATCHED_PREFIXES = ['formation/', 'apps/', 'oneoffs/']

export interface OrchestratorDeps {
  store: Store
  hosts: HostRegistry
  apps: AppService
  node: MeshLibp2p
  clock: Clock
  logger: Logger
  epoch: () => number
  /** Every formation with quantity > 0 on its app's current release. */
  formations: () => Promise<ProcessFormation[]>
  /** CPU shares per allocatable core: CPU is shared, memory is the hard limit. */
  cpuSharesPerCore?: number
  fullSyncMs?: number
  /** One-off dynos (`shoal run`, release phase): settled each round and merged into their hosts' desired states. */
  oneOffs?: OneOffs
}

// A replaced dyno (new release, new size) keeps running until its replacement is up, or this long at most.
const REPLACEMENT_GRACE_MS = 120_000

/**
 * The leader's level-triggered loop: snapshot (formations, hosts, assignments) → plan() → persist the new
 * assignments first → push every affected host its whole desired state, versioned by (epoch, generation). A
 * replaced dyno is removed only once its replacement is up (start-before-stop deploys). Pushes to one host never
 * hold up the loop or the other hosts; a host whose push failed is pushed again on the next round.
 */
export class Orchestrator implements Startable {
  readonly statuses: DynoStatuses
  readonly #d: OrchestratorDeps
  #generation = 0
  #running: Promise<void> | null = null
  #again = false
  #repush = false
  #timer: Timer | null = null
  #debounce: Timer | null = null
  #last: Plan | null = null
  #assignments: Assignment[] = []
  readonly #pushed = new Map<string, string>() // host → fingerprint of the last desired state it accepted
  readonly #pushing = new Set<string>()
  #stopped = true
  #unsubscribe: (() => void) | undefined
  readonly name = 'orchestrator'

  constructor(deps: OrchestratorDeps) {
    this.#d = deps
    this.statuses = new DynoStatuses(() => this.schedule())
  }

  /** Starts the loop for one leadership term; the signal ends the store watches when the term ends. */
  async start(signal: AbortSignal): Promise<void> {
    this.#stopped = false
    // A new term knows nothing of what the hosts accepted under the last one: everything is pushed again.
    this.#pushed.clear()
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
    this.#debounce?.cancel()
    this.#debounce = null
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    await this.#running
  }

  /** Asks for a round soon (changes coalesce); `full` re-pushes every host even if nothing changed. */
  schedule(full = false): void {
    if (full) this.#pushed.clear()
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

  async #round(): Promise<void> {
    const now = this.#d.clock.now()
    const entries = await listJson<Assignment>(this.#d.store, ASSIGNMENTS_PREFIX)
    const assignments = entries.map((e) => e.value)
    const hosts: HostSnapshot[] = this.#d.hosts.views().map((h) => ({
      id: h.id,
      state: h.state,
      draining: h.draining,
      labels: h.labels,
      allocatable: { cpuCores: h.cpu.allocatable, memoryBytes: h.memory.allocatable },
    }))
    const result = plan({
      now,
      hosts,
      formations: await this.#d.formations(),
      assignments,
      options: { cpuSharesPerCore: this.#d.cpuSharesPerCore ?? 8 },
    })
    const removals = result.remove.filter((r) => this.#mayRemove(r, assignments, result.add, now))
    const applied = { ...result, remove: removals }
    if (result.add.length > 0 || removals.length > 0) {
      // Persist before pushing: a new leader starts from what this one promised.
      await this.#d.store.txn({
        compare: [],
        success: [
          ...result.add.map((a) => ({ type: 'put' as const, key: keyOf(a), value: encodeJson(a) })),
          ...removals.map((r) => ({
            type: 'delete' as const,
            key: keyOf(assignments.find((a) => a.dynoId === r.dynoId) as Assignment),
          })),
        ],
      })
      this.#d.logger.info(
        { added: result.add.length, removed: removals.length, unplaceable: result.unplaceable.length },
        'plan applied',
      )
    }
    this.#last = result
    this.#assignments = applyPlan(assignments, applied)
    // One-offs that exited, outlived their time to live or lost their host are settled; the others run beside.
    const oneOffs = (await this.#d.oneOffs?.round(now, (id) => this.statuses.get(id))) ?? []
    await this.#pushAll(this.#assignments, hosts, oneOffs)
    if (result.deferred.length > 0 || removals.length < result.remove.length) this.schedule()
  }

  /**
   * Removing a dyno replaced by a new release or size, or moved off a draining host, waits until its replacement runs
   * (or is given up on): start before stop, so nothing is lost.
   */
  #mayRemove(r: Removal, current: Assignment[], added: Assignment[], now: number): boolean {
    // A duplicate appears on the round after a drain placed the copy: the same wait applies to it.
    const replaced = ['release-replaced', 'resized', 'host-draining', 'duplicate']
    if (!replaced.includes(r.reason)) return true
    const old = current.find((a) => a.dynoId === r.dynoId)
    if (old === undefined) return true
    const replacement = [...current, ...added].find(
      (a) => a.dynoId !== old.dynoId && a.app === old.app && a.processType === old.processType && a.index === old.index,
    )
    if (replacement === undefined) return true
    const status = this.statuses.get(replacement.dynoId)
    if (status !== undefined && phaseOf(status) === 'up') return true
    return now - replacement.createdAt > REPLACEMENT_GRACE_MS
  }

  async #pushAll(assignments: Assignment[], hosts: HostSnapshot[], oneOffs: OneOffRecord[] = []): Promise<void> {
    const byHost = new Map<string, Assignment[]>(hosts.map((h) => [h.id, []]))
    for (const a of assignments) byHost.get(a.hostId)?.push(a)
    const releases = new Map<
      string,
      Promise<{ slug: string; command: Record<string, string>; env: Record<string, string> } | null>
    >()
    const release = (app: string, version: number) => {
      const k = `${app}/${version}`
      let r = releases.get(k)
      if (r === undefined) {
        r = this.#d.apps.getRelease(app, version).then(
          (rel) =>
            rel.slug === null ? null : { slug: rel.slug.sha256, command: rel.slug.processTypes, env: rel.config },
          () => null,
        )
        releases.set(k, r)
      }
      return r
    }
    for (const [hostId, list] of byHost) {
      const host = hosts.find((h) => h.id === hostId)
      if (host === undefined || host.state === 'dead') continue
      const dynos: DynoSpec[] = []
      for (const a of list) {
        const rel = await release(a.app, a.release)
        if (rel === null) continue
        dynos.push({
          id: a.dynoId,
          app: a.app,
          processType: a.processType,
          name: `${a.processType}.${a.index}`,
          release: a.release,
          slugSha256: rel.slug,
          command: rel.command[a.processType] ?? '',
          env: rel.env,
          size: a.size,
          port: 0,
          stack: '',
          oneOff: false,
        })
      }
      for (const o of oneOffs) {
        if (o.hostId !== hostId) continue
        const rel = await release(o.app, o.release)
        if (rel !== null) dynos.push(oneOffSpec(o, { slug: rel.slug, env: rel.env }))
      }
      const fingerprint = JSON.stringify(dynos)
      if (this.#pushed.get(hostId) === fingerprint) continue
      if (this.#pushing.has(hostId)) {
        // A change during a push (a new one-off, say) goes out right after it rather than on the next tick.
        this.#repush = true
        continue
      }
      this.#push(hostId, dynos, fingerprint)
    }
  }

  #push(hostId: string, dynos: DynoSpec[], fingerprint: string): void {
    this.#pushing.add(hostId)
    const desired = { epoch: this.#d.epoch(), generation: ++this.#generation, hostId, dynos, draining: false }
    request(
      this.#d.node,
      peerIdFromString(hostId),
      '/shoal/desired/1.0.0',
      { request: DesiredStateCodec, response: DesiredStateAckCodec },
      desired,
      {
        timeoutMs: 10_000,
      },
    )
      .then((ack) => {
        if (ack.accepted === true) this.#pushed.set(hostId, fingerprint)
        else this.#d.logger.warn({ host: hostId, code: ack.code, message: ack.message }, 'desired state refused')
      })
      .catch((err: unknown) => this.#d.logger.debug({ host: hostId, err: String(err) }, 'desired state push failed'))
      .finally(() => {
        this.#pushing.delete(hostId)
        if (this.#repush) {
          this.#repush = false
          this.schedule()
        }
      })
  }

  /** What `shoal ps` shows: every assignment with its reported status, plus the dynos that could not be placed. */
  async dynos(app: string): Promise<DynoView[]> {
    const entries = await listJson<Assignment>(this.#d.store, `${ASSIGNMENTS_PREFIX}${app}/`)
    const hostnames = new Map(this.#d.hosts.views().map((h) => [h.id, h.hostname]))
    const formations = new Map((await this.#d.formations()).filter((f) => f.app === app).map((f) => [f.processType, f]))
    const views: DynoView[] = entries.map(({ value: a }) => {
      const s = this.statuses.get(a.dynoId)
      const phase: DynoPhase = s === undefined ? 'pending' : phaseOf(s)
      return {
        id: a.dynoId,
        name: `${a.processType}.${a.index}`,
        type: a.processType,
        size: a.size,
        state: phase,
        since: s?.sinceMs ? new Date(Number(s.sinceMs)).toISOString() : null,
        command: formations.get(a.processType)?.command ?? '',
        release: a.release,
        host: hostnames.get(a.hostId) ?? a.hostId,
        hostId: a.hostId,
        ...(s?.message ? { reason: s.message } : {}),
      }
    })
    for (const u of this.#last?.unplaceable ?? []) {
      if (u.app !== app) continue
      const f = formations.get(u.processType)
      views.push({
        id: '',
        name: `${u.processType}.${u.index}`,
        type: u.processType,
        size: f?.size ?? 'standard-1x',
        state: 'unplaceable',
        since: null,
        command: f?.command ?? '',
        release: f?.release ?? 0,
        host: null,
        reason: u.reason,
      })
    }
    views.push(...((await this.#d.oneOffs?.views(app, (id) => this.statuses.get(id), hostnames)) ?? []))
    return views.sort(
      (a, b) => a.type.localeCompare(b.type) || Number(a.name.split('.')[1]) - Number(b.name.split('.')[1]),
    )
  }

  /** Restarts dynos by replacing their assignments: the next plan places fresh ones (new ids, new containers). */
  async restart(app: string, target?: string): Promise<number> {
    const entries = await listJson<Assignment>(this.#d.store, `${ASSIGNMENTS_PREFIX}${app}/`)
    const match = entries.filter(({ value: a }) =>
      target === undefined
        ? true
        : target.includes('.')
          ? `${a.processType}.${a.index}` === target
          : a.processType === target,
    )
    if (match.length === 0) return 0
    await this.#d.store.txn({ compare: [], success: match.map((e) => ({ type: 'delete' as const, key: e.key })) })
    await this.runOnce()
    return match.length
  }

  /** Apps whose web dynos all crashed (routers answer H10 for them rather than H14). */
  crashedApps(): Set<string> {
    const web = new Map<string, boolean>()
    for (const a of this.#assignments) {
      if (a.processType !== 'web') continue
      const s = this.statuses.get(a.dynoId)
      const crashed = s !== undefined && phaseOf(s) === 'crashed'
      web.set(a.app, (web.get(a.app) ?? true) && crashed)
    }
    return new Set([...web].filter(([, c]) => c).map(([app]) => app))
  }
}

function keyOf(a: Assignment): string {
  return `${ASSIGNMENTS_PREFIX}${a.app}/${a.dynoId}`
}
