// Log drains end to end: a real controller process, a joined mesh peer shipping app, platform and router lines the
// way agents and routers do, the shoal CLI, a real Debian rsyslogd receiving over TCP and TLS, and an HTTPS receiver
// here checking Logplex's framing and headers. Also: a drain that is down and one whose certificate cannot be
// verified report themselves in the app's log without holding up the others, and drains and rings survive a restart.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { appLine, formatTimestamp, microsFromMs, routerLine, systemLine } from '../../lib/log-format.ts'
import type { LogShipper } from '../../lib/log-shipper.ts'
import { decodeJoinToken } from '../../mesh/join-token.ts'
import type { LogDrainView } from '../../proto/api.ts'
import { LogBatchCodec } from '../../proto/codec.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { joinedLogPeer } from '../helpers/log-peer.ts'
import { eventually, type TestPeer } from '../helpers/mesh.ts'
import { type Daemon, freePort, killAll, runShoal, spawnShoal, tempDir } from '../helpers/processes.ts'
import { makeCerts, type Rsyslog, startRsyslog, type TestCerts } from '../helpers/rsyslog.ts'

const APP = 'draindemo'
const _codecs = { request: LogBatchCodec, response: LogBatchCodec }
const now = (): number => microsFromMs(Date.now())

interface Received {
  headers: Record<string, string | string[] | undefined>
  frames: string[]
  at: number
}

/** Splits an RFC 6587 octet-counted body; throws when a length does not match (what a strict receiver does). */
function octetFrames(body: Buffer): string[] {
  const frames: string[] = []
  let i = 0
  while (i < body.length) {
    const sp = body.indexOf(0x20, i)
    const len = Number(body.subarray(i, sp).toString('ascii'))
    if (sp < 0 || !Number.isInteger(len) || len <= 0) throw new Error(`bad frame length at byte ${i}`)
    frames.push(body.subarray(sp + 1, sp + 1 + len).toString('utf8'))
    i = sp + 1 + len
  }
  return frames
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

describe('log drains (controller process, rsyslogd over TCP and TLS, an HTTPS receiver)', () => {
  const dir = tempDir('drains')
  const data = `${dir.path}/controller`
  const env = {
    SHOAL_CONFIG: `${dir.path}/cli.json`,
    SHOAL_LOG_LEVEL: 'info',
    SHOAL_APP: '',
    SHOAL_DRAIN_BUFFER_LINES: '1000',
    SHOAL_DRAIN_NOTICE_MS: '500',
  }
  let apiUrl = ''
  let fingerprint = ''
  const apiFetch = (url: string, init?: RequestInit): Promise<Response> => apiFetcher(fingerprint)(url, init)
  let token = ''
  let _controllerPeer = ''
  let controller: Daemon | undefined
  let shipper: LogShipper | undefined
  let rsyslog: Rsyslog | undefined
  let https: Server | undefined
  let certs: TestCerts
  const received: Received[] = []
  const ports = { plain: 0, tls: 0, https: 0, down: 0 }
  const peers: TestPeer[] = []

  const shoal = async (...args: string[]): Promise<string> => {
    const r = await runShoal(args, env)
    assert.equal(r.code, 0, `shoal ${args.join(' ')}: ${r.stderr}`)
    return r.stdout
  }
  const startController = async (): Promise<void> => {
    const c = spawnShoal(['controller', '--data', data], env)
    controller = c
    await eventually(async () => (await apiFetch(`${apiUrl}/healthz`)).ok, 60_000, 'controller API').catch((err) => {
      throw new Error(`controller did not start:\n${c.output()}`, { cause: err })
    })
  }
  const appLogs = async (): Promise<string[]> => {
    const res = await apiFetch(`${apiUrl}/v1/apps/${APP}/logs?num=1500`, {
      headers: { authorization: `Bearer ${token}` },
    })
    return ((await res.json()) as { lines: string[] }).lines
  }
  const httpsFrames = (): string[] => received.flatMap((r) => r.frames)

  before(async () => {
    const [api, mesh, metrics] = [await freePort(), await freePort(), await freePort()]
    ports.plain = await freePort()
    ports.tls = await freePort()
    ports.down = await freePort()
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
    fingerprint = cli.fingerprint
    apiUrl = cli.apiUrl
    token = cli.token
    await startController()
    await shoal('apps:create', APP)

    certs = makeCerts(dir.path)
    rsyslog = await startRsyslog(dir.path, { plain: ports.plain, tls: ports.tls }, certs)
    https = createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        received.push({ headers: req.headers, frames: octetFrames(Buffer.concat(chunks)), at: Date.now() })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((r) => https?.listen(0, '127.0.0.1', () => r()))
    ports.https = (https.address() as AddressInfo).port

    const join = decodeJoinToken((await shoal('join-token')).trim())
    const joined = await joinedLogPeer(join, 'agent')
    peers.push(joined.member)
    _controllerPeer = joined.controllerPeer
    shipper = joined.shipper
  })

  after(async () => {
    await shipper?.stop()
    for (const p of peers) await p.stop().catch(() => {})
    await rsyslog?.stop()
    https?.closeAllConnections()
    await new Promise<void>((r) => (https === undefined ? r() : https.close(() => r())))
    await killAll()
    dir.remove()
  })

  it('adds, lists (--json) and limits drains with Heroku output', async () => {
    assert.equal((await shoal('drains', '-a', APP)).trim(), `There are no drains on ⬢ ${APP}`)
    assert.equal(
      (await shoal('drains:add', `syslog://127.0.0.1:${ports.plain}`, '-a', APP)).trim(),
      `Successfully added drain syslog://127.0.0.1:${ports.plain}`,
    )
    await shoal('drains:add', `syslog+tls://127.0.0.1:${ports.tls}`, '-a', APP, '--ca-file', certs.caFile)
    await shoal(
      'drains:add',
      `https://user:secret@localhost:${ports.https}/logs?x=1`,
      '-a',
      APP,
      '--ca-file',
      certs.caFile,
    )
    const listed = JSON.parse(await shoal('drains', '-a', APP, '--json')) as LogDrainView[]
    assert.equal(listed.length, 3)
    for (const d of listed) assert.match(d.token, /^d\.[0-9a-f-]{36}$/)
    const text = await shoal('drains', '-a', APP)
    assert.equal(text.split('\n')[0], '=== Drains')
    const plain = listed.find((d) => d.url === `syslog://127.0.0.1:${ports.plain}`)
    assert.ok(text.includes(`syslog://127.0.0.1:${ports.plain} (${plain?.token})`), text)
    const dup = await runShoal(['drains:add', `syslog://127.0.0.1:${ports.plain}`, '-a', APP], env)
    assert.equal(dup.code, 1)
    assert.match(dup.stderr, /\[CONFLICT\]/)
    const bad = await runShoal(['drains:add', 'http://example.com', '-a', APP], env)
    assert.match(bad.stderr, /scheme "http" is not one of .*\[INVALID_INPUT\]/)
  })

  it('delivers app, platform and router lines to rsyslog over TCP and TLS with exact RFC 5424 fields', async () => {
    const drains = JSON.parse(await shoal('drains', '-a', APP, '--json')) as LogDrainView[]
    const tokenOf = (prefix: string): string => drains.find((d) => d.url.startsWith(prefix))?.token ?? ''
    const at = now()
    const s = shipper as LogShipper
    s.ship(appLine(APP, 'web.1', 'héllo from the dyno', at))
    s.ship(systemLine(APP, 'web.1', 'State changed from starting to up', at + 1))
    s.ship(routerLine(APP, 'at=info method=GET path="/" status=200', at + 2))
    const r = rsyslog as Rsyslog
    const records = await eventually(
      () => {
        const got = r.records().filter((x) => x.msg.includes('at=info method=GET'))
        return got.length >= 2 ? r.records() : null
      },
      15_000,
      'lines at rsyslog',
    )
    for (const input of ['plain', 'tls'] as const) {
      const mine = records.filter((x) => x.input === input)
      const hostname = tokenOf(input === 'plain' ? 'syslog://' : 'syslog+tls://')
      const app = mine.find((x) => x.procId === 'web.1' && x.appName === 'app')
      assert.deepEqual(app, {
        input,
        pri: 190,
        timestamp: formatTimestamp(at),
        hostname,
        appName: 'app',
        procId: 'web.1',
        msgId: '-',
        structuredData: '-',
        msg: 'héllo from the dyno',
      })
      assert.ok(
        mine.some(
          (x) =>
            x.appName === 'shoal' &&
            x.procId === 'web.1' &&
            x.pri === 189 &&
            x.msg === 'State changed from starting to up',
        ),
      )
      assert.ok(
        mine.some(
          (x) => x.appName === 'shoal' && x.procId === 'router' && x.msg === 'at=info method=GET path="/" status=200',
        ),
      )
    }
  })

  it('posts batches to an HTTPS drain with Logplex framing and headers', async () => {
    const drains = JSON.parse(await shoal('drains', '-a', APP, '--json')) as LogDrainView[]
    const httpsToken = drains.find((d) => d.url.startsWith('https://'))?.token
    await eventually(() => httpsFrames().some((f) => f.includes('at=info method=GET')), 15_000, 'https drain')
    const ids = new Set<string>()
    for (const r of received) {
      assert.equal(r.headers['content-type'], 'application/logplex-1')
      assert.equal(r.headers['logplex-drain-token'], httpsToken)
      assert.equal(Number(r.headers['logplex-msg-count']), r.frames.length)
      assert.match(String(r.headers['logplex-frame-id']), /^[0-9a-f-]{36}$/)
      assert.equal(r.headers.authorization, `Basic ${Buffer.from('user:secret').toString('base64')}`)
      ids.add(String(r.headers['logplex-frame-id']))
    }
    assert.equal(ids.size, received.length, 'every batch has its own frame id')
    assert.ok(httpsFrames().some((f) => /^<190>1 \S+ d\.[0-9a-f-]{36} app web\.1 - héllo from the dyno$/.test(f)))
  })

  it('a drain that is down and one that fails certificate checks report in the app log and do not slow the others', async () => {
    await shoal('drains:add', `syslog://127.0.0.1:${ports.down}`, '-a', APP)
    // No --ca-file: the test CA is not trusted, so the handshake fails certificate verification (L14).
    await shoal('drains:add', `syslog+tls://localhost:${ports.tls}`, '-a', APP)
    const sixth = await runShoal(['drains:add', 'syslog://127.0.0.1:1', '-a', APP], env)
    assert.match(sixth.stderr, /already has 5 drains.*\[INVALID_INPUT\]/)

    // 2500 lines in 5 s: far more than the 1000-line buffers of the two broken drains hold, while the working drain
    // (same buffer) keeps up unless it stalls for seconds.
    const latencies: number[] = []
    const start = received.length
    for (let i = 0; i < 2500; i++) {
      ;(shipper as LogShipper).ship(appLine(APP, 'web.1', `burst ${i} sent=${Date.now()}`, now()))
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 100))
    }
    await eventually(() => httpsFrames().some((f) => f.includes('burst 2499 ')), 20_000, 'the burst at the https drain')
    for (const r of received.slice(start)) {
      for (const f of r.frames) {
        const sent = /burst \d+ sent=(\d+)$/.exec(f)?.[1]
        if (sent !== undefined) latencies.push(r.at - Number(sent))
      }
    }
    const p50 = percentile(latencies, 50)
    const p99 = percentile(latencies, 99)
    console.log(
      `# drain latency (ship → HTTPS drain, 2500 lines, 2 broken drains present): p50 ${p50} ms, p99 ${p99} ms`,
    )
    assert.equal(latencies.length, 2500, 'every line of the burst reached the working drain')
    const lines = await eventually(
      async () => {
        const l = await appLogs()
        const l10 = l.some((x) =>
          /shoal\[logplex\]: Error L10 \(output buffer overflow\): \d+ messages dropped since \d{4}-/.test(x),
        )
        const l13 = l.some((x) =>
          /shoal\[logplex\]: Error L13 \(drain delivery error\): drain d\.\S+: ECONNREFUSED/.test(x),
        )
        const l14 = l.some((x) => /shoal\[logplex\]: Error L14 \(certificate validation error\): drain d\.\S+/.test(x))
        return l10 && l13 && l14 ? l : null
      },
      20_000,
      'L10, L13 and L14 notices in the app log',
    )
    assert.ok(lines.length > 0)
  })

  it('keeps drains and the log ring across a controller restart', async () => {
    const before = await appLogs()
    // The burst filled the 1500-line ring: its last line is the newest app line.
    const newest = (lines: string[]): boolean => lines.some((l) => / app\[web\.1\]: burst 2499 sent=\d+$/.test(l))
    assert.ok(newest(before))
    await (controller as Daemon).kill('SIGTERM')
    await startController()
    const afterRestart = await appLogs()
    assert.ok(newest(afterRestart), 'ring restored from disk')
    assert.ok(
      afterRestart.length >= Math.min(before.length, 1500) - 5,
      `${afterRestart.length} of ${before.length} lines back`,
    )
    const drains = JSON.parse(await shoal('drains', '-a', APP, '--json')) as LogDrainView[]
    assert.equal(drains.length, 5)
    ;(shipper as LogShipper).ship(appLine(APP, 'web.2', 'after the restart', now()))
    await eventually(
      () => (rsyslog as Rsyslog).records().filter((x) => x.msg === 'after the restart').length === 2,
      20_000,
      'a line after the restart at rsyslog (TCP and TLS)',
    )
    const removed = await shoal('drains:remove', `syslog://127.0.0.1:${ports.down}`, '-a', APP)
    assert.equal(removed.trim(), `Successfully removed drain syslog://127.0.0.1:${ports.down}`)
    const tokenRemoved = drains.find((d) => d.url === `syslog+tls://localhost:${ports.tls}`)?.token ?? ''
    await shoal('drains:remove', tokenRemoved, '-a', APP)
    assert.equal((JSON.parse(await shoal('drains', '-a', APP, '--json')) as LogDrainView[]).length, 3)
  })

  it('a cluster drain receives every app', async () => {
    await shoal('apps:create', 'otherapp')
    await shoal('drains:add', '--cluster', `syslog://127.0.0.1:${ports.plain}`)
    assert.match(await shoal('drains', '--cluster'), /^=== Drains\nsyslog:\/\/127\.0\.0\.1:\d+ \(d\./)
    ;(shipper as LogShipper).ship(appLine('otherapp', 'worker.1', 'from another app', now()))
    await eventually(
      () => (rsyslog as Rsyslog).records().some((x) => x.input === 'plain' && x.msg === 'from another app'),
      15_000,
      'another app at the cluster drain',
    )
  })
})
