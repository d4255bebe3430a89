import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

// gitignore semantics (git-scm.com/docs/gitignore), used for .gitignore (deploy tarballs) and .slugignore (no `!`).
// Paths are relative to the directory that holds the rules, with `/` separators and no leading `./`.

export type IgnoreMatcher = (relativePath: string, isDir: boolean) => boolean

/** What the last matching rule of one rule set says about a path; undefined when no rule matches. */
export type IgnoreDecision = 'ignore' | 'include' | undefined

export interface IgnoreOptions {
  /** Whether `!pattern` re-includes (gitignore) or the line is skipped (.slugignore, which Heroku documents without it). */
  negation: boolean
}

interface Rule {
  regex: RegExp
  negated: boolean
  dirOnly: boolean
}

/**
 * Compiles rules into a matcher that says whether a path is excluded. A path under an excluded directory is excluded
 * whatever later rules say, as in git, which never looks inside an excluded directory.
 */
export function compileIgnore(text: string, options: IgnoreOptions): IgnoreMatcher {
  const decide = compileIgnoreRules(text, options)
  return (relativePath, isDir) => {
    const parts = normalize(relativePath).split('/')
    for (let i = 1; i < parts.length; i++) {
      if (decide(parts.slice(0, i).join('/'), true) === 'ignore') return true
    }
    return decide(parts.join('/'), isDir) === 'ignore'
  }
}

/** The verdict of the rules on this one path alone (not its parents); walkFiles layers nested files with it. */
export function compileIgnoreRules(
  text: string,
  options: IgnoreOptions,
): (relativePath: string, isDir: boolean) => IgnoreDecision {
  const rules = parseRules(text, options)
  return (relativePath, isDir) => {
    const path = normalize(relativePath)
    for (let i = rules.length - 1; i >= 0; i--) {
      const rule = rules[i]!
      if (rule.dirOnly && !isDir) continue
      if (rule.regex.test(path)) return rule.negated ? 'include' : 'ignore'
    }
    return undefined
  }
}

function normalize(path: string): string {
  return path
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
}

function parseRules(text: string, options: IgnoreOptions): Rule[] {
  const rules: Rule[] = []
  for (const raw of text.split(/\r?\n/)) {
    let line = stripTrailingSpaces(raw)
    if (line === '' || line.startsWith('#')) continue
    let negated = false
    if (line.startsWith('!')) {
      if (!options.negation) continue
      negated = true
      line = line.slice(1)
    }
    let dirOnly = false
    if (line.endsWith('/') && !line.endsWith('\\/')) {
      dirOnly = true
      line = line.replace(/\/+$/, '')
    }
    if (line === '') continue
    // A slash at the start or in the middle anchors the pattern to the rules' directory; otherwise it matches a name
    // at any depth.
    const anchored = line.includes('/')
    if (line.startsWith('/')) line = line.slice(1)
    const body = translate(line)
    const prefix = anchored ? '^' : '^(?:.*/)?'
    rules.push({ regex: new RegExp(prefix + body + '$', 'u'), negated, dirOnly })
  }
  return rules
}

// Trailing spaces are dropped unless escaped with a backslash.
function stripTrailingSpaces(line: string): string {
  let end = line.length
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--
  return line.slice(0, end)
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  blank: ' \\t',
  digit: '0-9',
  lower: 'a-z',
  punct: '!-\\/:-@\\[-`{-~',
  space: ' \\t\\n\\r\\f\\v',
  upper: 'A-Z',
  xdigit: '0-9a-fA-F',
}

/** Translates one gitignore glob (without its leading `/` or trailing `/`) into a regex body. */
function translate(glob: string): string {
  let out = ''
  let i = 0
  while (i < glob.length) {
    const c = glob[i]!
    if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]!)
      i += 2
    } else if (c === '*') {
      let j = i
      while (glob[j] === '*') j++
      const stars = j - i
      const atStart = i === 0 || glob[i - 1] === '/'
      const atEnd = j === glob.length || glob[j] === '/'
      if (stars >= 2 && atStart && atEnd) {
        if (j === glob.length) {
          out += i === 0 ? '.*' : '.+' // `**` alone matches all; `dir/**` matches what is inside dir
        } else {
          out += '(?:.*/)?' // `**/` matches zero or more directories
          j++
        }
      } else {
        out += '[^/]*'
      }
      i = j
    } else if (c === '?') {
      out += '[^/]'
      i++
    } else if (c === '[') {
      const cls = charClass(glob, i)
      if (cls) {
        out += cls.regex
        i = cls.end
      } else {
        out += '\\['
        i++
      }
    } else {
      out += escapeRegex(c)
      i++
    }
  }
  return out
}

/** Parses `[...]` starting at `start`; undefined when unterminated, so the `[` is literal. */
function charClass(glob: string, start: number): { regex: string; end: number } | undefined {
  let i = start + 1
  let negate = false
  if (glob[i] === '!' || glob[i] === '^') {
    negate = true
    i++
  }
  let body = ''
  let first = true
  while (i < glob.length) {
    const c = glob[i]!
    if (c === ']' && !first) {
      return { regex: `${negate ? '[^/' : '['}${body}]`, end: i + 1 }
    }
    first = false
    if (c === '[' && glob[i + 1] === ':') {
      const close = glob.indexOf(':]', i + 2)
      const name = close === -1 ? undefined : glob.slice(i + 2, close)
      const posix = name === undefined ? undefined : POSIX_CLASSES[name]
      if (posix !== undefined) {
        body += posix
        i = close + 2
        continue
      }
    }
    if (c === '\\' && i + 1 < glob.length) {
      body += escapeClassChar(glob[i + 1]!)
      i += 2
      continue
    }
    body += c === '-' ? '-' : escapeClassChar(c)
    i++
  }
  return undefined
}

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c
}

function escapeClassChar(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c
}

interface Layer {
  base: string // directory of the .gitignore, relative to the walk root ('' for the root)
  decide: (relativePath: string, isDir: boolean) => IgnoreDecision
}

/**
 * Lists the files under `dir` (relative paths, sorted, `/`-separated) that git would not ignore: every .gitignore
 * applies to its own directory and below, a deeper one overriding a shallower one, `rules` act as the lowest
 * precedence root rules, and `.git` is always left out. Symlinks are listed, not followed; empty directories are not
 * listed (git does not track them either).
 */
export async function walkFiles(dir: string, rules = ''): Promise<string[]> {
  const files: string[] = []
  const root: Layer[] = []
  if (rules.trim() !== '') root.push({ base: '', decide: compileIgnoreRules(rules, { negation: true }) })
  await walk(dir, '', root, files)
  return files.sort()
}

async function walk(absolute: string, relative: string, inherited: Layer[], files: string[]): Promise<void> {
  const layers = [...inherited]
  const gitignore = await readFile(join(absolute, '.gitignore'), 'utf8').catch(() => undefined)
  if (gitignore !== undefined)
    layers.push({ base: relative, decide: compileIgnoreRules(gitignore, { negation: true }) })
  const entries = await readdir(absolute, { withFileTypes: true })
  for (const entry of entries) {
    if (entry.name === '.git') continue
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`
    const isDir = entry.isDirectory()
    if (isIgnored(layers, path, isDir)) continue
    if (isDir) await walk(join(absolute, entry.name), path, layers, files)
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(path)
  }
}

function isIgnored(layers: Layer[], path: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!
    const local = layer.base === '' ? path : path.slice(layer.base.length + 1)
    const decision = layer.decide(local, isDir)
    if (decision !== undefined) return decision === 'ignore'
  }
  return false
}
