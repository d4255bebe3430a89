// Prepares a slug (tar.gz of /app) for `ADD` into a release image: Docker's ADD keeps the owners recorded in a tar,
// and Heroku's /app belongs to the dyno's user (the app may write there; the filesystem is ephemeral anyway), so
// every entry's owner becomes the stack's user. The slug may hold /app's contents at its root (`./Procfile`) or the
// directory itself (`./app/Procfile`, Heroku's slug API layout); both are accepted, and the layout decides where the
// image unpacks it. The file's sha256 is checked in the same pass.

import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { extract, type Header, pack } from 'tar-stream'
import { ShoalError } from '../../proto/errors.ts'

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
  const opts = signal !== undefined ? { signal } : {}
  const reader = extract()
  const writer = pack()
  const seen = { layout: 'contents' as SlugLayout, layoutKnown: false, entries: 0, bytes: 0 }
  const counting = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen.bytes += chunk.length
      cb(null, chunk)
    },
  })
  // Entries go one at a time from the slug's tar to the rewritten one; a refused entry fails the whole pass.
  const copy = (async () => {
    try {
      for await (const entry of reader) {
        const header = rewriteHeader(entry.header, owner, seen)
        if (header === null) {
          entry.resume()
          continue
        }
        const out = writer.entry(header)
        await pipeline(entry, out)
      }
      writer.finalize()
    } catch (err) {
      writer.destroy(err as Error)
      throw err
    }
  })()
  try {
    await Promise.all([
      pipeline(createReadStream(src), hashing, createGunzip(), reader, opts),
      pipeline(writer, counting, createWriteStream(dest), opts),
      copy,
    ])
  } catch (err) {
    if (err instanceof ShoalError) throw err
    if ((err as Error).name === 'AbortError') throw new ShoalError('TIMEOUT', `Cannot unpack slug ${src}: aborted`)
    throw new ShoalError('INVALID_INPUT', `Cannot unpack slug ${src}: ${(err as Error).message}`, { cause: err })
  }
  if (seen.entries === 0) throw new ShoalError('INVALID_INPUT', `Cannot unpack slug ${src}: the archive is empty`)
  return { sha256: hash.digest('hex'), layout: seen.layout, bytes: seen.bytes, entries: seen.entries }
}

const OWNER_PAX = new Set(['uid', 'gid', 'uname', 'gname'])

/**
 * The entry's header owned by `owner` (pax owner records dropped so they cannot override it), after checking it
 * stays inside the app and fits the layout; null for the archive's root directory, which is left out: it would
 * re-own the directory it unpacks into (/app is the stack's, / is the image's).
 */
function rewriteHeader(
  header: Header,
  owner: Owner,
  seen: { layout: SlugLayout; layoutKnown: boolean; entries: number },
): Header | null {
  const name = header.name
  const rel = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '')
  if (name.startsWith('/') || rel.split('/').includes('..')) {
    throw new ShoalError('INVALID_INPUT', `Cannot unpack slug: entry "${name}" leaves the app directory`)
  }
  if (rel === '' || rel === '.') {
    if (header.type !== 'directory')
      throw new ShoalError('INVALID_INPUT', `Cannot unpack slug: the root entry "${name}" is not a directory`)
    return null
  }
  if (!seen.layoutKnown) {
    seen.layoutKnown = true
    seen.layout = rel === 'app' || rel.startsWith('app/') ? 'app-dir' : 'contents'
    if (seen.layout === 'app-dir' && rel === 'app' && header.type !== 'directory') seen.layout = 'contents'
  } else if (seen.layout === 'app-dir' && rel !== 'app' && !rel.startsWith('app/')) {
    throw new ShoalError('INVALID_INPUT', `Cannot unpack slug: entry "${name}" is outside app/`)
  }
  seen.entries++
  // path and linkpath are already in name and linkname; the packer writes them again when they need pax.
  const records = header.pax !== null && typeof header.pax === 'object' ? Object.entries(header.pax) : []
  const pax = Object.fromEntries(records.filter(([k]) => !OWNER_PAX.has(k) && k !== 'path' && k !== 'linkpath'))
  const out: Header = {
    ...header,
    uid: owner.uid,
    gid: owner.gid,
    uname: owner.user,
    gname: owner.group,
  }
  if (Object.keys(pax).length > 0) out.pax = pax
  else delete out.pax
  return out
}
