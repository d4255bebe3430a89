// The .deb package, installed the Debian way: `apt-get install ./shoal_<v>_amd64.deb` on a throwaway copy of this
// Debian machine (an overlay of its root file system, chrooted, in a network namespace and mount namespace of
// their own: nothing the install writes reaches the real machine, and the checkout is hidden under an empty
// tmpfs). apt resolves the package's Depends (docker.io, haproxy, ca-certificates) from what the machine has
// installed (the copy has no network: nothing can be downloaded). Then the daemons start from the units the package installed,
// exactly as systemd would run them (`shoal supervise UNIT`: systemd is not PID 1 here), with the config files
// the units read; the agent gets a Docker engine of its own. `apt-get remove` takes the binary and units away.
// Needs root.

import assert from 'node:assert/strict'
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdirSync, readlinkSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import type { HostView } from '../../proto/api.ts'
import { ROOT, tempDir } from '../helpers/processes.ts'
import { buildPackage, until } from '../helpers/release-package.ts'
import { unmountAll } from '../lab/lab-cleanup.ts'
import { addNamespace, deleteNamespace, killNamespace } from '../lab/lab-network.ts'

const exec = promisify(execFile)
const work = tempDir('package-deb')
const id = `${process.pid.toString(36)}`
const ns = `shoal-deb-${id}`
// Short: a unix socket path must stay under 108 bytes.
const runDir = `/run/shoal-deb-${id}`
const merged = join(runDir, 'merged')
// The private engine's socket, exec root and pid file: beside runDir (the copy mounts a tmpfs on runDir).
const engineDir = `/run/shoal-deb-${id}-engine`
const engineSocket = join(engineDir, 'docker.sock')
const figures: string[] = []
let deb = ''
let version = ''
let holder: ChildProcess | undefined
let dockerd: ChildProcess | undefined

interface Out {
  code: number
  stdout: string
  stderr: string
}

/** Runs sh -c SCRIPT inside the chroot (its mount and network namespaces). */
async function inside(script: string, timeout = 120_000): Promise<Out> {
  const pid = holder?.pid as number
  try {
    const { stdout, stderr } = await exec(
      'nsenter',
      ['-t', String(pid), '--mount', '--net', '--root', '--', '/bin/sh', '-c', `cd / && ${script}`],
      {
        timeout,
        maxBuffer: 16 << 20,
        env: {
          PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          DEBIAN_FRONTEND: 'noninteractive',
        },
      },
    )
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) }
  }
}

async function ok(script: string, timeout?: number): Promise<string> {
  const res = await inside(script, timeout)
  assert.equal(res.code, 0, `${script}\n${res.stdout}\n${res.stderr}`)
  return res.stdout
}

before(async () => {
  const out = join(work.path, 'dist')
  const built = await buildPackage(out, undefined, { deb: true })
  version = /^shoal-(.+)-linux-x64\.tar\.gz$/.exec(basename(built.tarball))?.[1] as string
  deb = join(out, `shoal_${version}_amd64.deb`)
  figures.push(`npm run package (with the .deb) in ${(built.ms / 1000).toFixed(1)} s`)
  await addNamespace(ns)
  mkdirSync(runDir, { recursive: true })
  mkdirSync(engineDir, { recursive: true })
  const docker = join(work.path, 'docker')
  // The machine copy: an overlay of / (changes land in a tmpfs), /proc /sys /dev of the machine, fresh /run and
  // /tmp, the checkout's folder hidden, the .deb in /tmp and the private engine's socket at /run/docker.sock.
  const script = [
    'set -e',
    `R=${runDir}`,
    'mount -t tmpfs tmpfs "$R"',
    'mkdir "$R/upper" "$R/work" "$R/merged"',
    'mount -t overlay overlay -o lowerdir=/,upperdir="$R/upper",workdir="$R/work" "$R/merged"',
    'mount -t proc proc "$R/merged/proc"',
    'mount --rbind /sys "$R/merged/sys"',
    'mount --rbind /dev "$R/merged/dev"',
    'mount -t tmpfs tmpfs "$R/merged/run"',
    'mount -t tmpfs tmpfs "$R/merged/tmp"',
    `mount -t tmpfs tmpfs "$R/merged/${ROOT.split('/')[1]}"`,
    'mkdir -p "$R/merged/run/lock"',
    'cp "$1" "$R/merged/tmp/"',
    'touch "$R/merged/run/docker.sock"',
    'mount --bind "$2" "$R/merged/run/docker.sock"',
    'exec chroot "$R/merged" sleep infinity',
  ].join('\n')
  // The private Docker engine first (its socket is bind-mounted into the copy).
  mkdirSync(join(docker, 'data'), { recursive: true })
  dockerd = spawn(
    'nsenter',
    [
      `--net=/run/netns/${ns}`,
      '--',
      'dockerd',
      ...['--data-root', join(docker, 'data'), '--exec-root', join(engineDir, 'x')],
      ...['-H', `unix://${engineSocket}`, '--pidfile', join(engineDir, 'docker.pid')],
      '--bridge=none',
      '--iptables=true',
      '--ip6tables=false',
    ],
    { stdio: 'ignore' },
  )
  await until('the private dockerd', 60_000, async () => {
    const r = await exec('docker', ['-H', `unix://${engineSocket}`, 'version', '--format', '{{.Server.Version}}'])
    return r.stdout.trim() !== ''
  })
  holder = spawn(
    'nsenter',
    [
      `--net=/run/netns/${ns}`,
      '--',
      'unshare',
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      script,
      'deb-root',
      deb,
      engineSocket,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let err = ''
  holder.stderr?.on('data', (b: Buffer) => {
    err += b.toString()
  })
  await until('the machine copy', 30_000, async () => {
    if (holder?.exitCode !== null) throw new Error(`Cannot make the machine copy: ${err}`)
    return readlinkSync(`/proc/${holder.pid}/root`) === merged
  })
})

after(async () => {
  // Everything started in the namespace (daemons, HAProxy, the engine, the holder) goes; the copy's mounts go
  // with the last process of its mount namespace.
  await killNamespace(ns).catch(() => {})
  await deleteNamespace(ns).catch(() => {})
  for (const child of [holder, dockerd]) if (child !== undefined && child.exitCode === null) child.kill('SIGKILL')
  await exec('umount', ['-l', runDir]).catch(() => {})
  // What the engine mounted under its data and exec roots (in the machine's mount namespace).
  await unmountAll([work.path, engineDir]).catch(() => {})
  rmSync(runDir, { recursive: true, force: true })
  rmSync(engineDir, { recursive: true, force: true })
  work.remove()
  if (figures.length > 0) console.log(`\npackage-deb figures:\n  ${figures.join('\n  ')}`)
})

describe('the .deb', () => {
  it('installs with apt-get from the file alone (Depends met by the OS; the copy has no network to download from)', async () => {
    assert.notEqual((await inside('command -v shoal')).code, 0, 'shoal already on the copy')
    assert.equal((await inside(`test -e ${ROOT}/package.json`)).code, 1, 'the checkout is visible in the copy')
    const started = Date.now()
    await ok(`apt-get install -y /tmp/shoal_${version}_amd64.deb`, 300_000)
    figures.push(`apt-get install ./shoal_${version}_amd64.deb in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    assert.match(
      await ok(`dpkg-query -W -f='\${Status} \${Version}' shoal`),
      new RegExp(`^install ok installed ${version}$`),
    )
    assert.equal((await ok('shoal --version')).trim(), version)
    assert.equal((await ok('readlink -f /usr/bin/shoal')).trim(), `/opt/shoal/${version}/bin/shoal`)
  })

  it('ships units systemd accepts, with no template placeholder left', async () => {
    const units = ['controller', 'agent', 'router'].map((r) => `/lib/systemd/system/shoal-${r}.service`)
    assert.equal((await inside(`grep -l @PREFIX@ ${units.join(' ')}`)).code, 1, 'a unit still says @PREFIX@')
    await ok(`systemd-analyze verify ${units.join(' ')}`)
    assert.match(
      await ok(`grep ^ExecStart= ${units[1]}`),
      /^ExecStart=\/opt\/shoal\/current\/bin\/shoal agent --config \/etc\/shoal\/agent\.json$/m,
    )
  })

  it('its units bring up a controller, an agent and a router that join, on the package version', async () => {
    const cli = 'SHOAL_CONFIG=/etc/shoal/cli.json'
    await ok(
      [
        'set -e',
        'mkdir -p /etc/shoal /var/log/shoal /run/shoal && chmod 0700 /etc/shoal',
        `${cli} shoal init --data /var/lib/shoal/controller --api-listen 127.0.0.1:7080 --mesh-listen /ip4/127.0.0.1/tcp/7946 >/dev/null`,
        `printf '{ "data": "/var/lib/shoal/controller", "api-listen": "127.0.0.1:7080" }\\n' >/etc/shoal/controller.json`,
        `printf '{ "data": "/var/lib/shoal/agent", "ip": "127.0.0.1", "mesh-listen": ["/ip4/127.0.0.1/tcp/0"] }\\n' >/etc/shoal/agent.json`,
        `printf '{ "data": "/var/lib/shoal/router", "http": "127.0.0.1:80", "mesh-listen": ["/ip4/127.0.0.1/tcp/0"] }\\n' >/etc/shoal/router.json`,
      ].join('\n'),
    )
    const start = (role: string) =>
      ok(
        `nohup setsid shoal supervise /lib/systemd/system/shoal-${role}.service --pid-file /run/shoal/shoal-${role}.pid >>/var/log/shoal/${role}.log 2>&1 </dev/null &`,
      )
    const started = Date.now()
    await start('controller')
    const token = await until('the controller API', 60_000, async () => {
      const r = await inside(`${cli} shoal join-token`)
      return r.code === 0 ? r.stdout.trim() : null
    })
    await ok(`for r in agent router; do umask 077; printf 'SHOAL_JOIN_TOKEN=%s\\n' '${token}' >/etc/shoal/$r.env; done`)
    await start('agent')
    await start('router')
    const host = await until('the agent alive in shoal hosts', 120_000, async () => {
      const r = await inside(`${cli} shoal hosts --json`)
      if (r.code !== 0) return null
      return (JSON.parse(r.stdout) as HostView[]).find((h) => h.state === 'alive') ?? null
    }).catch(async (err) => {
      throw new Error(`${String(err)}\n${(await inside('tail -n 20 /var/log/shoal/*.log')).stdout}`)
    })
    figures.push(`units started → agent alive in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    assert.equal(host.version, version)
    await until(
      'the router admitted',
      60_000,
      async () => (await inside('grep -q "admitted to cluster" /var/log/shoal/router.log')).code === 0,
    )
    // What runs is the unit's ExecStart on the package's own Node.js.
    for (const role of ['controller', 'agent', 'router']) {
      const cmd = await ok(
        `p=$(cat /run/shoal/shoal-${role}.pid); c=$(tr -d ' \\n' </proc/$p/task/$p/children); tr '\\0' ' ' </proc/$c/cmdline`,
      )
      assert.equal(
        cmd.trim(),
        `/opt/shoal/${version}/runtime/node --max-semi-space-size=1 /opt/shoal/${version}/cli/main.js ${role} --config /etc/shoal/${role}.json`,
      )
    }
    assert.deepEqual(JSON.parse(await ok(`${cli} shoal version --json`)), { cli: version, controller: version })
  })

  it('apt-get remove takes away the binary and the units', async () => {
    await ok('for r in router agent controller; do kill $(cat /run/shoal/shoal-$r.pid); done')
    await ok('apt-get remove -y shoal', 120_000)
    for (const gone of ['/usr/bin/shoal', '/lib/systemd/system/shoal-agent.service', `/opt/shoal/${version}/bin/shoal`])
      assert.equal((await inside(`test -e ${gone}`)).code, 1, `${gone} left behind`)
  })
})
