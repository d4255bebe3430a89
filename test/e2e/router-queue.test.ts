import assert from 'node:assert/strict'
import type { ServerResponse } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { DDSketch } from '@datadog/sketches-js'
import { type Backend, get, type Harness, httpBackend, startHarness, until } from '../helpers/router-harness.ts'

// The request queue the autoscaler reads: AppEntry.concurrency → each server's maxconn; requests beyond it wait in
// HAProxy's queue (queue= in the router line, queue_length and the queue sketch in ProcessStats), H11 once the
// app's queue is at its bound (here 2 per dyno instead of Heroku's 200, to keep the test small), H12 when a
// request waited in it past the timeout.

describe('router queue, concurrency and H11', { timeout: 60_000 }, () => {
  let h: Harness
  let dyno: Backend
  const held: ServerResponse[] = []

  before(async () => {
    h = await startHarness({ backlogPerDyno: 2, timeouts: { serverMs: 5000, queueMs: 600 } })
    dyno = await httpBackend((req, res) => {
      if (req.url === '/hold') held.push(res)
      else res.end('ok')
    })
    await h.directory([{ name: 'q', concurrency: { web: 1 } }])
    await h.announce('h1', [{ dynoId: 'q1', app: 'q', port: dyno.port, dynoName: 'web.1' }])
  })

  after(async () => {
    for (const r of held) r.end()
    await h.stop()
    await dyno.close()
  })

  it('queues beyond concurrency, answers H11 at the bound, and reports the queue', async () => {
    const first = get(h.port, 'q.shoal.test', '/hold')
    await until('one request at the dyno', () => held.length === 1 || undefined)
    const queued = [get(h.port, 'q.shoal.test', '/'), get(h.port, 'q.shoal.test', '/')]
    await until('two requests queued in HAProxy', async () => {
      const rows = await h.core.dataPlane.stats()
      return rows.some((r) => r.server === 'BACKEND' && r.qcur === 2) || undefined
    })
    assert.equal(held.length, 1, 'concurrency 1: the dyno sees one request at a time')

    const refused = await get(h.port, 'q.shoal.test', '/')
    assert.equal(refused.status, 503)
    assert.match(await h.waitLine(/code=H11/), /^at=error code=H11 desc="Backlog too deep" .* status=503 /)

    const report = await h.core.report(Date.now())
    const row = report.stats.find((r) => r.app === 'q')
    assert.equal(row?.queueLength, 2)
    assert.equal(row?.inFlight, 1)
    assert.equal(row?.dynos, 1)

    held[0]?.end('done')
    assert.equal((await first).status, 200)
    for (const r of await Promise.all(queued)) assert.equal(r.status, 200)
    const queuedLine = await h.waitLine(/path="\/" .* queue=\d+ms connect=\d+ms .*status=200/)
    const waited = Number(/queue=(\d+)ms/.exec(queuedLine)?.[1])
    assert.ok(waited > 0)

    await until(
      'the completions are logged',
      () => h.lines.filter((l) => /status=200/.test(l.line)).length >= 3 || undefined,
    )
    const next = (await h.core.report(Date.now())).stats.find((r) => r.app === 'q')
    assert.equal(next?.completions, 3)
    assert.equal(next?.queueLength, 0)
    const sketch = DDSketch.fromProto(next?.queueSketch as Uint8Array)
    assert.equal(sketch.count, 3)
    const top = sketch.getValueAtQuantile(1)
    assert.ok(top >= waited * 0.98, `queue sketch max ${top} < ${waited}`)
    assert.equal(DDSketch.fromProto(next?.serviceSketch as Uint8Array).count, 3)
    const text = await h.registry.metrics()
    assert.match(text, /shoal_router_requests_total\{app="q",status_class="5xx",code="H11"\} 1/)
    assert.match(text, /shoal_router_queue_seconds_count\{app="q"\} \d+/)
  })

  it('answers H12 to a request that waited in the queue past the timeout', async () => {
    held.length = 0
    const blocker = get(h.port, 'q.shoal.test', '/hold')
    await until('the dyno is busy', () => held.length === 1 || undefined)
    const waiting = await get(h.port, 'q.shoal.test', '/')
    assert.equal(waiting.status, 503)
    assert.match(await h.waitLine(/code=H12 .*path="\/" /), /desc="Request timeout"/)
    held[0]?.end('done')
    await blocker.catch(() => undefined)
  })

  it('lifts the limit when concurrency is removed (maxconn 0: unlimited)', async () => {
    held.length = 0
    await h.directory([{ name: 'q' }])
    const a = get(h.port, 'q.shoal.test', '/hold')
    const b = get(h.port, 'q.shoal.test', '/hold')
    await until('both requests at the dyno at once', () => held.length === 2 || undefined)
    for (const r of held) r.end('done')
    await Promise.all([a, b])
  })

  it("drops the app's metrics once it has left the directory", async () => {
    const series = async (): Promise<boolean> => /\{app="q"/.test(await h.registry.metrics())
    assert.ok(await series())
    await h.directory([])
    await until("q's series are gone", async () => {
      await h.core.report(Date.now())
      return !(await series()) || undefined
    })
    // requests that matched no app are still counted
    await get(h.port, 'q.shoal.test', '/')
    await until('the 404 is counted', async () =>
      /shoal_router_requests_total\{app="",status_class="4xx",code=""\} [1-9]/.test(await h.registry.metrics())
        ? true
        : undefined,
    )
  })
})
