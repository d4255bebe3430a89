// What HAProxy should hold, as a pure function of what the router knows: the route table, the app directory, the
// hosts it suspects and the dynos it is draining. The data plane diffs this against HAProxy's runtime state.

import { createHash } from 'node:crypto'
import type { AppEntry } from '../proto/codec.ts'
import type { ServerLine } from './haproxy-config.ts'
import type { Backend } from './route-table.ts'

export interface DesiredServer extends ServerLine {
  backend: string
  dynoId: string
}

export interface DesiredState {
  /** host → app (APP.<domain>, custom domains, `*.parent` wildcards). */
  hosts: Map<string, string>
  /** app → backend, for apps with servers. */
  backends: Map<string, string>
  /** app → 'maintenance' | 'crashed' (apps that are up have no entry). */
  states: Map<string, string>
  /** backend → queue bound (H11). */
  queues: Map<string, string>
  /** server name → server. */
  servers: Map<string, DesiredServer>
}

export interface DesiredInput {
  domain: string
  /** The leader's directory; undefined until one arrives (then every app with routes exists). */
  directory: ReadonlyMap<string, AppEntry> | undefined
  /** Web routes, healthy or not. */
  routes: readonly Backend[]
  isHealthy: (hostId: string) => boolean
  /** Withdrawn dynos still in HAProxy until drained: kept in maintenance (no new requests). */
  draining: ReadonlyMap<string, Backend>
  /** app → backend already assigned; kept while the app has servers so a backend never changes app mid-flight. */
  assigned: ReadonlyMap<string, string>
  /** Backend names available in HAProxy's configuration. */
  pool: readonly string[]
  /** Queue bound per routable dyno before H11. Default BACKLOG_PER_DYNO. */
  backlogPerDyno?: number | undefined
  /** The wake-hold listener (wake-hold.ts): a server of sleeping apps, and of apps with requests still held there. */
  hold?: { host: string; port: number; holding: (app: string) => number } | undefined
}

/** The id of an app's hold server (its HAProxy name is serverName of this). */
export function holdId(app: string): string {
  return `hold.${app}`
}

/** Heroku: a router holds at most 200 requests per web dyno of an app in its queue before answering H11. */
export const BACKLOG_PER_DYNO = 200

/** A HAProxy server name for a dyno: its id when that is a valid name (uuids are), else a digest of it. */
// A name HAProxy's maps can hold as a key: DNS characters, an optional leading `*.` wildcard label.
const HOST_NAME = /^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*$/

export function serverName(dynoId: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(dynoId)
    ? `d${dynoId}`
    : `h${createHash('sha256').update(dynoId).digest('hex').slice(0, 40)}`
}

export function desiredState(input: DesiredInput): DesiredState & { unplaced: string[] } {
  const domain = input.domain.toLowerCase().replace(/\.$/, '')
  const apps = new Set<string>(input.directory?.keys() ?? [])
  const byApp = new Map<string, Array<{ b: Backend; state: ServerLine['state'] }>>()
  const add = (b: Backend, state: ServerLine['state']) => {
    if (b.processType !== 'web') return
    if (input.directory !== undefined && !input.directory.has(b.app)) return
    const list = byApp.get(b.app) ?? []
    byApp.set(b.app, list)
    list.push({ b, state })
  }
  for (const b of input.routes) add(b, input.isHealthy(b.hostId) ? 'ready' : 'drain')
  for (const b of input.draining.values()) if (!input.routes.some((r) => r.dynoId === b.dynoId)) add(b, 'maint')
  // A suspect host may well be alive (its reports late under load, a mesh flood): an app whose every dyno is on
  // suspect hosts keeps sending them requests rather than answering all of them 503. HAProxy retries a failed
  // connect on another server, and a host found dead loses its routes.
  for (const list of byApp.values()) {
    if (list.some((x) => x.state === 'ready')) continue
    for (const x of list) if (x.state === 'drain') x.state = 'ready'
  }
  if (input.directory === undefined) for (const app of byApp.keys()) apps.add(app)
  // A sleeping app (or one whose held requests are not all answered) gets the hold server: ready while the app has
  // no ready dyno, in maintenance (no new requests, the held ones finish) once it has one.
  const hold = input.hold
  if (hold !== undefined) {
    for (const app of apps) {
      const sleeping = input.directory?.get(app)?.sleeping?.['web'] === 1
      if (!sleeping && hold.holding(app) === 0) continue
      const list = byApp.get(app) ?? []
      byApp.set(app, list)
      const state = list.some((x) => x.state === 'ready') ? 'maint' : 'ready'
      list.push({ b: holdBackend(app, hold), state })
    }
  }

  const out: DesiredState & { unplaced: string[] } = {
    hosts: new Map(),
    backends: new Map(),
    states: new Map(),
    queues: new Map(),
    servers: new Map(),
    unplaced: [],
  }
  for (const app of apps) {
    out.hosts.set(`${app}.${domain}`, app)
    const entry = input.directory?.get(app)
    for (const d of entry?.domains ?? []) {
      const host = d.toLowerCase().replace(/\.$/, '')
      if (HOST_NAME.test(host)) out.hosts.set(host, app)
    }
    if (entry?.maintenance === true) out.states.set(app, 'maintenance')
    else if (entry?.crashed === true) out.states.set(app, 'crashed')
  }

  // Backends: an app keeps the one it has; new apps take free ones in pool order.
  const used = new Set<string>()
  for (const [app, be] of input.assigned) if (byApp.has(app) && input.pool.includes(be)) used.add(be)
  const free = input.pool.filter((be) => !used.has(be))
  for (const app of [...byApp.keys()].sort()) {
    const kept = input.assigned.get(app)
    const be = kept !== undefined && used.has(kept) ? kept : free.shift()
    if (be === undefined) {
      out.unplaced.push(app)
      continue
    }
    out.backends.set(app, be)
    const concurrency = input.directory?.get(app)?.concurrency?.['web'] ?? 0
    let ready = 0
    for (const { b, state } of byApp.get(app) ?? []) {
      const held = b.dynoId === holdId(app)
      if (state === 'ready' && !held) ready++
      out.servers.set(serverName(b.dynoId), {
        name: serverName(b.dynoId),
        backend: be,
        dynoId: b.dynoId,
        address: b.host,
        port: b.port,
        maxconn: held ? 0 : concurrency,
        state,
      })
    }
    out.queues.set(be, String((input.backlogPerDyno ?? BACKLOG_PER_DYNO) * Math.max(1, ready)))
  }
  return out
}

function holdBackend(app: string, hold: { host: string; port: number }): Backend {
  return {
    dynoId: holdId(app),
    app,
    processType: 'web',
    dynoName: 'hold',
    release: 0,
    hostId: '',
    address: hold.host,
    host: hold.host,
    port: hold.port,
  }
}
