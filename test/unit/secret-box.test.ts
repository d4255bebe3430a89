import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isSealed, keyringFrom, newSecretKey, open, seal, sealedWith } from '../../lib/secret-box.ts'

const k1 = newSecretKey()
const k2 = newSecretKey()
const ring1 = keyringFrom(k1.id, { [k1.id]: k1.key.toString('base64') })
const ring2 = keyringFrom(k2.id, { [k1.id]: k1.key.toString('base64'), [k2.id]: k2.key.toString('base64') })

test('seals and opens, never storing the plaintext', () => {
  const sealed = seal(ring1, 'postgres://u:p@db/x', 'config/app/DATABASE_URL')
  assert.ok(isSealed(sealed))
  assert.ok(!sealed.includes('postgres'))
  assert.equal(open(ring1, sealed, 'config/app/DATABASE_URL'), 'postgres://u:p@db/x')
  assert.notEqual(seal(ring1, 'same'), seal(ring1, 'same'))
})

test('a value moved to another context, tampered with or sealed by an unknown key does not open', () => {
  const sealed = seal(ring1, 'secret', 'config/a/X')
  assert.throws(() => open(ring1, sealed, 'config/b/X'), { code: 'SECRET_UNREADABLE' })
  // Change a character inside the ciphertext (not the last one, whose low bits base64url may ignore).
  const at = sealed.length - 2
  const flipped = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`
  assert.throws(() => open(ring1, flipped, 'config/a/X'), { code: 'SECRET_UNREADABLE' })
  assert.throws(() => open(ring1, seal(ring2, 'x')), /not in the keyring/)
  assert.throws(() => open(ring1, 'plain'), { code: 'SECRET_UNREADABLE' })
})

test('after rotation new values use the new key and old ones still open', () => {
  const old = seal(ring1, 'v')
  const fresh = seal(ring2, 'v')
  assert.equal(sealedWith(old), k1.id)
  assert.equal(sealedWith(fresh), k2.id)
  assert.equal(open(ring2, old), 'v')
  assert.equal(open(ring2, fresh), 'v')
})

test('a keyring with a short key or without its current key is refused', () => {
  assert.throws(() => keyringFrom('a', { a: Buffer.alloc(16).toString('base64') }), /expected 32 bytes/)
  assert.throws(() => keyringFrom('b', { a: k1.key.toString('base64') }), /current key b is missing/)
})
