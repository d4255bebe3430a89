// The release package and its installer, end to end on this machine (root; the real Docker engine; loopback):
// the package is built from this checkout, unpacked where the checkout's node_modules cannot be reached, runs
// `shoal --version` and `shoal up`; a controller started from it serves the installer, and `curl …/install | sh`
// installs an agent and a router under a temporary root (SHOAL_PREFIX) with the units' ExecStart run by
// `shoal supervise` (systemd is not PID 1 here). A second run changes nothing; --uninstall leaves no unit or binary.
import assert from 'node:assert/strict'
import { execFile, spawn, spawnSync } from 'node:child_process'
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import type { HostView, PackageList } from '../../proto/api.ts'
import { freePort, tempDir } from '../helpers/processes.ts'
import { buildPackage, pinnedGet, until } from '../helpers/release-package.ts'

const exec = promisify(execFile)
const work = tempDir('package')
const figures: string[] = []
let version = ''
let tree = ''
let tarball = ''
let controllerPid = 0
let apiUrl = ''
const prefix = join(work.path, 'root')
const upHome = join(work.path, 'up')

const shoal = (args: string[], env: NodeJS.ProcessEnv = {}, timeout = 120_000) =>
  exec(join(tree, 'bin', 'shoal'), args, { env: { ...process.env, ...env }, timeout, cwd: work.path })

before(async () => {
  const built = await buildPackage(join(work.path, 'dist'))
  tarball = built.tarball
  figures.push(
    `npm run package (no .deb) in ${(built.ms / 1000).toFixed(1)} s, ${(statSync(tarball).size / 2 ** 20).toFixed(0)} MB`,
  )
  const unpacked = join(work.path, 'unpacked')
  spawnSync('mkdir', ['-p', unpacked])
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', unpacked])
  assert.equal(untar.status, 0, String(untar.stderr))
  const top = readdirSync(unpacked)
  assert.equal(top.length, 1)
  tree = join(unpacked, top[0] as string)
  version = (JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')) as { version: string }).version
})

after(async () => {
  if (existsSync(join(prefix, 'opt', 'shoal', 'current', 'install.sh')))
    spawnSync('sh', [join(prefix, 'opt', 'shoal', 'current', 'install.sh'), '--uninstall', '--purge'], {
      env: { ...process.env, SHOAL_PREFIX: prefix },
      timeout: 120_000,
    })
  if (controllerPid > 0) {
    try {
      process.kill(controllerPid, 'SIGTERM')
    } catch {}
  }
  if (tree !== '' && existsSync(upHome))
    spawnSync(join(tree, 'bin', 'shoal'), ['down', '--home', upHome], { timeout: 120_000 })
  if (controllerPid > 0)
    await until('the controller to exit', 30_000, async () => !alive(controllerPid)).catch(() => {})
  work.remove()
  if (figures.length > 0) console.log(`\npackage figures:\n  ${figures.join('\n  ')}`)
})

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Every path under DIR with its type, mode, size, mtime and link target: what a no-op run must not change. */
function snapshot(dir: string, skip: (rel: string) => boolean): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      const rel = relative(dir, p)
      if (skip(rel)) continue
      const st = lstatSync(p)
      const link = st.isSymbolicLink() ? ` -> ${readlinkSync(p)}` : ''
      out.push(`${rel} ${st.mode.toString(8)} ${st.isDirectory() ? '-' : st.size} ${st.mtimeMs}${link}`)
      if (st.isDirectory()) walk(p)
    }
  }
  walk(dir)
  return out.sort()
}

describe('release package', () => {
  it('is precompiled JavaScript with its own Node.js and production dependencies only', () => {
    const ts = spawnSync('find', [tree, '-path', `${tree}/node_modules`, '-prune', '-o', '-name', '*.ts', '-print'], {
      encoding: 'utf8',
    }).stdout.trim()
    assert.equal(ts, '', `TypeScript left in the package:\n${ts}`)
    assert.ok(statSync(join(tree, 'runtime', 'node')).mode & 0o100)
    for (const dev of ['typescript', '@biomejs/biome', 'node', 'protobufjs-cli', 'playwright-core'])
      assert.ok(!existsSync(join(tree, 'node_modules', dev)), `dev dependency ${dev} shipped`)
    for (const dir of ['buildpacks/nodejs', 'stack/recipe.json', 'examples/hello-node', 'install.sh', 'systemd'])
      assert.ok(existsSync(join(tree, dir)), `${dir} missing`)
  })

  it('runs shoal --version and shoal up from the unpacked tree, away from the checkout', async () => {
    const v = await shoal(['--version'], { PATH: '/usr/bin:/bin' })
    assert.equal(v.stdout.trim(), version)
    // shoal up uses fixed ports for a new cluster; a test gives it one made on free ports first.
    const [api, mesh, http] = [await freePort(), await freePort(), await freePort()]
    const env = { SHOAL_CONFIG: join(upHome, 'cli.json') }
    await shoal(
      [
        'init',
        '--data',
        join(upHome, 'controller'),
        '--api-listen',
        `127.0.0.1:${api}`,
        '--mesh-listen',
        `/ip4/127.0.0.1/tcp/${mesh}`,
      ],
      env,
    )
    const started = Date.now()
    await shoal(['up', '--home', upHome, '--http', `127.0.0.1:${http}`, '--no-deploy'], env, 600_000)
    figures.push(`shoal up --no-deploy from the package in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    const hosts = JSON.parse((await shoal(['hosts', '--json'], env)).stdout) as HostView[]
    assert.equal(hosts.length, 1)
    assert.equal(hosts[0]?.state, 'alive')
    assert.equal(hosts[0]?.version, version)
    const both = JSON.parse((await shoal(['version', '--json'], env)).stdout) as { cli: string; controller: string }
    assert.deepEqual(both, { cli: version, controller: version })
    // The daemons run the package's Node.js on its compiled JavaScript.
    for (const name of ['controller', 'agent', 'router']) {
      const pid = readFileSync(join(upHome, `${name}.pid`), 'utf8').trim()
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      assert.equal(cmd[0], join(tree, 'runtime', 'node'))
      assert.deepEqual(cmd.slice(1, 4), ['--max-semi-space-size=1', join(tree, 'cli', 'main.js'), name])
    }
    await shoal(['down', '--home', upHome], env)
  })
})

describe('installer', () => {
  let token = ''
  const cli = join(work.path, 'ctl-cli.json')

  before(async () => {
    const [api, mesh] = [await freePort(), await freePort()]
    const data = join(work.path, 'ctl')
    await shoal(
      ['init', '--data', data, '--api-listen', `127.0.0.1:${api}`, '--mesh-listen', `/ip4/127.0.0.1/tcp/${mesh}`],
      { SHOAL_CONFIG: cli },
    )
    const child = spawn(
      join(tree, 'bin', 'shoal'),
      // Its own metrics port: the first-server install below runs a controller on the default one.
      ['controller', '--data', data, '--packages', join(work.path, 'dist'), '--metrics-listen', '127.0.0.1:0'],
      { stdio: 'ignore', detached: false },
    )
    controllerPid = child.pid ?? 0
    apiUrl = `https://127.0.0.1:${api}`
    await until('the controller API', 60_000, async () => (await pinnedGet(cli, '/healthz')).status === 200)
    token = (await shoal(['join-token'], { SHOAL_CONFIG: cli })).stdout.trim()
    // The line an operator copies; its token part goes in the environment here, as the line puts it there.
    installCommand = (await shoal(['join-token', '--install', '--url', apiUrl], { SHOAL_CONFIG: cli })).stdout
      .trim()
      .replace(/ SHOAL_JOIN_TOKEN=\S+ sh -s -- .*$/, ' sh -s --')
  })

  let installCommand = ''
  const install = (args: string) =>
    exec('sh', ['-c', `${installCommand} ${args}`], {
      env: { ...process.env, SHOAL_PREFIX: prefix, SHOAL_JOIN_TOKEN: token },
      timeout: 300_000,
    })

  it('the controller serves its package with a sha256 and the installer without a token', async () => {
    assert.match(
      installCommand,
      /^curl -fsSLk --pinnedpubkey '?sha256\/\/[A-Za-z0-9+/=]{44}'? https:\/\/127\.0\.0\.1:\d+\/install \| sh -s --$/,
    )
    const list = JSON.parse((await pinnedGet(cli, '/v1/package')).body) as PackageList
    assert.equal(list.version, version)
    const sum = spawnSync('sha256sum', [tarball], { encoding: 'utf8' }).stdout.split(' ')[0]
    assert.deepEqual(
      list.packages.map((p) => [p.file, p.sha256]),
      [[`shoal-${version}-linux-x64.tar.gz`, sum]],
    )
    const script = (await pinnedGet(cli, '/install')).body
    assert.ok(script.includes(`SHOAL_URL="\${SHOAL_URL:-${apiUrl}}"`), script.slice(0, 2000))
    assert.ok(script.includes(`--pinnedpubkey ${list.pin}`))
    assert.equal((await pinnedGet(cli, '/v1/hosts')).status, 401)
  })

  const args = `--roles agent,router --http 127.0.0.1:0 --ip 127.0.0.1 --mesh-listen /ip4/127.0.0.1/tcp/0 --label zone=test --no-deps`
  const skip = (rel: string) =>
    rel.startsWith('var/log') || rel.startsWith('run') || /^var\/lib\/shoal\/(agent|router)/.test(rel)

  it('installs an agent and a router that join the cluster, with the token only in a 0600 env file', async () => {
    const started = Date.now()
    const first = await install(args)
    figures.push(`curl …/install | sh (agent, router) → admitted in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    assert.match(first.stdout, /shoal-agent is admitted/)
    assert.match(first.stdout, /shoal-router is admitted/)
    const hosts = await until('the installed agent alive', 30_000, async () => {
      const list = JSON.parse((await shoal(['hosts', '--json'], { SHOAL_CONFIG: cli })).stdout) as HostView[]
      return list.find((h) => h.state === 'alive' && h.labels['zone'] === 'test') ?? null
    })
    assert.equal(hosts.version, version)
    assert.equal(statSync(join(prefix, 'etc/shoal/agent.env')).mode & 0o777, 0o600)
    assert.match(readFileSync(join(prefix, 'etc/shoal/agent.env'), 'utf8'), /^SHOAL_JOIN_TOKEN=SHOAL1\./)
    for (const f of ['etc/shoal/agent.json', 'etc/systemd/system/shoal-agent.service'])
      assert.ok(!readFileSync(join(prefix, f), 'utf8').includes(token), `${f} holds the token`)
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      let cmd = ''
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      } catch {}
      assert.ok(!cmd.includes(token), `process ${pid} has the token in its argv`)
    }
    assert.equal(readlinkSync(join(prefix, 'usr/local/bin/shoal')), join(prefix, 'opt/shoal/current/bin/shoal'))
    // The installed units are what systemd would accept, and their ExecStart is what runs.
    const verify = spawnSync(
      'systemd-analyze',
      ['verify', ...['agent', 'router'].map((r) => join(prefix, `etc/systemd/system/shoal-${r}.service`))],
      {
        encoding: 'utf8',
      },
    )
    assert.equal(verify.status, 0, verify.stderr)
    const supervisor = readFileSync(join(prefix, 'run/shoal/shoal-agent.pid'), 'utf8').trim()
    const agentPid = spawnSync('pgrep', ['-P', supervisor], { encoding: 'utf8' }).stdout.trim()
    const argv = readFileSync(`/proc/${agentPid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a) => a !== '')
    const unit = readFileSync(join(prefix, 'etc/systemd/system/shoal-agent.service'), 'utf8')
    assert.equal(argv.slice(3).join(' '), /^ExecStart=\S+ (.*)$/m.exec(unit)?.[1])
  })

  it('a second run changes nothing', async () => {
    const before = snapshot(prefix, skip)
    const pids = ['agent', 'router'].map((r) => readFileSync(join(prefix, `run/shoal/shoal-${r}.pid`), 'utf8'))
    const second = await install(args)
    assert.match(second.stdout, /nothing to change/)
    assert.deepEqual(snapshot(prefix, skip), before)
    assert.deepEqual(
      ['agent', 'router'].map((r) => readFileSync(join(prefix, `run/shoal/shoal-${r}.pid`), 'utf8')),
      pids,
    )
  })

  it('cluster:upgrade restarts the host on version B from its installer, over (a stand-in for) ssh', async () => {
    // Version B: this package repacked with another version, one minor up (inside the wire-compatibility rule).
    const next = version.replace(/^(\d+)\.(\d+)\..*$/, (_m, a: string, b: string) => `${a}.${Number(b) + 1}.0`)
    const pkgFile = join(tree, 'package.json')
    const original = readFileSync(pkgFile, 'utf8')
    const b = join(work.path, `shoal-${next}-linux-x64.tar.gz`)
    writeFileSync(pkgFile, original.replace(`"version": "${version}"`, `"version": "${next}"`))
    try {
      const top = relative(join(work.path, 'unpacked'), tree)
      await exec(
        'tar',
        ['-I', 'gzip -1', '-cf', b, '-C', join(work.path, 'unpacked'), `--transform=s,^${top},shoal-${next},`, top],
        {
          timeout: 300_000,
        },
      )
    } finally {
      writeFileSync(pkgFile, original)
    }
    // The ssh stand-in runs the remote command here, under the test's install root.
    const ssh = join(work.path, 'fake-ssh')
    writeFileSync(ssh, `#!/bin/sh\nfor last; do :; done\nSHOAL_PREFIX='${prefix}' exec sh -c "$last"\n`, {
      mode: 0o755,
    })
    const before = JSON.parse((await shoal(['hosts', '--json'], { SHOAL_CONFIG: cli })).stdout) as HostView[]
    const agentBefore = readFileSync(join(prefix, 'run/shoal/shoal-agent.pid'), 'utf8')
    const out = await shoal(
      ['cluster:upgrade', '--package', b, '--timeout', '120'],
      { SHOAL_CONFIG: cli, SHOAL_SSH: ssh },
      400_000,
    )
    assert.match(out.stdout, new RegExp(`Done: every host runs ${next.replaceAll('.', '\\.')}`))
    const after = JSON.parse((await shoal(['hosts', '--json'], { SHOAL_CONFIG: cli })).stdout) as HostView[]
    assert.deepEqual(
      after.map((h) => [h.id, h.state, h.version]),
      before.map((h) => [h.id, 'alive', next]),
    )
    assert.equal(readlinkSync(join(prefix, 'opt/shoal/current')), next)
    assert.notEqual(readFileSync(join(prefix, 'run/shoal/shoal-agent.pid'), 'utf8'), agentBefore)
    // The host's own config survived the upgrade.
    assert.match(readFileSync(join(prefix, 'etc/shoal/agent.json'), 'utf8'), /zone=test/)
  })

  it('a peer outside the wire-compatibility rule is refused admission (VERSION_INCOMPATIBLE)', async () => {
    // The same tree stamped 1.0.0: a major version away from the controller's.
    const pkgFile = join(tree, 'package.json')
    const original = readFileSync(pkgFile, 'utf8')
    writeFileSync(pkgFile, original.replace(`"version": "${version}"`, '"version": "1.0.0"'))
    const child = spawn(
      join(tree, 'bin', 'shoal'),
      [
        ...[
          'router',
          '--data',
          join(work.path, 'r-new'),
          '--http',
          '127.0.0.1:0',
          '--mesh-listen',
          '/ip4/127.0.0.1/tcp/0',
        ],
        // The installed router already holds the default metrics port on this machine.
        ...['--metrics-listen', '127.0.0.1:0'],
      ],
      { env: { ...process.env, SHOAL_JOIN_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    // Daemon logs are JSON lines on stderr.
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (b: Buffer) => {
        out += b.toString()
      })
    try {
      await until('the join refused for its version', 60_000, async () => out.includes('does not interoperate'))
    } finally {
      child.kill('SIGTERM')
      writeFileSync(pkgFile, original)
    }
    assert.match(out, /version 1\.0\.0 does not interoperate with controller/)
  })

  it('--uninstall leaves no unit, binary or process behind and keeps config and data; --purge removes them', async () => {
    const pids = ['agent', 'router'].map((r) => Number(readFileSync(join(prefix, `run/shoal/shoal-${r}.pid`), 'utf8')))
    const script = join(work.path, 'install.sh')
    spawnSync('cp', [join(prefix, 'opt/shoal/current/install.sh'), script])
    const env = { ...process.env, SHOAL_PREFIX: prefix }
    await exec('sh', [script, '--uninstall'], { env, timeout: 120_000 })
    for (const gone of [
      'etc/systemd/system/shoal-agent.service',
      'etc/systemd/system/shoal-router.service',
      'usr/local/bin/shoal',
      'opt/shoal',
    ])
      assert.ok(!existsSync(join(prefix, gone)), `${gone} left behind`)
    for (const pid of pids) assert.ok(!alive(pid), `supervisor ${pid} still running`)
    assert.ok(existsSync(join(prefix, 'etc/shoal/agent.json')))
    assert.ok(existsSync(join(prefix, 'var/lib/shoal/agent')))
    await exec('sh', [script, '--uninstall', '--purge'], { env, timeout: 120_000 })
    assert.ok(!existsSync(join(prefix, 'etc/shoal')))
    assert.ok(!existsSync(join(prefix, 'var/lib/shoal')))
  })
})

describe('installer on the first server', () => {
  const first = join(work.path, 'first')
  after(() => {
    if (existsSync(join(first, 'opt/shoal/current/install.sh')))
      spawnSync('sh', [join(first, 'opt/shoal/current/install.sh'), '--uninstall', '--purge'], {
        env: { ...process.env, SHOAL_PREFIX: first },
        timeout: 120_000,
      })
  })

  it('--package FILE --roles controller,agent,router creates the cluster and joins its own agent and router', async () => {
    const [api, mesh] = [await freePort(), await freePort()]
    const started = Date.now()
    const out = await exec(
      'sh',
      [
        join(tree, 'install.sh'),
        ...['--package', tarball, '--roles', 'controller,agent,router', '--no-deps', '--ip', '127.0.0.1'],
        ...['--api-listen', `127.0.0.1:${api}`, '--mesh-listen', `/ip4/127.0.0.1/tcp/${mesh}`, '--http', '127.0.0.1:0'],
      ],
      { env: { ...process.env, SHOAL_PREFIX: first }, timeout: 300_000 },
    )
    figures.push(
      `install.sh --roles controller,agent,router → admitted in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
    assert.match(out.stdout, /created a cluster/)
    assert.match(out.stdout, /shoal-agent is admitted/)
    const env = { SHOAL_CONFIG: join(first, 'etc/shoal/cli.json') }
    const host = await until('its own agent alive', 30_000, async () => {
      const list = JSON.parse((await shoal(['hosts', '--json'], env)).stdout) as HostView[]
      return list.find((h) => h.state === 'alive') ?? null
    })
    assert.equal(host.version, version)
    // It can hand its package to the next server.
    const list = JSON.parse((await pinnedGet(env.SHOAL_CONFIG, '/v1/package')).body) as PackageList
    assert.deepEqual(
      list.packages.map((p) => p.file),
      [`shoal-${version}-linux-x64.tar.gz`],
    )
    const verify = spawnSync(
      'systemd-analyze',
      ['verify', ...['controller', 'agent', 'router'].map((r) => join(first, `etc/systemd/system/shoal-${r}.service`))],
      { encoding: 'utf8' },
    )
    assert.equal(verify.status, 0, verify.stderr)
  })
})
