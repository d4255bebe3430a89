// npm and corepack come from the npm registry as the pinned tarballs the recipe names (the registry is the one
// package source every shoal host reaches). The download trusts exactly the host's CA bundle, and the tarball is
// checked against the recipe's integrity before it is used or cached.

import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { get } from 'node:https'
import { join } from 'node:path'
import { ShoalError } from '../../proto/errors.ts'
import { DEFAULT_NPM_REGISTRY } from './host-trust.ts'
import type { NpmTool } from './stack-recipe.ts'

export interface FetchNpmTarballOptions {
  cacheDir: string
  /** PEM bundle of the CAs to trust (the host's). */
  ca: string
  registry?: string | null
  signal?: AbortSignal
}

export function tarballUrl(tool: Pick<NpmTool, 'name' | 'version'>, registry: string = DEFAULT_NPM_REGISTRY): string {
  const base = registry.endsWith('/') ? registry : `${registry}/`
  const file = tool.name.includes('/') ? tool.name.slice(tool.name.indexOf('/') + 1) : tool.name
  return `${base}${tool.name}/-/${file}-${tool.version}.tgz`
}

export function integrityOf(data: Buffer): string {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`
}

function download(url: string, opts: FetchNpmTarballOptions, redirects = 3): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = get(url, { ca: opts.ca, ...(opts.signal !== undefined ? { signal: opts.signal } : {}) }, (res) => {
      const status = res.statusCode ?? 0
      if (status >= 300 && status < 400 && res.headers.location !== undefined && redirects > 0) {
        res.resume()
        resolve(download(new URL(res.headers.location, url).toString(), opts, redirects - 1))
        return
      }
      if (status !== 200) {
        res.resume()
        reject(new ShoalError('UNAVAILABLE', `Cannot download ${url}: the registry answered HTTP ${status}`))
        return
      }
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve(Buffer.concat(chunks)))
      res.on('error', reject)
    })
    req.on('error', (err) => {
      if (opts.signal?.aborted) reject(new ShoalError('TIMEOUT', `Cannot download ${url}: aborted`))
      else reject(new ShoalError('UNAVAILABLE', `Cannot download ${url}: ${err.message}`, { cause: err }))
    })
  })
}

/** The path of the verified tarball of `tool`, downloading it into `cacheDir` unless a verified copy is there. */
export async function fetchNpmTarball(tool: NpmTool, opts: FetchNpmTarballOptions): Promise<string> {
  const file = join(opts.cacheDir, `${tool.name.replace('/', '+')}-${tool.version}.tgz`)
  const cached = await readFile(file).catch(() => null)
  if (cached !== null && integrityOf(cached) === tool.integrity) return file
  const url = tarballUrl(tool, opts.registry ?? DEFAULT_NPM_REGISTRY)
  const data = await download(url, opts)
  const got = integrityOf(data)
  if (got !== tool.integrity) {
    throw new ShoalError(
      'INTERNAL',
      `Cannot use ${tool.name}@${tool.version} from ${url}: integrity ${got} differs from the recipe's ${tool.integrity}`,
    )
  }
  await mkdir(opts.cacheDir, { recursive: true })
  await writeFile(`${file}.tmp`, data)
  await rename(`${file}.tmp`, file)
  return file
}
