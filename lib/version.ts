import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The shoal version: the `version` of the package.json at the root of this tree (the checkout, or an unpacked
 * release package, whose package.json `npm run package -- --version X` may have stamped).
 */
export const SHOAL_VERSION: string = readVersion()

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
      version?: unknown
    }
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0-unknown'
  } catch {
    return '0.0.0-unknown'
  }
}

/** "0.3.1" → [0, 3, 1]; pre-release and build suffixes are ignored. */
export function versionParts(version: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version)
  return m === null ? undefined : [Number(m[1]), Number(m[2]), Number(m[3])]
}

/**
 * The wire-compatibility rule (docs/ARCHITECTURE.md, "Versions and upgrades"): peers interoperate when they share
 * the major version and their minor versions differ by at most one. A rolling upgrade may therefore move a cluster
 * one minor version at a time.
 */
export function wireCompatible(a: string, b: string): boolean {
  const x = versionParts(a)
  const y = versionParts(b)
  if (x === undefined || y === undefined) return false
  return x[0] === y[0] && Math.abs(x[1] - y[1]) <= 1
}
