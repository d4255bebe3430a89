import { ShoalError } from '../proto/errors.ts'

/**
 * What a new host needs to join: the private-network key (without it nothing connects), the controllers' mesh
 * addresses (with /p2p/ peer ids) and the admission secret. Printed as `SHOAL1.<base64url json>`; treat it like a
 * password.
 */
export interface JoinToken {
  clusterId: string
  swarmKey: string // base64url of the 95-byte swarm key
  secret: string
  controllers: string[]
  /** SHA-256 fingerprint of the controller API's certificate, which API clients pin. */
  apiFingerprint?: string
}

const PREFIX = 'SHOAL1.'

export function encodeJoinToken(token: JoinToken): string {
  return PREFIX + Buffer.from(JSON.stringify(token)).toString('base64url')
}

export function decodeJoinToken(text: string): JoinToken {
  const bad = (why: string): ShoalError => new ShoalError('BAD_TOKEN', `Cannot read join token: ${why}`)
  const trimmed = text.trim()
  if (!trimmed.startsWith(PREFIX)) throw bad(`it must start with ${PREFIX}`)
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(trimmed.slice(PREFIX.length), 'base64url').toString('utf8'))
  } catch {
    throw bad('it is not valid base64url JSON')
  }
  if (typeof parsed !== 'object' || parsed === null) throw bad('it is not an object')
  const t = parsed as Record<string, unknown>
  const str = (k: string): string => {
    const v = t[k]
    if (typeof v !== 'string' || v === '') throw bad(`field "${k}" is missing`)
    return v
  }
  const controllers = t['controllers']
  if (!Array.isArray(controllers) || controllers.length === 0 || !controllers.every((c) => typeof c === 'string')) {
    throw bad('field "controllers" must list at least one address')
  }
  const token: JoinToken = {
    clusterId: str('clusterId'),
    swarmKey: str('swarmKey'),
    secret: str('secret'),
    controllers: controllers as string[],
  }
  const fp = t['apiFingerprint']
  if (fp !== undefined) {
    if (typeof fp !== 'string' || !/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/.test(fp)) {
      throw bad('field "apiFingerprint" is not a SHA-256 fingerprint')
    }
    token.apiFingerprint = fp
  }
  if (Buffer.from(token.swarmKey, 'base64url').length !== 95) throw bad('the swarm key has the wrong length')
  return token
}
