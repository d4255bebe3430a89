// Seeded fuzzing helpers: a small PRNG (mulberry32) so every run is reproducible from its printed seed
// (SHOAL_FUZZ_SEED=n reruns one), byte mutations for wire messages and value mutations for JSON bodies.

export interface Rng {
  readonly seed: number
  next(): number
  int(max: number): number
  pick<T>(items: readonly T[]): T
  bytes(n: number): Uint8Array
}

export function rng(seed: number): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (max: number): number => Math.floor(next() * max)
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    bytes: (n) => Uint8Array.from({ length: n }, () => int(256)),
  }
}

/** The seed for this run: SHOAL_FUZZ_SEED, or a fresh one (printed by the caller on failure). */
export function fuzzSeed(): number {
  const env = process.env['SHOAL_FUZZ_SEED']
  return env !== undefined && /^\d+$/.test(env) ? Number(env) : Math.floor(Math.random() * 2 ** 31)
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** One random mutation of `input`: bit flips, byte changes, truncation, insertion, duplication, varint bombs. */
export function mutateBytes(r: Rng, input: Uint8Array): Uint8Array {
  const b = Array.from(input)
  const op = r.int(8)
  const at = r.int(b.length + 1)
  switch (op) {
    case 0:
      if (b.length > 0) b[at % b.length] = (b[at % b.length] as number) ^ (1 << r.int(8))
      break
    case 1:
      if (b.length > 0) b[at % b.length] = r.int(256)
      break
    case 2:
      b.length = at
      break
    case 3:
      b.splice(at, 0, ...r.bytes(1 + r.int(8)))
      break
    case 4:
      b.splice(at, 0, ...b.slice(r.int(b.length + 1)))
      break
    case 5: // a length-delimited field claiming a huge length
      b.splice(at, 0, (1 + r.int(30)) * 8 + 2, 0xff, 0xff, 0xff, 0xff, 0x0f)
      break
    case 6: // an over-long varint
      b.splice(at, 0, 0x08, ...Array.from({ length: 11 }, () => 0xff))
      break
    default: // nested groups (wire type 3) deep enough to test recursion
      b.splice(at, 0, ...Array.from({ length: 200 + r.int(5000) }, () => 0x0b))
  }
  return Uint8Array.from(b)
}

export function describeBytes(b: Uint8Array): string {
  return b.length > 256 ? `${hex(b.subarray(0, 256))}… (${b.length} bytes)` : hex(b)
}

const WEIRD_STRINGS = [
  '',
  ' ',
  'a'.repeat(100_000),
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\ud800',
  '💥',
  'web=999999999999999999999',
  'web=-1',
  'web=1:huge',
  '__proto__',
  'constructor',
  'null',
  '1e309',
  '{"a":1}',
  'DROP TABLE apps;',
]

/** A random JSON value, nested at most `depth` levels. */
export function randomJson(r: Rng, depth = 3): unknown {
  switch (r.int(depth > 0 ? 9 : 6)) {
    case 0:
      return null
    case 1:
      return r.next() < 0.5
    case 2:
      return r.pick([0, -1, 1.5, 2 ** 53 + 1, -(2 ** 31), 1e308, 7])
    case 3:
      return r.pick(WEIRD_STRINGS)
    case 4:
      return String.fromCharCode(...Array.from({ length: r.int(20) }, () => r.int(0x3000)))
    case 5:
      return r.pick(['web', 'worker', 'demo', 'FOO', 'standard-1x', 'PORT'])
    case 6:
      return Array.from({ length: r.int(4) }, () => randomJson(r, depth - 1))
    default: {
      const o: Record<string, unknown> = {}
      for (let i = r.int(4); i > 0; i--)
        o[r.pick([...WEIRD_STRINGS.slice(0, 12), 'name', 'type', 'quantity'])] = randomJson(r, depth - 1)
      return o
    }
  }
}

/** A mutation of a valid JSON value: a field dropped, retyped, replaced, or the whole value swapped. */
export function mutateJson(r: Rng, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || r.int(6) === 0) return randomJson(r)
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as object) }
  const keys = Object.keys(copy)
  const key = keys.length > 0 && r.int(4) > 0 ? r.pick(keys) : r.pick(['__proto__', 'extra', 'constructor', '0'])
  const op = r.int(3)
  const target = copy as Record<string, unknown>
  if (op === 0) delete target[key]
  else if (op === 1) target[key] = randomJson(r)
  else target[key] = mutateJson(r, target[key])
  return copy
}

/** Raw body text that is not valid JSON, or is JSON of the wrong shape at the top. */
export function brokenJsonText(r: Rng): string {
  return r.pick([
    '{',
    '}',
    '[1,',
    '{"a":}',
    'nul',
    '"\\u12"',
    '{"a":1}{',
    '\u0000',
    '{"__proto__":{"x":1}}',
    '1'.repeat(400),
    '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]',
  ])
}
