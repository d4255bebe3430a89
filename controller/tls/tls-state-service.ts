// The leader's TLS state for the routers: every certificate (keys opened) and the pending ACME HTTP-01 challenges,
// versioned. Any change bumps the version and tells the app directory, which publishes `tls_version` at once; a
// router whose copy differs fetches the whole state over PROTOCOL_TLS. Only admitted routers may fetch (keys are in
// it). The service remembers which version each router last fetched, so the ACME manager and `domains:wait` can
// wait for a positive signal ("every connected router holds version ≥ v") instead of sleeping.

import type { Clock } from '../../lib/clock.ts'
import type { Logger } from '../../lib/logger.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { handle, type RpcMetrics } from '../../mesh/rpc.ts'
import { type AcmeChallenge, type TlsState, TlsStateCodec, TlsStateRequestCodec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_TLS } from '../../proto/topics.ts'
import type { Store } from '../store/store.ts'
import { CERTS_PREFIX, type CertStore, type OpenCertificate } from './cert-store.ts'

export interface TlsStateDeps {
  store: Store
  certs: CertStore
  clock: Clock
  logger: Logger
  epoch: () => number
  /** Admitted peers with the router role. */
  isRouter: (peer: string) => boolean
  /** Routers to wait for: admitted routers this controller is connected to now. */
  connectedRouters: () => string[]
}

export class TlsStateService {
  readonly #deps: TlsStateDeps
  #version: number
  #certs: OpenCertificate[] = []
  readonly #challenges = new Map<string, AcmeChallenge>()
  readonly #fetched = new Map<string, number>()
  readonly #listeners: Array<() => void> = []
  readonly #waiters = new Set<() => void>()
  #reloading: Promise<void> = Promise.resolve()

  constructor(deps: TlsStateDeps) {
    this.#deps = deps
    // Starts at the wall clock, so a new leader's versions differ from (and exceed) what routers hold.
    this.#version = deps.clock.now()
  }

  get version(): number {
    return this.#version
  }

  certificates(): OpenCertificate[] {
    return this.#certs
  }

  /** Loads the certificates and reloads them on every change under certs/ until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    await this.reload()
    await this.#deps.store.watch(
      CERTS_PREFIX,
      () => {
        this.#reloading = this.#reloading.then(() =>
          this.reload().catch((err: unknown) => this.#deps.logger.warn({ err: String(err) }, 'TLS reload failed')),
        )
      },
      { signal },
    )
  }

  async reload(): Promise<void> {
    const open: OpenCertificate[] = []
    for (const record of await this.#deps.certs.all()) {
      try {
        open.push(this.#deps.certs.openKey(record))
      } catch (err) {
        this.#deps.logger.error({ app: record.app, cert: record.id, err: String(err) }, 'certificate key unreadable')
      }
    }
    this.#certs = open
    this.#bump()
  }

  onChange(listener: () => void): void {
    this.#listeners.push(listener)
  }

  addChallenge(challenge: AcmeChallenge): number {
    this.#challenges.set(challenge.token ?? '', challenge)
    return this.#bump()
  }

  removeChallenge(token: string): void {
    if (this.#challenges.delete(token)) this.#bump()
  }

  challenges(): AcmeChallenge[] {
    return [...this.#challenges.values()]
  }

  state(): TlsState {
    return {
      version: this.#version,
      epoch: this.#deps.epoch(),
      certificates: this.#certs.map((c) => ({
        id: c.id,
        app: c.app,
        domains: c.domains,
        certPem: c.certPem,
        keyPem: c.keyPem,
        notAfterMs: c.notAfterMs,
      })),
      challenges: this.challenges(),
    }
  }

  /** The version every connected router last fetched is ≥ `version` (vacuously true with no routers). */
  routersHave(version: number): boolean {
    return this.#deps.connectedRouters().every((peer) => (this.#fetched.get(peer) ?? 0) >= version)
  }

  /** Resolves once every connected router has fetched `version` or later; TIMEOUT after `timeoutMs`. */
  async waitForRouters(version: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.routersHave(version)) return
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!this.routersHave(version)) return
        done()
        resolve()
      }
      const onAbort = (): void => {
        done()
        reject(signal?.reason ?? new Error('aborted'))
      }
      const timer = this.#deps.clock.setTimeout(() => {
        done()
        reject(new ShoalError('TIMEOUT', `Cannot hand TLS state v${version} to every router within ${timeoutMs} ms`))
      }, timeoutMs)
      // A router that disconnects stops counting: re-check every second as well as on every fetch.
      const poll = this.#deps.clock.setInterval(check, 1000)
      const done = (): void => {
        timer.cancel()
        poll.cancel()
        this.#waiters.delete(check)
        signal?.removeEventListener('abort', onAbort)
      }
      this.#waiters.add(check)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Serves PROTOCOL_TLS to admitted routers. */
  async serve(node: MeshLibp2p, metrics?: RpcMetrics): Promise<void> {
    await handle(
      node,
      PROTOCOL_TLS,
      { request: TlsStateRequestCodec, response: TlsStateCodec },
      async (_req, ctx): Promise<TlsState> => {
        if (!this.#deps.isRouter(ctx.peer)) {
          this.#deps.logger.warn({ peer: ctx.peer }, 'TLS state refused: not an admitted router')
          throw new ShoalError('NOT_ADMITTED', 'Cannot send the TLS state: this peer is not an admitted router')
        }
        const state = this.state()
        this.#fetched.set(ctx.peer, state.version as number)
        for (const w of [...this.#waiters]) w()
        return state
      },
      { logger: this.#deps.logger, ...(metrics === undefined ? {} : { metrics }) },
    )
  }

  #bump(): number {
    this.#version++
    for (const l of this.#listeners) l()
    return this.#version
  }
}
