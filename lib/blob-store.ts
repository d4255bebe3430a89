import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ShoalError } from '../proto/errors.ts'

const SHA256 = /^[0-9a-f]{64}$/

export function isSha256(value: string): boolean {
  return SHA256.test(value)
}

export interface PutOptions {
  /** Refuse (PAYLOAD_TOO_LARGE) once more bytes than this arrive; nothing is kept. */
  maxBytes?: number
  /** When given, refuse (BAD_MESSAGE) content whose hash differs; nothing is kept. */
  expectSha256?: string
  signal?: AbortSignal
}

/**
 * Content-addressed files (sources, slugs, stack images) under DIR/<2 hex>/<sha256>. Writes go to a temporary file
 * and are renamed into place only after the hash is known (and checked), so a reader never sees a partial blob.
 */
export class BlobStore {
  readonly dir: string

  constructor(dir: string) {
    this.dir = dir
  }

  path(sha256: string): string {
    if (!isSha256(sha256)) throw new ShoalError('INVALID_INPUT', `Cannot find blob "${sha256}": not a sha256`)
    return join(this.dir, sha256.slice(0, 2), sha256)
  }

  async size(sha256: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(sha256))).size
    } catch {
      return undefined
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== undefined
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.path(sha256))
  }

  async put(
    source: Readable | AsyncIterable<Uint8Array>,
    options: PutOptions = {},
  ): Promise<{ sha256: string; size: number }> {
    await mkdir(join(this.dir, 'tmp'), { recursive: true })
    const tmp = join(this.dir, 'tmp', `${process.pid}-${Math.random().toString(36).slice(2)}`)
    const hash = createHash('sha256')
    let size = 0
    const max = options.maxBytes ?? Number.POSITIVE_INFINITY
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const chunk of chunks) {
            size += chunk.length
            if (size > max) {
              throw new ShoalError('PAYLOAD_TOO_LARGE', `Cannot store upload: it is over the limit of ${max} bytes`)
            }
            hash.update(chunk)
            yield chunk
          }
        },
        createWriteStream(tmp),
        ...(options.signal === undefined ? [] : [{ signal: options.signal }]),
      )
      const sha256 = hash.digest('hex')
      if (options.expectSha256 !== undefined && options.expectSha256 !== sha256) {
        throw new ShoalError(
          'BAD_MESSAGE',
          `Cannot store blob ${options.expectSha256}: the content hashes to ${sha256}`,
        )
      }
      const final = this.path(sha256)
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true })
      await rename(tmp, final)
      return { sha256, size }
    } finally {
      await rm(tmp, { force: true })
    }
  }

  async list(): Promise<string[]> {
    const out: string[] = []
    for (const d of await readdir(this.dir).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{2}$/.test(d)) continue
      for (const f of await readdir(join(this.dir, d))) if (isSha256(f)) out.push(f)
    }
    return out.sort()
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true })
  }
}
