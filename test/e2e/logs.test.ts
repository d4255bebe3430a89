// Logs end to end: a real controller process, a mesh peer that joined the cluster shipping lines with LogShipper, a
// stranger that did not join, the API and the shoal CLI (plain and --tail).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { peerIdFromString } from '@libp2p/peer-id'
import { appLine, microsFromMs, routerLine, systemLine } from '../../lib/log-format.ts'
import type { LogShipper } from '../../lib/log-shipper.ts'
import { controllersOf } from '../../mesh/join-cluster.ts'
import { decodeJoinToken, type JoinToken } from '../../mesh/join-token.ts'
import { request } from '../../mesh/rpc.ts'
import type { LogsResponse } from '../../proto/api.ts'
import { LogBatchCodec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { PROTOCOL_LOGS } from '../../proto/topics.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { joinedLogPeer } from '../helpers/log-peer.ts'
import { eventually, type TestPeer, testPeer } from '../helpers/mesh.ts'
import { type Daemon, freePort, killAll, runShoal, spawnShoal, tempDir } from '../helpers/processes.ts'
import { parseExposition, sum } from '../helpers/prom-text.ts'

const APP = 'logdemo'
const codecs = { request: LogBatchCodec, response: LogBatchCodec }
const now = (): number => microsFromMs(Date.now())
const STAMP = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00`

describe('logs (controller process, mesh shipper, API, CLI)', () => {
  const dir = tempDir('logs')
  const data = `${dir.path}/controller`
  const env = { SHOAL_CONFIG: `${dir.path}/cli.json`, SHOAL_LOG_LEVEL: 'info', SHOAL_APP: '' }
  let apiUrl = ''
  let fingerprint = ''
  const apiFetch = (url: string, init?: RequestInit): Promise<Response> => apiFetcher(fingerprint)(url, init)
  let token = ''
  let metricsUrl = ''
  let join: JoinToken
  let controllerPeer = ''
  let shipper: LogShipper | undefined
  let controller: Daemon | undefined
  const peers: TestPeer[] = []

  const startController = async (): Promise<void> => {
    const c = spawnShoal(['controller', '--data', data], env)
    controller = c
    await eventually(async () => (await apiFetch(`${apiUrl}/healthz`)).ok, 20_000, 'controller API').catch((err) => {
      throw new Error(`controller did not start:\n${c.output()}`, { cause: err })
    })
  }
  const logs = async (query = ''): Promise<string[]> => {
    const res = await apiFetch(`${apiUrl}/v1/apps/${APP}/logs${query}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(res.status, 200)
    return ((await res.json()) as LogsResponse).lines
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
    const cli = JSON.parse(readFileSync(env.SHOAL_CONFIG, 'utf8')) as {
      apiUrl: string
      token: string
      fingerprint: string
    }
    apiUrl = cli.apiUrl
    fingerprint = cli.fingerprint
    token = cli.token
    metricsUrl = `http://127.0.0.1:${metrics}/metrics`
    await startController()
    const created = await apiFetch(`${apiUrl}/v1/apps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: APP }),
    })
    assert.equal(created.status, 201, await created.text())
    const jt = await runShoal(['join-token'], env)
    assert.equal(jt.code, 0, jt.stderr)
    join = decodeJoinToken(jt.stdout.trim())
    const joined = await joinedLogPeer(join, 'router')
    peers.push(joined.member)
    controllerPeer = joined.controllerPeer
    shipper = joined.shipper
  })

  after(async () => {
    await shipper?.stop()
    for (const p of peers) await p.stop().catch(() => {})
    await killAll()
    dir.remove()
  })

  it('stores lines shipped by an admitted peer and serves them formatted and filtered', async () => {
    const s = shipper as LogShipper
    s.ship(appLine(APP, 'web.1', 'hello from the mesh', now()))
    s.ship(systemLine(APP, 'web.1', 'State changed from starting to up', now()))
    s.ship(routerLine(APP, 'at=info method=GET path="/" status=200', now()))
    s.ship(appLine(APP, 'worker.1', 'tick', now()))
    const lines = await eventually(
      async () => {
        const l = await logs()
        return l.some((x) => x.endsWith('app[worker.1]: tick')) ? l : null
      },
      10_000,
      'shipped lines',
    )
    const mine = lines.filter((l) => !l.includes('app[api]'))
    assert.equal(mine.length, 4)
    assert.match(mine[0] as string, new RegExp(`^${STAMP} app\\[web\\.1\\]: hello from the mesh$`))
    assert.match(mine[1] as string, new RegExp(`^${STAMP} shoal\\[web\\.1\\]: State changed from starting to up$`))
    assert.match(mine[2] as string, new RegExp(`^${STAMP} shoal\\[router\\]: at=info method=GET path="/" status=200$`))
    assert.deepEqual(
      (await logs('?source=shoal')).map((l) => l.slice(33)),
      ['shoal[web.1]: State changed from starting to up', 'shoal[router]: at=info method=GET path="/" status=200'],
    )
    assert.deepEqual(
      (await logs('?ps=web&source=app')).map((l) => l.slice(33)),
      ['app[web.1]: hello from the mesh'],
    )

    const plain = await runShoal(['logs', '-a', APP, '-p', 'web'], env)
    assert.equal(plain.code, 0, plain.stderr)
    assert.deepEqual(
      plain.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.slice(33)),
      ['app[web.1]: hello from the mesh', 'shoal[web.1]: State changed from starting to up'],
    )
    const router = await runShoal(['logs', '-a', APP, '--dyno-name', 'router', '-s', 'shoal', '-n', '1'], env)
    assert.equal(router.code, 0, router.stderr)
    assert.match(router.stdout, new RegExp(`^${STAMP} shoal\\[router\\]: at=info method=GET path="/" status=200\\n$`))
  })

  it('shoal logs --tail prints recent lines, then live ones, until Ctrl-C', async () => {
    const tail = spawnShoal(['logs', '-a', APP, '--tail', '-n', '1', '-d', 'worker.1'], env)
    await eventually(() => tail.output().includes('app[worker.1]: tick'), 15_000, `recent line\n${tail.output()}`)
    // Shipped until seen: the tail may still be connecting when the first one arrives at the hub.
    let n = 0
    await eventually(
      () => {
        ;(shipper as LogShipper).ship(appLine(APP, 'worker.1', `live ${n++}`, now()))
        ;(shipper as LogShipper).ship(appLine(APP, 'web.1', 'not for this tail', now()))
        return /app\[worker\.1\]: live \d+\n/.test(tail.output())
      },
      15_000,
      `live line\n${tail.output()}`,
    )
    const exited = new Promise<number | null>((resolve) => tail.child.once('exit', (code) => resolve(code)))
    tail.child.kill('SIGINT')
    assert.equal(await exited, 0)
    assert.ok(!tail.output().includes('not for this tail'))
    assert.equal(tail.output().match(/app\[worker\.1\]: tick/g)?.length, 1, 'the recent line printed once')
  })

  it('shoal logs --tail survives a controller restart by reconnecting', async () => {
    const tail = spawnShoal(['logs', '-a', APP, '--tail', '-n', '0', '-d', 'worker.1'], env)
    let n = 0
    const seen = (prefix: string): Promise<true> =>
      eventually(
        () => {
          ;(shipper as LogShipper).ship(appLine(APP, 'worker.1', `${prefix} ${n++}`, now()))
          return new RegExp(`app\\[worker\\.1\\]: ${prefix} \\d+\\n`).test(tail.output()) || null
        },
        30_000,
        `${prefix} line\n${tail.output()}`,
      )
    await seen('before restart')
    await (controller as Daemon).kill('SIGTERM')
    await startController()
    await seen('after restart')
    assert.match(tail.output(), /reconnecting/)
    const exited = new Promise<number | null>((resolve) => tail.child.once('exit', (code) => resolve(code)))
    tail.child.kill('SIGINT')
    assert.equal(await exited, 0)
  })

  it('refuses log batches from a peer that never joined, and counts them', async () => {
    const stranger = await testPeer(Buffer.from(join.swarmKey, 'base64url'))
    peers.push(stranger)
    stranger.node.want(controllerPeer, controllersOf(join).get(controllerPeer) ?? [])
    const batch = { lines: [appLine(APP, 'web.1', 'forged line', now())] }
    await eventually(
      async () => {
        try {
          await request(stranger.node.libp2p, peerIdFromString(controllerPeer), PROTOCOL_LOGS, codecs, batch, {
            timeoutMs: 3000,
          })
          return 'accepted'
        } catch (err) {
          return err instanceof ShoalError && err.code === 'NOT_ADMITTED' ? 'refused' : null // null: not connected yet
        }
      },
      15_000,
      'an answer from the log hub',
    ).then((outcome) => assert.equal(outcome, 'refused'))
    const m = parseExposition(await (await fetch(metricsUrl)).text())
    assert.ok(sum(m, 'shoal_log_ingest_batches_total', { outcome: 'not_admitted' }) >= 1)
    assert.ok(sum(m, 'shoal_log_ingest_batches_total', { outcome: 'ok' }) >= 1)
    assert.ok(!(await logs('?num=1500')).some((l) => l.includes('forged line')))
  })

  it('prints one-line errors with their codes', async () => {
    const missing = await runShoal(['logs', '-a', 'nope-app'], env)
    assert.equal(missing.code, 1)
    assert.equal(missing.stderr, 'Error: Cannot find app "nope-app" [NOT_FOUND]\n')
    const tailMissing = await runShoal(['logs', '-a', 'nope-app', '--tail'], env)
    assert.equal(tailMissing.code, 1)
    assert.equal(tailMissing.stderr, 'Error: Cannot find app "nope-app" [NOT_FOUND]\n')
    const tooMany = await runShoal(['logs', '-a', APP, '-n', '5000'], env)
    assert.equal(tooMany.code, 1)
    assert.match(tooMany.stderr, /^Error: Cannot show logs: --num must be .* \[INVALID_INPUT\]\n$/)
    const noApp = await runShoal(['logs'], env)
    assert.match(noApp.stderr, /^Error: Cannot run logs: no app given .* \[INVALID_INPUT\]\n$/)
  })
})
