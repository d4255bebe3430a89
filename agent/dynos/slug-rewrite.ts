// Prepares a slug (tar.gz of /app) for `ADD` into a release image: Docker's ADD keeps the owners recorded in a tar,
// and Heroku's /app belongs to the dyno's user (the app may write there; the filesystem is ephemeral anyway), so
// every entry's owner becomes the stack's user. The slug may hold /app's contents at its root (`./Procfile`) or the
// directory itself (`./app/Procfile`, Heroku's slug API layout); both are accepted, and the layout decides where the
// image unpacks it. The file's sha256 is checked in the same pass.

import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { ShoalError } from '../../proto/errors.ts'

const BLOCK = 512

export interface Owner {
  uid: number
  gid: number
  user: string
  group: string
}

/** `contents`: entries are relative to /app; `app-dir`: entries are under app/ and unpack at / */
export type SlugLayout = 'contents' | 'app-dir'

export interface RewrittenSlug {
  sha256: string
  layout: SlugLayout
  /** bytes of the uncompressed tar written */
  bytes: number
  entries: number
}

/** Reads the gzip slug at `src`, writes an uncompressed tar at `dest` with every entry owned by `owner`. */
export async function rewriteSlug(
  src: string,
  dest: string,
  owner: Owner,
  signal?: AbortSignal,
): Promise<RewrittenSlug> {
  const hash = createHash('sha256')
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk)
      cb(null, chunk)
    },
  })
  const rewriter = new OwnerRewriter(owner)
  const opts = signal !== undefined ? { signal } : {}
  try {
    await pipeline(createReadStream(src), hashing, createGunzip(), rewriter, createWriteStream(dest), opts)
  } catch (err) {
    if (err instanceof ShoalError) throw err
    if ((err as Error).name === 'AbortError') throw new ShoalError('TIMEOUT', `Cannot unpack slug ${src}: aborted`)
    throw new ShoalError('INVALID_INPUT', `Cannot unpack slug ${src}: ${(err as Error).message}`, { cause: err })
  }
  if (rewriter.entries === 0) throw new ShoalError('INVALID_INPUT', `Cannot unpack slug ${src}: the archive is empty`)
  return { sha256: hash.digest('hex'), layout: rewriter.layout, bytes: rewriter.bytes, entries: rewriter.entries }
}

function readOctal(field: Buffer): number {
  if (((field[0] ?? 0) & 0x80) !== 0) {
    // GNU base-256 for values that do not fit in octal digits.
    let n = 0
    for (let i = 1; i < field.length; i++) n = n * 256 + (field[i] ?? 0)
    return n
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim()
  return text === '' ? 0 : Number.parseInt(text, 8)
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1')
}

function writeString(block: Buffer, offset: number, length: number, value: string): void {
  block.fill(0, offset, offset + length)
  block.write(value, offset, length, 'utf8')
}

export function setChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += block[i] ?? 0
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1')
}

const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK

function cString(buf: Buffer): string {
  const end = buf.indexOf(0)
  return buf.subarray(0, end === -1 ? buf.length : end).toString('utf8')
}

/** Drops owner records from a pax header so the ustar fields (rewritten) apply; notes a `path` record. */
function stripPaxOwners(data: Buffer): { data: Buffer; path: string | null } {
  const kept: Buffer[] = []
  let path: string | null = null
  let i = 0
  while (i < data.length) {
    const space = data.indexOf(0x20, i)
    if (space === -1) break
    const len = Number.parseInt(data.subarray(i, space).toString('latin1'), 10)
    if (!Number.isFinite(len) || len <= 0) break
    const record = data.subarray(i, i + len)
    const kv = record.subarray(space - i + 1, record.length - 1).toString('utf8')
    const key = kv.slice(0, kv.indexOf('='))
    if (key === 'path') path = kv.slice(key.length + 1)
    if (key !== 'uid' && key !== 'gid' && key !== 'uname' && key !== 'gname') kept.push(record)
    i += len
  }
  return { data: Buffer.concat(kept), path }
}

/** Streams tar blocks through, rewriting owners; extended headers are held until the entry they describe. */
class OwnerRewriter extends Transform {
  readonly #owner: Owner
  #buf: Buffer = Buffer.alloc(0)
  #passLeft = 0
  #collect: { header: Buffer; type: string; size: number } | null = null
  #held: Buffer[] = []
  #longName: string | null = null
  #finished = false
  layout: SlugLayout = 'contents'
  #layoutKnown = false
  entries = 0
  bytes = 0

  constructor(owner: Owner) {
    super()
    this.#owner = owner
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk])
      this.#drain()
      cb()
    } catch (err) {
      cb(err as Error)
    }
  }

  override _flush(cb: TransformCallback): void {
    if (!this.#finished && (this.#passLeft > 0 || this.#collect !== null || this.#buf.length > 0)) {
      cb(new Error('the tar archive is truncated'))
      return
    }
    if (!this.#finished) this.#out(Buffer.alloc(BLOCK * 2))
    cb()
  }

  #out(b: Buffer): void {
    this.bytes += b.length
    this.push(b)
  }

  #drain(): void {
    for (;;) {
      if (this.#finished) {
        // Everything after the end-of-archive blocks is padding: pass it through as is.
        if (this.#buf.length > 0) this.#out(this.#buf)
        this.#buf = Buffer.alloc(0)
        return
      }
      if (this.#passLeft > 0) {
        const n = Math.min(this.#passLeft, this.#buf.length)
        if (n === 0) return
        this.#out(this.#buf.subarray(0, n))
        this.#buf = this.#buf.subarray(n)
        this.#passLeft -= n
        continue
      }
      if (this.#collect !== null) {
        const need = padded(this.#collect.size)
        if (this.#buf.length < need) return
        const data = this.#buf.subarray(0, this.#collect.size)
        this.#buf = this.#buf.subarray(need)
        this.#extended(this.#collect.header, this.#collect.type, Buffer.from(data))
        this.#collect = null
        continue
      }
      if (this.#buf.length < BLOCK) return
      const header = Buffer.from(this.#buf.subarray(0, BLOCK))
      this.#buf = this.#buf.subarray(BLOCK)
      if (header.every((b) => b === 0)) {
        this.#finished = true
        this.#out(header)
        continue
      }
      const type = String.fromCharCode(header[156] ?? 0)
      const size = readOctal(header.subarray(124, 136))
      if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
        this.#collect = { header, type, size }
        continue
      }
      this.#entry(header, size)
    }
  }

  #extended(header: Buffer, type: string, data: Buffer): void {
    let body = data
    if (type === 'x' || type === 'g') {
      const stripped = stripPaxOwners(data)
      body = stripped.data
      if (type === 'x' && stripped.path !== null) this.#longName = stripped.path
      writeOctal(header, 124, 12, body.length)
      setChecksum(header)
    } else if (type === 'L') {
      this.#longName = cString(data)
    }
    const block = Buffer.alloc(padded(body.length))
    body.copy(block)
    if (type === 'g') this.#out(Buffer.concat([header, block]))
    else this.#held.push(header, block)
  }

  #entry(header: Buffer, size: number): void {
    const magic = header.subarray(257, 262).toString('latin1')
    const prefix = magic === 'ustar' ? cString(header.subarray(345, 500)) : ''
    const short = cString(header.subarray(0, 100))
    const name = this.#longName ?? (prefix !== '' ? `${prefix}/${short}` : short)
    this.#longName = null
    const held = this.#held
    this.#held = []
    const rel = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '')
    const type = String.fromCharCode(header[156] ?? 0)
    if (name.startsWith('/') || rel.split('/').includes('..')) {
      throw new ShoalError('INVALID_INPUT', `Cannot unpack slug: entry "${name}" leaves the app directory`)
    }
    // The archive's root entry would re-own the directory it unpacks into (/app is the stack's, / is the image's).
    if (rel === '' || rel === '.') {
      if (type !== '5')
        throw new ShoalError('INVALID_INPUT', `Cannot unpack slug: the root entry "${name}" is not a directory`)
      return
    }
    if (!this.#layoutKnown) {
      this.#layoutKnown = true
      this.layout = rel === 'app' || rel.startsWith('app/') ? 'app-dir' : 'contents'
      if (this.layout === 'app-dir' && rel === 'app' && type !== '5') this.layout = 'contents'
    } else if (this.layout === 'app-dir' && rel !== 'app' && !rel.startsWith('app/')) {
      throw new ShoalError('INVALID_INPUT', `Cannot unpack slug: entry "${name}" is outside app/`)
    }
    writeOctal(header, 108, 8, this.#owner.uid)
    writeOctal(header, 116, 8, this.#owner.gid)
    writeString(header, 265, 32, this.#owner.user)
    writeString(header, 297, 32, this.#owner.group)
    setChecksum(header)
    for (const b of held) this.#out(b)
    this.#out(header)
    this.entries++
    // Links, directories and devices carry no data whatever their size field says; others carry `size` bytes.
    this.#passLeft = type === '1' || type === '2' || type === '5' || type === '3' || type === '4' ? 0 : padded(size)
  }
}
