import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from './processes.ts'
import { until as waitUntil } from './wait-for.ts'

const run = promisify(execFile)

/**
 * Builds the release tarball from this checkout with `scripts/package.ts` (optionally stamped VERSION); with
 * `deb`, also OUT/shoal_<version>_amd64.deb (else --no-deb).
 */
export async function buildPackage(
  out: string,
  version?: string,
  options: { deb?: boolean } = {},
): Promise<{ tarball: string; ms: number }> {
  mkdirSync(out, { recursive: true })
  const started = Date.now()
  const { stdout } = await run(
    process.execPath,
    [
      join(ROOT, 'scripts', 'package.ts'),
      ...(options.deb === true ? [] : ['--no-deb']),
      '--out',
      out,
      ...(version === undefined ? [] : ['--version', version]),
    ],
    { cwd: ROOT, timeout: 15 * 60_000, maxBuffer: 16 << 20 },
  )
  return { tarball: stdout.trim().split('\n').pop() as string, ms: Date.now() - started }
}

/** wait-for.ts's until, checked every 250 ms. */
export function until<T>(what: string, ms: number, check: () => Promise<T | null | undefined | false>): Promise<T> {
  return waitUntil(what, ms, check, 250) as Promise<T>
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

/** The next minor version of VERSION (inside the wire-compatibility rule): 0.1.0 → 0.2.0. */
export function nextMinor(version: string): string {
  return version.replace(/^(\d+)\.(\d+)\..*$/, (_m, a: string, b: string) => `${a}.${Number(b) + 1}.0`)
}

/**
 * "Version B" of a release package for upgrade tests: TARBALL unpacked, package.json's version set to VERSION,
 * packed again into OUT/shoal-VERSION-linux-x64.tar.gz (top folder shoal-VERSION/). Faster than a second build.
 */
export async function restampPackage(tarball: string, version: string, out: string): Promise<string> {
  const dir = join(out, `.restamp-${version}`)
  await run('rm', ['-rf', dir])
  mkdirSync(dir, { recursive: true })
  try {
    await run('tar', ['-xzf', tarball, '-C', dir], { timeout: 300_000 })
    const top = readdirSync(dir)[0] as string
    const pkgFile = join(dir, top, 'package.json')
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }
    writeFileSync(
      pkgFile,
      readFileSync(pkgFile, 'utf8').replace(`"version": "${pkg.version}"`, `"version": "${version}"`),
    )
    const b = join(out, `shoal-${version}-linux-x64.tar.gz`)
    await run('tar', ['-I', 'gzip -1', '-cf', b, '-C', dir, `--transform=s,^${top},shoal-${version},`, top], {
      timeout: 300_000,
    })
    return b
  } finally {
    await run('rm', ['-rf', dir])
  }
}
