// The web dashboard in a real browser: Debian's chromium driven by playwright-core signs in with the API token,
// opens an app, scales web to 2 from the page and sees two dynos up, sees a router line arrive in the live tail and
// a chart with points from the controller's own history of router reports; enables log-runtime-metrics and finds
// Heroku's sample lines in `shoal logs`, the agent's per-dyno gauges and the dyno memory and load charts. Requests
// without the session (or without its CSRF token) are refused. Screenshots go to test-artifacts/dashboard/.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { apiFetcher } from '../helpers/api-fetch.ts'
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts'
import { httpGet } from '../helpers/http.ts'
import { eventually } from '../helpers/mesh.ts'
import { killAll, ROOT, tempDir } from '../helpers/processes.ts'
import { parseExposition } from '../helpers/prom-text.ts'

const APP = 'dashapp'
const STAMP = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00`
const ARTIFACTS = join(ROOT, 'test-artifacts', 'dashboard')

// Chromium aborts a navigation with ERR_NETWORK_CHANGED when an address appears on any interface of the machine,
// as Docker's veth pairs for new dynos do (CI saw it once): such a navigation is made again, at most three times.
async function openPage(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url)
      return
    } catch (err) {
      if (attempt >= 3 || !String(err).includes('ERR_NETWORK_CHANGED')) throw err
      console.log(`# navigation to ${url} aborted by a network change, made again`)
    }
  }
}

describe('web dashboard in chromium', { timeout: 15 * 60_000 }, () => {
  const profile = tempDir('chromium-profile')
  let c: TestCluster
  let context: BrowserContext | undefined
  let page: Page
  let traffic: NodeJS.Timeout | undefined
  const marker = `/live-${Date.now()}`
  const apiFetch = (url: string, init?: RequestInit): Promise<Response> => apiFetcher(c.fingerprint)(url, init)

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    // Runtime metric samples every 2 s instead of Heroku's 20 s, so the labs test sees several within seconds.
    c = await startTestCluster({ agents: 1, router: true, agentEnv: { SHOAL_DYNO_STATS_INTERVAL_MS: '2000' } })
    await c.ok(['apps:create', APP])
    await c.ok(['deploy', join(ROOT, 'examples', 'shell-app'), '-a', APP], { timeoutMs: 10 * 60_000 })
    await eventually(async () => /^web\.1: up /m.test(await c.ok(['ps', '-a', APP])), 120_000, 'web.1 up')
    context = await chromium.launchPersistentContext(profile.path, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1280, height: 1400 },
      // The API's certificate is self-signed (the CLI pins it); the browser is told to accept it.
      ignoreHTTPSErrors: true,
    })
    page = context.pages()[0] ?? (await context.newPage())
  })

  after(async () => {
    if (traffic !== undefined) clearInterval(traffic)
    await context?.close().catch(() => {})
    await c?.stop()
    // A cluster that failed to start is not in c: its daemons are still in the helper's list.
    await killAll()
    profile.remove()
  })

  it('refuses the API without a session, and the page without one shows the sign-in form', async () => {
    assert.equal((await apiFetch(`${c.apiUrl}/v1/apps`)).status, 401)
    assert.equal((await apiFetch(`${c.apiUrl}/v1/apps`, { headers: { cookie: 'shoal_session=forged' } })).status, 401)
    const started = performance.now()
    await openPage(page, `${c.apiUrl}/dashboard`)
    await page.locator('#login').waitFor({ state: 'visible' })
    // Page code runs in the browser: given as source text, since this file is type-checked without DOM types.
    const nav = (await page.evaluate(
      `(() => { const e = performance.getEntriesByType('navigation')[0]; return { dcl: e.domContentLoadedEventEnd, load: e.loadEventEnd } })()`,
    )) as { dcl: number; load: number }
    console.log(
      `# dashboard page load: DOMContentLoaded ${Math.round(nav.dcl)} ms, load ${Math.round(nav.load)} ms, sign-in form shown after ${Math.round(performance.now() - started)} ms`,
    )
    await page.screenshot({ path: join(ARTIFACTS, '1-sign-in.png') })
  })

  it('signs in with the API token into an HttpOnly, SameSite=Strict session', async () => {
    await page.fill('#token', 'wrong-token')
    await page.click('#login button[type=submit]')
    await page.getByText('That token is not right.').waitFor()
    await page.fill('#token', c.token)
    await page.click('#login button[type=submit]')
    await page.locator(`#apps a[href="#/apps/${APP}"]`).waitFor()
    const cookie = (await (context as BrowserContext).cookies()).find((k) => k.name === 'shoal_session')
    assert.ok(cookie !== undefined)
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Strict')
    assert.equal(cookie.secure, true, 'the API is served over TLS')
    // The cookie reads, but a write without the CSRF header is refused.
    const jar = `shoal_session=${cookie.value}`
    assert.equal((await apiFetch(`${c.apiUrl}/v1/apps`, { headers: { cookie: jar } })).status, 200)
    const forged = await apiFetch(`${c.apiUrl}/v1/apps/${APP}/formation`, {
      method: 'PATCH',
      headers: { cookie: jar, 'content-type': 'application/json' },
      body: JSON.stringify({ updates: [{ type: 'web', quantity: 5 }] }),
    })
    assert.equal(forged.status, 403)
    assert.equal(((await forged.json()) as { error: { code: string } }).error.code, 'FORBIDDEN')
  })

  it('opens the app and scales web to 2 from the page', async () => {
    const started = performance.now()
    await page.click(`#apps a[href="#/apps/${APP}"]`)
    await page.locator('#formation input[data-type=web]').waitFor()
    console.log(`# app page: formation shown ${Math.round(performance.now() - started)} ms after the click`)
    await page.fill('#formation input[data-type=web]', '2')
    await page.click('#formation button[data-scale=web]')
    // Polled through locators: the page's CSP forbids the eval a string predicate would need.
    await eventually(
      async () =>
        (await page.locator('#dynos tbody tr').allTextContents()).filter(
          (r) => r.startsWith('web.') && r.includes('up'),
        ).length === 2,
      180_000,
      'two web dynos up on the page',
    )
    const rows = await page.locator('#dynos tbody tr').allTextContents()
    assert.equal(rows.filter((r) => r.startsWith('web.') && r.includes('up')).length, 2, rows.join('\n'))
    const ps = await c.ok(['ps', '-a', APP])
    assert.equal((ps.match(/^web\.\d+: up /gm) ?? []).length, 2, ps)
  })

  it('labs:enable log-runtime-metrics: Heroku sample lines in shoal logs; dyno memory on /metrics and the page', async () => {
    assert.match(await c.ok(['labs', '-a', APP]), /^\[ \] log-runtime-metrics {2}Emit dyno resource usage/m)
    const bad = await c.shoal(['labs:enable', 'no-such-feature', '-a', APP])
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /Cannot enable feature "no-such-feature" of app "dashapp": no such feature/)
    await c.ok(['labs:enable', 'log-runtime-metrics', '-a', APP])
    assert.match(await c.ok(['labs', '-a', APP]), /^\[\+\] log-runtime-metrics/m)
    const head = String.raw`^${STAMP} shoal\[(web\.[12])\]: source=\1 dyno=heroku\.${APP}\.\S+`
    const memory = new RegExp(
      String.raw`${head} sample#memory_total=\d+\.\d\dMB sample#memory_rss=\d+\.\d\dMB sample#memory_cache=\d+\.\d\dMB ` +
        String.raw`sample#memory_swap=\d+\.\d\dMB sample#memory_pgpgin=\d+pages sample#memory_pgpgout=\d+pages ` +
        String.raw`sample#memory_quota=512\.00MB$`,
      'gm',
    )
    const load = new RegExp(
      String.raw`${head} sample#load_avg_1m=\d+\.\d\d sample#load_avg_5m=\d+\.\d\d sample#load_avg_15m=\d+\.\d\d$`,
      'm',
    )
    const out = await eventually(
      async () => {
        const text = await c.ok(['logs', '-a', APP, '-n', '1500'])
        const dynos = new Set([...text.matchAll(memory)].map((m) => m[1]))
        return dynos.size === 2 && load.test(text) ? text : null
      },
      60_000,
      'memory and load samples of both web dynos in shoal logs',
    )
    console.log(
      `# ${out
        .split('\n')
        .filter((l) => l.includes('sample#'))
        .slice(-2)
        .join('\n# ')}`,
    )
    // The agent exports the same readings to Prometheus, per app, process type and dyno.
    const metricsUrl = /"metrics":"(http:[^"]+)"/.exec(c.agents[0]?.output() ?? '')?.[1]
    assert.ok(metricsUrl, 'the agent logs its metrics URL')
    const samples = parseExposition(await (await fetch(metricsUrl)).text())
    const rss = samples.filter((x) => x.name === 'shoal_dyno_memory_bytes' && x.labels['app'] === APP)
    assert.deepEqual(new Set(rss.map((x) => x.labels['dyno'])), new Set(['web.1', 'web.2']))
    assert.ok(
      rss.every((x) => x.labels['process_type'] === 'web' && x.value >= 0),
      JSON.stringify(rss),
    )
    assert.ok(
      rss.some((x) => x.labels['kind'] === 'rss' && x.value > 1024 * 1024),
      'a running shell app uses more than 1 MB',
    )
    await eventually(
      async () => Number((await page.locator('#chart-memory').getAttribute('data-points')) ?? 0) > 0,
      60_000,
      'the dyno memory chart with points',
    )
    await eventually(
      async () => Number((await page.locator('#chart-load').getAttribute('data-points')) ?? 0) > 0,
      30_000,
      'the dyno load chart with points',
    )
    await c.ok(['labs:disable', 'log-runtime-metrics', '-a', APP])
    assert.match(await c.ok(['labs', '-a', APP]), /^\[ \] log-runtime-metrics/m)
  })

  it('shows a new log line live and charts with points from router reports', async () => {
    traffic = setInterval(() => {
      httpGet(c.routerUrl as string, `${APP}.shoal.localhost`, marker).catch(() => {})
    }, 200)
    await page
      .locator('#logs .line', { hasText: `path="${marker}"` })
      .first()
      .waitFor({ timeout: 60_000 })
    await eventually(
      async () => Number((await page.locator('#chart-throughput').getAttribute('data-points')) ?? 0) > 0,
      60_000,
      'a chart with points',
    )
    await page.locator('#chart-throughput canvas').waitFor()
    // Router reports arrive every ~2 s: the history holds requests once the traffic's first report is in.
    const points = await eventually(
      async () => {
        const p = await page.evaluate(async (app) => {
          const res = await fetch(`/v1/apps/${app}/metrics`)
          return ((await res.json()) as { points: Array<{ requests: number; serviceP50: number | null }> }).points
        }, APP)
        return p.some((x) => x.requests > 0) ? p : null
      },
      60_000,
      'requests in the metrics history',
    )
    assert.ok(points.some((p) => p.requests > 0 && p.serviceP50 !== null))
    // The charts refresh every 5 s: wait for one that includes the traffic before the screenshot.
    await eventually(
      async () => Number((await page.locator('#chart-throughput').getAttribute('data-points')) ?? 0) >= points.length,
      30_000,
      'the charts redrawn with the traffic',
    )
    await page.screenshot({ path: join(ARTIFACTS, '2-app.png'), fullPage: true })
  })
})
