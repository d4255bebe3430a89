import { ClassicLevel } from 'classic-level'
import { newIdentity } from './identity.ts'

/**
 * A daemon's own persistent state in DIR/state (level): its peer identity (so a restarted agent or router is the same
 * host), and small JSON records such as the highest leader epoch seen and the last desired state applied.
 */
export class LocalState {
  readonly #db: ClassicLevel<string, string>

  private constructor(db: ClassicLevel<string, string>) {
    this.#db = db
  }

  static async open(dir: string): Promise<LocalState> {
    const db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' })
    await db.open()
    return new LocalState(db)
  }

  async identity(): Promise<Uint8Array> {
    const stored = await this.#db.get('identity')
    if (stored !== undefined) return Buffer.from(stored, 'base64url')
    const fresh = await newIdentity()
    await this.#db.put('identity', Buffer.from(fresh).toString('base64url'))
    return fresh
  }

  async getJson<T>(key: string): Promise<T | undefined> {
    const v = await this.#db.get(key)
    return v === undefined ? undefined : (JSON.parse(v) as T)
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.#db.put(key, JSON.stringify(value))
  }

  async close(): Promise<void> {
    await this.#db.close()
  }
}
