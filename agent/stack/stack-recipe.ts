// The stack recipe lives in the repo's stack/ folder (recipe.json + configure.sh). Its version is a hash of
// everything that shapes the image — the recipe files (which pin Node.js, npm and corepack), the image config and
// the host's CA trust — so any change to them yields a new image tag, and an unchanged recipe is never rebuilt.

import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ShoalError } from '../../proto/errors.ts'

export const STACK_IMAGE_REPO = 'shoal/stack'
export const STACK_RECIPE_DIR = fileURLToPath(new URL('../../stack/', import.meta.url))
/** The files of stack/ that the version covers, in a fixed order. */
export const STACK_RECIPE_FILES = ['recipe.json', 'configure.sh'] as const

export interface NpmTool {
  name: string
  version: string
  /** Subresource integrity (sha512-…) of the registry tarball, checked after download. */
  integrity: string
}

export interface StackRecipe {
  suite: string
  variant: string
  packages: string[]
  /** The platform's Node.js: a `node-linux-<arch>` registry package (binary + headers for node-gyp). */
  node: NpmTool
  npmTools: NpmTool[]
  user: { name: string; uid: number; home: string }
}

export interface LoadedRecipe {
  recipe: StackRecipe
  /** name → content of each recipe file */
  files: Map<string, Buffer>
  dir: string
}

function fail(why: string): never {
  throw new ShoalError('INVALID_INPUT', `Cannot read the stack recipe: ${why}`)
}

const NAME = /^[a-z0-9][a-z0-9.+-]*$/

/** Validates recipe.json once, at the edge. */
export function parseStackRecipe(text: string): StackRecipe {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    fail(`recipe.json is not JSON (${(err as Error).message})`)
  }
  if (typeof raw !== 'object' || raw === null) fail('recipe.json is not an object')
  const r = raw as Record<string, unknown>
  const str = (v: unknown, what: string) => (typeof v === 'string' && v !== '' ? v : fail(`${what} must be a string`))
  const suite = str(r['suite'], 'suite')
  const variant = str(r['variant'], 'variant')
  if (!Array.isArray(r['packages']) || r['packages'].some((p) => typeof p !== 'string' || !NAME.test(p))) {
    fail('packages must be a list of Debian package names')
  }
  const tool = (t: unknown, where: string): NpmTool => {
    const o = (typeof t === 'object' && t !== null ? t : fail(`${where} must be an object`)) as Record<string, unknown>
    const integrity = str(o['integrity'], `${where}.integrity`)
    if (!/^sha512-[A-Za-z0-9+/]+=*$/.test(integrity)) fail(`${where}.integrity must be a sha512 integrity`)
    return { name: str(o['name'], `${where}.name`), version: str(o['version'], `${where}.version`), integrity }
  }
  const node = tool(r['node'], 'node')
  if (!/^node-linux-[a-z0-9]+$/.test(node.name)) fail('node.name must be a node-linux-<arch> package')
  const npmTools = Array.isArray(r['npmTools']) ? r['npmTools'] : fail('npmTools must be a list')
  const tools = npmTools.map((t: unknown, i: number) => tool(t, `npmTools[${i}]`))
  if (!tools.some((t) => t.name === 'npm')) fail('npmTools must include npm')
  const u = (
    typeof r['user'] === 'object' && r['user'] !== null ? r['user'] : fail('user must be an object')
  ) as Record<string, unknown>
  const uid = u['uid']
  if (typeof uid !== 'number' || !Number.isInteger(uid) || uid < 1 || uid > 65533) fail('user.uid must be 1..65533')
  const userName = str(u['name'], 'user.name')
  if (!/^[a-z_][a-z0-9_-]*$/.test(userName)) fail('user.name must be a POSIX user name')
  const home = str(u['home'], 'user.home')
  if (!home.startsWith('/')) fail('user.home must be an absolute path')
  const packages = r['packages'] as string[]
  return { suite, variant, packages, node, npmTools: tools, user: { name: userName, uid, home } }
}

export async function loadStackRecipe(dir: string = STACK_RECIPE_DIR): Promise<LoadedRecipe> {
  const files = new Map<string, Buffer>()
  for (const name of STACK_RECIPE_FILES) {
    const content = await readFile(join(dir, name)).catch(() => fail(`${join(dir, name)} is missing`))
    files.set(name, content)
  }
  return { recipe: parseStackRecipe(files.get('recipe.json')!.toString('utf8')), files, dir }
}

/**
 * How every container from the stack starts out (Dockerfile lines applied at import). Part of the version hash.
 * COREPACK_INTEGRITY_KEYS=0: corepack checks registry signatures for what it fetches without a pinned hash, and
 * registry mirrors and proxies commonly drop them (then every yarn/pnpm call fails); tarballs are still checked
 * against the registry's integrity hashes, the same trust `npm install` gives.
 * npm_package_config_node_gyp_nodedir: node-gyp builds native modules against the headers that ship with the
 * stack's Node.js instead of downloading them from a site that is not a package registry (node-gyp reads this
 * variable itself; npm 11 warns about `nodedir` in npmrc but not about this).
 */
export function stackImageConfig(recipe: StackRecipe): string[] {
  return [
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'ENV LANG=C.UTF-8',
    'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt',
    'ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0',
    'ENV COREPACK_INTEGRITY_KEYS=0',
    'ENV npm_package_config_node_gyp_nodedir=/usr/local',
    `ENV HOME=${recipe.user.home}`,
    `USER ${recipe.user.name}`,
    `WORKDIR ${recipe.user.home}`,
    'CMD ["/bin/bash"]',
  ]
}

export interface StackVersionInputs {
  recipe: StackRecipe
  files: ReadonlyMap<string, Buffer>
  trustDigest: string
}

/** The rootfs layout revision (see stackVersion). */
const ROOTFS_LAYOUT = 2

/** `<suite>-<8 hex>`: e.g. `bookworm-1a2b3c4d`. */
export function stackVersion(inputs: StackVersionInputs): string {
  const hash = createHash('sha256')
  for (const name of [...inputs.files.keys()].sort()) {
    hash.update(`file ${name}\0`).update(inputs.files.get(name)!).update('\0')
  }
  hash.update(`image ${stackImageConfig(inputs.recipe).join('\n')}\0`)
  hash.update(`trust ${inputs.trustDigest}`)
  // How the builder lays the rootfs out; raised when that changes, so hosts rebuild (2: built under umask 022).
  hash.update(`layout ${ROOTFS_LAYOUT}`)
  return `${inputs.recipe.suite}-${hash.digest('hex').slice(0, 8)}`
}

export function stackImageTag(version: string): string {
  return `${STACK_IMAGE_REPO}:${version}`
}
