// Secrets at rest (config vars, certificate keys): AES-256-GCM under a cluster keyring. A sealed value names the key
// that sealed it, so the keyring can be rotated: a new current key seals from then on, older keys still open what
// they sealed until it is re-sealed. The store never sees a plaintext secret; a wrong key or a tampered value fails
// to open with SECRET_UNREADABLE instead of yielding garbage.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const PREFIX = 'sbx1'
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16

export interface Keyring {
  /** Id of the key new values are sealed with. */
  readonly current: string
  readonly keys: ReadonlyMap<string, Buffer>
}

export class SecretUnreadableError extends Error {
  readonly code = 'SECRET_UNREADABLE'
  constructor(reason: string) {
    super(`Cannot read a sealed secret: ${reason}`)
    this.name = 'SecretUnreadableError'
  }
}

/** A new random key with a short random id. */
export function newSecretKey(): { id: string; key: Buffer } {
  return { id: randomBytes(4).toString('hex'), key: randomBytes(KEY_BYTES) }
}

/** Builds a keyring from base64 keys (as kept in cluster.json), checking their sizes. */
export function keyringFrom(current: string, keys: Record<string, string>): Keyring {
  const map = new Map<string, Buffer>()
  for (const [id, b64] of Object.entries(keys)) {
    const key = Buffer.from(b64, 'base64')
    if (key.length !== KEY_BYTES) throw new Error(`Cannot load secret key ${id}: expected ${KEY_BYTES} bytes`)
    map.set(id, key)
  }
  if (!map.has(current)) throw new Error(`Cannot load the keyring: current key ${current} is missing`)
  return { current, keys: map }
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${PREFIX}:`)
}

/** Seals a UTF-8 string; `context` (e.g. `config/APP/NAME`) is bound in, so a sealed value cannot be moved. */
export function seal(keyring: Keyring, plaintext: string, context = ''): string {
  const key = keyring.keys.get(keyring.current) as Buffer
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(`${keyring.current}\n${context}`))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
  return `${PREFIX}:${keyring.current}:${sealed}`
}

export function open(keyring: Keyring, value: string, context = ''): string {
  const parts = value.split(':')
  if (parts.length !== 3 || parts[0] !== PREFIX) throw new SecretUnreadableError('not a sealed value')
  const [, id, b64] = parts as [string, string, string]
  const key = keyring.keys.get(id)
  if (key === undefined) throw new SecretUnreadableError(`key ${id} is not in the keyring`)
  const raw = Buffer.from(b64, 'base64url')
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadableError('truncated value')
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
  decipher.setAAD(Buffer.from(`${id}\n${context}`))
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    throw new SecretUnreadableError('authentication failed (wrong key or tampered value)')
  }
}

/** The key id a sealed value was sealed with (to find values a rotation must re-seal). */
export function sealedWith(value: string): string | undefined {
  const parts = value.split(':')
  return parts.length === 3 && parts[0] === PREFIX ? parts[1] : undefined
}
