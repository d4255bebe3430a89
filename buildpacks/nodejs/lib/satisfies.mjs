// Does a Node.js version satisfy a package.json engines range? A small subset of npm's semver ranges, enough for
// engines.node: `||`, hyphen ranges, comparators (< <= > >= =), ~ and ^, x/X/* wildcards and partial versions.
// Prerelease tags are ignored. The stack cannot download another Node.js, so the answer only decides a warning.
//   node satisfies.mjs RANGE VERSION   exit 0 satisfied, 1 not satisfied, 2 range not understood

const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$/

/** '1.2' → [1, 2, undefined]; wildcards and missing parts are undefined. Undefined when not a version. */
function parse(text) {
  const m = PARTIAL.exec(text)
  if (!m) return undefined
  return [m[1], m[2], m[3]].map((p) => (p === undefined || /[xX*]/.test(p) ? undefined : Number(p)))
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1
  return 0
}

const full = (p) => p.map((n) => n ?? 0)

/** The version just above every version the partial covers: 1.2 → 1.3.0, 1 → 2.0.0. */
function ceiling(p) {
  if (p[0] === undefined) return undefined
  if (p[1] === undefined) return [p[0] + 1, 0, 0]
  if (p[2] === undefined) return [p[0], p[1] + 1, 0]
  return undefined
}

/** One comparator (with its operator) → a list of [op, version] tests; undefined when not understood. */
function desugar(token) {
  const m = /^(<=|>=|<|>|=|~>?|\^)?(.*)$/.exec(token)
  const op = m[1] ?? '='
  const p = parse(m[2])
  if (!p) return undefined
  if (p[0] === undefined) return op === '<' || op === '>' ? [['<', [0, 0, 0]]] : []
  const low = full(p)
  const high = ceiling(p)
  switch (op) {
    case '=':
      return high
        ? [
            ['>=', low],
            ['<', high],
          ]
        : [['=', low]]
    case '>':
      return high ? [['>=', high]] : [['>', low]]
    case '>=':
      return [['>=', low]]
    case '<':
      return [['<', low]]
    case '<=':
      return high ? [['<', high]] : [['<=', low]]
    case '~':
    case '~>':
      return [
        ['>=', low],
        ['<', p[1] === undefined ? [p[0] + 1, 0, 0] : [p[0], p[1] + 1, 0]],
      ]
    case '^': {
      let upper
      if (p[0] > 0 || p[1] === undefined) upper = [p[0] + 1, 0, 0]
      else if (p[1] > 0 || p[2] === undefined) upper = [0, p[1] + 1, 0]
      else upper = [0, 0, p[2] + 1]
      return [
        ['>=', low],
        ['<', upper],
      ]
    }
  }
  return undefined
}

function test(version, [op, v]) {
  const c = compare(version, v)
  if (op === '<') return c < 0
  if (op === '<=') return c <= 0
  if (op === '>') return c > 0
  if (op === '>=') return c >= 0
  return c === 0
}

/** true / false, or undefined when the range is not understood. */
export function satisfies(range, versionText) {
  const version = parse(versionText.trim())
  if (!version || version.includes(undefined)) return undefined
  let understood = true
  const sets = range.split('||').map((set) => {
    const text = set.trim().replace(/(<=|>=|<|>|=|~>?|\^)\s+/g, '$1')
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text)
    let tests = []
    if (hyphen) {
      const from = parse(hyphen[1])
      const to = parse(hyphen[2])
      if (!from || !to) understood = false
      else {
        tests.push(['>=', full(from)])
        if (to[0] !== undefined) tests.push(ceiling(to) ? ['<', ceiling(to)] : ['<=', to])
      }
    } else if (text !== '') {
      for (const token of text.split(/\s+/)) {
        const more = desugar(token)
        if (more) tests = tests.concat(more)
        else understood = false
      }
    }
    return tests
  })
  if (!understood) return undefined
  return sets.some((tests) => tests.every((t) => test(version, t)))
}

if (process.argv[1]?.endsWith('satisfies.mjs')) {
  const [range, version] = process.argv.slice(2)
  const answer = satisfies(range ?? '', version ?? '')
  process.exit(answer === undefined ? 2 : answer ? 0 : 1)
}
