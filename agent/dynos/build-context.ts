// A Docker build context as a tar stream, written by hand: two or three entries do not justify a tar library, and the
// slug streams from disk instead of sitting in memory.

import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { setChecksum } from './slug-rewrite.ts'

export type ContextFile = { name: string; content: Buffer } | { name: string; path: string; size: number }

const BLOCK = 512

export function fileHeader(name: string, size: number, mtimeS = 0): Buffer {
  if (Buffer.byteLength(name) > 100) throw new RangeError(`Cannot add ${name} to a build context: name too long`)
  const h = Buffer.alloc(BLOCK)
  h.write(name, 0, 100, 'utf8')
  h.write('0000644\0', 100, 8, 'latin1')
  h.write('0000000\0', 108, 8, 'latin1')
  h.write('0000000\0', 116, 8, 'latin1')
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'latin1')
  h.write(`${mtimeS.toString(8).padStart(11, '0')}\0`, 136, 12, 'latin1')
  h.write('0', 156, 1, 'latin1')
  h.write('ustar\0', 257, 6, 'latin1')
  h.write('00', 263, 2, 'latin1')
  setChecksum(h)
  return h
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK)

export function buildContext(files: readonly ContextFile[]): Readable {
  async function* blocks(): AsyncGenerator<Buffer> {
    for (const f of files) {
      if ('content' in f) {
        yield fileHeader(f.name, f.content.length)
        yield f.content
        yield padding(f.content.length)
      } else {
        yield fileHeader(f.name, f.size)
        let seen = 0
        for await (const chunk of createReadStream(f.path)) {
          seen += (chunk as Buffer).length
          yield chunk as Buffer
        }
        if (seen !== f.size) throw new Error(`${f.path} changed size while being sent (${seen} of ${f.size} bytes)`)
        yield padding(f.size)
      }
    }
    yield Buffer.alloc(BLOCK * 2)
  }
  return Readable.from(blocks(), { objectMode: false })
}
