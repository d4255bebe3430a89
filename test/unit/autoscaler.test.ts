// The leader's Autoscaler over a MemoryStore with the real AppService and FormationService, a ManualClock and router
// reports carrying real DDSketches: it scales through the formation in one transaction with its state, logs each
// decision, stops on a manual scale (Heroku), continues on a new instance (a new leader), sleeps and wakes, and the
// service publishes concurrency and sleeping types for the app directory.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DDSketch } from '@datadog/sketches-js'
import { Registry } from 'prom-client'
import { AppService } from '../../controller/apps/app-service.ts'
import { type AutoscaleRecord, autoscaleKey } from '../../controller/autoscaler/autoscale-records.ts'
import { AutoscaleService } from '../../controller/autoscaler/autoscale-service.ts'
import { Autoscaler } from '../../controller/autoscaler/autoscaler.ts'
import { MetricWindows } from '../../controller/autoscaler/metric-windows.ts'
import { FormationService } from '../../controller/formation/formation-service.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { getJson } from '../../controller/store/store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'

function sketch(value: number, n: number): Uint8Array {
  const s = new DDSketch()
  for (let i = 0; i < n; i++) s.accept(value)
  return s.toProto()
}

async function setup(options: { unplaceable?: number; failScales?: number } = {}) {
  let failScales = options.failScales ?? 0
  const store = new MemoryStore()
  const clock = new ManualClock(Date.parse('2026-12-07T00:00:00Z'))
  const apps = new AppService({ store, clock, ownedPrefixes: ['autoscale/', 'concurrency/'] })
  const formations = new FormationService({ store, apps, clock })
  await apps.createApp({ name: 'shop' })
  await apps.createRelease('shop', {
    slug: { sha256: 'a'.repeat(64), size: 1, processTypes: { web: 'npm start', worker: 'node w.js' } },
    description: 'Deploy a',
  })
  await formations.ensureDefaults('shop')
  const windows = new MetricWindows()
  const lines: string[] = []
  let registry = new Registry()
  const make = () => {
    registry = new Registry()
    return new Autoscaler({
      store,
      windows,
      clock,
      logger: silentLogger,
      registry,
      appLog: (app, message) => lines.push(`${app} ${message}`),
      quantity: async (app, type) => (await formations.list(app)).find((f) => f.type === type)?.quantity,
      unplaceable: async () => options.unplaceable ?? 0,
      scale: async (app, type, quantity, also) => {
        if (failScales-- > 0) throw new ShoalError('UNAVAILABLE', 'Cannot scale: the store is not reachable')
        await formations.scale(app, [{ type, quantity }], { user: 'autoscaler', also })
      },
      tickMs: 1000,
    })
  }
  let autoscaler = make()
  const service = new AutoscaleService({
    store,
    clock,
    types: async (app) => (await formations.list(app)).map((f) => f.type),
    autoscaler: () => autoscaler,
    appLog: (app, message) => lines.push(`${app} ${message}`),
  })
  let sent = 0
  /** One router report per 2 s: `perSecond` arrivals, each waited `queueMs`, `queue` waiting at the end. */
  const report = (perSecond: number, queueMs: number, queue: number, dynos: number, inFlight = dynos) => {
    sent += 2000
    windows.ingest(
      {
        hostId: 'r1',
        sentAtMs: sent,
        intervalMs: 2000,
        stats: [
          {
            app: 'shop',
            processType: 'web',
            arrivals: perSecond * 2,
            completions: perSecond * 2,
            inFlight,
            queueLength: queue,
            queueSketch: sketch(queueMs, perSecond * 2),
            serviceSketch: sketch(100, perSecond * 2),
            dynos,
          },
        ],
        drained: [],
      },
      'r1',
      clock.now(),
    )
  }
  return {
    store,
    clock,
    formations,
    service,
    lines,
    get registry() {
      return registry
    },
    report,
    get autoscaler() {
      return autoscaler
    },
    newLeader() {
      autoscaler = make()
      return autoscaler
    },
  }
}

const web = async (f: FormationService) => (await f.list('shop')).find((x) => x.type === 'web')?.quantity

describe('autoscaler (leader loop)', () => {
  it('scales up on queue time through the formation, logs the decision, keeps state with the formation', async () => {
    const t = await setup()
    const status = await t.service.enable('shop', 'web', { min: 1, max: 10, metric: 'queue-time', target: 50 })
    assert.equal(status.enabled, true)
    assert.equal(status.settings.target, 50)
    t.clock.advance(2000)
    t.report(20, 240, 12, 1)
    await t.autoscaler.tick()
    t.clock.advance(2000)
    t.report(20, 240, 30, 1)
    await t.autoscaler.tick()
    const q = (await web(t.formations)) as number
    assert.ok(q >= 2 && q <= 5, `scaled to ${q}`)
    const line = t.lines.find((l) => l.includes('Scaled web from 1'))
    assert.match(line ?? '', /^shop Scaled web from 1 to \d: queue time p95 2\d\d ms > target 50 ms over (10|4) s/)
    const record = (await getJson<AutoscaleRecord>(t.store, autoscaleKey('shop', 'web')))?.value
    assert.equal(record?.state?.quantity, q, 'the state records the quantity it set, written with the formation')
    const [shown] = await t.service.list('shop')
    assert.equal(shown?.decisions[0]?.kind, 'up')
    assert.ok((shown?.current.short?.queueP95Ms ?? 0) > 200)
    const metrics = await t.registry.metrics()
    assert.match(metrics, /shoal_autoscaler_decisions_total\{app="shop",process_type="web",kind="up"\} 1/)
    assert.match(metrics, new RegExp(`shoal_autoscaler_dynos\\{app="shop",process_type="web"\\} ${q}`))
    assert.match(metrics, /shoal_app_queue_p95_seconds\{app="shop",process_type="web"\} 0\.2\d/)
  })

  it('keeps the decision state of rounds that change nothing (not written every round) for the next round', async () => {
    // After 1 → 2 the new dyno serves (readyAt is set in a round that decides nothing, and written only every 15 s);
    // a backlog it cannot absorb then gets the next step a panic window after it served, not after the next write.
    const t = await setup()
    await t.service.enable('shop', 'web', { min: 1, max: 10, metric: 'queue-time', target: 50 })
    let queue = 30
    const second = async (): Promise<number> => {
      for (let ms = 0; ms <= 30_000; ms += 1000) {
        t.clock.advance(1000)
        if (ms % 2000 === 0) t.report(40, 2000, queue++, (await web(t.formations)) === 1 ? 1 : 2)
        await t.autoscaler.tick()
        if (((await web(t.formations)) ?? 0) > 2) return ms
      }
      return -1
    }
    t.clock.advance(2000)
    t.report(40, 240, 12, 1)
    await t.autoscaler.tick()
    t.clock.advance(2000)
    t.report(40, 240, 13, 1)
    await t.autoscaler.tick()
    assert.equal(await web(t.formations), 2)
    const ms = await second()
    assert.ok(ms >= 0 && ms <= 8000, `the next step ${ms} ms after the first (the state was lost between writes)`)
  })

  it('a decision it could not apply leaves no state ahead of the formation (no false "scaled by hand")', async () => {
    const t = await setup({ failScales: 1 })
    await t.service.enable('shop', 'web', { min: 1, max: 10, metric: 'queue-time', target: 50 })
    for (let i = 0; i < 4; i++) {
      t.clock.advance(2000)
      t.report(20, 240, 12 + 10 * i, 1)
      await t.autoscaler.tick()
    }
    const [s] = await t.service.list('shop')
    assert.equal(s?.enabled, true, s?.disabledReason)
    assert.ok(((await web(t.formations)) as number) > 1, 'the next round applied the scale-up')
  })

  it('a manual ps:scale of an autoscaled type disables autoscaling (Heroku), and the loop leaves it alone', async () => {
    const t = await setup()
    await t.service.enable('shop', 'web', { min: 1, max: 10 })
    await t.formations.scale('shop', [{ type: 'web', quantity: 4 }])
    await t.service.manualScale('shop', ['web'])
    const [s] = await t.service.list('shop')
    assert.equal(s?.enabled, false)
    assert.equal(s?.disabledReason, 'scaled by hand with ps:scale')
    t.clock.advance(2000)
    t.report(20, 500, 30, 4)
    await t.autoscaler.tick()
    assert.equal(await web(t.formations), 4)
    assert.ok(t.lines.some((l) => l.includes('Autoscaling of web disabled: scaled by hand')))
  })

  it('a formation changed behind its back (no API hook) is detected as manual and disables autoscaling', async () => {
    const t = await setup()
    await t.service.enable('shop', 'web', { min: 1, max: 10 })
    t.clock.advance(1000)
    await t.autoscaler.tick()
    await t.formations.scale('shop', [{ type: 'web', quantity: 3 }])
    t.clock.advance(1000)
    await t.autoscaler.tick()
    const [s] = await t.service.list('shop')
    assert.equal(s?.enabled, false)
    assert.equal(s?.disabledReason, 'scaled by hand from 1 to 3')
  })

  it('a new leader continues from the stored decision state (no scale-down before the window)', async () => {
    const t = await setup()
    await t.service.enable('shop', 'web', { min: 1, max: 10, stabilizationMs: 60_000 })
    for (let i = 0; i < 3; i++) {
      t.clock.advance(2000)
      t.report(30, 400, 20 + 10 * i, 1)
      await t.autoscaler.tick()
    }
    const up = (await web(t.formations)) as number
    assert.ok(up > 1)
    const next = t.newLeader()
    // Quiet traffic from now on: the old leader's scale-up is inside the window, so nothing may go down yet.
    for (let i = 0; i < 10; i++) {
      t.clock.advance(2000)
      t.report(1, 0, 0, up, 0)
      await next.tick()
    }
    assert.equal(await web(t.formations), up)
    for (let i = 0; i < 40; i++) {
      t.clock.advance(2000)
      t.report(1, 0, 0, up, 0)
      await next.tick()
    }
    assert.ok(((await web(t.formations)) as number) < up, 'scaled down after the window')
  })

  it('min 0: sleeps after the idle time, the directory says sleeping, ps shows it, a wake scales it at once', async () => {
    const t = await setup()
    await t.service.enable('shop', 'web', { min: 0, max: 3, idleMs: 20_000 })
    for (let i = 0; i < 12; i++) {
      t.clock.advance(2000)
      await t.autoscaler.tick()
    }
    assert.equal(await web(t.formations), 0)
    assert.ok(t.lines.some((l) => /Scaled web from 1 to 0 \(sleeping\): no requests for 20 s/.test(l)))
    const extras = await t.service.directoryExtras()
    assert.deepEqual(extras.get('shop')?.sleeping, { web: 1 })
    assert.deepEqual(await t.service.sleeping('shop').then((s) => s.map((x) => x.type)), ['web'])
    await t.autoscaler.wake('shop', 'web')
    assert.equal(await web(t.formations), 1)
    assert.ok(t.lines.some((l) => /Scaled web from 0 to 1 \(waking\): a router is holding a request/.test(l)))
    assert.deepEqual((await t.service.directoryExtras()).get('shop')?.sleeping ?? {}, {})
  })

  it('capacity: an unplaceable scale-up is reported once, not retried every second', async () => {
    const t = await setup({ unplaceable: 2 })
    await t.service.enable('shop', 'web', { min: 1, max: 10 })
    for (let i = 0; i < 20; i++) {
      t.clock.advance(1000)
      if (i % 2 === 0) t.report(30, 400, 20 + i, 1)
      await t.autoscaler.tick()
    }
    const blocked = t.lines.filter((l) => l.includes('cannot be placed'))
    assert.equal(blocked.length, 1, t.lines.join('\n'))
    assert.equal(await web(t.formations), 1)
  })

  it('concurrency: validated, per type, 0 removes the limit, published for the directory', async () => {
    const t = await setup()
    assert.deepEqual(await t.service.setConcurrency('shop', { updates: [{ type: 'web', concurrency: 20 }] }), [
      { type: 'web', concurrency: 20 },
      { type: 'worker', concurrency: 0 },
    ])
    assert.deepEqual((await t.service.directoryExtras()).get('shop')?.concurrency, { web: 20 })
    await t.service.setConcurrency('shop', { updates: [{ type: 'web', concurrency: 0 }] })
    assert.equal((await t.service.directoryExtras()).get('shop'), undefined)
    await assert.rejects(
      t.service.setConcurrency('shop', { updates: [{ type: 'web', concurrency: 2.5 }] }),
      (e: unknown) => e instanceof ShoalError && e.code === 'INVALID_INPUT',
    )
    await assert.rejects(
      t.service.setConcurrency('shop', { updates: [{ type: 'nope', concurrency: 2 }] }),
      (e: unknown) => e instanceof ShoalError && e.code === 'NOT_FOUND',
    )
  })

  it('settings are checked: min above max, unknown metric, unknown type', async () => {
    const t = await setup()
    const code = (c: string, m?: RegExp) => (e: unknown) =>
      e instanceof ShoalError && e.code === c && (m === undefined || m.test(e.message))
    await assert.rejects(
      t.service.enable('shop', 'web', { min: 5, max: 2 }),
      code('INVALID_INPUT', /min 5 is above max 2/),
    )
    await assert.rejects(t.service.enable('shop', 'web', { max: 2, metric: 'cpu' }), code('INVALID_INPUT'))
    await assert.rejects(t.service.enable('shop', 'nope', { max: 2 }), code('NOT_FOUND'))
    await assert.rejects(t.service.disable('shop', 'web'), code('NOT_FOUND', /not autoscaled/))
  })
})
