import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import type { Clock } from '../lib/clock.ts'
import type { Startable } from '../lib/lifecycle.ts'
import type { Logger } from '../lib/logger.ts'
import { type DesiredInput, type DesiredServer, type DesiredState, desiredState } from './desired-state.ts'
import { type ConfigInput, type HaproxyPaths, renderConfig, serverParams } from './haproxy-config.ts'
import { HaproxyProcess, type StartKind } from './haproxy-process.ts'
import { type HaproxyRuntime, parseMap, parseServersState, parseStat, type StatRow } from './haproxy-runtime.ts'
import { writePages } from './pages.ts'

type MapName = 'hosts' | 'backends' | 'states' | 'queues'

export interface DataPlaneOptions {
  paths: HaproxyPaths
  log: Logger
  clock: Clock
  /** Everything of the configuration but the backends, which the data plane fills in. */
  config: Omit<ConfigInput, 'backends' | 'paths'>
  /** The router's current knowledge, read on every sync. */
  input: () => Omit<DesiredInput, 'assigned' | 'pool'>
  /** Backends rendered at least (more when apps outgrow them). */
  minPool?: number | undefined
  /** After adopting a running HAProxy, how long to keep servers the router has not (re)learned yet. */
  adoptGraceMs?: number | undefined
  keepRunning?: boolean | undefined
  binary?: string | undefined
  /** A worker answers (spawned, reloaded or adopted), before its state is read back: e.g. read its log ring. */
  onWorker?: ((kind: StartKind) => void) | undefined
}

interface ModelServer {
  backend: string
  address: string
  port: number
  maxconn: number
  state: 'ready' | 'drain' | 'maint'
}

/**
 * Keeps HAProxy's runtime state equal to the desired state through the admin socket: maps for hosts, backends,
 * app states and queue bounds; servers added, re-weighted, drained and deleted one command at a time. A reload
 * happens only when new apps outnumber the free backends of the pool (it then doubles).
 */
export class DataPlane implements Startable {
  readonly name = 'data-plane'
  readonly process: HaproxyProcess
  readonly #o: DataPlaneOptions
  #pool: string[] = []
  #maps: Record<MapName, Map<string, string>> = emptyMaps()
  #servers = new Map<string, ModelServer>()
  #graceUntil = 0
  #running: Promise<void> | undefined
  #dirty = false
  #ready = false
  /** The running configuration differs from what this router would render (e.g. its log ring): reload once. */
  #stale = false
  reloads = 0

  constructor(options: DataPlaneOptions) {
    this.#o = options
    this.#pool = poolNames(options.minPool ?? 32)
    this.process = new HaproxyProcess({
      paths: options.paths,
      log: options.log,
      clock: options.clock,
      keepRunning: options.keepRunning,
      binary: options.binary,
      render: () => this.#render(),
      onReady: (kind) => this.#onReady(kind),
    })
  }

  get runtime(): HaproxyRuntime {
    return this.process.runtime
  }

  async start(signal: AbortSignal): Promise<void> {
    await mkdir(this.#o.paths.dir, { recursive: true })
    await writePages(this.#o.paths.pages)
    await this.process.start(signal)
  }

  async stop(): Promise<void> {
    this.#ready = false
    await this.#running?.catch(() => {})
    await this.process.stop()
  }

  /** Brings HAProxy to the desired state soon; calls made while a sync runs coalesce into one more. */
  sync(): Promise<void> {
    this.#dirty = true
    if (!this.#ready) return Promise.resolve()
    this.#running ??= (async () => {
      try {
        while (this.#dirty && this.#ready) {
          this.#dirty = false
          await this.#syncOnce().catch((err: unknown) => {
            this.#o.log.warn({ err: String(err) }, 'router state sync failed; retrying')
            this.#dirty = true
            return new Promise((r) => setTimeout(r, 200))
          })
        }
      } finally {
        this.#running = undefined
      }
    })()
    return this.#running
  }

  /** Per-server and per-backend counters (`show stat`). */
  async stats(): Promise<StatRow[]> {
    return parseStat(await this.runtime.raw('show stat'))
  }

  /** app of a backend, and the dyno of a server, as HAProxy currently has them. */
  appOfBackend(backend: string): string | undefined {
    for (const [app, be] of this.#maps.backends) if (be === backend) return app
    return undefined
  }

  hasServer(name: string): boolean {
    return this.#servers.has(name)
  }

  #desired(): DesiredState & { unplaced: string[] } {
    const d = desiredState({ ...this.#o.input(), assigned: this.#maps.backends, pool: this.#pool })
    if (this.#o.clock.now() < this.#graceUntil) {
      // Just adopted: what HAProxy serves that the router has not heard of yet stays until the grace ends.
      for (const [name, s] of this.#servers)
        if (!d.servers.has(name)) d.servers.set(name, { ...s, name, dynoId: '', maxconn: Math.max(0, s.maxconn) })
      for (const m of ['hosts', 'backends', 'states', 'queues'] as const) {
        for (const [k, v] of this.#maps[m]) if (!mapOf(d, m).has(k)) mapOf(d, m).set(k, v)
      }
    }
    return d
  }

  async #syncOnce(): Promise<void> {
    let d = this.#desired()
    if (d.unplaced.length > 0 || this.#stale) {
      if (d.unplaced.length > 0) {
        this.#pool = poolNames(Math.max(this.#pool.length * 2, this.#pool.length + d.unplaced.length * 2))
      }
      this.#o.log.info({ pool: this.#pool.length, apps: d.unplaced, stale: this.#stale }, 'hitless reload')
      this.#stale = false
      await this.process.reload()
      this.reloads++
      d = this.#desired()
    }
    const rt = this.runtime
    const p = this.#o.paths
    // Servers first (a host is routed only to a backend that has them), host names last; removals the other way.
    for (const [name, s] of d.servers) {
      const cur = this.#servers.get(name)
      if (cur !== undefined && (cur.backend !== s.backend || cur.address !== s.address || cur.port !== s.port)) {
        await this.#deleteServer(name, cur)
      }
      const have = this.#servers.get(name)
      if (have === undefined) {
        await rt.run(`add server ${s.backend}/${name} ${addr(s)} ${serverParams(s)}`)
        await rt.run(`enable health ${s.backend}/${name}`)
        // A new server is up from the start (the agent announces a dyno once it listens); checks take it down
        // if it refuses, rather than keeping it down until a first check passes.
        await rt.run(`set server ${s.backend}/${name} health up`)
        this.#servers.set(name, { ...s, state: 'maint' })
      }
      const m = this.#servers.get(name) as ModelServer
      if (m.maxconn !== s.maxconn) {
        await rt.run(`set maxconn server ${s.backend}/${name} ${s.maxconn}`)
        m.maxconn = s.maxconn
      }
      if (m.state !== s.state) {
        await rt.run(`set server ${s.backend}/${name} state ${s.state}`)
        m.state = s.state
      }
    }
    await this.#applyMap('queues', p.queueMap, d.queues)
    await this.#applyMap('states', p.stateMap, d.states)
    await this.#applyMap('backends', p.backendsMap, d.backends)
    await this.#applyMap('hosts', p.hostsMap, d.hosts)
    for (const [name, cur] of [...this.#servers]) {
      if (!d.servers.has(name)) await this.#deleteServer(name, cur).catch(() => {})
    }
  }

  async #applyMap(m: MapName, file: string, want: Map<string, string>): Promise<void> {
    const have = this.#maps[m]
    for (const [k, v] of want) {
      const cur = have.get(k)
      if (cur === v) continue
      await this.runtime.run(`${cur === undefined ? 'add' : 'set'} map ${file} ${k} ${v}`)
      have.set(k, v)
    }
    for (const k of [...have.keys()]) {
      if (want.has(k)) continue
      await this.runtime.run(`del map ${file} ${k}`)
      have.delete(k)
    }
  }

  /** Maintenance first (no new requests), then delete; HAProxy refuses while connections remain, so retry later. */
  async #deleteServer(name: string, cur: ModelServer): Promise<void> {
    if (cur.state !== 'maint') {
      await this.runtime.run(`set server ${cur.backend}/${name} state maint`)
      cur.state = 'maint'
    }
    await this.runtime.run(`shutdown sessions server ${cur.backend}/${name}`)
    await this.runtime.run(`del server ${cur.backend}/${name}`)
    this.#servers.delete(name)
  }

  /** Writes the configuration and map files from the desired state, for a spawn or reload to start from. */
  async #render(): Promise<void> {
    const d = this.#desired()
    const p = this.#o.paths
    const backends = this.#pool.map((name) => ({
      name,
      servers: [...d.servers.values()].filter((s) => s.backend === name),
    }))
    await atomicWrite(p.config, renderConfig({ ...this.#o.config, paths: p, backends }), 0o600)
    await atomicWrite(p.hostsMap, mapFile(d.hosts))
    await atomicWrite(p.backendsMap, mapFile(d.backends))
    await atomicWrite(p.stateMap, mapFile(d.states))
    await atomicWrite(p.queueMap, mapFile(d.queues))
    await atomicWrite(p.acmeMap, '', true)
    await atomicWrite(p.crtList, '', true)
  }

  /** Reads what HAProxy holds into the model, then syncs the difference. */
  async #onReady(kind: StartKind): Promise<void> {
    this.#o.onWorker?.(kind)
    const rt = this.runtime
    const p = this.#o.paths
    const maps = emptyMaps()
    maps.hosts = parseMap(await rt.raw(`show map ${p.hostsMap}`))
    maps.backends = parseMap(await rt.raw(`show map ${p.backendsMap}`))
    maps.states = parseMap(await rt.raw(`show map ${p.stateMap}`))
    maps.queues = parseMap(await rt.raw(`show map ${p.queueMap}`))
    this.#maps = maps
    this.#servers = new Map()
    const pool = new Set<string>()
    for (const row of parseStat(await rt.raw('show stat'))) {
      if (row.server === 'BACKEND' && /^b\d+$/.test(row.backend)) pool.add(row.backend)
    }
    if (pool.size > 0) this.#pool = poolNames(pool.size)
    for (const s of parseServersState(await rt.raw('show servers state'))) {
      const state = s.admin & 0x21 ? 'maint' : s.admin & 0x08 || s.weight === 0 ? 'drain' : 'ready'
      // `show servers state` does not tell maxconn: -1 makes the first sync set it again.
      this.#servers.set(s.name, { backend: s.backend, address: s.address, port: s.port, maxconn: -1, state })
    }
    if (kind === 'adopted') {
      this.#graceUntil = this.#o.clock.now() + (this.#o.adoptGraceMs ?? 12_000)
      // A router started with other settings (listen ports, timeouts, its log ring) reloads HAProxy once to apply
      // them; the backends part differs anyway and is not compared.
      const running = await readFile(p.config, 'utf8').catch(() => '')
      const wanted = renderConfig({ ...this.#o.config, paths: p, backends: [] })
      if (frontendOf(running) !== frontendOf(wanted)) this.#stale = true
    }
    this.#ready = true
    this.#o.log.info({ kind, servers: this.#servers.size, hosts: maps.hosts.size }, 'haproxy state loaded')
    // After a reload the sync that asked for it is still running and goes on from the fresh model.
    this.#dirty = true
    if (this.#running === undefined) await this.sync()
  }
}

/** The configuration up to the first backend: everything but the servers. */
function frontendOf(config: string): string {
  const i = config.indexOf('\nbackend ')
  return i < 0 ? config : config.slice(0, i)
}

function emptyMaps(): Record<MapName, Map<string, string>> {
  return { hosts: new Map(), backends: new Map(), states: new Map(), queues: new Map() }
}

function mapOf(d: DesiredState, m: MapName): Map<string, string> {
  return m === 'hosts' ? d.hosts : m === 'backends' ? d.backends : m === 'states' ? d.states : d.queues
}

function poolNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `b${i + 1}`)
}

function addr(s: Pick<DesiredServer, 'address' | 'port'>): string {
  return `${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port}`
}

function mapFile(m: Map<string, string>): string {
  return [...m].map(([k, v]) => `${k} ${v}\n`).join('')
}

async function atomicWrite(path: string, text: string, modeOrOnlyIfMissing: number | boolean = false): Promise<void> {
  if (modeOrOnlyIfMissing === true) {
    await writeFile(path, text, { flag: 'a' })
    return
  }
  await writeFile(`${path}.tmp`, text, { mode: typeof modeOrOnlyIfMissing === 'number' ? modeOrOnlyIfMissing : 0o644 })
  await rename(`${path}.tmp`, path)
}
