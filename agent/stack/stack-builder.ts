// Builds the stack image `shoal/stack:<version>` (Debian + build tools + the platform's Node.js + the host's CA
// trust) without any container registry: debootstrap from the host's own Debian mirror, configure in a chroot,
// tar the root filesystem, `docker import` it. Idempotent and cached at two levels: an existing image is used as
// is, and the rootfs tarball kept in workDir (which other hosts can fetch over the mesh) is imported without
// rebuilding.

import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import type { Logger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import type { DockerClient } from '../docker/docker-client.ts'
import { pickDebianMirror, readHostAptSources, stackSourcesList } from './apt-sources.ts'
import { acquireLock } from './build-lock.ts'
import { type HostTrust, readHostTrust } from './host-trust.ts'
import { fetchNpmTarball } from './npm-tarball.ts'
import { removeRootfs, unmountBelow } from './rootfs-mounts.ts'
import { runCommand } from './run-command.ts'
import {
  type LoadedRecipe,
  loadStackRecipe,
  type NpmTool,
  stackImageConfig,
  stackImageTag,
  stackVersion,
} from './stack-recipe.ts'

export type StackDocker = Pick<DockerClient, 'imageExists' | 'inspectImage' | 'importImage'>

/** `step` lines say what the build does now; `detail` lines are the tools' own output. */
export type StackLogKind = 'step' | 'detail'

export interface BuildStackOptions {
  docker: StackDocker
  /** Holds the cached rootfs tarball, the npm tool tarballs and the build lock; rootfs trees are built here. */
  workDir: string
  logger: Logger
  signal?: AbortSignal
  onLog?: (line: string, kind: StackLogKind) => void
  /** Rebuild from debootstrap even when the image or the tarball exists. */
  force?: boolean
  recipeDir?: string
  /** Where the host's apt sources, CA trust and npmrc are read (tests point it at a fixture tree). */
  host?: HostFiles
}

export interface HostFiles {
  root?: string
  env?: NodeJS.ProcessEnv
}

export interface StackBuildResult {
  version: string
  tag: string
  /** what happened: the image was there, was imported from the cached tarball, or was built */
  outcome: 'present' | 'imported' | 'built'
  tarball: string | null
  imageSizeBytes: number | null
  /** step name → milliseconds */
  timings: Record<string, number>
}

export interface StackIdentity {
  version: string
  tag: string
  loaded: LoadedRecipe
  trust: HostTrust
  /** `v24.21.0` */
  nodeVersion: string
}

/** Works out which stack this host wants, without building anything. */
export async function resolveStack(opts: { recipeDir?: string; host?: HostFiles } = {}): Promise<StackIdentity> {
  const loaded = await loadStackRecipe(opts.recipeDir)
  const trust = await readHostTrust(opts.host ?? {})
  const version = stackVersion({ recipe: loaded.recipe, files: loaded.files, trustDigest: trust.digest })
  return { version, tag: stackImageTag(version), loaded, trust, nodeVersion: `v${loaded.recipe.node.version}` }
}

export function stackTarballPath(workDir: string, version: string): string {
  return join(workDir, `stack-${version}.tar.gz`)
}

/** Dockerfile lines the import applies: the recipe's image config plus labels naming the stack. */
export function stackImageChanges(id: Pick<StackIdentity, 'version' | 'loaded' | 'nodeVersion'>): string[] {
  return [
    ...stackImageConfig(id.loaded.recipe),
    `LABEL shoal.stack.version=${id.version} shoal.stack.node=${id.nodeVersion}`,
  ]
}

export async function buildStack(opts: BuildStackOptions): Promise<StackBuildResult> {
  const { docker, workDir, logger } = opts
  const timings: Record<string, number> = {}
  const step = (line: string) => opts.onLog?.(`-----> ${line}`, 'step')
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    try {
      return await fn()
    } finally {
      timings[name] = Math.round(performance.now() - started)
      logger.debug({ step: name, ms: timings[name] }, 'stack step finished')
    }
  }

  const id = await resolveStack({
    ...(opts.recipeDir !== undefined ? { recipeDir: opts.recipeDir } : {}),
    ...(opts.host !== undefined ? { host: opts.host } : {}),
  })
  const log = logger.child({ stack: id.version })
  const present = async (): Promise<StackBuildResult | null> => {
    const info = await docker.inspectImage(id.tag)
    if (info === null) return null
    return {
      version: id.version,
      tag: id.tag,
      outcome: 'present',
      tarball: null,
      imageSizeBytes: info.sizeBytes,
      timings,
    }
  }
  if (opts.force !== true) {
    const found = await present()
    if (found !== null) {
      step(`Stack ${id.tag} is present`)
      return found
    }
  }

  await mkdir(workDir, { recursive: true })
  const lock = await acquireLock(join(workDir, 'stack.lock'), {
    ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
    onWait: (pid) => step(`Waiting for another stack build (pid ${pid}) to finish`),
  })
  try {
    // Another process may have finished the same stack while this one waited for the lock.
    if (opts.force !== true) {
      const found = await present()
      if (found !== null) return found
    }
    const tarball = stackTarballPath(workDir, id.version)
    let outcome: StackBuildResult['outcome'] = 'imported'
    if (opts.force === true || !(await verifyTarball(tarball))) {
      outcome = 'built'
      await timed('rootfs', () => withSystemUmask(() => buildRootfsTarball(id, tarball, { ...opts, step, timed })))
    } else {
      step(`Using cached root filesystem ${tarball}`)
    }
    step(`Importing ${id.tag} into Docker`)
    await timed('import', () =>
      docker.importImage(createReadStream(tarball), id.tag, {
        changes: stackImageChanges(id),
        ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
      }),
    )
    const info = await docker.inspectImage(id.tag)
    if (info === null) throw new ShoalError('INTERNAL', `Cannot build ${id.tag}: the image is missing after import`)
    await pruneTarballs(workDir, id.version)
    log.info({ outcome, timings, sizeBytes: info.sizeBytes }, 'stack image ready')
    step(`Stack ${id.tag} ready (${(info.sizeBytes / 1e6).toFixed(0)} MB)`)
    return { version: id.version, tag: id.tag, outcome, tarball, imageSizeBytes: info.sizeBytes, timings }
  } finally {
    await lock.release()
  }
}

/** Tarballs of other stack versions are of no use to this host or its peers once the current one is in place. */
export async function pruneTarballs(workDir: string, keepVersion: string): Promise<string[]> {
  const keep = basename(stackTarballPath(workDir, keepVersion))
  const removed: string[] = []
  for (const name of await readdir(workDir)) {
    if (!/^stack-.+\.tar\.gz(\.sha256|\.tmp)?$/.test(name) || name.startsWith(keep)) continue
    await rm(join(workDir, name), { force: true })
    removed.push(name)
  }
  return removed
}

/** A cached tarball counts only with a matching checksum file beside it (written last, after a complete tar). */
export async function verifyTarball(tarball: string): Promise<boolean> {
  const expected = (await readFile(`${tarball}.sha256`, 'utf8').catch(() => '')).trim().split(/\s+/)[0]
  if (expected === undefined || expected === '') return false
  const st = await stat(tarball).catch(() => null)
  if (st === null) return false
  const hash = createHash('sha256')
  await pipeline(createReadStream(tarball), hash)
  return hash.digest('hex') === expected
}

interface RootfsContext extends BuildStackOptions {
  step: (line: string) => void
  timed: <T>(name: string, fn: () => Promise<T>) => Promise<T>
}

const CHROOT_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LC_ALL: 'C',
  DEBIAN_FRONTEND: 'noninteractive',
}

async function buildRootfsTarball(id: StackIdentity, tarball: string, ctx: RootfsContext): Promise<void> {
  const { recipe } = id.loaded
  const rootfs = join(ctx.workDir, `rootfs-${id.version}`)
  const signal = ctx.signal !== undefined ? { signal: ctx.signal } : {}
  const detail = (line: string) => ctx.onLog?.(line, 'detail')
  const run = (what: string, cmd: string, args: string[], env?: NodeJS.ProcessEnv) =>
    runCommand(cmd, args, { what, ...signal, onLine: detail, ...(env !== undefined ? { env } : {}) })
  const chroot = (what: string, args: string[], env: Record<string, string> = {}) =>
    run(what, 'chroot', [rootfs, ...args], { ...CHROOT_ENV, ...env })

  // Trees of earlier, interrupted builds (any version) are garbage.
  for (const name of await readdir(ctx.workDir)) {
    if (name.startsWith('rootfs-')) await removeRootfs(join(ctx.workDir, name))
  }
  const sources = await readHostAptSources(ctx.host?.root)
  const mirror = pickDebianMirror(sources, recipe.suite)
  try {
    ctx.step(`Bootstrapping Debian ${recipe.suite} (${recipe.variant}) from ${mirror}`)
    await ctx.timed('debootstrap', () =>
      run('bootstrap the stack', 'debootstrap', [`--variant=${recipe.variant}`, recipe.suite, rootfs, mirror]),
    )

    ctx.step(`Installing ${recipe.packages.join(', ')}`)
    await writeFile(join(rootfs, 'etc/apt/sources.list'), stackSourcesList(sources, recipe.suite))
    // Packages must not try to start services inside the build tree.
    await writeFile(join(rootfs, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', { mode: 0o755 })
    await run('mount /proc in the stack', 'mount', ['-t', 'proc', 'proc', join(rootfs, 'proc')])
    await ctx.timed('packages', async () => {
      await chroot('update the stack package lists', ['apt-get', 'update', '-q'])
      await chroot('install the stack packages', [
        'apt-get',
        'install',
        '-y',
        '-q',
        '--no-install-recommends',
        ...recipe.packages,
      ])
    })

    ctx.step(`Adding Node.js ${id.nodeVersion}, ${recipe.npmTools.map((t) => `${t.name} ${t.version}`).join(', ')}`)
    await ctx.timed('node', () => installNode(id, rootfs, ctx, run))
    const { stdout: nodeSays } = await chroot('run Node.js in the stack', ['/usr/local/bin/node', '--version'])
    if (nodeSays.trim() !== id.nodeVersion) {
      throw new ShoalError(
        'INTERNAL',
        `Cannot build the stack: its node says ${nodeSays.trim()}, not ${id.nodeVersion}`,
      )
    }

    ctx.step("Installing the host's CA trust and the dyno user")
    const localDir = join(rootfs, 'usr/local/share/ca-certificates/shoal-host')
    for (const cert of id.trust.localCerts) {
      await mkdir(dirname(join(localDir, cert.path)), { recursive: true })
      await writeFile(join(localDir, cert.path), cert.content, { mode: 0o644 })
    }
    await copyFile(join(id.loaded.dir, 'configure.sh'), join(rootfs, 'root/shoal-configure.sh'))
    await ctx.timed('configure', () =>
      chroot('configure the stack', ['/bin/bash', '/root/shoal-configure.sh'], {
        SHOAL_USER: recipe.user.name,
        SHOAL_UID: String(recipe.user.uid),
        SHOAL_HOME: recipe.user.home,
        SHOAL_NPM_REGISTRY: id.trust.npmRegistry ?? '',
      }),
    )
    await rm(join(rootfs, 'root/shoal-configure.sh'))
    // Exactly the host's trust, not Debian's idea of it (the two can differ in roots and in local additions).
    await writeFile(join(rootfs, 'etc/ssl/certs/ca-certificates.crt'), id.trust.bundle, { mode: 0o644 })
    await writeFile(
      join(rootfs, 'etc/shoal-stack'),
      `SHOAL_STACK_VERSION=${id.version}\nSHOAL_STACK_NODE=${id.nodeVersion}\nSHOAL_STACK_SUITE=${recipe.suite}\n`,
    )
    await unmountBelow(rootfs)

    ctx.step(`Packing the root filesystem into ${tarball}`)
    await ctx.timed('pack', () => packRootfs(rootfs, tarball, ctx.signal))
  } finally {
    await removeRootfs(rootfs)
  }
}

async function installNode(
  id: StackIdentity,
  rootfs: string,
  ctx: RootfsContext,
  run: (what: string, cmd: string, args: string[]) => Promise<unknown>,
): Promise<void> {
  const { node, npmTools } = id.loaded.recipe
  const arch = node.name.slice('node-linux-'.length)
  if (arch !== process.arch) {
    throw new ShoalError('INVALID_INPUT', `Cannot build the stack on ${process.arch}: the recipe pins ${node.name}`)
  }
  const fetchTool = (tool: NpmTool) =>
    fetchNpmTarball(tool, {
      cacheDir: join(ctx.workDir, 'npm'),
      ca: id.trust.bundle,
      registry: id.trust.npmRegistry,
      ...(ctx.signal !== undefined ? { signal: ctx.signal } : {}),
    })
  // The binary plus include/node: node-gyp builds native modules against these headers (npmrc nodedir), since
  // the headers' usual download site is not a package registry and may be unreachable.
  const nodeTarball = await fetchTool(node)
  const local = join(rootfs, 'usr/local')
  const members = ['package/bin/node', 'package/include', 'package/share']
  await run('unpack Node.js', 'tar', [
    '-xzf',
    nodeTarball,
    '-C',
    local,
    '--strip-components=1',
    '--no-same-owner',
    ...members,
  ])
  await chmod(join(local, 'bin/node'), 0o755)
  for (const tool of npmTools) {
    const dest = join(local, 'lib/node_modules', tool.name)
    await mkdir(dest, { recursive: true })
    const file = await fetchTool(tool)
    await run(`unpack ${tool.name}`, 'tar', ['-xzf', file, '-C', dest, '--strip-components=1', '--no-same-owner'])
    // Registry tarballs do not promise executable bits; npm sets them when it links bins, so do the same.
    const pkg = JSON.parse(await readFile(join(dest, 'package.json'), 'utf8')) as {
      bin?: string | Record<string, string>
    }
    const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {})
    for (const bin of bins) await chmod(join(dest, bin), 0o755)
  }
}

/**
 * Runs the rootfs build with umask 022, the one a Debian system is installed with. Daemons run with umask 077 (their
 * data is private), and under it the stack came out with 0700 directories: /usr/local/lib/node_modules among them,
 * so a dyno (uid 61000) found no npm and the Node.js buildpack failed. The daemon's own files stay private meanwhile:
 * they live in 0700 directories.
 */
async function withSystemUmask<T>(fn: () => Promise<T>): Promise<T> {
  const previous = process.umask(0o022)
  try {
    return await fn()
  } finally {
    process.umask(previous)
  }
}

/** tar (numeric owners, no device nodes or kernel filesystems) → gzip → file, with its sha256 written last. */
async function packRootfs(rootfs: string, tarball: string, signal?: AbortSignal): Promise<void> {
  const tmp = `${tarball}.tmp`
  await rm(`${tarball}.sha256`, { force: true })
  const tar = spawn(
    'tar',
    [
      '-C',
      rootfs,
      '--numeric-owner',
      '--one-file-system',
      '--exclude=./dev/*',
      '--exclude=./proc/*',
      '--exclude=./sys/*',
      '-cf',
      '-',
      '.',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(signal !== undefined ? { signal } : {}) },
  )
  let stderr = ''
  tar.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr = (stderr + c).slice(-2000)
  })
  const exited = new Promise<number | null>((resolve, reject) => {
    tar.on('error', reject)
    tar.on('close', resolve)
  })
  const hash = createHash('sha256')
  const tee = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      done(null, chunk)
    },
  })
  // Level 1: the tarball is packed once per stack version and read on every import and mesh transfer; level 6
  // would cost several times the CPU for ~10% less.
  await pipeline(
    tar.stdout,
    createGzip({ level: 1 }),
    tee,
    createWriteStream(tmp),
    signal !== undefined ? { signal } : {},
  )
  const code = await exited
  if (code !== 0) {
    await rm(tmp, { force: true })
    throw new ShoalError(
      'INTERNAL',
      `Cannot pack the stack root filesystem: tar exited with status ${code}: ${stderr.trim()}`,
    )
  }
  await rename(tmp, tarball)
  await writeFile(`${tarball}.sha256`, `${hash.digest('hex')}  ${basename(tarball)}\n`)
}
