// The controller's level store on a disk that fills up: writes are refused with STORAGE_FULL, reads go on, writes
// work again once space returns, and every acknowledged write is still there after a restart (LevelDB would drop
// the writes made after a failed one when it replays its log, unless the store reopens first).
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { LevelStore } from '../../controller/store/level-store.ts'
import { ShoalError } from '../../proto/errors.ts'
import { tempDir } from '../helpers/processes.ts'
import { fillDisk, freeDisk, mountSmallDisk, unmountSmallDisk } from '../helpers/small-disk.ts'

const dir = tempDir('disk-full')
mountSmallDisk(dir.path, 32)
after(() => {
  unmountSmallDisk(dir.path)
  dir.remove()
})

const value = (text: string) => new TextEncoder().encode(text)
const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes))

test('a full disk refuses writes with STORAGE_FULL, keeps reads, and loses no acknowledged write', async () => {
  const path = join(dir.path, 'store')
  let store = await LevelStore.open(path)
  const acked = new Map<string, string>()
  for (let i = 0; i < 20; i++) {
    await store.put(`apps/before-${i}`, value(`v${i}`))
    acked.set(`apps/before-${i}`, `v${i}`)
  }
  fillDisk(dir.path)
  let refused = 0
  for (let i = 0; i < 10; i++) {
    try {
      await store.put(`apps/full-${i}`, value('x'.repeat(20_000)))
      acked.set(`apps/full-${i}`, 'x'.repeat(20_000)) // a write that found room is acknowledged like any other
    } catch (err) {
      assert.ok(err instanceof ShoalError, String(err))
      assert.equal(err.code, 'STORAGE_FULL', err.message)
      assert.match(err.message, /^Cannot write key "apps\/full-\d+": the disk holding the store \(.+\) is full$/)
      refused++
    }
  }
  assert.ok(refused > 0, 'the full disk refused writes')
  assert.equal(text((await store.get('apps/before-3'))?.value), 'v3', 'reads go on')
  assert.equal((await store.list('apps/before-')).length, 20)

  freeDisk(dir.path)
  for (let i = 0; i < 50; i++) {
    await store.put(`apps/after-${i}`, value(`a${i}`))
    acked.set(`apps/after-${i}`, `a${i}`)
  }
  await store.close()
  store = await LevelStore.open(path)
  const missing: string[] = []
  for (const [k, v] of acked) if (text((await store.get(k))?.value) !== v) missing.push(k)
  await store.close()
  assert.deepEqual(missing, [], `acknowledged writes lost after the restart: ${missing.length} of ${acked.size}`)
})
