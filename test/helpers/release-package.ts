import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from './processes.ts'

const run = promisify(execFile)

/** Builds the release tarball from this checkout with `scripts/package.ts --no-deb` (optionally stamped VERSION). */
export async function buildPackage(out: string, version?: string): Promise<{ tarball: string; ms: number }> {
  mkdirSync(out, { recursive: true })
  const started = Date.now()
  const { stdout } = await run(
    process.execPath,
    [
      join(ROOT, 'scripts', 'package.ts'),
      '--no-deb',
      '--out',
      out,
      ...(version === undefined ? [] : ['--version', version]),
    ],
    { cwd: ROOT, timeout: 15 * 60_000, maxBuffer: 16 << 20 },
  )
  return { tarball: stdout.trim().split('\n').pop() as string, ms: Date.now() - started }
}

/** Polls CHECK every 250 ms until it returns a truthy value; the last error becomes the timeout's cause. */
export async function until<T>(
  what: string,
  ms: number,
  check: () => Promise<T | null | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + ms
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await check()
      if (v) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`Timed out after ${ms} ms waiting for ${what}`, { cause: last })
}

/** GET PATH from the API the CLI config FILE names, over its pinned TLS (the API's certificate is self-signed). */
export async function pinnedGet(
  cliConfig: string,
  path: string,
  token?: string,
): Promise<{ status: number; body: string }> {
  const { pinnedRequest, readBody } = await import('../../lib/pinned-tls.ts')
  const config = JSON.parse(readFileSync(cliConfig, 'utf8')) as { apiUrl: string; fingerprint: string }
  const res = await pinnedRequest(new URL(path, config.apiUrl), config.fingerprint, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    timeoutMs: 10_000,
  })
  return { status: res.statusCode ?? 0, body: await readBody(res) }
}
