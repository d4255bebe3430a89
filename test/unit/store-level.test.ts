import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { LevelStore } from '../../controller/store/level-store.ts'
import type { Store } from '../../controller/store/store.ts'
import { storeContract } from './store-contract.ts'

storeContract(
  'level',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-level-store-'))
    let current: Store = await LevelStore.open(dir)
    return {
      store: current,
      reopen: async () => {
        current = await LevelStore.open(dir)
        return current
      },
      cleanup: async () => {
        await current.close()
        await rm(dir, { recursive: true, force: true })
      },
    }
  },
  { persistent: true },
)

it('refuses to open a directory another store holds, with UNAVAILABLE', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-level-store-'))
  const first = await LevelStore.open(dir)
  try {
    await assert.rejects(LevelStore.open(dir), { code: 'UNAVAILABLE', message: /another process holds it/ })
  } finally {
    await first.close()
    await rm(dir, { recursive: true, force: true })
  }
})
