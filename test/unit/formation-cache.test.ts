// The leader's FormationCache over a MemoryStore with the real AppService and FormationService: one full read per
// term, nothing re-read while nothing changes (however long), only the changed app re-read after a scale, a release
// or a destroy, and a lost watch drops the cache and is watched again. Each answer is checked against the uncached
// snapshotFormations.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppService } from '../../controller/apps/app-service.ts'
import { FormationService } from '../../controller/formation/formation-service.ts'
import { FormationCache } from '../../controller/orchestrator/formation-cache.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import type { WatchHandler, WatchOptions } from '../../controller/store/store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { waitFor } from '../helpers/wait-for.ts'

/** Keeps each watch's onError, so a test can end a watch as a backend that lost its stream would. */
class LosableStore extends MemoryStore {
  readonly watchErrors: ((err: Error) => void)[] = []
  override async watch(prefix: string, handler: WatchHandler, options: WatchOptions = {}): Promise<void> {
    await super.watch(prefix, handler, options)
    if (options.onError !== undefined) this.watchErrors.push(options.onError)
  }
}

const slug = (fill: string) => ({
  sha256: fill.repeat(64),
  size: 1,
  processTypes: { web: 'node web.js', worker: 'node worker.js' },
})

async function setup() {
  const store = new LosableStore()
  const clock = new ManualClock(Date.parse('2026-12-07T07:00:00Z'))
  const apps = new AppService({ store, clock })
  const formations = new FormationService({ store, apps, clock })
  for (const name of ['alpha', 'bravo']) {
    await apps.createApp({ name })
    await apps.createRelease(name, { slug: slug('a'), description: 'Deploy' })
    await formations.scale(name, [
      { type: 'web', quantity: 2 },
      { type: 'worker', quantity: 1 },
    ])
  }
  const reads = { all: 0, apps: [] as string[] }
  const cache = new FormationCache({
    store,
    clock,
    logger: silentLogger,
    read: () => {
      reads.all++
      return formations.snapshotFormations()
    },
    readApp: (app) => {
      reads.apps.push(app)
      return formations.appFormations(app)
    },
  })
  const term = new AbortController()
  await cache.start(term.signal)
  /** Waits until the cache's answer equals the uncached one and `check` holds for it. */
  const seen = (what: string, check: (list: Awaited<ReturnType<typeof cache.formations>>) => boolean) =>
    waitFor(
      what,
      async () => {
        const [cached, truth] = await Promise.all([cache.formations(), formations.snapshotFormations()])
        return check(cached) && JSON.stringify(cached) === JSON.stringify(truth)
      },
      { timeoutMs: 5000, intervalMs: 5 },
    )
  return { store, clock, apps, formations, cache, term, reads, seen }
}

/** The per-app reads since the last reset were of `app` alone (at least one). */
function onlyRead(apps: string[], app: string): void {
  assert.ok(apps.length > 0, `${app} was not re-read`)
  assert.deepEqual([...new Set(apps)], [app])
}

describe('FormationCache', () => {
  it('reads every app once, then nothing while nothing changes, however much time passes', async () => {
    const { clock, formations, cache, term, reads } = await setup()
    try {
      const first = await cache.formations()
      assert.deepEqual(first, await formations.snapshotFormations())
      assert.equal(first.length, 4)
      for (let i = 0; i < 20; i++) {
        clock.advance(60_000)
        assert.deepEqual(await cache.formations(), first)
      }
      assert.equal(reads.all, 1)
      assert.deepEqual(reads.apps, [])
    } finally {
      term.abort()
    }
  })

  it('re-reads only the app a scale, a release or a destroy touched', async () => {
    const { apps, formations, cache, term, reads, seen } = await setup()
    try {
      await cache.formations()
      await formations.scale('alpha', [{ type: 'web', quantity: 5 }])
      await seen('alpha web at 5', (l) =>
        l.some((f) => f.app === 'alpha' && f.processType === 'web' && f.quantity === 5),
      )
      onlyRead(reads.apps, 'alpha')

      reads.apps.length = 0
      const release = await apps.createRelease('bravo', { slug: slug('b'), description: 'Deploy 2' })
      await seen('bravo on its new release', (l) =>
        l.filter((f) => f.app === 'bravo').every((f) => f.release === release.version),
      )
      onlyRead(reads.apps, 'bravo')

      reads.apps.length = 0
      await apps.destroyApp('alpha')
      await seen('alpha gone', (l) => l.every((f) => f.app !== 'alpha') && l.length === 2)
      onlyRead(reads.apps, 'alpha')
      assert.equal(reads.all, 1)
    } finally {
      term.abort()
    }
  })

  it('drops everything when a watch ends, and watches again', async () => {
    const { store, clock, formations, cache, term, reads, seen } = await setup()
    try {
      await cache.formations()
      assert.equal(store.watchErrors.length, 3)
      store.watchErrors[0]?.(new Error('stream lost'))
      // Until the watches are back, every call reads the store.
      await cache.formations()
      await cache.formations()
      assert.equal(reads.all, 3)
      clock.advance(1000)
      await waitFor('the watches set up again', () => store.watchErrors.length === 6, {
        timeoutMs: 5000,
        intervalMs: 5,
      })
      await cache.formations()
      assert.equal(reads.all, 4, 'one full read after the watches are back')
      await cache.formations()
      assert.equal(reads.all, 4)
      await formations.scale('bravo', [{ type: 'worker', quantity: 3 }])
      await seen('bravo worker at 3', (l) =>
        l.some((f) => f.app === 'bravo' && f.processType === 'worker' && f.quantity === 3),
      )
      assert.equal(reads.all, 4)
    } finally {
      term.abort()
    }
  })

  it('reads the store on every call once its term ended', async () => {
    const { cache, term, reads } = await setup()
    await cache.formations()
    term.abort()
    await cache.formations()
    await cache.formations()
    assert.equal(reads.all, 3)
  })
})
