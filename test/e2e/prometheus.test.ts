// Metrics that can be found: a real Debian Prometheus discovers the controller, an agent and a router through the
// controller's http_sd endpoint (read-only token), scrapes them, and answers PromQL for an app's running dynos, its
// p95 service time (router histograms) and its dynos' memory (agent); `promtool check metrics` is clean for each
// daemon's exposition.
import assert from 'node:assert/strict'
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { SHOAL_VERSION } from '../../lib/version.ts'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { httpGet } from '../helpers/http.ts'
import { eventually } from '../helpers/mesh.ts'
import { freePort, killAll, ROOT, tempDir } from '../helpers/processes.ts'

const APP = 'promapp'

interface SdGroup {
  targets: string[]
  labels: Record<string, string>
}

describe('Prometheus discovers and scrapes every daemon', { timeout: 15 * 60_000 }, () => {
  const work = tempDir('prometheus')
  let c: TestCluster
  let prometheus: ChildProcess | undefined
  let promUrl = ''
  let readToken = ''
  const apiFetch = (url: string, init?: RequestInit): Promise<Response> => apiFetcher(c.fingerprint)(url, init)

  const promQuery = async (
    query: string,
  ): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`)
    const body = (await res.json()) as {
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> }
    }
    return body.data.result
  }

  before(async () => {
    // Dyno stats every 2 s (Heroku samples every 20 s) so the agent's per-dyno gauges are there at the first scrapes.
    c = await startTestCluster({ agents: 1, router: true, agentEnv: { SHOAL_DYNO_STATS_INTERVAL_MS: '2000' } })
    await c.ok(['apps:create', APP])
    // echo-app: `/slow?ms=N` answers after N ms, for a service time PromQL can be checked against
    await c.ok(['deploy', join(ROOT, 'test', 'fixtures', 'echo-app'), '-a', APP], { timeoutMs: 10 * 60_000 })
    await c.ok(['ps:scale', 'web=2', '-a', APP])
    await eventually(
      async () => ((await c.ok(['ps', '-a', APP])).match(/^web\.\d+: up /gm) ?? []).length === 2,
      180_000,
      'two web dynos up',
    )
  })

  after(async () => {
    if (prometheus !== undefined && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus?.once('exit', r))
      prometheus.kill('SIGTERM')
      await exited
    }
    await c?.stop()
    // A cluster that failed to start is not in c: its daemons are still in the helper's list.
    await killAll()
    work.remove()
  })

  it('lists every daemon for http_sd to the read-only token, which reads nothing else', async () => {
    readToken = (await c.ok(['metrics:token'])).trim()
    assert.match(readToken, /^shoal-ro\.[A-Za-z0-9_-]{43}$/)
    const groups = await eventually(
      async () => {
        const res = await apiFetch(`${c.apiUrl}/v1/prometheus/targets`, {
          headers: { authorization: `Bearer ${readToken}` },
        })
        assert.equal(res.status, 200)
        const g = (await res.json()) as SdGroup[]
        return g.length === 3 ? g : null
      },
      30_000,
      'controller, agent and router in the service discovery',
    )
    assert.deepEqual(groups.map((g) => g.labels.daemon).sort(), ['agent', 'controller', 'router'])
    for (const g of groups) {
      assert.equal(g.targets.length, 1)
      assert.match(g.targets[0] ?? '', /^[\d.]+:\d+$/)
      assert.equal(g.labels.version, SHOAL_VERSION)
      assert.ok((g.labels.host ?? '') !== '' && (g.labels.host_id ?? '') !== '')
    }
    const refused = await apiFetch(`${c.apiUrl}/v1/apps`, { headers: { authorization: `Bearer ${readToken}` } })
    assert.equal(refused.status, 401, 'the read-only token reads only the service discovery')
    const anonymous = await apiFetch(`${c.apiUrl}/v1/prometheus/targets`)
    assert.equal(anonymous.status, 401)
    const config = await c.ok(['metrics:token', '--config'])
    assert.match(config, /http_sd_configs:\n\s+- url: https?:\/\/127\.0\.0\.1:\d+\/v1\/prometheus\/targets/)
  })

  it("scrapes them, and PromQL answers an app's running dynos", async () => {
    const port = await freePort()
    promUrl = `http://127.0.0.1:${port}`
    const tokenFile = join(work.path, 'token')
    writeFileSync(tokenFile, readToken, { mode: 0o600 })
    // The API's certificate is self-signed: Prometheus trusts exactly it.
    const caFile = join(work.path, 'shoal-api.pem')
    const cluster = JSON.parse(readFileSync(join(c.dir, 'controller', 'cluster.json'), 'utf8')) as {
      apiTls: { certPem: string }
    }
    writeFileSync(caFile, cluster.apiTls.certPem)
    writeFileSync(
      join(work.path, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: shoal',
        '    http_sd_configs:',
        `      - url: ${c.apiUrl}/v1/prometheus/targets`,
        '        refresh_interval: 2s',
        `        authorization: { type: Bearer, credentials_file: ${tokenFile} }`,
        `        tls_config: { ca_file: ${caFile} }`,
        '',
      ].join('\n'),
    )
    let log = ''
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(work.path, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(work.path, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    prometheus.stderr?.on('data', (b: Buffer) => {
      log = (log + b.toString()).slice(-20_000)
    })
    const targets = await eventually(
      async () => {
        const res = await fetch(`${promUrl}/api/v1/targets`)
        const body = (await res.json()) as {
          data: { activeTargets: Array<{ health: string; labels: Record<string, string> }> }
        }
        const up = body.data.activeTargets.filter((t) => t.health === 'up')
        return up.length === 3 ? body.data.activeTargets : null
      },
      60_000,
      'three healthy targets in Prometheus',
    ).catch((err) => {
      throw new Error(`prometheus did not scrape the daemons:\n${log}`, { cause: err })
    })
    assert.deepEqual(targets.map((t) => t.labels.daemon).sort(), ['agent', 'controller', 'router'])
    const running = await eventually(
      async () => {
        const r = await promQuery(`sum(shoal_dynos{app="${APP}",process_type="web",state="running"})`)
        return r[0]?.value[1] === '2' ? r : null
      },
      30_000,
      'PromQL: 2 running web dynos',
    )
    assert.equal(running[0]?.value[1], '2')
    const desired = await promQuery(`shoal_dynos{app="${APP}",process_type="web",state="desired"}`)
    assert.equal(desired[0]?.value[1], '2')
    const up = await promQuery('up{job="shoal"}')
    assert.equal(up.length, 3)
    assert.ok(up.every((s) => s.value[1] === '1'))
  })

  it("PromQL answers an app's p95 service time from the router's histograms, and its dynos' memory", async () => {
    assert.ok(c.routerUrl)
    const host = `${APP}.shoal.localhost`
    // Routes may still be settling after `ps` says up: wait for 10 answers in a row first (fewer than 100, all fast:
    // they cannot move p95 out of the slow requests' bucket).
    let sent = 0
    let inARow = 0
    await eventually(
      async () => {
        assert.ok(sent < 60, 'the router answers 10 requests in a row within 60')
        sent++
        inARow = (await httpGet(c.routerUrl as string, host, '/')).status === 200 ? inARow + 1 : 0
        return inARow >= 10
      },
      60_000,
      'the router serves the app',
    )
    // 90 fast requests and 10 that take 300 ms: p95 lies in the (0.25, 0.5] s bucket, p50 in the fast ones.
    for (let i = 0; i < 100; i++) {
      const res = await httpGet(c.routerUrl, host, i % 10 === 9 ? '/slow?ms=300' : '/')
      assert.equal(res.status, 200, res.body)
    }
    const total = sent + 100
    const selector = `app="${APP}"`
    await eventually(
      async () => (await promQuery(`sum(shoal_router_requests_total{${selector}})`))[0]?.value[1] === String(total),
      60_000,
      `Prometheus has scraped the ${total} requests`,
    )
    const quantile = async (q: number): Promise<number> => {
      const r = await promQuery(
        `histogram_quantile(${q}, sum by (le) (shoal_router_service_seconds_bucket{${selector}}))`,
      )
      return Number(r[0]?.value[1])
    }
    const p95 = await quantile(0.95)
    const p50 = await quantile(0.5)
    console.log(`# PromQL service time of ${APP}: p50 ${(p50 * 1000).toFixed(1)} ms, p95 ${(p95 * 1000).toFixed(1)} ms`)
    assert.ok(p95 > 0.25 && p95 <= 0.5, `p95 ${p95} s`)
    assert.ok(p50 < 0.1, `p50 ${p50} s`)
    const ok = await promQuery(`sum(shoal_router_requests_total{${selector},status_class="2xx"})`)
    assert.ok(Number(ok[0]?.value[1]) >= 110, `2xx: ${ok[0]?.value[1]}`)
    // The agent's per-dyno readings: both web dynos, some memory each, the standard-1x quota.
    const memory = await eventually(
      async () => {
        const r = await promQuery(`shoal_dyno_memory_bytes{${selector},process_type="web",kind="total"} > 0`)
        return r.length === 2 ? r : null
      },
      30_000,
      'memory of both web dynos in Prometheus',
    )
    assert.deepEqual(memory.map((m) => m.metric['dyno']).sort(), ['web.1', 'web.2'])
    const quota = await promQuery(`max(shoal_dyno_memory_quota_bytes{${selector}})`)
    assert.equal(quota[0]?.value[1], String(512 * 1024 * 1024))
  })

  it('promtool check metrics is clean for every daemon', async () => {
    const res = await apiFetch(`${c.apiUrl}/v1/prometheus/targets`, {
      headers: { authorization: `Bearer ${readToken}` },
    })
    for (const g of (await res.json()) as SdGroup[]) {
      const body = await (await fetch(`http://${g.targets[0]}/metrics`)).text()
      const started = performance.now()
      let out = ''
      try {
        out = execFileSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8', stdio: 'pipe' })
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string }
        assert.fail(`promtool check metrics failed for the ${g.labels.daemon}:\n${e.stdout ?? ''}${e.stderr ?? ''}`)
      }
      assert.equal(out.trim(), '', `${g.labels.daemon}: ${out}`)
      console.log(
        `# ${g.labels.daemon}: ${body.split('\n').length} exposition lines, promtool ${Math.round(performance.now() - started)} ms`,
      )
    }
  })
})
