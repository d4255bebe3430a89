import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

export const uuid = (): string => randomUUID()

/** A url-safe random secret of `bytes` bytes of entropy. */
export const secret = (bytes = 32): string => randomBytes(bytes).toString('base64url')

/** Compares secrets in constant time (for equal lengths). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
