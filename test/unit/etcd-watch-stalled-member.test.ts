// An etcd watch whose stream goes to a member that never answers (its machine gone: no reset, no error, nothing):
// the stream is given up after createTimeoutMs, reported to the client's pool as a failed member (the pool's error
// listener on the stream), and the watch attaches again, so events still arrive. The first attach of start() does
// the same rather than failing the watch's owner: a new leader's start used to fail (or hang) on it.

import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { describe, it } from 'node:test'
import { GRPCDeadlineExceededError, type IWatchResponse } from 'etcd3'
import { noEtcdMetrics } from '../../controller/store/etcd-metrics.ts'
import type { EtcdStore } from '../../controller/store/etcd-store.ts'
import { EtcdWatch } from '../../controller/store/etcd-watch.ts'
import type { WatchEvent } from '../../controller/store/store.ts'
import { silentLogger } from '../../lib/logger.ts'
import { waitFor } from '../helpers/wait-for.ts'

/** A watch stream as etcd3 hands it out: requests written, answers emitted by the test (or never). */
class FakeStream extends EventEmitter {
  readonly requests: unknown[] = []
  cancelled = false
  readonly errors: Error[] = []
  readonly answers: boolean
  constructor(answers: boolean) {
    super()
    this.answers = answers
    // What the pool's WatchClient listens with: it marks the member failed on an error.
    this.on('error', (err: Error) => this.errors.push(err))
  }
  write(req: { create_request?: { start_revision: number } }): void {
    this.requests.push(req)
    if (this.answers && req.create_request !== undefined) {
      queueMicrotask(() => this.emit('data', response({ created: true })))
    }
  }
  cancel(): void {
    this.cancelled = true
  }
}

function response(part: Partial<IWatchResponse>): IWatchResponse {
  return { header: { revision: '10' }, created: false, canceled: false, events: [], ...part } as IWatchResponse
}

function fakeStore(streams: FakeStream[]): { store: EtcdStore; opened: FakeStream[] } {
  const opened: FakeStream[] = []
  const store = {
    snapshot: async () => ({ entries: [], revision: 5 }),
    openWatchStream: async () => {
      const s = streams.shift()
      if (s === undefined) throw new Error('no more streams')
      opened.push(s)
      return s
    },
    etcdKey: (key: string) => Buffer.from(`shoal/${key}`),
    storeKey: (key: Buffer) => key.toString().slice('shoal/'.length),
  } as unknown as EtcdStore
  return { store, opened }
}

function watch(store: EtcdStore, seen: WatchEvent[]): EtcdWatch {
  return new EtcdWatch({
    store,
    prefix: 'apps/',
    handler: (e) => void seen.push(e),
    onError: undefined,
    logger: silentLogger,
    metrics: noEtcdMetrics,
    onEnd: () => {},
    backoffMs: 5,
    createTimeoutMs: 50,
  })
}

const put = (key: string, revision: number) =>
  response({
    events: [
      {
        type: 'Put',
        kv: { key: Buffer.from(`shoal/${key}`), value: Buffer.from('v'), mod_revision: String(revision) },
      },
    ],
  } as unknown as Partial<IWatchResponse>)

describe('EtcdWatch with a member that never answers', { timeout: 20_000 }, () => {
  it('gives up an unconfirmed first stream, reports the member, and watches through another', async () => {
    const dead = new FakeStream(false)
    const alive = new FakeStream(true)
    const { store, opened } = fakeStore([dead, alive])
    const seen: WatchEvent[] = []
    const w = watch(store, seen)
    try {
      await w.start()
      await waitFor('a second stream', () => opened.length === 2 && alive.requests.length === 1, { timeoutMs: 5000 })
      assert.equal(dead.cancelled, true)
      assert.ok(dead.errors[0] instanceof GRPCDeadlineExceededError, 'the pool hears the member failed')
      // The new stream resumes right after the listed revision: nothing between is missed.
      const create = (alive.requests[0] as { create_request: { start_revision: number } }).create_request
      assert.equal(create.start_revision, 6)
      await waitFor('the stream attached', () => alive.listenerCount('data') > 0, { timeoutMs: 5000 })
      alive.emit('data', put('apps/demo', 7))
      await waitFor('the event delivered', () => seen.length === 1, { timeoutMs: 5000 })
      assert.deepEqual(
        seen.map((e) => [e.type, e.key, e.revision]),
        [['put', 'apps/demo', 7]],
      )
    } finally {
      w.stop()
    }
  })

  it('watches through another member when the first stream fails before it was confirmed', async () => {
    // What a new leader's start met in the lab: the pool closed the dead member's channel under the new stream.
    const failing = new FakeStream(false)
    const alive = new FakeStream(true)
    const { store, opened } = fakeStore([failing, alive])
    const seen: WatchEvent[] = []
    const w = watch(store, seen)
    try {
      const started = w.start()
      await waitFor('the first stream', () => failing.requests.length === 1, { timeoutMs: 5000 })
      // gRPC's own error: untyped, with the status code.
      failing.emit(
        'error',
        Object.assign(new Error('14 UNAVAILABLE: Channel closed before call started'), { code: 14 }),
      )
      await started
      await waitFor('a second stream', () => opened.length === 2 && alive.listenerCount('data') > 0, {
        timeoutMs: 5000,
      })
      alive.emit('data', put('apps/demo', 7))
      await waitFor('the event delivered', () => seen.length === 1, { timeoutMs: 5000 })
    } finally {
      w.stop()
    }
  })

  it('still fails its start on an error that is not the member being unreachable', async () => {
    const refusing = new FakeStream(false)
    const { store } = fakeStore([refusing])
    const w = watch(store, [])
    const started = w.start()
    await waitFor('the stream', () => refusing.requests.length === 1, { timeoutMs: 5000 })
    refusing.emit('error', Object.assign(new Error('7 PERMISSION_DENIED: etcdserver: permission denied'), { code: 7 }))
    await assert.rejects(started, /PERMISSION_DENIED/)
    w.stop()
  })

  it('gives up a re-attached stream that is never confirmed too', async () => {
    const first = new FakeStream(true)
    const dead = new FakeStream(false)
    const alive = new FakeStream(true)
    const { store, opened } = fakeStore([first, dead, alive])
    const seen: WatchEvent[] = []
    const w = watch(store, seen)
    try {
      await w.start()
      first.emit('data', put('apps/a', 6))
      // The member of the first stream drops it; the next one never answers; the third does.
      first.emit('error', new Error('14 UNAVAILABLE: Connection dropped'))
      await waitFor('a third stream', () => opened.length === 3 && alive.requests.length === 1, { timeoutMs: 5000 })
      assert.equal(dead.cancelled, true)
      await waitFor('the stream attached', () => alive.listenerCount('data') > 0, { timeoutMs: 5000 })
      alive.emit('data', put('apps/b', 8))
      await waitFor('both events delivered', () => seen.length === 2, { timeoutMs: 5000 })
      assert.deepEqual(
        seen.map((e) => e.key),
        ['apps/a', 'apps/b'],
      )
    } finally {
      w.stop()
    }
  })
})
