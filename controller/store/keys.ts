import { ShoalError } from '../../proto/errors.ts'

/** Orders keys by code point, which is the order of their UTF-8 bytes (LevelDB's and etcd's order). */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    // UTF-16 code units misorder surrogates (U+D800–DFFF) against U+E000–FFFF; code points do not.
    if (isSurrogate(x) || isSurrogate(y)) return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0)
    return x - y
  }
  return a.length - b.length
}

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff
}

// With the u flag a surrogate pair is one code point, so this matches only unpaired halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

/** Throws INVALID_INPUT unless `key` is a non-empty string of well-formed UTF-16 (so it round-trips as UTF-8). */
export function checkKey(key: unknown, action: string): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new ShoalError('INVALID_INPUT', `Cannot ${action}: keys must be non-empty strings`)
  }
  if (LONE_SURROGATE.test(key)) {
    throw new ShoalError('INVALID_INPUT', `Cannot ${action}: key ${JSON.stringify(key)} has a lone surrogate`)
  }
}

/** Like checkKey, but the empty prefix (everything) is allowed. */
export function checkPrefix(prefix: unknown, action: string): asserts prefix is string {
  if (prefix === '') return
  checkKey(prefix, action)
}

/** Validates a list limit; undefined means no limit. */
export function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new ShoalError('INVALID_INPUT', `Cannot list keys: limit must be a positive integer, not ${limit}`)
  }
  return limit
}
