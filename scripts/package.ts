// npm run package [-- --version X] [--out DIR] [--no-deb]
//
// Builds the release package from this checkout: DIR/shoal-<version>-linux-x64.tar.gz (top folder
// shoal-<version>/) and DIR/shoal_<version>_amd64.deb, each with a .sha256 beside it. Inside: the JavaScript tsc
// compiles from agent/ controller/ router/ cli/ proto/ mesh/ lib/ (relative imports rewritten to .js, so nothing is
// type-stripped at run time), the production dependencies copied from node_modules (their closure from package.json;
// no network),
// the pinned Node.js binary from node_modules/node as runtime/node, buildpacks, the stack recipe, examples, the
// installer and the systemd units. --version stamps a different version into the package's package.json (tests
// build an "upgrade" package that way).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const ROOT = resolve(import.meta.dirname, '..')
const { values } = parseArgs({
  options: { version: { type: 'string' }, out: { type: 'string' }, 'no-deb': { type: 'boolean' } },
})
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>
const version = values.version ?? String(pkg['version'])
if (!/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(version))
  throw new Error(`Cannot package: "${version}" is not x.y.z`)
const out = resolve(values.out ?? join(ROOT, 'dist'))
const name = `shoal-${version}`
const work = join(out, `.build-${version}-${process.pid}`)
const stage = join(work, name)

const log = (line: string): void => {
  process.stderr.write(`package: ${line}\n`)
}
const run = (cmd: string, args: string[], cwd = ROOT): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 })

/**
 * Every package directory the production dependencies need: `dependencies`, `optionalDependencies` and installed
 * `peerDependencies`, each resolved from the requiring package's folder upwards (nested node_modules first), as
 * Node resolves them. Independent of npm's view of the tree (a shared node_modules may hold other packages).
 */
function productionClosure(root: string): string[] {
  const seen = new Set<string>()
  const queue: Array<{ from: string; name: string; optional: boolean }> = []
  const enqueue = (from: string, optional: boolean, names: Record<string, string> | undefined): void => {
    for (const name of Object.keys(names ?? {})) queue.push({ from, name, optional })
  }
  const read = (dir: string): Record<string, Record<string, string> | undefined> =>
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>
  const top = read(root)
  enqueue(root, false, top['dependencies'])
  enqueue(root, true, top['optionalDependencies'])
  while (queue.length > 0) {
    const { from, name, optional } = queue.shift() as { from: string; name: string; optional: boolean }
    let dir: string | undefined
    for (let d = from; ; d = dirname(d)) {
      const candidate = join(d, 'node_modules', name)
      if (existsSync(join(candidate, 'package.json'))) {
        dir = candidate
        break
      }
      if (d === root || dirname(d) === d) break
    }
    if (dir === undefined) {
      if (optional) continue
      throw new Error(
        `Cannot package: dependency ${name} (needed by ${relative(root, from) || 'shoal'}) is not installed`,
      )
    }
    if (seen.has(dir)) continue
    seen.add(dir)
    const pkg = read(dir)
    enqueue(dir, false, pkg['dependencies'])
    enqueue(dir, true, pkg['optionalDependencies'])
    enqueue(dir, true, pkg['peerDependencies'])
  }
  return [...seen].sort()
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

rmSync(work, { recursive: true, force: true })
mkdirSync(stage, { recursive: true })
try {
  log(`compiling TypeScript (tsconfig.build.json) into ${relative(ROOT, stage)}`)
  run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', stage])
  cpSync(join(ROOT, 'proto', 'gen', 'shoal.js'), join(stage, 'proto', 'gen', 'shoal.js'))

  for (const dir of ['buildpacks', 'stack', 'examples']) cpSync(join(ROOT, dir), join(stage, dir), { recursive: true })
  // Files the compiled code reads at run time besides JavaScript: the dashboard's page, script and styles.
  cpSync(join(ROOT, 'controller', 'dashboard', 'static'), join(stage, 'controller', 'dashboard', 'static'), {
    recursive: true,
  })
  cpSync(join(ROOT, 'packaging', 'install.sh'), join(stage, 'install.sh'))
  cpSync(join(ROOT, 'packaging', 'systemd'), join(stage, 'systemd'), { recursive: true })
  for (const f of ['README.md', 'package-lock.json'])
    if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(stage, f))
  const { devDependencies: _dev, scripts: _scripts, allowScripts: _allow, ...rest } = pkg
  writeFileSync(
    join(stage, 'package.json'),
    `${JSON.stringify({ ...rest, version, bin: { shoal: 'bin/shoal' } }, null, 2)}\n`,
  )

  log('copying production dependencies (the dependency closure of package.json, resolved like Node does)')
  const nm = join(ROOT, 'node_modules')
  const dirs = productionClosure(ROOT)
  let copied = 0
  for (const p of dirs) {
    const dest = join(stage, relative(ROOT, p))
    mkdirSync(dirname(dest), { recursive: true })
    // Nested node_modules are copied by their own entries; skip them here so each package is copied once.
    cpSync(p, dest, {
      recursive: true,
      dereference: true,
      filter: (src) => !relative(p, src).split('/').includes('node_modules'),
    })
    copied++
  }
  log(`${copied} packages`)

  mkdirSync(join(stage, 'runtime'), { recursive: true })
  cpSync(join(nm, 'node', 'bin', 'node'), join(stage, 'runtime', 'node'))
  chmodSync(join(stage, 'runtime', 'node'), 0o755)
  mkdirSync(join(stage, 'bin'), { recursive: true })
  writeFileSync(
    join(stage, 'bin', 'shoal'),
    [
      '#!/bin/sh',
      '# shoal release launcher: the bundled Node.js runs the precompiled CLI.',
      'src=$0',
      'while [ -L "$src" ]; do',
      '  dir=$(cd -P "$(dirname "$src")" && pwd)',
      '  src=$(readlink "$src")',
      '  case $src in /*) ;; *) src="$dir/$src" ;; esac',
      'done',
      'root=$(cd -P "$(dirname "$src")/.." && pwd)',
      '# Daemons idle most of the time: a 1 MB young generation saves ~25 MB of RSS each (bench:install).',
      'case "$1" in',
      '  controller | agent | router) exec "$root/runtime/node" --max-semi-space-size=1 "$root/cli/main.js" "$@" ;;',
      'esac',
      'exec "$root/runtime/node" "$root/cli/main.js" "$@"',
      '',
    ].join('\n'),
    { mode: 0o755 },
  )

  mkdirSync(out, { recursive: true })
  const tarball = join(out, `${name}-linux-x64.tar.gz`)
  log(`writing ${relative(ROOT, tarball)}`)
  run('tar', ['--owner=0', '--group=0', '--numeric-owner', '-czf', tarball, '-C', work, name])
  writeFileSync(`${tarball}.sha256`, `${await sha256(tarball)}  ${name}-linux-x64.tar.gz\n`)

  if (values['no-deb'] !== true) {
    const deb = join(out, `shoal_${version}_amd64.deb`)
    const root = join(work, 'deb')
    mkdirSync(join(root, 'DEBIAN'), { recursive: true })
    mkdirSync(join(root, 'opt', 'shoal'), { recursive: true })
    cpSync(stage, join(root, 'opt', 'shoal', version), { recursive: true, verbatimSymlinks: true })
    mkdirSync(join(root, 'usr', 'bin'), { recursive: true })
    run('ln', ['-s', `/opt/shoal/${version}/bin/shoal`, join(root, 'usr', 'bin', 'shoal')])
    // The units run /opt/shoal/current/bin/shoal, as the installer lays it out.
    run('ln', ['-s', version, join(root, 'opt', 'shoal', 'current')])
    mkdirSync(join(root, 'lib', 'systemd', 'system'), { recursive: true })
    // The units as install.sh writes them for a server's own root (@PREFIX@ is empty there).
    for (const unit of ['shoal-controller.service', 'shoal-agent.service', 'shoal-router.service'])
      writeFileSync(
        join(root, 'lib', 'systemd', 'system', unit),
        readFileSync(join(stage, 'systemd', unit), 'utf8').replaceAll('@PREFIX@', ''),
      )
    const size = Number(run('du', ['-sk', join(root, 'opt')]).split('\t')[0])
    writeFileSync(
      join(root, 'DEBIAN', 'control'),
      [
        'Package: shoal',
        `Version: ${version}`,
        'Architecture: amd64',
        'Maintainer: shoal <shoal@localhost>',
        'Depends: docker.io, haproxy, ca-certificates',
        'Recommends: git',
        'Section: admin',
        'Priority: optional',
        `Installed-Size: ${size}`,
        'Description: self-hosted multi-host Heroku (controller, agent, router, CLI)',
        ' Units are installed disabled; write /etc/shoal/ROLE.json and ROLE.env (see install.sh) and enable them.',
        '',
      ].join('\n'),
    )
    log(`writing ${relative(ROOT, deb)}`)
    run('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', root, deb])
    writeFileSync(`${deb}.sha256`, `${await sha256(deb)}  shoal_${version}_amd64.deb\n`)
  }
  process.stdout.write(`${tarball}\n`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
