// What build containers need to reach package registries exactly as the host does: the host's CA bundle, the
// extra CAs the host's operator installed, and the npm registry the host uses. On hosts whose outbound HTTPS goes
// through an intercepting proxy, a container without the proxy's CA cannot install a single npm package.

import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { ShoalError } from '../../proto/errors.ts'

export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org/'
export const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'
export const HOST_LOCAL_CA_DIR = '/usr/local/share/ca-certificates'

export interface HostTrust {
  /** The CA bundle the stack installs as /etc/ssl/certs/ca-certificates.crt (host bundle + NODE_EXTRA_CA_CERTS). */
  bundle: string
  /** Extra CA files under /usr/local/share/ca-certificates, path relative to that folder. */
  localCerts: Array<{ path: string; content: Buffer }>
  /** The host's npm registry when it is not the public default, else null. */
  npmRegistry: string | null
  /** sha256 over all of the above: part of the stack version, so a host CA change yields a new stack. */
  digest: string
}

export interface ReadHostTrustOptions {
  root?: string
  env?: NodeJS.ProcessEnv
  homeDir?: string
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

export function pemBlocks(text: string): string[] {
  return text.match(PEM_BLOCK) ?? []
}

/** Appends the certificates of `extra` that `bundle` lacks (compared with whitespace removed). */
export function mergeBundles(bundle: string, extra: string): string {
  const key = (pem: string) => pem.replace(/\s+/g, '')
  const have = new Set(pemBlocks(bundle).map(key))
  const missing = pemBlocks(extra).filter((pem) => !have.has(key(pem)))
  if (missing.length === 0) return bundle
  const base = bundle.endsWith('\n') || bundle === '' ? bundle : `${bundle}\n`
  return `${base}${missing.join('\n')}\n`
}

/** The `registry=` of an npmrc text, if any (last one wins, as in npm). */
export function npmrcRegistry(text: string): string | null {
  let found: string | null = null
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line.startsWith('#') || line.startsWith(';')) continue
    const m = /^registry\s*=\s*(.+)$/.exec(line)
    if (m?.[1] !== undefined) found = m[1].trim().replace(/^["']|["']$/g, '')
  }
  return found
}

function normalizeRegistry(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

export async function readHostTrust(opts: ReadHostTrustOptions = {}): Promise<HostTrust> {
  const root = opts.root ?? '/'
  const env = opts.env ?? process.env
  const at = (p: string) => join(root, p)

  let bundle = await readFile(at(HOST_CA_BUNDLE), 'utf8').catch(() => null)
  if (bundle === null || pemBlocks(bundle).length === 0) {
    throw new ShoalError(
      'UNAVAILABLE',
      `Cannot read the host's CA trust: ${HOST_CA_BUNDLE} is missing or holds no certificate (install ca-certificates)`,
    )
  }
  // A host may trust its proxy only through Node's NODE_EXTRA_CA_CERTS; the stack must trust it too.
  const extraPath = env['NODE_EXTRA_CA_CERTS']
  if (extraPath !== undefined && extraPath !== '' && resolve(extraPath) !== HOST_CA_BUNDLE) {
    const extra = await readFile(at(extraPath), 'utf8').catch(() => null)
    if (extra !== null) bundle = mergeBundles(bundle, extra)
  }

  const localDir = at(HOST_LOCAL_CA_DIR)
  const localCerts: HostTrust['localCerts'] = []
  for (const file of await listFiles(localDir)) {
    if (!file.endsWith('.crt')) continue
    const content = await readFile(file).catch(() => null)
    if (content !== null) localCerts.push({ path: relative(localDir, file), content })
  }

  let registry = env['npm_config_registry'] ?? env['NPM_CONFIG_REGISTRY'] ?? null
  if (registry === null) {
    const home = opts.homeDir ?? env['HOME'] ?? '/root'
    for (const rc of [join(home, '.npmrc'), at('/etc/npmrc'), at('/usr/local/etc/npmrc')]) {
      const text = await readFile(rc, 'utf8').catch(() => null)
      registry = text === null ? null : npmrcRegistry(text)
      if (registry !== null) break
    }
  }
  const npmRegistry =
    registry === null || normalizeRegistry(registry) === DEFAULT_NPM_REGISTRY ? null : normalizeRegistry(registry)

  const hash = createHash('sha256')
  hash.update(bundle)
  for (const c of localCerts) hash.update(`\0${c.path}\0`).update(c.content)
  hash.update(`\0registry=${npmRegistry ?? ''}`)
  return { bundle, localCerts, npmRegistry, digest: hash.digest('hex') }
}
