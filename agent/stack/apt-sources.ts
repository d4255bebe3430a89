// The host's apt sources name the only Debian mirror a shoal host is known to reach, so the stack is bootstrapped
// from it. apt reads /etc/apt/sources.list (one-line format) and, in sources.list.d/, files ending in .list
// (one-line) or .sources (deb822 stanzas); every other file there is ignored, as apt ignores it.

import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ShoalError } from '../../proto/errors.ts'

export interface AptSource {
  type: 'deb' | 'deb-src'
  uri: string
  suite: string
  components: string[]
}

/** Parses the one-line format: `deb [opt=val ...] URI SUITE [COMPONENT ...]`. */
export function parseOneLineSources(text: string): AptSource[] {
  const out: AptSource[] = []
  for (const raw of text.split('\n')) {
    let line = raw.replace(/#.*$/, '').trim()
    if (line === '') continue
    const type = line.split(/\s+/, 1)[0]
    if (type !== 'deb' && type !== 'deb-src') continue
    line = line.slice(type.length).trim()
    if (line.startsWith('[')) {
      const end = line.indexOf(']')
      if (end < 0) continue
      line = line.slice(end + 1).trim()
    }
    const [uri, suite, ...components] = line.split(/\s+/)
    if (uri === undefined || suite === undefined) continue
    out.push({ type, uri, suite, components })
  }
  return out
}

/** Parses deb822 `.sources` stanzas (Types, URIs, Suites, Components, Enabled). */
export function parseDeb822Sources(text: string): AptSource[] {
  const out: AptSource[] = []
  for (const stanza of splitStanzas(text)) {
    if ((stanza.get('enabled') ?? 'yes').toLowerCase() === 'no') continue
    const words = (key: string) => (stanza.get(key) ?? '').split(/\s+/).filter((w) => w !== '')
    const components = words('components')
    for (const type of words('types')) {
      if (type !== 'deb' && type !== 'deb-src') continue
      for (const uri of words('uris')) {
        for (const suite of words('suites')) out.push({ type, uri, suite, components })
      }
    }
  }
  return out
}

function splitStanzas(text: string): Map<string, string>[] {
  const stanzas: Map<string, string>[] = []
  let current = new Map<string, string>()
  let lastKey: string | null = null
  for (const raw of text.split('\n')) {
    if (raw.startsWith('#')) continue
    if (raw.trim() === '') {
      if (current.size > 0) stanzas.push(current)
      current = new Map()
      lastKey = null
      continue
    }
    if (/^\s/.test(raw)) {
      // A continuation line belongs to the field above it (multi-line Signed-By keys, long URI lists).
      if (lastKey !== null) current.set(lastKey, `${current.get(lastKey) ?? ''} ${raw.trim()}`)
      continue
    }
    const colon = raw.indexOf(':')
    if (colon < 0) continue
    lastKey = raw.slice(0, colon).trim().toLowerCase()
    current.set(lastKey, raw.slice(colon + 1).trim())
  }
  if (current.size > 0) stanzas.push(current)
  return stanzas
}

/** Reads every source apt itself would read under `root` (default `/`), in apt's order. */
export async function readHostAptSources(root = '/'): Promise<AptSource[]> {
  const etc = join(root, 'etc/apt')
  const out: AptSource[] = []
  const main = await readFile(join(etc, 'sources.list'), 'utf8').catch(() => null)
  if (main !== null) out.push(...parseOneLineSources(main))
  const names = await readdir(join(etc, 'sources.list.d')).catch(() => [] as string[])
  for (const name of names.sort()) {
    const isList = name.endsWith('.list')
    if (!isList && !name.endsWith('.sources')) continue
    const text = await readFile(join(etc, 'sources.list.d', name), 'utf8').catch(() => null)
    if (text === null) continue
    out.push(...(isList ? parseOneLineSources(text) : parseDeb822Sources(text)))
  }
  return out
}

/**
 * The Debian mirror to bootstrap `suite` from: the first binary source for exactly that suite (not -updates or
 * -security) whose components include main.
 */
export function pickDebianMirror(sources: readonly AptSource[], suite: string): string {
  const found = sources.find(
    (s) =>
      s.type === 'deb' &&
      s.suite === suite &&
      (s.components.length === 0 || s.components.includes('main')) &&
      /^(https?|file):/.test(s.uri),
  )
  if (found === undefined) {
    throw new ShoalError(
      'UNAVAILABLE',
      `Cannot choose a Debian mirror for the stack: no apt source for suite "${suite}" with component main in /etc/apt/sources.list or /etc/apt/sources.list.d`,
    )
  }
  return found.uri
}

/**
 * The sources.list the stack's own apt uses while packages are installed: the host's binary sources for the stack's
 * suite and its -updates/-security suites, so the stack gets the same package versions the host's mirror serves.
 */
export function stackSourcesList(sources: readonly AptSource[], suite: string): string {
  const seen = new Set<string>()
  const lines: string[] = []
  for (const s of sources) {
    if (s.type !== 'deb' || (s.suite !== suite && !s.suite.startsWith(`${suite}-`))) continue
    if (!/^(https?|file):/.test(s.uri)) continue
    const components = s.components.length > 0 ? s.components : ['main']
    const line = `deb ${s.uri} ${s.suite} ${components.join(' ')}`
    if (seen.has(line)) continue
    seen.add(line)
    lines.push(line)
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}
