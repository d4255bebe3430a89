import { execFile } from 'node:child_process'
import { access, chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Startable } from '../lib/lifecycle.ts'
import type { Logger } from '../lib/logger.ts'
import { toNumber } from '../lib/long-number.ts'
import type { MeshLibp2p } from '../mesh/mesh-node.ts'
import { request } from '../mesh/rpc.ts'
import { type TlsState, TlsStateCodec, TlsStateRequestCodec } from '../proto/codec.ts'
import { PROTOCOL_TLS } from '../proto/topics.ts'
import type { HaproxyPaths } from './haproxy-config.ts'
import type { HaproxyRuntime } from './haproxy-runtime.ts'

export interface TlsSyncOptions {
  /** Fetches the leader's TlsState; undefined when there is no mesh (tests apply states directly). */
  node?: MeshLibp2p | undefined
  leader?: () => string | undefined
  runtime: () => HaproxyRuntime | undefined
  paths: HaproxyPaths
  log: Logger
}

const TOKEN = /^[A-Za-z0-9_-]{1,256}$/
const KEY_AUTH = /^[A-Za-z0-9_.-]{1,512}$/
const CERT_ID = /^[a-f0-9]{8,128}$/
const SNI = /^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*$/

/**
 * Keeps HAProxy's certificates and ACME challenge answers equal to the leader's TlsState, without a reload:
 * certificates through `new/set/commit ssl cert` and `add/del ssl crt-list`, challenges through `add/del map`.
 * The same state is written to disk (certs dir, crt-list, acme map) so a restarted HAProxy starts from it.
 */
export class TlsSync implements Startable {
  readonly name = 'tls-sync'
  readonly #o: TlsSyncOptions
  #version: number | undefined
  #wanted: number | undefined
  #fetching = false
  #certs = new Map<string, string>()
  #challenges = new Map<string, string>()

  constructor(options: TlsSyncOptions) {
    this.#o = options
  }

  /** A self-signed certificate for clients that name no known host (HAProxy needs one to listen with TLS). */
  static async ensureDefaultCert(paths: HaproxyPaths): Promise<void> {
    await mkdir(paths.certs, { recursive: true, mode: 0o700 })
    const pem = join(paths.certs, 'default.pem')
    if (
      await access(pem).then(
        () => true,
        () => false,
      )
    )
      return
    const key = join(paths.certs, 'default.key')
    const crt = join(paths.certs, 'default.crt')
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '3650',
      '-subj',
      '/CN=shoal-router-default',
      '-keyout',
      key,
      '-out',
      crt,
    ])
    await writeFile(pem, `${await readFile(crt, 'utf8')}${await readFile(key, 'utf8')}`, { mode: 0o600 })
    await rm(key, { force: true })
    await rm(crt, { force: true })
  }

  /** Learns what a running HAProxy already holds from the files it was started from (a restarted router adopts it). */
  async start(): Promise<void> {
    const p = this.#o.paths
    await mkdir(p.certs, { recursive: true, mode: 0o700 })
    await chmod(p.certs, 0o700)
    for (const line of (await readFile(p.crtList, 'utf8').catch(() => '')).split('\n')) {
      const file = line.split(' ')[0] ?? ''
      const id = /\/([a-f0-9]{8,128})\.pem$/.exec(file)?.[1]
      if (id !== undefined) this.#certs.set(id, file)
    }
    for (const line of (await readFile(p.acmeMap, 'utf8').catch(() => '')).split('\n')) {
      const [token, auth] = line.split(' ')
      if (token !== undefined && auth !== undefined && TOKEN.test(token)) this.#challenges.set(token, auth)
    }
  }

  stop(): void {}

  get version(): number | undefined {
    return this.#version
  }

  /** The directory names the leader's TlsState version; fetch it when ours differs. */
  noteVersion(version: unknown): void {
    const v = toNumber(version)
    if (v === 0 || v === this.#version) return
    this.#wanted = v
    void this.#fetch()
  }

  async #fetch(): Promise<void> {
    const leader = this.#o.leader?.()
    if (this.#fetching || this.#o.node === undefined || leader === undefined) return
    this.#fetching = true
    try {
      const state = await request(
        this.#o.node,
        peerIdFromString(leader),
        PROTOCOL_TLS,
        { request: TlsStateRequestCodec, response: TlsStateCodec },
        { haveVersion: this.#version ?? 0 },
        { timeoutMs: 10_000 },
      )
      await this.apply(state)
    } catch (err) {
      this.#o.log.warn({ err: String(err) }, 'cannot fetch TLS state from the leader')
    } finally {
      this.#fetching = false
    }
    if (this.#wanted !== undefined && this.#wanted !== this.#version) setTimeout(() => void this.#fetch(), 1000)
  }

  /** Applies a whole TlsState: adds, replaces and removes certificates and challenge answers. */
  async apply(state: TlsState): Promise<void> {
    const rt = this.#o.runtime()
    if (rt === undefined) throw new Error('Cannot apply TLS state: HAProxy is not running')
    const p = this.#o.paths
    // Challenges.
    const challenges = new Map<string, string>()
    for (const c of state.challenges ?? []) {
      if (TOKEN.test(c.token ?? '') && KEY_AUTH.test(c.keyAuthorization ?? '')) {
        challenges.set(c.token as string, c.keyAuthorization as string)
      }
    }
    for (const [token, auth] of challenges) {
      if (this.#challenges.get(token) === auth) continue
      await rt.run(`${this.#challenges.has(token) ? 'set' : 'add'} map ${p.acmeMap} ${token} ${auth}`)
      this.#challenges.set(token, auth)
    }
    for (const token of [...this.#challenges.keys()]) {
      if (challenges.has(token)) continue
      await rt.run(`del map ${p.acmeMap} ${token}`)
      this.#challenges.delete(token)
    }
    await writeFile(p.acmeMap, [...challenges].map(([t, a]) => `${t} ${a}\n`).join(''))

    // Certificates, by id (the leaf's digest): a new id is a new file; a gone id is removed.
    const certs = new Map<string, { pem: string; snis: string[] }>()
    for (const c of state.certificates ?? []) {
      const id = c.id ?? ''
      if (!CERT_ID.test(id) || !c.certPem || !c.keyPem) continue
      const snis = (c.domains ?? []).map((d) => d.toLowerCase()).filter((d) => SNI.test(d))
      certs.set(id, { pem: `${c.certPem.trim()}\n${c.keyPem.trim()}\n`, snis })
    }
    for (const [id, c] of certs) {
      if (this.#certs.has(id)) continue
      const file = join(p.certs, `${id}.pem`)
      await writeFile(file, c.pem, { mode: 0o600 })
      await rt.run(`new ssl cert ${file}`).catch(() => {})
      await rt.payload(`set ssl cert ${file}`, c.pem)
      await rt.run(`commit ssl cert ${file}`)
      await rt.payload(`add ssl crt-list ${p.crtList}`, `${file} ${c.snis.join(' ')}`)
      this.#certs.set(id, file)
    }
    for (const [id, file] of [...this.#certs]) {
      if (certs.has(id)) continue
      await rt.run(`del ssl crt-list ${p.crtList} ${file}`).catch(() => {})
      await rt.run(`del ssl cert ${file}`).catch(() => {})
      await rm(file, { force: true })
      this.#certs.delete(id)
    }
    await writeFile(
      p.crtList,
      [...certs].map(([id, c]) => `${join(p.certs, `${id}.pem`)} ${c.snis.join(' ')}\n`).join(''),
    )
    this.#version = toNumber(state.version)
    this.#o.log.info({ version: this.#version, certs: certs.size, challenges: challenges.size }, 'TLS state applied')
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, (err, _out, stderr) => (err === null ? resolve() : reject(new Error(`${cmd}: ${stderr}`)))),
  )
}
