// Log rings on every controller: a line a controller stores locally reaches the others' rings (once each, never
// echoed back); a controller that was down receives what queued for it; only the delivering controller (the leader)
// feeds drains, so a line replicated everywhere is drained once.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DrainManager } from '../../controller/logs/drains/drain-manager.ts'
import { DrainService } from '../../controller/logs/drains/drain-service.ts'
import { LogHub } from '../../controller/logs/log-hub.ts'
import { LogReplication } from '../../controller/logs/log-replication.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { apiLine, appLine } from '../../lib/log-format.ts'
import { silentLogger } from '../../lib/logger.ts'

const T = Date.UTC(2026, 11, 7, 4, 0, 0) * 1000
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
}

function cluster(names: string[], clock: ManualClock) {
  const hubs = new Map(names.map((n) => [n, new LogHub({ clock })]))
  const down = new Set<string>()
  const received = new Map(names.map((n) => [n, 0]))
  const replications = names.map(
    (self) =>
      new LogReplication({
        hub: hubs.get(self) as LogHub,
        clock,
        logger: silentLogger,
        flushMs: 10,
        peers: () => names.filter((n) => n !== self),
        // What log-ingest does with a controller's batch: store the lines as replicas.
        send: async (peer, batch) => {
          if (down.has(peer)) throw new Error(`${peer} is down`)
          for (const line of batch.lines ?? []) {
            received.set(peer, (received.get(peer) ?? 0) + 1)
            hubs.get(peer)?.append(line, 'replica')
          }
        },
      }),
  )
  for (const r of replications) r.start()
  const messages = (name: string, app = 'demo') =>
    hubs
      .get(name)
      ?.recent(app, { num: 1500 })
      .map((l) => l.message)
  return { hubs, down, received, replications, messages }
}

describe('log replication between controllers', () => {
  it('copies each locally stored line to every other controller once, and replicas go no further', async () => {
    const clock = new ManualClock(T / 1000)
    const c = cluster(['a', 'b', 'c'], clock)
    c.hubs.get('a')?.append(appLine('demo', 'web.1', 'from a host via the leader', T))
    c.hubs.get('b')?.append(apiLine('demo', 'Set FOO config vars by user admin', T + 1))
    clock.advance(10)
    await settle()
    clock.advance(10)
    await settle()
    for (const name of ['a', 'b', 'c']) {
      // Each ring is in arrival order: a replica lands after the lines that were local there.
      assert.deepEqual(
        c.messages(name)?.sort(),
        ['Set FOO config vars by user admin', 'from a host via the leader'],
        `${name} holds both lines, once`,
      )
    }
    // a's line went to b and c, b's to a and c: four copies in all, none echoed.
    assert.deepEqual(Object.fromEntries(c.received), { a: 1, b: 1, c: 2 })
    // Host ids stand on replicas (a host's line is still that host's).
    const tagged = new LogHub({ clock })
    tagged.append({ ...appLine('demo', 'web.1', 'x', T), hostId: 'host-1' }, 'replica')
    assert.equal(tagged.recent('demo')[0]?.hostId, 'host-1')
    for (const r of c.replications) await r.stop()
  })

  it('a controller that was unreachable receives the lines that queued for it', async () => {
    const clock = new ManualClock(T / 1000)
    const c = cluster(['a', 'b'], clock)
    c.down.add('b')
    for (let i = 0; i < 5; i++) c.hubs.get('a')?.append(appLine('demo', 'web.1', `line ${i}`, T + i))
    clock.advance(10)
    await settle()
    assert.deepEqual(c.messages('b'), [])
    assert.equal(c.replications[0]?.queued()['b'], 5)
    c.down.delete('b')
    // The shipper backs off (250 ms first, jittered) and sends again.
    for (let i = 0; i < 10; i++) {
      clock.advance(100)
      await settle()
    }
    assert.deepEqual(
      c.messages('b'),
      Array.from({ length: 5 }, (_, i) => `line ${i}`),
    )
    for (const r of c.replications) await r.stop()
  })

  it('only the delivering controller feeds drains', async () => {
    const store = new MemoryStore()
    await new DrainService({ store }).add('demo', 'syslog://127.0.0.1:9', undefined)
    let leading = false
    const hub = new LogHub()
    const manager = new DrainManager({ store, hub, logger: silentLogger, delivering: () => leading })
    await manager.start()
    hub.append(appLine('demo', 'web.1', 'while following', T), 'replica')
    hub.append(apiLine('demo', 'follower api event', T), 'local')
    assert.equal(manager.running()[0]?.pending, 0, 'a follower delivers nothing')
    leading = true
    hub.append(appLine('demo', 'web.1', 'while leading', T), 'replica')
    assert.equal(manager.running()[0]?.pending, 1)
    manager.stop()
  })
})
