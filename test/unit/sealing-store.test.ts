import assert from 'node:assert/strict'
import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadKeyring, rotateKeyring } from '../../controller/cluster-keyring.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { sealingStore, sealPlaintext } from '../../controller/store/sealing-store.ts'
import { decodeJson, encodeJson, getJson, listJson, type WatchEvent } from '../../controller/store/store.ts'
import { type Keyring, keyringFrom, newSecretKey } from '../../lib/secret-box.ts'
import { ShoalError } from '../../proto/errors.ts'
import { tempDir } from '../helpers/processes.ts'

const ring = (): Keyring => {
  const k = newSecretKey()
  return keyringFrom(k.id, { [k.id]: k.key.toString('base64') })
}
const release = (config: Record<string, string>) => ({ version: 3, slug: 'abc', config, description: 'Deploy' })
const rawText = async (inner: MemoryStore, key: string) => new TextDecoder().decode((await inner.get(key))?.value)

test('config vars are sealed in the store and read back in plaintext through every path', async () => {
  const inner = new MemoryStore()
  const keyring = ring()
  const store = sealingStore(inner, () => keyring)
  const events: WatchEvent[] = []
  const watching = new AbortController()
  await store.watch(
    'releases/',
    (e) => {
      events.push(e)
    },
    { signal: watching.signal },
  )
  await store.put('releases/shop/3', encodeJson(release({ DATABASE_URL: 'postgres://u:hunter2@db/x' })))
  await store.txn({
    compare: [],
    success: [{ type: 'put', key: 'releases/shop/4', value: encodeJson(release({ TOKEN: 's3cret-token' })) }],
  })
  await store.put('apps/shop', encodeJson({ name: 'shop', note: 'not a secret' }))
  for (const key of ['releases/shop/3', 'releases/shop/4']) {
    const raw = await rawText(inner, key)
    assert.doesNotMatch(raw, /hunter2|s3cret-token/, raw)
    assert.match(raw, /"sbx1:/)
  }
  await store.put('oneoffs/shop/r1', encodeJson({ name: 'run.1', env: { EXTRA: 'one-off-secret' } }))
  assert.doesNotMatch(await rawText(inner, 'oneoffs/shop/r1'), /one-off-secret/)
  assert.equal(
    (await getJson<{ env: Record<string, string> }>(store, 'oneoffs/shop/r1'))?.value.env['EXTRA'],
    'one-off-secret',
  )
  assert.match(await rawText(inner, 'apps/shop'), /not a secret/) // other records are left alone
  assert.equal(
    (await getJson<{ config: Record<string, string> }>(store, 'releases/shop/3'))?.value.config['DATABASE_URL'],
    'postgres://u:hunter2@db/x',
  )
  const listed = await listJson<{ config: Record<string, string> }>(store, 'releases/shop/')
  assert.deepEqual(
    listed.map((e) => e.value.config),
    [{ DATABASE_URL: 'postgres://u:hunter2@db/x' }, { TOKEN: 's3cret-token' }],
  )
  assert.deepEqual(
    events.map((e) => (e.type === 'put' ? decodeJson<{ config: Record<string, string> }>(e.key, e.value).config : {})),
    [{ DATABASE_URL: 'postgres://u:hunter2@db/x' }, { TOKEN: 's3cret-token' }],
  )
  watching.abort()
})

test('a sealed value copied to another record, or under a key not in the keyring, fails with SECRET_UNREADABLE', async () => {
  const inner = new MemoryStore()
  const keyring = ring()
  const store = sealingStore(inner, () => keyring)
  await store.put('releases/shop/1', encodeJson(release({ A: 'x' })))
  await inner.put('releases/other/1', (await inner.get('releases/shop/1'))?.value as Uint8Array)
  await assert.rejects(
    store.get('releases/other/1'),
    (e: unknown) => e instanceof ShoalError && e.code === 'SECRET_UNREADABLE',
  )
  const stranger = sealingStore(inner, ring)
  await assert.rejects(
    stranger.get('releases/shop/1'),
    (e: unknown) => e instanceof ShoalError && e.code === 'SECRET_UNREADABLE',
  )
})

test('plaintext from before sealing is sealed on start, and a rotation re-seals under the new key only', async () => {
  const dir = tempDir('keyring')
  try {
    writeFileSync(join(dir.path, 'cluster.json'), JSON.stringify({ version: 1, id: 'c' }), { mode: 0o600 })
    const first = loadKeyring(dir.path)
    assert.equal(loadKeyring(dir.path).current, first.current) // persisted, not made anew
    assert.equal(statSync(join(dir.path, 'cluster.json')).mode & 0o777, 0o600)
    const inner = new MemoryStore()
    await inner.put('releases/shop/1', encodeJson(release({ PLAIN: 'old-plaintext' })))
    assert.equal(await sealPlaintext(inner, first), 1)
    assert.doesNotMatch(await rawText(inner, 'releases/shop/1'), /old-plaintext/)
    assert.equal(await sealPlaintext(inner, first), 0) // nothing left to do
    const second = rotateKeyring(dir.path)
    assert.notEqual(second.current, first.current)
    assert.equal(second.keys.size, 2)
    assert.equal(await sealPlaintext(inner, second), 1)
    assert.match(await rawText(inner, 'releases/shop/1'), new RegExp(`sbx1:${second.current}:`))
    // Only the new key is needed now.
    const onlyNew = keyringFrom(second.current, {
      [second.current]: (second.keys.get(second.current) as Buffer).toString('base64'),
    })
    const store = sealingStore(inner, () => onlyNew)
    assert.equal(
      (await getJson<{ config: Record<string, string> }>(store, 'releases/shop/1'))?.value.config['PLAIN'],
      'old-plaintext',
    )
  } finally {
    dir.remove()
  }
})

test('a guarded transaction keeps its guard through the sealing store (a fence that moved writes nothing)', async () => {
  const inner = new MemoryStore()
  const keyring = ring()
  const store = sealingStore(inner, () => keyring)
  const fence = await inner.put('election/leader', encodeJson('me'))
  await inner.put('election/leader', encodeJson('someone else'))
  await assert.rejects(
    store.txn({
      guard: [{ key: 'election/leader', revision: fence }],
      compare: [],
      success: [{ type: 'put', key: 'releases/demo/3', value: encodeJson(release({ A: '1' })) }],
    }),
    { code: 'NOT_LEADER' },
  )
  assert.equal(await inner.get('releases/demo/3'), undefined)
})
