// Apps, releases and config vars end to end: a real controller process and the shoal CLI, no agents. A deploy
// release is written into the stopped controller's store the way the build pipeline will write it, which also
// proves a controller restart loses nothing.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { AppService } from '../../controller/apps/app-service.ts'
import { loadKeyring } from '../../controller/cluster-keyring.ts'
import { LevelStore } from '../../controller/store/level-store.ts'
import { sealingStore } from '../../controller/store/sealing-store.ts'
import type { AppView, ReleaseView } from '../../proto/api.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { eventually } from '../helpers/mesh.ts'
import { type Daemon, freePort, killAll, type RunResult, runShoal, spawnShoal, tempDir } from '../helpers/processes.ts'

const DATE = String.raw`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \+0000 \(~ \d+[smh] ago\)`

describe('apps, releases and config vars (controller + CLI)', () => {
  const dir = tempDir('apps')
  const data = `${dir.path}/controller`
  // debug, so the check that no config value reaches the controller's log covers the chatty paths too.
  const env = { SHOAL_CONFIG: `${dir.path}/cli.json`, SHOAL_LOG_LEVEL: 'debug', SHOAL_APP: '' }
  let controller: Daemon | undefined
  const daemons: Daemon[] = []
  let apiUrl = ''
  let fingerprint = ''
  const apiFetch = (url: string, init?: RequestInit): Promise<Response> => apiFetcher(fingerprint)(url, init)

  const shoal = (...args: string[]): Promise<RunResult> => runShoal(args, env)
  const ok = async (...args: string[]): Promise<string> => {
    const res = await shoal(...args)
    assert.equal(res.code, 0, `shoal ${args.join(' ')}\n${res.stderr}`)
    return res.stdout
  }
  const fails = async (args: string[], stderr: RegExp): Promise<void> => {
    const res = await shoal(...args)
    assert.equal(res.code, 1, `shoal ${args.join(' ')} should fail\n${res.stdout}`)
    assert.match(res.stderr, stderr)
    assert.equal(res.stdout, '')
  }
  const startController = async (): Promise<void> => {
    controller = spawnShoal(['controller', '--data', data], env)
    daemons.push(controller)
    const c = controller
    await eventually(async () => (await apiFetch(`${apiUrl}/healthz`)).ok, 20_000, 'controller API').catch((err) => {
      throw new Error(`controller did not start:\n${c.output()}`, { cause: err })
    })
  }

  before(async () => {
    const [api, mesh, metrics] = [await freePort(), await freePort(), await freePort()]
    const init = await runShoal(
      [
        'init',
        ...['--data', data, '--mesh-listen', `/ip4/127.0.0.1/tcp/${mesh}`],
        ...['--api-listen', `127.0.0.1:${api}`, '--metrics-listen', `127.0.0.1:${metrics}`],
      ],
      env,
    )
    assert.equal(init.code, 0, init.stderr)
    ;({ apiUrl, fingerprint } = JSON.parse(readFileSync(env.SHOAL_CONFIG, 'utf8')) as {
      apiUrl: string
      fingerprint: string
    })
    await startController()
  })

  after(async () => {
    await killAll()
    dir.remove()
  })

  it('refuses an invalid app name and creates nothing', async () => {
    await fails(['apps:create', 'Bad_Name'], /^Error: Cannot create app: name "Bad_Name" .* \[INVALID_NAME\]\n$/)
    await fails(['apps:create', 'ab'], /must be at least 3 characters long \[INVALID_NAME\]/)
    assert.deepEqual(JSON.parse(await ok('apps', '--json')), [])
    assert.equal(await ok('apps'), 'You have no apps.\n')
  })

  it('creates apps with a given or a generated name and lists them', async () => {
    assert.equal(await ok('apps:create', 'demo-app'), 'Creating ⬢ demo-app... done\nhttp://demo-app.shoal.localhost/\n')
    const generated = await ok('apps:create')
    const m = /^Creating app\.\.\. done, ⬢ ([a-z]+-[a-z]+-\d{4})\nhttp:\/\/\1\.shoal\.localhost\/\n$/.exec(generated)
    assert.ok(m, generated)
    await fails(['apps:create', 'demo-app'], /name "demo-app" is already taken \[CONFLICT\]/)
    const names = (JSON.parse(await ok('apps', '--json')) as AppView[]).map((a) => a.name).sort()
    assert.deepEqual(names, ['demo-app', m[1]].sort())
    assert.match(await ok('apps'), /^=== Apps\n\n(.+\n){2}$/)
    const info = await ok('apps:info', '-a', 'demo-app')
    assert.match(info, /^=== ⬢ demo-app\n/)
    assert.match(info, /^Release: {4}v1 /m)
    assert.match(info, /^Web URL: {4}http:\/\/demo-app\.shoal\.localhost\/$/m)
    assert.equal((JSON.parse(await ok('apps:info', '-a', 'demo-app', '--json')) as AppView).currentRelease, 1)
  })

  it('needs an app for app commands, from -a or SHOAL_APP', async () => {
    await fails(
      ['releases'],
      /^Error: Cannot run releases: no app given \(use -a APP or set SHOAL_APP\) \[INVALID_INPUT\]/,
    )
    await fails(['config', '-a', 'no-such-app'], /^Error: Cannot find app "no-such-app" \[NOT_FOUND\]\n$/)
    const res = await runShoal(['releases'], { ...env, SHOAL_APP: 'demo-app' })
    assert.equal(res.code, 0, res.stderr)
    assert.match(res.stdout, /^=== demo-app Releases - Current: v1\n/)
  })

  it('sets, shows and unsets config vars, each change a release that releases lists', async () => {
    assert.equal(
      await ok('config:set', 'FOO=bar', 'DATABASE_URL=postgres://u:p@db/x?a=1', '-a', 'demo-app'),
      'Setting FOO, DATABASE_URL and restarting ⬢ demo-app... done, v2\nDATABASE_URL: postgres://u:p@db/x?a=1\nFOO:          bar\n',
    )
    const releases = await ok('releases', '-a', 'demo-app')
    assert.match(releases, /^=== demo-app Releases - Current: v2\n\n/)
    assert.match(releases, new RegExp(`^v2  Set FOO, DATABASE_URL config vars  admin  ${DATE}$`, 'm'))
    assert.match(releases, new RegExp(`^v1  Initial release {20}admin  ${DATE}$`, 'm'))
    assert.ok(releases.indexOf('v2  ') < releases.indexOf('v1  '), 'newest first')
    assert.equal(
      await ok('config', '-a', 'demo-app'),
      '=== demo-app Config Vars\n\nDATABASE_URL: postgres://u:p@db/x?a=1\nFOO:          bar\n',
    )
    assert.equal(await ok('config', '-a', 'demo-app', '-s'), "DATABASE_URL='postgres://u:p@db/x?a=1'\nFOO=bar\n")
    assert.deepEqual(JSON.parse(await ok('config', '-a', 'demo-app', '--json')), {
      FOO: 'bar',
      DATABASE_URL: 'postgres://u:p@db/x?a=1',
    })
    assert.equal(await ok('config:get', 'FOO', '-a', 'demo-app'), 'bar\n')
    assert.equal(await ok('config:get', 'NOPE', '-a', 'demo-app'), '\n')
    assert.equal(
      await ok('config:unset', 'DATABASE_URL', '-a', 'demo-app'),
      'Unsetting DATABASE_URL and restarting ⬢ demo-app... done, v3\n',
    )
    await fails(['config:set', 'not-a-key=1', '-a', 'demo-app'], /key "not-a-key" must start with .* \[INVALID_INPUT\]/)
    await fails(['config:set', 'NOEQUALS', '-a', 'demo-app'], /"NOEQUALS" is not KEY=VALUE \[INVALID_INPUT\]/)
    const json = JSON.parse(await ok('releases', '-a', 'demo-app', '--json')) as ReleaseView[]
    assert.deepEqual(
      json.map((r) => [r.version, r.description, r.current]),
      [
        [3, 'Remove DATABASE_URL config vars', true],
        [2, 'Set FOO, DATABASE_URL config vars', false],
        [1, 'Initial release', false],
      ],
    )
  })

  it('keeps everything across a controller restart and rolls back slug and config', async () => {
    await fails(
      ['rollback', '-a', 'demo-app'],
      /to v2: that release has no slug \(deploy the app first\) \[INVALID_INPUT\]/,
    )
    await controller?.kill('SIGTERM')
    // What the build pipeline does when a build finishes: a deploy release on the current config.
    // The controller's own store stack: config vars are sealed at rest under the cluster keyring.
    const keyring = loadKeyring(data)
    const store = sealingStore(await LevelStore.open(`${data}/store`), () => keyring)
    const apps = new AppService({ store })
    const slug = { sha256: 'ab'.repeat(32), size: 5_000_000, processTypes: { web: 'npm start' }, commit: '60a874b3' }
    await apps.createRelease('demo-app', { slug, description: 'Deploy 60a874b3' }) // v4, FOO=bar
    await apps.setConfig('demo-app', { FOO: 'changed', EXTRA: '1' }) // v5
    await store.close()
    await startController()

    const releases = await ok('releases', '-a', 'demo-app')
    assert.match(releases, /^=== demo-app Releases - Current: v5\n/)
    assert.match(releases, /^v4 {2}Deploy 60a874b3 {20}admin {2}/m)
    assert.match(await ok('apps:info', '-a', 'demo-app'), /^Slug Size: {2}4\.8MB$/m)

    assert.equal(await ok('rollback', 'v4', '-a', 'demo-app'), 'Rolling back ⬢ demo-app to v4... done, v6\n')
    assert.deepEqual(JSON.parse(await ok('config', '-a', 'demo-app', '--json')), { FOO: 'bar' })
    assert.equal(await ok('rollback', '-a', 'demo-app'), 'Rolling back ⬢ demo-app to v5... done, v7\n')
    assert.deepEqual(JSON.parse(await ok('config', '-a', 'demo-app', '--json')), { FOO: 'changed', EXTRA: '1' })
    const latest = (JSON.parse(await ok('releases', '-a', 'demo-app', '--json', '-n', '2')) as ReleaseView[]).map(
      (r) => [r.version, r.description, r.slug?.sha256, r.current],
    )
    assert.deepEqual(latest, [
      [7, 'Rollback to v5', slug.sha256, true],
      [6, 'Rollback to v4', slug.sha256, false],
    ])
    await fails(['rollback', 'v99', '-a', 'demo-app'], /Cannot find release v99 of app "demo-app" \[NOT_FOUND\]/)
    await fails(['rollback', 'latest', '-a', 'demo-app'], /"latest" is not a release version like v7 \[INVALID_INPUT\]/)
  })

  it('refuses apps:destroy without a matching --confirm, then destroys everything', async () => {
    await fails(['apps:destroy', '-a', 'demo-app'], /run again with --confirm demo-app \[INVALID_INPUT\]/)
    await fails(['apps:destroy', '-a', 'demo-app', '--confirm', 'other'], /--confirm other does not match/)
    assert.match(await ok('apps:info', '-a', 'demo-app'), /^=== ⬢ demo-app/)
    assert.equal(await ok('apps:destroy', '-a', 'demo-app', '--confirm', 'demo-app'), 'Destroying ⬢ demo-app... done\n')
    await fails(['apps:info', '-a', 'demo-app'], /^Error: Cannot find app "demo-app" \[NOT_FOUND\]\n$/)
    await fails(['releases', '-a', 'demo-app'], /\[NOT_FOUND\]/)
    assert.ok(!(JSON.parse(await ok('apps', '--json')) as AppView[]).some((a) => a.name === 'demo-app'))
    // A new app of the same name starts from scratch.
    await ok('apps:create', 'demo-app')
    assert.deepEqual(JSON.parse(await ok('config', '-a', 'demo-app', '--json')), {})
    assert.match(
      await ok('releases', '-a', 'demo-app'),
      /^=== demo-app Releases - Current: v1\n\nv1 {2}Initial release/,
    )
  })

  it('never wrote a config value to the controller log', () => {
    const logs = daemons.map((d) => d.output()).join('\n')
    assert.match(logs, /Set FOO, DATABASE_URL config vars by user admin/)
    assert.ok(!logs.includes('postgres://u:p@db'), 'a config value reached the log')
  })
})
