// A Docker build context as a tar stream (tar-stream): a few small files and the slug, which streams from disk
// instead of sitting in memory.

import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { pack } from 'tar-stream'

export type ContextFile = { name: string; content: Buffer } | { name: string; path: string; size: number }

export function buildContext(files: readonly ContextFile[]): Readable {
  const tar = pack()
  ;(async () => {
    for (const f of files) {
      if ('content' in f) {
        await new Promise<void>((resolve, reject) =>
          tar.entry({ name: f.name, mode: 0o644, mtime: new Date(0) }, f.content, (err) =>
            err ? reject(err) : resolve(),
          ),
        )
        continue
      }
      let seen = 0
      const counted = createReadStream(f.path).on('data', (chunk) => {
        seen += (chunk as Buffer).length
      })
      // tar-stream fails the entry when the file ends short of or beyond the size in its header.
      await pipeline(counted, tar.entry({ name: f.name, mode: 0o644, mtime: new Date(0), size: f.size })).catch(
        (err: unknown) => {
          throw new Error(`${f.path} changed size while being sent (${seen} of ${f.size} bytes)`, { cause: err })
        },
      )
    }
    tar.finalize()
  })().catch((err: unknown) => tar.destroy(err as Error))
  return Readable.from(tar)
}
