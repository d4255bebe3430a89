// The stack image moves between hosts without a registry: every agent serves the rootfs tarball of its stack over
// PROTOCOL_STACK and names its version in its HostReport; a host that lacks both the image and a verified tarball
// fetches the tarball from a peer of the same stack version, so that buildStack only has to import it. Only when
// no peer has it does the host fall back to building the stack itself (debootstrap, which needs a Debian mirror).
//
// Trust: tarballs come only from admitted peers (the agent feeds `heard` only their reports), and only with the
// sha256 the leader vouches for: the leader pins, per stack version, the hash of the first tarball an admitted host
// reports (controller/stack-hashes.ts) and publishes it in the app directory. A peer offering other bytes under the
// same version is skipped; the bytes received must hash to that value or are thrown away.

import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { DialTarget } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { isSha256 } from '../../lib/blob-store.ts'
import type { Clock, Timer } from '../../lib/clock.ts'
import type { Logger } from '../../lib/logger.ts'
import { type ChunkedOffer, fetchChunked, serveChunked } from '../../mesh/chunked-transfer.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import { type HostReport, type StackHeader, StackHeaderCodec, StackRequestCodec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { HOST_REPORT_INTERVAL_MS, PROTOCOL_STACK } from '../../proto/topics.ts'
import { acquireLock } from './build-lock.ts'
import { type StackDocker, stackTarballPath, verifyTarball } from './stack-builder.ts'

const CODECS = { request: StackRequestCodec, header: StackHeaderCodec }
/** Stack versions are `<suite>-<8 hex>`; anything else never reaches the file system. */
const VERSION = /^[a-z0-9][a-z0-9.-]{0,63}$/
/** A peer whose last report is older than this is presumed gone (the leader tracker's horizon too). */
const STALE_MS = 15_000
/** A transfer that receives nothing for this long is given up, and the next peer is tried. */
const IDLE_MS = 30_000
const MB = 1e6

/** Serves the stack tarballs kept in `stackDir`, by version, to any mesh peer. */
export async function serveStackTarballs(node: MeshLibp2p, stackDir: string, logger: Logger): Promise<void> {
  await serveChunked(node, PROTOCOL_STACK, CODECS, (req) => offerTarball(stackDir, req.version ?? '', logger), {
    logger,
  })
}

async function offerTarball(stackDir: string, version: string, logger: Logger): Promise<ChunkedOffer<StackHeader>> {
  if (!VERSION.test(version)) {
    return { header: { found: false, code: 'INVALID_INPUT', message: `"${version}" is not a stack version` } }
  }
  const tarball = stackTarballPath(stackDir, version)
  const expected = await readChecksum(tarball)
  const size = (await stat(tarball).catch(() => null))?.size
  if (expected === undefined || size === undefined) {
    return { header: { found: false, code: 'NOT_FOUND', message: `No tarball of stack ${version} on this host` } }
  }
  // Hashed as it is sent rather than before: a 250 MB tarball would cost seconds of CPU per request. A copy found
  // corrupt loses its checksum file, so this host stops offering it and buildStack stops trusting it.
  async function* body(): AsyncGenerator<Uint8Array> {
    const hash = createHash('sha256')
    let sent = 0
    for await (const chunk of createReadStream(tarball)) {
      const buf = chunk as Buffer
      hash.update(buf)
      sent += buf.length
      yield buf
    }
    const actual = hash.digest('hex')
    if (actual !== expected || sent !== size) {
      if ((await readChecksum(tarball)) === expected) await rm(`${tarball}.sha256`, { force: true })
      logger.error({ stack: version, tarball, expected, actual }, 'stack tarball is corrupt; no longer offered')
      throw new ShoalError('INTERNAL', `Cannot serve stack ${version}: ${tarball} hashes to ${actual}, not ${expected}`)
    }
  }
  return { header: { found: true, sha256: expected, size }, body: body(), what: `stack ${version}` }
}

/** The sha256 a tarball's checksum file names (the first word, as sha256sum writes it), or undefined. */
async function readChecksum(tarball: string): Promise<string | undefined> {
  const word = (await readFile(`${tarball}.sha256`, 'utf8').catch(() => '')).trim().split(/\s+/)[0] ?? ''
  return isSha256(word) ? word : undefined
}

export interface TarballReceipt {
  sha256: string
  bytes: number
  /** transfer only */
  ms: number
}

/**
 * Fetches stack `version`'s tarball from one peer into `stackDir` as `stack-<version>.tar.gz` plus its `.sha256`,
 * exactly as buildStack leaves a tarball it packed: the checksum file is written last, only after size and hash
 * match the peer's header. The caller holds the stack dir's build lock.
 */
export async function fetchStackTarball(
  node: MeshLibp2p,
  target: DialTarget,
  version: string,
  stackDir: string,
  options: { signal?: AbortSignal; clock?: Clock; idleMs?: number; sha256?: string } = {},
): Promise<TarballReceipt> {
  const idle = new AbortController()
  const signal = options.signal === undefined ? idle.signal : AbortSignal.any([options.signal, idle.signal])
  let timer: Timer | undefined
  const arm = (): void => {
    timer?.cancel()
    if (options.clock === undefined) return
    timer = options.clock.setTimeout(
      () => idle.abort(new ShoalError('TIMEOUT', `Cannot fetch stack ${version}: nothing arrived for a while`)),
      options.idleMs ?? IDLE_MS,
    )
  }
  const tarball = stackTarballPath(stackDir, version)
  const tmp = `${tarball}.tmp`
  try {
    arm()
    return await fetchChunked(
      node,
      target,
      PROTOCOL_STACK,
      CODECS,
      { version },
      async (header, body) => {
        if (header.found !== true) {
          const code = header.code === 'INVALID_INPUT' ? 'INVALID_INPUT' : 'NOT_FOUND'
          throw new ShoalError(code, `Cannot fetch stack ${version}: ${header.message}`)
        }
        const expected = header.sha256 ?? ''
        const size = Number(header.size)
        if (!isSha256(expected) || !Number.isSafeInteger(size)) {
          throw new ShoalError('BAD_MESSAGE', `Cannot fetch stack ${version}: the peer's header is malformed`)
        }
        if (options.sha256 !== undefined && expected !== options.sha256) {
          throw new ShoalError(
            'BAD_MESSAGE',
            `Cannot fetch stack ${version}: the peer serves a tarball hashing to ${expected}, not ${options.sha256} as the leader vouches`,
          )
        }
        const started = performance.now()
        await mkdir(stackDir, { recursive: true })
        await rm(`${tarball}.sha256`, { force: true })
        const hash = createHash('sha256')
        let bytes = 0
        try {
          await pipeline(
            body,
            async function* (chunks: AsyncIterable<Uint8Array>) {
              for await (const chunk of chunks) {
                bytes += chunk.length
                if (bytes > size) {
                  throw new ShoalError(
                    'BAD_MESSAGE',
                    `Cannot fetch stack ${version}: more than the ${size} bytes promised`,
                  )
                }
                hash.update(chunk)
                arm()
                yield chunk
              }
            },
            createWriteStream(tmp),
            { signal },
          )
          const sha256 = hash.digest('hex')
          if (bytes !== size || sha256 !== expected) {
            throw new ShoalError(
              'BAD_MESSAGE',
              `Cannot fetch stack ${version}: got ${bytes} of ${size} bytes hashing to ${sha256}, not ${expected}`,
            )
          }
          await rename(tmp, tarball)
          await writeFile(`${tarball}.sha256`, `${sha256}  ${basename(tarball)}\n`)
          return { sha256, bytes, ms: Math.round(performance.now() - started) }
        } finally {
          await rm(tmp, { force: true })
        }
      },
      { signal },
    )
  } finally {
    timer?.cancel()
  }
}

/** A peer that reported serving a stack version. */
export interface StackSource {
  peerId: string
  addresses: string[]
  version: string
  /** the tarball's sha256 it reported ('' from agents older than the field) */
  sha256: string
  load1: number
  /** when its last report arrived (clock ms) */
  at: number
}

export interface StackFetched extends TarballReceipt {
  version: string
  peer: string
  /** re-reading the written tarball the way buildStack does (verifyTarball) */
  verifyMs: number
  /** peers tried before the one that served it */
  failed: Array<{ peer: string; error: string }>
}

export type StackPrepared =
  | { outcome: 'present' | 'cached' }
  | ({ outcome: 'fetched' } & StackFetched)
  | { outcome: 'unavailable'; failed: Array<{ peer: string; error: string }> }

export interface StackPeersOptions {
  node: MeshLibp2p
  /** The agent's stack dir (SHOAL_STACK_DIR): served from, and fetched into. */
  stackDir: string
  selfId: string
  logger: Logger
  clock: Clock
  /** This host's stack (resolveStack), asked once. */
  stack: () => Promise<{ version: string; tag: string }>
  /** How long to wait for a report of a peer with the stack when none is known yet (default 2.5 report intervals). */
  discoverMs?: number
  /**
   * The tarball sha256 the leader vouches for, per version (ClusterTrust.stackHash); undefined while it names none.
   * Only peers reporting that hash are candidates, and only those bytes are kept.
   */
  vouched: (version: string) => string | undefined
}

/**
 * Knows which peers serve which stack version (from HostReports) and gets this host's stack tarball from them.
 * Wire `heard` to TOPIC_HOST_REPORT, put `offered()` in this host's reports, and call `prepare` before buildStack.
 */
export class StackPeers {
  readonly #o: StackPeersOptions
  readonly #sources = new Map<string, StackSource>()
  readonly #waiters = new Set<() => void>()
  #stack: Promise<{ version: string; tag: string }> | undefined

  constructor(options: StackPeersOptions) {
    this.#o = options
  }

  serve(): Promise<void> {
    return serveStackTarballs(this.#o.node, this.#o.stackDir, this.#o.logger)
  }

  /** A HostReport from `from` (the gossip signer); false when rejected. */
  heard(report: HostReport, from: string): boolean {
    if (report.hostId !== from) return false
    if (from === this.#o.selfId) return true
    const version = report.stackVersion ?? ''
    if (version === '') {
      this.#sources.delete(from)
      return true
    }
    this.#sources.set(from, {
      peerId: from,
      addresses: report.addresses ?? [],
      version,
      sha256: report.stackSha256 ?? '',
      load1: report.usage?.load1 ?? 0,
      at: this.#o.clock.now(),
    })
    for (const wake of this.#waiters) wake()
    return true
  }

  /**
   * Peers with stack `version` and the tarball hash the leader vouches for, in the order to try them: least loaded
   * first, then by peer id. None while the leader vouches for no hash of that version.
   */
  candidates(version: string): StackSource[] {
    const now = this.#o.clock.now()
    const vouched = this.#o.vouched(version)
    if (vouched === undefined) return []
    return [...this.#sources.values()]
      .filter((s) => s.version === version && s.sha256 === vouched && now - s.at < STALE_MS && s.addresses.length > 0)
      .sort((a, b) => a.load1 - b.load1 || (a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0))
  }

  /** The stack version this host serves and its tarball's sha256, for its HostReport: '' until both files exist. */
  async offered(): Promise<{ version: string; sha256: string }> {
    try {
      const { version } = await this.#identity()
      const tarball = stackTarballPath(this.#o.stackDir, version)
      const [file, sum] = await Promise.all([stat(tarball).catch(() => null), readChecksum(tarball)])
      return file !== null && sum !== undefined ? { version, sha256: sum } : { version: '', sha256: '' }
    } catch {
      return { version: '', sha256: '' }
    }
  }

  /**
   * Before buildStack: when this host has neither the stack image nor a verified tarball, fetch the tarball from a
   * peer. `unavailable` leaves buildStack to build it.
   */
  async prepare(opts: {
    docker: Pick<StackDocker, 'imageExists'>
    signal?: AbortSignal
    onLog?: (line: string) => void
  }): Promise<StackPrepared> {
    const { version, tag } = await this.#identity()
    if (await opts.docker.imageExists(tag)) return { outcome: 'present' }
    const tarball = stackTarballPath(this.#o.stackDir, version)
    if (await verifyTarball(tarball)) return { outcome: 'cached' }
    await mkdir(this.#o.stackDir, { recursive: true })
    const lock = await acquireLock(join(this.#o.stackDir, 'stack.lock'), {
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      onWait: (pid) => opts.onLog?.(`-----> Waiting for another stack build (pid ${pid}) to finish`),
    })
    try {
      // Another process sharing the stack dir may have fetched or built it meanwhile.
      if (await verifyTarball(tarball)) return { outcome: 'cached' }
      return await this.#fetch(version, opts)
    } finally {
      await lock.release()
    }
  }

  async #fetch(
    version: string,
    opts: { signal?: AbortSignal; onLog?: (line: string) => void },
  ): Promise<(StackFetched & { outcome: 'fetched' }) | { outcome: 'unavailable'; failed: StackFetched['failed'] }> {
    const log = this.#o.logger.child({ stack: version })
    const failed: StackFetched['failed'] = []
    const tried = new Set<string>()
    let waited = false
    for (;;) {
      const next = this.candidates(version).find((c) => !tried.has(c.peerId))
      if (next === undefined) {
        // A host that just joined may not have heard its peers' reports yet: give them a report or two.
        if (waited || tried.size > 0) break
        waited = true
        opts.onLog?.(`-----> Waiting for a peer that serves stack ${version}`)
        await this.#waitForSource(version, opts.signal)
        opts.signal?.throwIfAborted()
        continue
      }
      tried.add(next.peerId)
      const tarball = stackTarballPath(this.#o.stackDir, version)
      opts.onLog?.(`-----> Fetching stack ${version} from peer ${next.peerId}`)
      try {
        const targets = next.addresses.map((a) => multiaddr(a.includes('/p2p/') ? a : `${a}/p2p/${next.peerId}`))
        const got = await fetchStackTarball(this.#o.node, targets, version, this.#o.stackDir, {
          clock: this.#o.clock,
          sha256: next.sha256,
          ...(opts.signal === undefined ? {} : { signal: opts.signal }),
        })
        const verifyStarted = performance.now()
        if (!(await verifyTarball(tarball))) {
          await rm(`${tarball}.sha256`, { force: true })
          throw new ShoalError('BAD_MESSAGE', `Cannot use stack ${version} from ${next.peerId}: it fails verification`)
        }
        const verifyMs = Math.round(performance.now() - verifyStarted)
        const mbps = got.bytes / MB / Math.max(got.ms / 1000, 0.001)
        log.info(
          { peer: next.peerId, bytes: got.bytes, ms: got.ms, verifyMs, mbps: Number(mbps.toFixed(1)), failed },
          'stack tarball fetched from peer',
        )
        opts.onLog?.(
          `-----> Stack ${version}: ${(got.bytes / MB).toFixed(0)} MB in ${got.ms} ms (${mbps.toFixed(1)} MB/s)`,
        )
        return { outcome: 'fetched', version, peer: next.peerId, ...got, verifyMs, failed }
      } catch (err) {
        opts.signal?.throwIfAborted()
        const error = err instanceof Error ? err.message : String(err)
        failed.push({ peer: next.peerId, error })
        log.warn({ peer: next.peerId, err: error }, 'stack fetch from peer failed; trying the next one')
      }
    }
    log.warn({ failed }, 'no peer served the stack tarball; building it here')
    return { outcome: 'unavailable', failed }
  }

  #waitForSource(version: string, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        timer.cancel()
        this.#waiters.delete(wake)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const wake = (): void => {
        if (this.candidates(version).length > 0) done()
      }
      const timer = this.#o.clock.setTimeout(done, this.#o.discoverMs ?? 2.5 * HOST_REPORT_INTERVAL_MS)
      this.#waiters.add(wake)
      signal?.addEventListener('abort', done, { once: true })
      wake() // a report may have come in since the caller looked
    })
  }

  #identity(): Promise<{ version: string; tag: string }> {
    this.#stack ??= this.#o.stack().catch((err: unknown) => {
      this.#stack = undefined
      throw err
    })
    return this.#stack
  }
}
