import { randomBytes } from 'node:crypto'
import { type Clock, systemClock } from '../../lib/clock.ts'
import { sameSecret } from '../../lib/ids.ts'

export const SESSION_COOKIE = 'shoal_session'
/** The header a dashboard write must carry, equal to its session's CSRF token. */
export const CSRF_HEADER = 'x-shoal-csrf'

export interface Session {
  id: string
  csrf: string
  lastUsed: number
}

export interface SessionsOptions {
  clock?: Clock
  /** A session unused this long is gone. */
  idleMs?: number
  /** Sessions at most; the least recently used goes first. */
  max?: number
}

/**
 * Dashboard sessions: made by signing in with the API token, kept in memory (a controller restart signs everyone
 * out), sent as an HttpOnly, SameSite=Strict cookie (Secure when the API is served over TLS). Writes also need the
 * session's CSRF token in a header, which another site can neither read nor set.
 */
export class Sessions {
  readonly #clock: Clock
  readonly #idleMs: number
  readonly #max: number
  readonly #sessions = new Map<string, Session>()

  constructor(options: SessionsOptions = {}) {
    this.#clock = options.clock ?? systemClock
    this.#idleMs = options.idleMs ?? 12 * 60 * 60 * 1000
    this.#max = options.max ?? 1000
  }

  create(): Session {
    if (this.#sessions.size >= this.#max) {
      const oldest = [...this.#sessions.values()].sort((a, b) => a.lastUsed - b.lastUsed)[0]
      if (oldest !== undefined) this.#sessions.delete(oldest.id)
    }
    const session = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
      lastUsed: this.#clock.now(),
    }
    this.#sessions.set(session.id, session)
    return session
  }

  /** The session a Cookie header names, if it is live. */
  fromCookie(cookie: string | undefined): Session | undefined {
    const id = readCookie(cookie, SESSION_COOKIE)
    if (id === undefined) return undefined
    const session = this.#sessions.get(id)
    if (session === undefined) return undefined
    const now = this.#clock.now()
    if (now - session.lastUsed > this.#idleMs) {
      this.#sessions.delete(id)
      return undefined
    }
    session.lastUsed = now
    return session
  }

  /** Whether a request may act with this session: reads always, writes only with the CSRF header. */
  allows(session: Session, method: string, csrfHeader: string | string[] | undefined): boolean {
    if (method === 'GET' || method === 'HEAD') return true
    return typeof csrfHeader === 'string' && sameSecret(csrfHeader, session.csrf)
  }

  revoke(id: string): void {
    this.#sessions.delete(id)
  }

  cookie(session: Session, secure: boolean): string {
    return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`
  }

  static clearCookie(secure: boolean): string {
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}
