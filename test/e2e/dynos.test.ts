// The dyno runtime on the real Docker engine: a release image built from the stack and a slug, a web dyno that
// answers on its PORT, R10 for one that never binds, R12 + SIGKILL for one that ignores SIGTERM, and a "killed"
// agent whose successor adopts the running containers. Dynos use host networking, as on the lab hosts.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { createDockerClient, type DockerClient } from '../../agent/docker/docker-client.ts'
import { type ContainerOptions, DEFAULT_CONTAINER_OPTIONS } from '../../agent/dynos/dyno-container.ts'
import { type DesiredStateStore, DynoManager, type DynoManagerOptions } from '../../agent/dynos/dyno-manager.ts'
import type { DynoInfo } from '../../agent/dynos/dyno-runner.ts'
import { tcpProbe } from '../../agent/dynos/port-probe.ts'
import { ReleaseImages, releaseImageTag } from '../../agent/dynos/release-image.ts'
import { buildStack, resolveStack } from '../../agent/stack/stack-builder.ts'
import { systemClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { type DynoSpec, DynoState, type LogLine } from '../../proto/codec.ts'
import { waitFor } from '../helpers/wait-for.ts'

const APP = `e2e-dynos-${randomBytes(3).toString('hex')}`
const HOST = `e2e-${randomBytes(4).toString('hex')}`
const PORTS = { min: 24100, max: 24119 }
const BRIDGE_PORTS = { min: 24120, max: 24129 }
const work = mkdtempSync(join(tmpdir(), 'shoal-dynos-e2e-'))
const docker: DockerClient = createDockerClient()
let creates = 0
const counting: DockerClient = {
  ...docker,
  createContainer: (spec) => {
    creates++
    return docker.createContainer(spec)
  },
}
const lines: LogLine[] = []
const upAt = new Map<string, number>()
class MemoryStateStore implements DesiredStateStore {
  readonly data = new Map<string, string>()
  async getJson<T>(key: string): Promise<T | undefined> {
    const v = this.data.get(key)
    return v === undefined ? undefined : (JSON.parse(v) as T)
  }
  async putJson(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.stringify(value))
  }
}
const store = new MemoryStateStore()
let stack = ''
let slug = { path: '', sha256: '' }
let images: ReleaseImages
const managers: DynoManager[] = []

const CONTAINER: ContainerOptions = { ...DEFAULT_CONTAINER_OPTIONS, network: { mode: 'host' }, stopTimeoutMs: 2000 }
const OPTIONS: DynoManagerOptions = {
  portRange: PORTS,
  bootTimeoutMs: 3000,
  stopTimeoutMs: 2000,
  probeIntervalMs: 50,
  container: CONTAINER,
}

async function startManager(
  hostId = HOST,
  options: DynoManagerOptions = OPTIONS,
  state: DesiredStateStore = store,
): Promise<DynoManager> {
  const m = await DynoManager.start(
    {
      docker: counting,
      images,
      clock: systemClock,
      store: state,
      hostId,
      probePort: tcpProbe(500),
      log: (l) => lines.push(l),
      logger: silentLogger,
      hooks: { onUp: (d: DynoInfo) => upAt.set(d.name, performance.now()) },
    },
    options,
  )
  managers.push(m)
  return m
}

function dyno(name: string, command: string, over: Partial<DynoSpec> = {}): DynoSpec {
  return {
    id: `${APP}-${name}`,
    app: APP,
    name,
    release: 1,
    slugSha256: slug.sha256,
    command,
    env: { GREETING: 'hello from config' },
    size: 'standard-1x',
    stack,
    ...over,
  }
}

const WEB = 'node server.js'
const NEVER_BINDS = 'echo not listening; exec sleep 600'
const IGNORES_TERM = "trap '' TERM; echo ready; while true; do sleep 0.2; done"

function system(name: string): string[] {
  return lines.filter((l) => l.dyno === name && l.source === 'shoal').map((l) => l.message ?? '')
}

function appLines(name: string): string[] {
  return lines.filter((l) => l.dyno === name && l.source === 'app').map((l) => l.message ?? '')
}

/** test/helpers/wait-for.ts with this file's pace: 20 s unless said, checked every 25 ms. */
const until = (what: string, check: () => boolean, timeoutMs = 20_000) =>
  waitFor(what, check, { timeoutMs, intervalMs: 25 })

function fetchJson(port: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', timeout: 3000 }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => {
        body += c.toString()
      })
      res.on('end', () => resolve(JSON.parse(body) as Record<string, unknown>))
    }).on('error', reject)
  })
}

function makeSlug(): { path: string; sha256: string } {
  const src = join(work, 'slug')
  mkdirSync(join(src, '.profile.d'), { recursive: true })
  writeFileSync(
    join(src, 'server.js'),
    `const http = require('node:http')
const fs = require('node:fs')
function writable() {
  try { fs.writeFileSync('/app/scratch', 'x'); return true } catch { return false }
}
const port = Number(process.env.PORT)
http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify({
    dyno: process.env.DYNO, port, uid: process.getuid(), home: process.env.HOME, cwd: process.cwd(),
    profiled: process.env.PROFILED ?? null, dotProfile: process.env.DOT_PROFILE ?? null,
    greeting: process.env.GREETING ?? null, owner: fs.statSync('/app/server.js').uid, writable: writable(),
  }))
}).listen(port, () => console.log('listening on ' + port))
`,
  )
  writeFileSync(join(src, 'Procfile'), `web: ${WEB}\n`)
  writeFileSync(join(src, '.profile.d', 'e2e.sh'), 'export PROFILED=yes\n')
  writeFileSync(join(src, '.profile'), 'export DOT_PROFILE=yes\n')
  const path = join(work, 'slug.tgz')
  execFileSync('tar', ['-C', src, '--owner=0', '--group=0', '--numeric-owner', '-czf', path, '.'])
  return { path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') }
}

async function portsFree(): Promise<void> {
  const probe = tcpProbe(300)
  for (let p = PORTS.min; p <= BRIDGE_PORTS.max; p++) {
    const taken = await probe('127.0.0.1', p, new AbortController().signal)
    assert.equal(taken, false, `port ${p} is in use on this machine; the test needs ${PORTS.min}-${BRIDGE_PORTS.max}`)
  }
}

before(
  async () => {
    await docker.ping()
    await portsFree()
    const id = await resolveStack()
    stack = id.tag
    if (!(await docker.imageExists(stack))) {
      // Once per machine: later runs find the image (or the cached rootfs tarball).
      await buildStack({
        docker,
        workDir: process.env['SHOAL_STACK_DIR'] ?? '/var/lib/shoal/stack',
        logger: silentLogger,
      })
    }
    slug = makeSlug()
    images = new ReleaseImages({ docker, slugs: { fetch: async () => slug.path }, workDir: join(work, 'images') })
  },
  { timeout: 30 * 60_000 },
)

after(async () => {
  for (const m of managers) await m.close()
  for (const c of await docker.listContainers({ 'shoal.app': APP })) await docker.removeContainer(c.id, { force: true })
  if (stack !== '' && slug.sha256 !== '') await docker.removeImage(releaseImageTag(slug.sha256, stack), { force: true })
  rmSync(work, { recursive: true, force: true })
})

let manager: DynoManager
let generation = 0
const apply = (dynos: DynoSpec[]) => manager.apply({ epoch: 1, generation: ++generation, hostId: '', dynos })
/** The PORT of the running container of a dyno, from its label. */
function portOf(name: string): number {
  const c = execFileSync(
    'docker',
    [
      'ps',
      '--filter',
      `label=shoal.app=${APP}`,
      '--filter',
      `label=shoal.name=${name}`,
      '--format',
      '{{.Label "shoal.port"}}',
    ],
    { encoding: 'utf8' },
  ).trim()
  return Number(c.split('\n')[0])
}
function containerIds(): string[] {
  return execFileSync('docker', ['ps', '-q', '--no-trunc', '--filter', `label=shoal.app=${APP}`], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter(Boolean)
    .sort()
}

test('a web dyno boots from stack + slug and is up once it answers on $PORT', { timeout: 180_000 }, async (t) => {
  manager = await startManager()
  const t0 = performance.now()
  await apply([dyno('web.1', WEB)])
  await until('web.1 up', () => upAt.has('web.1'), 120_000)
  const firstMs = Math.round((upAt.get('web.1') ?? 0) - t0)
  const port = portOf('web.1')
  assert.ok(port >= PORTS.min && port <= PORTS.max)
  const body = await fetchJson(port)
  assert.deepEqual(body, {
    dyno: 'web.1',
    port,
    uid: 61000,
    home: '/app',
    cwd: '/app',
    profiled: 'yes',
    dotProfile: 'yes',
    greeting: 'hello from config',
    owner: 61000,
    writable: true,
  })
  assert.deepEqual(system('web.1'), [
    'Starting process with command `node server.js`',
    'State changed from starting to up',
  ])
  await until('app output', () => appLines('web.1').includes(`listening on ${port}`))

  const inspect = JSON.parse(execFileSync('docker', ['inspect', containerIds()[0] ?? ''], { encoding: 'utf8' }))[0]
  assert.equal(inspect.HostConfig.Memory, 2 * 512 * 1024 * 1024, 'hard limit at R15: twice the 512 MB quota')
  assert.equal(inspect.HostConfig.PidsLimit, 256)
  assert.equal(inspect.HostConfig.CpuShares, 1024)
  assert.deepEqual(inspect.HostConfig.CapDrop, ['ALL'])
  assert.deepEqual(inspect.HostConfig.SecurityOpt, ['no-new-privileges:true'])
  assert.equal(inspect.HostConfig.NetworkMode, 'host')
  assert.equal(inspect.Config.User, 'dyno')
  assert.equal(inspect.Config.Labels['shoal.managed'], 'true')

  // a second dyno of the same release: the image is cached, so this is the dyno's own start-to-up time
  const t1 = performance.now()
  await apply([dyno('web.1', WEB), dyno('web.2', WEB)])
  await until('web.2 up', () => upAt.has('web.2'), 30_000)
  const cachedMs = Math.round((upAt.get('web.2') ?? 0) - t1)
  assert.equal((await fetchJson(portOf('web.2')))['dyno'], 'web.2')
  assert.equal(images.builds, 1)
  t.diagnostic(`start to up: ${firstMs} ms with the image build, ${cachedMs} ms with the image cached`)
})

test('a web dyno that never binds $PORT gets R10 and SIGKILL; one that ignores SIGTERM gets R12 and SIGKILL', {
  timeout: 120_000,
}, async (t) => {
  const base = [dyno('web.1', WEB), dyno('web.2', WEB)]
  const started = performance.now()
  await apply([...base, dyno('web.3', NEVER_BINDS), dyno('worker.1', IGNORES_TERM)])
  await until('R10', () => system('web.3').some((l) => l.startsWith('Error R10')), 15_000)
  const r10Ms = Math.round(performance.now() - started)
  await until('the R10 kill', () => system('web.3').includes('State changed from starting to crashed'))
  assert.deepEqual(system('web.3').slice(0, 5), [
    'Starting process with command `echo not listening; exec sleep 600`',
    'Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 3 seconds of launch',
    'Stopping process with SIGKILL',
    'Process exited with status 137',
    'State changed from starting to crashed',
  ])
  assert.ok(r10Ms >= 3000, `R10 after ${r10Ms} ms`)
  assert.ok(!upAt.has('web.3'))

  await until('worker.1 ready', () => appLines('worker.1').includes('ready'))
  const stopping = performance.now()
  // scale away web.2 (honours SIGTERM), web.3 and worker.1 (ignores it)
  await apply([dyno('web.1', WEB)])
  await manager.settled()
  const stopMs = Math.round(performance.now() - stopping)
  assert.deepEqual(system('worker.1'), [
    `Starting process with command \`${IGNORES_TERM}\``,
    'State changed from starting to up',
    'State changed from up to down',
    'Stopping all processes with SIGTERM',
    'Error R12 (Exit timeout) -> At least one process failed to exit within 2 seconds of SIGTERM',
    'Stopping process with SIGKILL',
    'Process exited with status 137',
  ])
  assert.ok(stopMs >= 2000, `stopped after ${stopMs} ms`)
  assert.deepEqual(system('web.2').slice(-3), [
    'State changed from up to down',
    'Stopping all processes with SIGTERM',
    'Process exited with status 143',
  ])
  assert.deepEqual(
    manager.statuses().map((s) => s.name),
    ['web.1'],
  )
  assert.equal(containerIds().length, 1, 'stopped dynos leave no container')
  t.diagnostic(`R10 after ${r10Ms} ms (boot timeout 3 s); R12 stop took ${stopMs} ms (grace 2 s)`)
})

test('a killed agent is succeeded by one that adopts its running dynos: none duplicated, none orphaned', {
  timeout: 60_000,
}, async () => {
  const before = containerIds()
  const port = portOf('web.1')
  await manager.close() // as far as the containers can tell, the agent is gone
  const createsBefore = creates
  manager = await startManager()
  await manager.settled()
  await until('web.1 adopted', () => manager.statuses()[0]?.state === DynoState.DYNO_STATE_UP)
  assert.equal(creates, createsBefore, 'no container created')
  assert.deepEqual(containerIds(), before)
  assert.equal((await fetchJson(port))['dyno'], 'web.1')

  // the adopted dyno is supervised: when it dies, it is restarted at once on its port
  execFileSync('docker', ['kill', before[0] ?? ''])
  await until('restart', () => system('web.1').filter((l) => l === 'State changed from starting to up').length === 2)
  assert.notDeepEqual(containerIds(), before)
  assert.equal(containerIds().length, 1)
  assert.equal((await fetchJson(port))['dyno'], 'web.1')
  assert.ok(system('web.1').includes('Process exited with status 137'))
})

test('with a bridge and published ports, a dyno is up only once the app binds (docker-proxy does not fool the probe)', {
  timeout: 60_000,
}, async () => {
  const bridge = await startManager(
    `${HOST}-bridge`,
    { ...OPTIONS, portRange: BRIDGE_PORTS, container: { ...CONTAINER, network: { mode: 'bridge' } } },
    new MemoryStateStore(),
  )
  await bridge.apply({
    epoch: 1,
    generation: 1,
    hostId: '',
    dynos: [dyno('web.5', WEB, { id: `b5-${APP}` }), dyno('web.6', NEVER_BINDS, { id: `b6-${APP}` })],
  })
  await until('web.5 up', () => upAt.has('web.5'), 30_000)
  const port = portOf('web.5')
  assert.ok(port >= BRIDGE_PORTS.min && port <= BRIDGE_PORTS.max)
  const body = await fetchJson(port)
  assert.equal(body['dyno'], 'web.5')
  assert.equal(body['port'], port)
  await until('R10 of web.6', () => system('web.6').some((l) => l.startsWith('Error R10')), 15_000)
  assert.ok(!upAt.has('web.6'))
  const id = execFileSync('docker', ['ps', '-q', '--filter', `label=shoal.dyno-id=b5-${APP}`], {
    encoding: 'utf8',
  }).trim()
  assert.equal(
    execFileSync('docker', ['inspect', '-f', '{{.HostConfig.NetworkMode}}', id], { encoding: 'utf8' }).trim(),
    'bridge',
  )
  await bridge.stopAll()
  assert.equal(
    execFileSync('docker', ['ps', '-aq', '--filter', `label=shoal.host=${HOST}-bridge`], { encoding: 'utf8' }).trim(),
    '',
  )
})
