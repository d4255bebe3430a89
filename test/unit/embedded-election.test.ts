import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { LeaderState } from '../../controller/election/election.ts'
import { EmbeddedElection } from '../../controller/election/embedded-election.ts'
import { EPOCH_KEY } from '../../controller/election/epoch.ts'
import { LevelStore } from '../../controller/store/level-store.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { getJson, putJson } from '../../controller/store/store.ts'

describe('EmbeddedElection', () => {
  it('gets a higher epoch on every controller restart over the same level store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-election-'))
    try {
      const epochs: number[] = []
      for (let restart = 0; restart < 3; restart++) {
        const store = await LevelStore.open(dir)
        const election = new EmbeddedElection({ store })
        assert.equal(election.isLeader(), false)
        assert.equal(election.epoch(), 0)
        await election.start()
        assert.equal(election.isLeader(), true)
        epochs.push(election.epoch())
        await election.stop()
        await store.close()
      }
      assert.deepEqual(epochs, [1, 2, 3])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('continues from the epoch already stored', async () => {
    const store = new MemoryStore()
    await putJson(store, EPOCH_KEY, { epoch: 41 })
    const election = new EmbeddedElection({ store })
    await election.start()
    assert.equal(election.epoch(), 42)
    assert.deepEqual((await getJson(store, EPOCH_KEY))?.value, { epoch: 42 })
  })

  it('hands distinct epochs to elections starting at once on one store', async () => {
    const store = new MemoryStore()
    const elections = Array.from({ length: 10 }, () => new EmbeddedElection({ store }))
    await Promise.all(elections.map((e) => e.start()))
    const epochs = elections.map((e) => e.epoch()).sort((a, b) => a - b)
    assert.deepEqual(
      epochs,
      Array.from({ length: 10 }, (_, i) => i + 1),
    )
  })

  it('tells handlers of each change, keeps the epoch on stop, and starts a new term after a stop', async () => {
    const store = new MemoryStore()
    const election = new EmbeddedElection({ store })
    const seen: LeaderState[] = []
    const other: LeaderState[] = []
    election.onChange(() => {
      throw new Error('a broken handler')
    })
    election.onChange((s) => seen.push(s))
    const unsubscribe = election.onChange((s) => other.push(s))
    await Promise.all([election.start(), election.start()])
    await election.start()
    unsubscribe()
    await election.stop()
    await election.stop()
    assert.equal(election.isLeader(), false)
    assert.equal(election.epoch(), 1)
    await election.start()
    assert.deepEqual(seen, [
      { leader: true, epoch: 1 },
      { leader: false, epoch: 1 },
      { leader: true, epoch: 2 },
    ])
    assert.deepEqual(other, [{ leader: true, epoch: 1 }])
  })

  it('does not lead when stopped while starting', async () => {
    const store = new MemoryStore()
    const election = new EmbeddedElection({ store })
    const starting = election.start()
    await election.stop()
    await starting
    assert.equal(election.isLeader(), false)
  })

  it('refuses to start over a malformed stored epoch rather than reuse one', async () => {
    const store = new MemoryStore()
    await putJson(store, EPOCH_KEY, { epoch: 'seven' })
    const election = new EmbeddedElection({ store })
    await assert.rejects(election.start(), { code: 'INTERNAL', message: /cluster\/epoch/ })
    assert.equal(election.isLeader(), false)
  })

  it('does not bump the epoch when the start signal has already aborted', async () => {
    const store = new MemoryStore()
    const ac = new AbortController()
    ac.abort()
    await assert.rejects(new EmbeddedElection({ store }).start(ac.signal), { name: 'AbortError' })
    assert.equal(await store.get(EPOCH_KEY), undefined)
  })
})
