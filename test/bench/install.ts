// npm run bench:install [-- --package FILE] [--idle-s 20] [--runs 10]
//
// Installs shoal the way an operator does and prints the figures issue 13 asks for: the release package built from
// this checkout (or FILE); a controller started from it; `curl …/install | sh` installing an agent and a router
// under a temporary root (SHOAL_PREFIX, run by `shoal supervise`: systemd is not PID 1 here) → time until the
// host is alive in `shoal hosts`; idle RSS of each daemon running the precompiled JS vs the targets; wall time of
// `shoal apps`, `shoal ps`, `shoal --version` (the installed CLI). Loopback only, random ports, all torn down.
import { execFile, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import type { HostView } from '../../proto/api.ts'
import { freePort } from '../helpers/processes.ts'
import { buildPackage, pinnedGet, until } from '../helpers/release-package.ts'
import { formatTable, mb, summarize, vmRssBytes } from './bench-report.ts'

const exec = promisify(execFile)
const { values } = parseArgs({
  options: { package: { type: 'string' }, 'idle-s': { type: 'string' }, runs: { type: 'string' } },
})
const idleS = Number(values['idle-s'] ?? '20')
const runs = Number(values.runs ?? '10')
const work = mkdtempSync(join(tmpdir(), 'shoal-bench-install-'))
const prefix = join(work, 'root')
let controller: ReturnType<typeof spawn> | undefined
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

async function main(): Promise<void> {
  let tarball = values.package
  if (tarball === undefined) {
    const built = await buildPackage(join(work, 'dist'))
    tarball = built.tarball
    console.log(`package built in ${s(built.ms)}: ${tarball}`)
  } else {
    mkdirSync(join(work, 'dist'))
    spawnSync('cp', [tarball, join(work, 'dist')])
  }
  mkdirSync(join(work, 'unpacked'))
  spawnSync('tar', ['-xzf', tarball, '-C', join(work, 'unpacked')])
  const tree = join(work, 'unpacked', readdirSync(join(work, 'unpacked'))[0] as string)
  const shoal = join(tree, 'bin', 'shoal')
  const env = { ...process.env, SHOAL_CONFIG: join(work, 'cli.json') }
  const [api, mesh] = [await freePort(), await freePort()]
  await exec(
    shoal,
    [
      'init',
      '--data',
      join(work, 'ctl'),
      '--api-listen',
      `127.0.0.1:${api}`,
      '--mesh-listen',
      `/ip4/127.0.0.1/tcp/${mesh}`,
    ],
    { env },
  )
  controller = spawn(shoal, ['controller', '--data', join(work, 'ctl'), '--packages', join(work, 'dist')], {
    stdio: 'ignore',
    env,
  })
  const url = `https://127.0.0.1:${api}`
  await until('the controller API', 60_000, async () => (await pinnedGet(env.SHOAL_CONFIG, '/healthz')).status === 200)
  const token = (await exec(shoal, ['join-token'], { env })).stdout.trim()
  // The installer line as printed; its token goes in the environment below.
  const line = (await exec(shoal, ['join-token', '--install', '--url', url], { env })).stdout
    .trim()
    .replace(/ SHOAL_JOIN_TOKEN=\S+ sh -s -- .*$/, ' sh -s --')

  const started = Date.now()
  await exec(
    'sh',
    [
      '-c',
      `${line} --roles agent,router --no-deps --ip 127.0.0.1 --http 127.0.0.1:0 --mesh-listen /ip4/127.0.0.1/tcp/0`,
    ],
    { env: { ...process.env, SHOAL_PREFIX: prefix, SHOAL_JOIN_TOKEN: token }, timeout: 600_000 },
  )
  const admitted = Date.now() - started
  await until('the new host alive', 120_000, async () => {
    const hosts = JSON.parse((await exec(shoal, ['hosts', '--json'], { env })).stdout) as HostView[]
    return hosts.some((h) => h.state === 'alive')
  })
  const alive = Date.now() - started

  console.log(`idle for ${idleS} s before measuring memory...`)
  await new Promise((r) => setTimeout(r, idleS * 1000))
  const child = (role: string): number => {
    const sup = readFileSync(join(prefix, `run/shoal/shoal-${role}.pid`), 'utf8').trim()
    return Number(spawnSync('pgrep', ['-P', sup], { encoding: 'utf8' }).stdout.trim().split('\n')[0])
  }
  const rss: Array<[string, number | undefined, number]> = [
    ['controller', vmRssBytes(controller.pid), 150e6],
    ['agent', vmRssBytes(child('agent')), 100e6],
    ['router', vmRssBytes(child('router')), 100e6],
  ]
  const haproxy = spawnSync('pgrep', ['-P', String(child('router')), 'haproxy'], { encoding: 'utf8' }).stdout.trim()

  await exec(shoal, ['apps:create', 'bench'], { env })
  const wall = async (args: string[]): Promise<number> => {
    const samples: number[] = []
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint()
      await exec(shoal, args, { env })
      samples.push(Number(process.hrtime.bigint() - t) / 1e6)
    }
    return summarize(samples).median
  }
  const cli: Array<[string, number, number]> = [
    ['shoal apps', await wall(['apps']), 250],
    ['shoal ps -a bench', await wall(['ps', '-a', 'bench']), 250],
    ['shoal --version', await wall(['--version']), 250],
  ]

  console.log('')
  console.log(
    `new server → admitted (installer, package from the controller): ${s(admitted)}; alive in shoal hosts: ${s(alive)}`,
  )
  console.log('')
  console.log(
    formatTable(
      ['daemon (idle, precompiled)', 'RSS', 'target', ''],
      rss.map(([name, bytes, target]) => [
        name,
        bytes === undefined ? '?' : mb(bytes),
        mb(target),
        bytes !== undefined && bytes <= target ? 'ok' : 'OVER',
      ]),
    ),
  )
  if (haproxy !== '') console.log(`(HAProxy, separate process: ${mb(vmRssBytes(Number(haproxy.split('\n')[0])) ?? 0)})`)
  console.log('')
  console.log(
    formatTable(
      ['command', `median of ${runs}`, 'target', ''],
      cli.map(([name, ms, target]) => [name, `${Math.round(ms)} ms`, `${target} ms`, ms <= target ? 'ok' : 'OVER']),
    ),
  )
}

async function teardown(): Promise<void> {
  spawnSync('sh', [join(prefix, 'opt/shoal/current/install.sh'), '--uninstall', '--purge'], {
    env: { ...process.env, SHOAL_PREFIX: prefix },
    timeout: 120_000,
  })
  controller?.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 1000))
  rmSync(work, { recursive: true, force: true })
}

process.once('SIGINT', () => {
  teardown().finally(() => process.exit(130))
})
main().then(
  () => teardown(),
  async (err: unknown) => {
    console.error(err)
    await teardown()
    process.exitCode = 1
  },
)
