// FormationService on a MemoryStore with a real AppService: scale validation (every error, all-or-nothing), deltas,
// the per-app limit under concurrency, Heroku's first-deploy defaults and the scheduler's snapshot.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppService } from '../../controller/apps/app-service.ts'
import { FormationService } from '../../controller/formation/formation-service.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import type { TxnRequest, TxnResult } from '../../controller/store/store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { ShoalError } from '../../proto/errors.ts'

/** Counts lost compare-and-swaps (to prove a race happened) and can run something just before a formation write. */
class HookedStore extends MemoryStore {
  lost = 0
  beforeFormationWrite: (() => Promise<void>) | undefined
  override async txn(request: TxnRequest): Promise<TxnResult> {
    const hook = this.beforeFormationWrite
    if (hook !== undefined && request.success.some((op) => op.type === 'put' && op.key.startsWith('formation/'))) {
      this.beforeFormationWrite = undefined
      await hook()
    }
    const res = await super.txn(request)
    if (!res.succeeded) this.lost++
    return res
  }
}

const WEB_WORKER = { web: 'npm start', worker: 'node worker.js' }

const slug = (fill: string, processTypes: Record<string, string> = WEB_WORKER) => ({
  sha256: fill.repeat(64),
  size: 1000,
  processTypes,
})

async function setup(processTypes: Record<string, string> | null = WEB_WORKER) {
  const store = new HookedStore()
  const clock = new ManualClock(Date.parse('2026-11-26T15:00:00Z'))
  const events: string[] = []
  const apps = new AppService({ store, clock })
  const formation = new FormationService({ store, apps, clock, onEvent: (app, line) => events.push(`${app}: ${line}`) })
  await apps.createApp({ name: 'demo' })
  if (processTypes !== null)
    await apps.createRelease('demo', { slug: slug('a', processTypes), description: 'Deploy a' })
  return { store, clock, apps, formation, events }
}

function rejects(code: string, message?: string) {
  return (err: unknown) => {
    assert.ok(err instanceof ShoalError, String(err))
    assert.equal(err.code, code)
    if (message !== undefined) assert.equal(err.message, message)
    return true
  }
}

const quantities = async (f: FormationService, app = 'demo') =>
  Object.fromEntries((await f.list(app)).map((v) => [v.type, `${v.quantity}:${v.size}`]))

describe('formation: scale validation', () => {
  it('refuses an app with no deployed release, and an app that does not exist', async () => {
    const { formation } = await setup(null)
    assert.deepEqual(await formation.list('demo'), [])
    await assert.rejects(
      formation.scale('demo', [{ type: 'web', quantity: 1 }]),
      rejects('INVALID_INPUT', 'Cannot scale web: app "demo" has no release'),
    )
    await assert.rejects(formation.scale('nope', [{ type: 'web', quantity: 1 }]), rejects('NOT_FOUND'))
    await assert.rejects(formation.list('nope'), rejects('NOT_FOUND'))
  })

  it('names the release and its types when a type is unknown', async () => {
    const { formation } = await setup()
    await assert.rejects(
      formation.scale('demo', [{ type: 'foo', quantity: 1 }]),
      rejects('INVALID_INPUT', 'Cannot scale foo: no process type "foo" in release v2 (types: web, worker)'),
    )
  })

  it('refuses bounds, fractions, unknown sizes, duplicates and empty updates with Heroku-like text', async () => {
    const { formation } = await setup()
    const cases: Array<[Parameters<FormationService['scale']>[1], string]> = [
      [[{ type: 'web', quantity: 101 }], 'Cannot scale web: the quantity must be 0 to 100, not 101'],
      [[{ type: 'web', quantity: -1 }], 'Cannot scale web: the quantity must be 0 to 100, not -1'],
      [[{ type: 'web', quantity: 1.5 }], 'Cannot scale web: the quantity must be a whole number, not 1.5'],
      [[{ type: 'web', delta: -1 }], 'Cannot scale web: 0 - 1 would be -1 dynos (the quantity must be 0 to 100)'],
      [[{ type: 'web', delta: 101 }], 'Cannot scale web: 0 + 101 would be 101 dynos (the quantity must be 0 to 100)'],
      [[{ type: 'web', quantity: 1, delta: 1 }], 'Cannot scale web: give a quantity or a delta, not both'],
      [[{ type: 'web' }], 'Cannot scale web: give a quantity, a delta or a size'],
      [
        [{ type: 'web', size: 'huge' }],
        'Cannot scale web: unknown dyno size "huge" (sizes: Standard-1X, Standard-2X, Performance-M, Performance-L)',
      ],
      [
        [
          { type: 'web', quantity: 1 },
          { type: 'web', quantity: 2 },
        ],
        'Cannot scale web: it is named more than once',
      ],
      [[{ type: 'we b', quantity: 1 }], 'Cannot scale: "we b" is not a process type name'],
      [[], 'Cannot scale app "demo": no updates'],
      [
        [
          { type: 'web', quantity: 60 },
          { type: 'worker', quantity: 41 },
        ],
        'Cannot scale app "demo": it would run 101 dynos (at most 100 per app)',
      ],
    ]
    for (const [updates, message] of cases) {
      await assert.rejects(formation.scale('demo', updates), rejects('INVALID_INPUT', message))
    }
  })

  it('never scales the release-phase type, and leaves it out of the formation', async () => {
    const { apps, formation } = await setup(null)
    const r = await apps.createRelease('demo', {
      slug: slug('b', { web: 'npm start', release: 'npm run migrate' }),
      description: 'Deploy b',
    })
    await apps.markRelease('demo', r.version, 'succeeded')
    assert.deepEqual(await formation.list('demo'), [
      { type: 'web', quantity: 0, size: 'standard-1x', command: 'npm start' },
    ])
    await assert.rejects(
      formation.scale('demo', [{ type: 'release', quantity: 1 }]),
      rejects(
        'INVALID_INPUT',
        'Cannot scale release: the release process type runs only in the release phase of a deploy',
      ),
    )
  })

  it('applies all updates or none: one bad update writes nothing and emits nothing', async () => {
    const { store, formation, events } = await setup()
    await formation.scale('demo', [{ type: 'web', quantity: 1 }])
    const before = await store.list('formation/')
    events.length = 0
    await assert.rejects(
      formation.scale('demo', [
        { type: 'web', quantity: 5 },
        { type: 'worker', size: 'standard-2x' },
        { type: 'worker', quantity: 2 },
      ]),
      rejects('INVALID_INPUT'),
    )
    await assert.rejects(
      formation.scale('demo', [
        { type: 'web', quantity: 5 },
        { type: 'clock', quantity: 1 },
      ]),
      rejects('INVALID_INPUT'),
    )
    assert.deepEqual(await store.list('formation/'), before)
    assert.deepEqual(events, [])
    assert.deepEqual(await quantities(formation), { web: '1:standard-1x', worker: '0:standard-1x' })
  })
})

describe('formation: scaling', () => {
  it('sets, adds and removes dynos, resizes case-insensitively, and says so like Heroku', async () => {
    const { formation, events } = await setup()
    const view = await formation.scale('demo', [
      { type: 'web', quantity: 2 },
      { type: 'worker', delta: 1, size: 'Standard-2X' },
    ])
    assert.deepEqual(view, [
      { type: 'web', quantity: 2, size: 'standard-1x', command: 'npm start' },
      { type: 'worker', quantity: 1, size: 'standard-2x', command: 'node worker.js' },
    ])
    assert.deepEqual(events, ['demo: Scaled to web@2:Standard-1X, worker@1:Standard-2X by user admin'])
    await formation.scale('demo', [{ type: 'web', delta: -1 }], { user: 'ops' })
    await formation.scale('demo', [{ type: 'worker', size: 'PERFORMANCE-M' }])
    assert.deepEqual(await quantities(formation), { web: '1:standard-1x', worker: '1:performance-m' })
    assert.equal(events[1], 'demo: Scaled to web@1:Standard-1X by user ops')
    assert.equal(events[2], 'demo: Scaled to worker@1:Performance-M by user admin')
  })

  it('writes and announces nothing when a scale changes nothing', async () => {
    const { store, formation, events } = await setup()
    await formation.scale('demo', [{ type: 'web', quantity: 2 }])
    const revisions = (await store.list('formation/')).map((e) => e.revision)
    const view = await formation.scale('demo', [{ type: 'web', quantity: 2, size: 'standard-1x' }])
    assert.equal(view[0]?.quantity, 2)
    assert.deepEqual(
      (await store.list('formation/')).map((e) => e.revision),
      revisions,
    )
    assert.equal(events.length, 1)
  })

  it('loses no increment under 20 concurrent web+1', async () => {
    const { store, formation, events } = await setup()
    await Promise.all(Array.from({ length: 20 }, () => formation.scale('demo', [{ type: 'web', delta: 1 }])))
    assert.deepEqual(await quantities(formation), { web: '20:standard-1x', worker: '0:standard-1x' })
    assert.ok(store.lost > 0, 'the scales should have raced')
    assert.equal(events.length, 20)
  })

  it('keeps the 100-dyno app limit when two scales of different types race', async () => {
    const { formation } = await setup()
    const results = await Promise.allSettled([
      formation.scale('demo', [{ type: 'web', quantity: 60 }]),
      formation.scale('demo', [{ type: 'worker', quantity: 60 }]),
    ])
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected'])
    const total = (await formation.list('demo')).reduce((n, v) => n + v.quantity, 0)
    assert.equal(total, 60)
  })

  it('retries when a release lands between its read and its write', async () => {
    const { store, apps, formation } = await setup()
    store.beforeFormationWrite = async () => {
      await apps.setConfig('demo', { FOO: 'bar' })
    }
    await formation.scale('demo', [{ type: 'web', quantity: 3 }])
    assert.equal(store.lost, 1)
    assert.deepEqual(await quantities(formation), { web: '3:standard-1x', worker: '0:standard-1x' })
  })

  it('leaves no formation key behind when the app is destroyed between its read and its write', async () => {
    const { store, apps, formation } = await setup()
    store.beforeFormationWrite = async () => {
      await apps.destroyApp('demo')
    }
    await assert.rejects(formation.scale('demo', [{ type: 'web', quantity: 3 }]), rejects('NOT_FOUND'))
    assert.deepEqual(await store.list('formation/'), [])
  })
})

describe('formation: ensureDefaults', () => {
  it("gives a first deploy Heroku's formation (web 1, others 0) and announces it", async () => {
    const { formation, events } = await setup()
    const view = await formation.ensureDefaults('demo')
    assert.deepEqual(view, [
      { type: 'web', quantity: 1, size: 'standard-1x', command: 'npm start' },
      { type: 'worker', quantity: 0, size: 'standard-1x', command: 'node worker.js' },
    ])
    assert.deepEqual(events, ['demo: Scaled to web@1:Standard-1X by user admin'])
    await formation.ensureDefaults('demo')
    assert.equal(events.length, 1, 'a second call changes nothing')
  })

  it('never touches existing records, adds new types at 0 and drops types the slug no longer has', async () => {
    const { store, apps, formation } = await setup()
    await formation.scale('demo', [
      { type: 'web', quantity: 0 },
      { type: 'worker', quantity: 3 },
    ])
    await apps.createRelease('demo', {
      slug: slug('c', { web: 'npm start', clock: 'node clock.js' }),
      description: 'Deploy c',
    })
    const view = await formation.ensureDefaults('demo')
    assert.deepEqual(
      view.map((v) => `${v.type}=${v.quantity}`),
      ['web=0', 'clock=0'],
    )
    assert.deepEqual(
      (await store.list('formation/demo/')).map((e) => e.key),
      ['formation/demo/clock', 'formation/demo/web'],
    )
  })

  it('does nothing before the first deploy', async () => {
    const { store, formation } = await setup(null)
    assert.deepEqual(await formation.ensureDefaults('demo'), [])
    assert.deepEqual(await store.list('formation/'), [])
  })
})

describe('formation: snapshotFormations', () => {
  it("lists each running type of each app on its current release's version and command", async () => {
    const { apps, formation } = await setup()
    await formation.scale('demo', [
      { type: 'web', quantity: 2, size: 'standard-2x' },
      { type: 'worker', quantity: 0 },
    ])
    await apps.createApp({ name: 'other' })
    await apps.createRelease('other', { slug: slug('d', { worker: 'bin/work' }), description: 'Deploy d' })
    await formation.scale('other', [{ type: 'worker', quantity: 1 }])
    await apps.createApp({ name: 'empty' })
    // A release in its release phase is not current: the snapshot keeps running v2.
    await apps.createRelease('demo', {
      slug: slug('e', { web: 'npm run serve', release: 'migrate' }),
      description: 'Deploy e',
    })
    assert.deepEqual(await formation.snapshotFormations(), [
      { app: 'demo', processType: 'web', quantity: 2, size: 'standard-2x', release: 2, command: 'npm start' },
      { app: 'other', processType: 'worker', quantity: 1, size: 'standard-1x', release: 2, command: 'bin/work' },
    ])
    await apps.markRelease('demo', 3, 'succeeded')
    const demo = (await formation.snapshotFormations()).filter((f) => f.app === 'demo')
    assert.deepEqual(demo, [
      { app: 'demo', processType: 'web', quantity: 2, size: 'standard-2x', release: 3, command: 'npm run serve' },
    ])
  })

  it('leaves out a destroyed app and a type the current slug lacks', async () => {
    const { apps, formation } = await setup()
    await formation.scale('demo', [{ type: 'worker', quantity: 2 }])
    await apps.createRelease('demo', { slug: slug('f', { web: 'npm start' }), description: 'Deploy f' })
    assert.deepEqual(await formation.snapshotFormations(), [])
    await formation.scale('demo', [{ type: 'web', quantity: 1 }])
    assert.equal((await formation.snapshotFormations()).length, 1)
    await apps.destroyApp('demo')
    assert.deepEqual(await formation.snapshotFormations(), [])
  })
})
