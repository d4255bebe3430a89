// One lease keep-alive at a time over etcd's LeaseKeepAlive stream: send the lease id, take the next answer. A
// stream that errors or does not answer within `timeoutMs` is dropped and the next renew opens a fresh one.

import type { Etcd3, ILeaseKeepAliveResponse } from 'etcd3'

type Stream = Awaited<ReturnType<Etcd3['leaseClient']['leaseKeepAlive']>>

export class KeepAliveChannel {
  readonly #client: Etcd3
  readonly #timeoutMs: number
  #stream: Stream | undefined
  #waiting: { resolve: (alive: boolean) => void; reject: (err: Error) => void } | undefined
  #closed = false

  constructor(client: Etcd3, timeoutMs: number) {
    this.#client = client
    this.#timeoutMs = timeoutMs
  }

  /** Resolves true while etcd still holds lease `id`, false once it does not; rejects when etcd is unreachable. */
  async renew(id: string): Promise<boolean> {
    if (this.#closed) throw new Error('keep-alive channel closed')
    const stream = this.#stream ?? (await this.#open())
    return new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#drop(new Error(`no keep-alive answer within ${this.#timeoutMs} ms`))
      }, this.#timeoutMs)
      this.#waiting = {
        resolve: (alive) => {
          clearTimeout(timer)
          resolve(alive)
        },
        reject: (err) => {
          clearTimeout(timer)
          reject(err)
        },
      }
      try {
        stream.write({ ID: id })
      } catch (err) {
        this.#drop(err instanceof Error ? err : new Error(String(err)))
      }
    })
  }

  close(): void {
    this.#closed = true
    this.#drop(new Error('keep-alive channel closed'))
  }

  async #open(): Promise<Stream> {
    const stream = await this.#client.leaseClient.leaseKeepAlive()
    this.#stream = stream
    stream.on('data', (res: ILeaseKeepAliveResponse) => {
      if (stream !== this.#stream) return
      const w = this.#waiting
      this.#waiting = undefined
      w?.resolve(Number(res.TTL) > 0)
    })
    stream.on('error', (err: Error) => {
      if (stream === this.#stream) this.#drop(err)
    })
    stream.on('end', () => {
      if (stream === this.#stream) this.#drop(new Error('the keep-alive stream ended'))
    })
    return stream
  }

  #drop(err: Error): void {
    const stream = this.#stream
    this.#stream = undefined
    try {
      stream?.cancel()
    } catch {
      // Already gone.
    }
    const w = this.#waiting
    this.#waiting = undefined
    w?.reject(err)
  }
}
