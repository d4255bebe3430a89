// One-off dynos and the release phase end to end: real controller, agent and router processes, real Docker dynos,
// `shoal run` / `shoal run:detached` through the CLI, deploys whose Procfile has a `release:` process.
import assert from 'node:assert/strict'
import { cpSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { DynoView, ReleaseView } from '../../proto/api.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { eventually } from '../helpers/mesh.ts'
import { ROOT, runShoal, tempDir } from '../helpers/processes.ts'

const ECHO = `${ROOT}/test/fixtures/echo-app`
const APP = 'runner'
const UP_LINE = /^Running `(.+)` on ⬢ runner\.\.\. up, (run\.\d{4}) \(Standard-1X\)$/m

describe('one-off dynos and the release phase', { timeout: 30 * 60_000 }, () => {
  let c: TestCluster
  const dirs: Array<{ path: string; remove(): void }> = []
  const run = (args: string[], input?: string) =>
    c.shoal(['run', '-a', APP, '--', ...args], { timeoutMs: 120_000, ...(input === undefined ? {} : { input }) })
  /** A copy of the echo app whose Procfile also has `release: COMMAND`. */
  const withRelease = (command: string): string => {
    const dir = tempDir('release-app')
    dirs.push(dir)
    cpSync(ECHO, dir.path, { recursive: true })
    writeFileSync(join(dir.path, 'Procfile'), `web: node server.js\nrelease: ${command}\n`)
    return dir.path
  }
  const releases = async (): Promise<ReleaseView[]> =>
    JSON.parse(await c.ok(['releases', '-a', APP, '--json'])) as ReleaseView[]

  before(async () => {
    const stack = await runShoal(['stack:build'], {}, undefined, { timeoutMs: 20 * 60_000 })
    assert.equal(stack.code, 0, stack.stderr)
    c = await startTestCluster({ agents: 1, router: true })
    await c.ok(['apps:create', APP])
    await c.ok(['config:set', 'GREETING=from-config', '-a', APP])
    await c.ok(['deploy', ECHO, '-a', APP], { timeoutMs: 10 * 60_000 })
  })
  after(async () => {
    await c?.stop()
    for (const d of dirs) d.remove()
  })

  it('runs a command attached: its output here, Heroku\'s "up, run.N" line on stderr, exit 0', async () => {
    const t0 = Date.now()
    const res = await run(['echo', 'hi'])
    console.log(`# shoal run echo hi: ${Date.now() - t0} ms`)
    assert.equal(res.code, 0, res.stderr)
    assert.equal(res.stdout, 'hi\n')
    const m = UP_LINE.exec(res.stderr)
    assert.ok(m, res.stderr)
    assert.equal(m[1], 'echo hi')
  })

  it("exits with the dyno's exit code and passes stderr through", async () => {
    const res = await run(['sh', '-c', 'echo oops >&2; exit 7'])
    assert.equal(res.code, 7, res.stderr)
    assert.match(res.stderr, /^oops$/m)
    assert.equal(res.stdout, '')
  })

  it('feeds piped stdin to the dyno, which reads end-of-file when it ends', async () => {
    const res = await run(['cat'], 'abc\n')
    assert.equal(res.code, 0, res.stderr)
    assert.equal(res.stdout, 'abc\n')
    const counted = await run(['wc', '-l'], 'one\ntwo\nthree\n')
    assert.equal(counted.stdout.trim(), '3')
  })

  it('gives the dyno its config vars, -e env on top, and DYNO=run.N', async () => {
    const res = await c.shoal(['run', '-a', APP, '-e', 'EXTRA=yes', '--', 'sh', '-c', 'echo $GREETING $EXTRA $DYNO'], {
      timeoutMs: 120_000,
    })
    assert.equal(res.code, 0, res.stderr)
    const name = UP_LINE.exec(res.stderr)?.[2]
    assert.equal(res.stdout, `from-config yes ${name}\n`)
  })

  it('runs detached: the output goes to the logs under run.N, and ps lists it until it ends', async () => {
    const res = await c.shoal(['run:detached', '-a', APP, '--', 'sh', '-c', 'echo detached-output; sleep 60'])
    assert.equal(res.code, 0, res.stderr)
    const m =
      /^Running `sh -c 'echo detached-output; sleep 60'` on ⬢ runner\.\.\. done, (run\.\d{4}) \(Standard-1X\)$/m.exec(
        res.stderr,
      )
    assert.ok(m, res.stderr)
    const name = m[1] as string
    assert.equal(res.stdout, `Run shoal logs -a ${APP} -d ${name} to view the output.\n`)
    const logs = await eventually(
      async () => {
        const out = await c.ok(['logs', '-a', APP, '-d', name])
        return out.includes(`app[${name}]: detached-output`) ? out : null
      },
      90_000,
      'the detached output in the logs',
    )
    assert.match(logs, new RegExp(`shoal\\[${name.replace('.', '\\.')}\\]: Starting process with command`))
    const ps = await c.ok(['ps', '-a', APP])
    assert.match(ps, /=== run: one-off processes \(1\)/)
    assert.match(
      ps,
      new RegExp(`${name.replace('.', '\\.')} \\(Standard-1X\\): up .*: sh -c 'echo detached-output; sleep 60'`),
    )
    await c.ok(['ps:stop', name, '-a', APP])
    await eventually(
      async () => {
        const list = JSON.parse(await c.ok(['ps', '-a', APP, '--json'])) as DynoView[]
        return !list.some((d) => d.name === name)
      },
      60_000,
      'the stopped one-off gone from ps',
    )
  })

  it('fails a deploy whose release command fails: the release is marked failed, the previous one stays', async () => {
    const before = await releases()
    const current = before.find((r) => r.current)
    assert.ok(current)
    const res = await c.shoal(['deploy', withRelease('echo about to fail; exit 1'), '-a', APP], {
      timeoutMs: 10 * 60_000,
    })
    assert.equal(res.code, 1, res.stdout)
    assert.match(res.stdout, /Running release command for v\d+\.\.\./)
    assert.match(res.stdout, /about to fail/)
    assert.match(res.stdout, /Release phase failed/)
    assert.match(res.stderr, /exited with status 1; v\d+ is still the current release \[RELEASE_FAILED\]/)
    const after = await releases()
    const failed = after[0]
    assert.equal(failed?.status, 'failed')
    assert.equal(failed?.current, false)
    assert.equal(after.find((r) => r.current)?.version, current.version)
    const text = await c.ok(['releases', '-a', APP])
    assert.match(text, new RegExp(`Current: v${current.version}`))
  })

  it('runs a succeeding release command in the deploy, shows its output, and releases', async () => {
    const res = await c.shoal(['deploy', withRelease('echo migrated'), '-a', APP], { timeoutMs: 10 * 60_000 })
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`)
    assert.match(res.stdout, /Running release command for v(\d+)\.\.\.\n(.*\n)*? {7}migrated\n(.*\n)*? {7}Released v\1/)
    const [latest] = await releases()
    assert.equal(latest?.status, 'succeeded')
    assert.equal(latest?.current, true)
    await eventually(
      async () => {
        const web = (JSON.parse(await c.ok(['ps', '-a', APP, '--json'])) as DynoView[]).filter((d) => d.type === 'web')
        return web.length === 1 && web[0]?.state === 'up' && web[0].release === latest?.version
      },
      120_000,
      'web on the released version',
    )
    // The release dyno is gone once it ended.
    const ps = JSON.parse(await c.ok(['ps', '-a', APP, '--json'])) as DynoView[]
    assert.deepEqual(
      ps.filter((d) => d.type !== 'web').map((d) => d.name),
      [],
    )
  })
})
