// One-off dynos (`shoal run`, the release phase): placed at once by the cluster's placer (cluster-bookings.ts: the
// scheduler's feasibility and bookings; the feasible host with the most free memory), booked there until they end, kept
// in the store under `oneoffs/<app>/<dynoId>` (their run.N names reserved under `oneoff-names/<app>/<name>`), and
// merged by the orchestrator into their host's desired state with oneOff set. Each orchestrator round settles them:
// a dyno whose status says it exited, whose time to live ran out or whose host died is finished (waiters learn how it
// ended) and its record deleted, so the agent lets go of its container. They are never restarted.

import type { Clock } from '../../lib/clock.ts'
import { uuid } from '../../lib/ids.ts'
import type { Logger } from '../../lib/logger.ts'
import type { DynoView, HostView } from '../../proto/api.ts'
import { type DynoSpec, DynoState, type DynoStatus } from '../../proto/codec.ts'
import { DYNO_SIZES, parseDynoSize } from '../../proto/dyno-sizes.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { AppService } from '../apps/app-service.ts'
import type { PlaceOneRequest } from '../scheduler/place-one.ts'
import { encodeJson, listJson, type Store } from '../store/store.ts'
import { phaseOf } from './dyno-statuses.ts'

export const ONEOFFS_PREFIX = 'oneoffs/'
const NAMES_PREFIX = 'oneoff-names/'
/** Heroku's default and largest time to live of a one-off dyno. */
export const DEFAULT_TTL_S = 3600
export const MAX_TTL_S = 86_400
const MAX_COMMAND = 8192
const MAX_ENV = 100
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/

export type OneOffType = 'run' | 'release'

export interface OneOffRecord {
  id: string
  app: string
  /** run.4520, release.1234 */
  name: string
  type: OneOffType
  command: string
  release: number
  size: string
  hostId: string
  createdAt: number
  /** A client attaches over the API: the agent starts the process once it has (or after the rendezvous time). */
  attach: boolean
  ttlS: number
  /** Extra environment over the release's config vars (`shoal run -e`). */
  env: Record<string, string>
}

export interface CreateOneOff {
  app: string
  command: string
  attach: boolean
  size?: string | undefined
  env?: Record<string, string> | undefined
  ttlS?: number | undefined
  type?: OneOffType | undefined
  /** Default: the app's current release. */
  release?: number | undefined
}

/** How a one-off ended as its status (or its removal) tells it; an attached client gets the code from its stream. */
export interface OneOffEnd {
  exitCode: number
  message: string
}

export interface OneOffsDeps {
  store: Store
  /** Host states, to settle the one-offs of dead hosts. */
  hosts: () => Array<Pick<HostView, 'id' | 'state'>>
  /** The cluster's placer for single pieces of work (ClusterBookings.place): a host id, or throws UNAVAILABLE. */
  place: (request: PlaceOneRequest, what: string) => string
  apps: Pick<AppService, 'getApp' | 'currentRelease' | 'getRelease'>
  clock: Clock
  logger: Logger
  /** For run.N names; tests inject a deterministic one. */
  randomBelow?: (n: number) => number
}

/** The DynoSpec a one-off runs as, on its release's slug with its config vars (and the one-off's own env on top). */
export function oneOffSpec(o: OneOffRecord, release: { slug: string; env: Record<string, string> }): DynoSpec {
  return {
    id: o.id,
    app: o.app,
    processType: o.type,
    name: o.name,
    release: o.release,
    slugSha256: release.slug,
    command: o.command,
    env: { ...release.env, ...o.env },
    size: o.size,
    port: 0,
    stack: '',
    oneOff: true,
    attach: o.attach,
  }
}

/** A one-off's status says it is over: it exited (down, with its code) or it could not start (crashed). */
export function endOf(status: DynoStatus | undefined): OneOffEnd | null {
  if (status === undefined) return null
  if (status.state === DynoState.DYNO_STATE_DOWN) {
    const code = status.exitCode ?? 0
    return { exitCode: code, message: status.message || `Process exited with status ${code}` }
  }
  if (status.state === DynoState.DYNO_STATE_CRASHED) {
    return { exitCode: 255, message: `The dyno failed to start: ${status.message || 'unknown reason'}` }
  }
  return null
}

const nameKey = (o: { app: string; name: string }): string => `${NAMES_PREFIX}${o.app}/${o.name}`
const recordKey = (o: { app: string; id: string }): string => `${ONEOFFS_PREFIX}${o.app}/${o.id}`

export class OneOffs {
  readonly #d: OneOffsDeps
  readonly #random: (n: number) => number
  readonly #waiters = new Map<string, Array<(end: OneOffEnd) => void>>()
  /** how recent one-offs ended, for waiters that come late (bounded) */
  readonly #ended = new Map<string, OneOffEnd>()
  #live: OneOffRecord[] = []

  constructor(deps: OneOffsDeps) {
    this.#d = deps
    this.#random = deps.randomBelow ?? ((n) => Math.floor(Math.random() * n))
  }

  /** Checks the request, places the dyno and stores it; the next orchestrator round pushes it to its host. */
  async create(input: CreateOneOff): Promise<OneOffRecord> {
    const command = typeof input.command === 'string' ? input.command.trim() : ''
    const what = `Cannot run \`${command.slice(0, 60)}\` on app "${input.app}"`
    if (command === '')
      throw new ShoalError('INVALID_INPUT', `Cannot run a one-off dyno on app "${input.app}": the command is empty`)
    if (command.length > MAX_COMMAND) {
      throw new ShoalError('INVALID_INPUT', `${what}: the command is longer than ${MAX_COMMAND} characters`)
    }
    const size = parseDynoSize(input.size ?? 'standard-1x')
    if (size === undefined) {
      const sizes = Object.keys(DYNO_SIZES).join(', ')
      throw new ShoalError(
        'INVALID_INPUT',
        `${what}: "${String(input.size).slice(0, 40)}" is not a dyno size (${sizes})`,
      )
    }
    const ttlS = input.ttlS ?? DEFAULT_TTL_S
    if (!Number.isInteger(ttlS) || ttlS < 1 || ttlS > MAX_TTL_S) {
      throw new ShoalError('INVALID_INPUT', `${what}: the time to live must be 1 to ${MAX_TTL_S} seconds`)
    }
    const env = checkEnv(input.env ?? {}, what)
    await this.#d.apps.getApp(input.app)
    const release =
      input.release === undefined
        ? await this.#d.apps.currentRelease(input.app)
        : await this.#d.apps.getRelease(input.app, input.release)
    if (release.slug === null) {
      throw new ShoalError('INVALID_INPUT', `${what}: it has no release with a slug yet (deploy it first)`)
    }
    const now = this.#d.clock.now()
    const host = { id: this.#d.place({ resources: DYNO_SIZES[size] }, `${what} (${size})`) }
    const type = input.type ?? 'run'
    for (let attempt = 0; attempt < 20; attempt++) {
      const record: OneOffRecord = {
        id: uuid(),
        app: input.app,
        name: `${type}.${1000 + this.#random(9000)}`,
        type,
        command,
        release: release.version,
        size,
        hostId: host.id,
        createdAt: now,
        attach: input.attach,
        ttlS,
        env,
      }
      // The name key makes run.N unique per app even when two runs race for the same number.
      const res = await this.#d.store.txn({
        compare: [{ key: nameKey(record), revision: 0 }],
        success: [
          { type: 'put', key: nameKey(record), value: encodeJson(record.id) },
          { type: 'put', key: recordKey(record), value: encodeJson(record) },
        ],
      })
      if (!res.succeeded) continue
      this.#live.push(record)
      this.#d.logger.info(
        { app: record.app, dyno: record.name, dynoId: record.id, host: host.id, attach: record.attach },
        'one-off dyno created',
      )
      return record
    }
    throw new ShoalError('CONFLICT', `${what}: no free ${type}.N name was found`)
  }

  /** The one-offs in flight as of the last round or creation (what the placer books). */
  live(): readonly OneOffRecord[] {
    return this.#live
  }

  async list(app?: string): Promise<OneOffRecord[]> {
    const entries = await listJson<OneOffRecord>(
      this.#d.store,
      app === undefined ? ONEOFFS_PREFIX : `${ONEOFFS_PREFIX}${app}/`,
    )
    return entries.map((e) => e.value)
  }

  /** Resolves once the one-off is over by its status, its time to live, its host's death or its removal. */
  ended(id: string): Promise<OneOffEnd> {
    const known = this.#ended.get(id)
    if (known !== undefined) return Promise.resolve(known)
    return new Promise((resolve) => {
      this.#waiters.set(id, [...(this.#waiters.get(id) ?? []), resolve])
    })
  }

  /** Deletes the record (the agent then stops the dyno if it still runs); false when it was already gone. */
  async remove(
    o: OneOffRecord,
    end: OneOffEnd = { exitCode: 255, message: `${o.name} was stopped` },
  ): Promise<boolean> {
    const existed = await this.#delete(o)
    this.#finish(o, end)
    return existed
  }

  /** `ps:stop run.4520` or `ps:stop run` (every one-off of the type); the count of dynos stopped. */
  async stop(app: string, target: string): Promise<number> {
    const matching = (await this.list(app)).filter((o) => o.name === target || o.type === target)
    for (const o of matching) await this.remove(o)
    return matching.length
  }

  /**
   * One orchestrator round: finishes one-offs that exited, outlived their time to live, lost their host or their
   * app, and returns the live ones for the desired states.
   */
  async round(now: number, statusOf: (dynoId: string) => DynoStatus | undefined): Promise<OneOffRecord[]> {
    try {
      const records = await this.list()
      const states = new Map(this.#d.hosts().map((h) => [h.id, h.state]))
      const apps = new Map<string, Promise<boolean>>()
      const appExists = (app: string): Promise<boolean> => {
        let p = apps.get(app)
        if (p === undefined) {
          p = this.#d.apps.getApp(app).then(
            () => true,
            (err: unknown) => !(err instanceof ShoalError && err.code === 'NOT_FOUND'),
          )
          apps.set(app, p)
        }
        return p
      }
      const live: OneOffRecord[] = []
      for (const o of records) {
        const hostState = states.get(o.hostId)
        const end =
          endOf(statusOf(o.id)) ??
          (now - o.createdAt >= o.ttlS * 1000
            ? { exitCode: 255, message: `${o.name} was stopped after its time to live of ${o.ttlS}s` }
            : hostState === undefined || hostState === 'dead'
              ? { exitCode: 255, message: `${o.name} was lost with its host` }
              : !(await appExists(o.app))
                ? { exitCode: 255, message: `${o.name} was stopped: its app is gone` }
                : null)
        if (end === null) {
          live.push(o)
          continue
        }
        this.#d.logger.info({ app: o.app, dyno: o.name, dynoId: o.id, exitCode: end.exitCode }, end.message)
        await this.remove(o, end)
      }
      this.#live = live
      return live
    } catch (err) {
      // A store hiccup must not stop the formation's round: keep pushing the one-offs known before.
      this.#d.logger.warn({ err: String(err) }, 'settling one-off dynos failed')
      return this.#live
    }
  }

  /** The app's one-offs as `shoal ps` shows them (`=== run: one-off processes`). */
  async views(
    app: string,
    statusOf: (dynoId: string) => DynoStatus | undefined,
    hostnames: ReadonlyMap<string, string>,
  ): Promise<DynoView[]> {
    return (await this.list(app)).map((o) => {
      const s = statusOf(o.id)
      return {
        id: o.id,
        name: o.name,
        type: o.type,
        size: o.size,
        state: s === undefined ? 'pending' : phaseOf(s),
        since: s?.sinceMs ? new Date(Number(s.sinceMs)).toISOString() : null,
        command: o.command,
        release: o.release,
        host: hostnames.get(o.hostId) ?? o.hostId,
        hostId: o.hostId,
        ...(s?.message ? { reason: s.message } : {}),
      }
    })
  }

  async #delete(o: OneOffRecord): Promise<boolean> {
    const existed = (await this.#d.store.get(recordKey(o))) !== undefined
    await this.#d.store.txn({
      compare: [],
      success: [
        { type: 'delete', key: recordKey(o) },
        { type: 'delete', key: nameKey(o) },
      ],
    })
    this.#live = this.#live.filter((x) => x.id !== o.id)
    return existed
  }

  #finish(o: OneOffRecord, end: OneOffEnd): void {
    if (this.#ended.has(o.id)) return
    this.#ended.set(o.id, end)
    if (this.#ended.size > 1000) this.#ended.delete(this.#ended.keys().next().value as string)
    const waiters = this.#waiters.get(o.id) ?? []
    this.#waiters.delete(o.id)
    for (const w of waiters) w(end)
  }
}

function checkEnv(env: Record<string, string>, what: string): Record<string, string> {
  if (env === null || typeof env !== 'object' || Array.isArray(env)) {
    throw new ShoalError('INVALID_INPUT', `${what}: env must be an object of names to strings`)
  }
  const entries = Object.entries(env)
  if (entries.length > MAX_ENV) throw new ShoalError('INVALID_INPUT', `${what}: more than ${MAX_ENV} env vars`)
  const out: Record<string, string> = {}
  for (const [k, v] of entries) {
    if (!ENV_KEY.test(k))
      throw new ShoalError('INVALID_INPUT', `${what}: "${k.slice(0, 40)}" is not a valid env var name`)
    if (typeof v !== 'string') throw new ShoalError('INVALID_INPUT', `${what}: the value of ${k} must be a string`)
    out[k] = v
  }
  return out
}
