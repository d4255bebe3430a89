import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Election, LeaderState } from '../../controller/election/election.ts'
import { EmbeddedElection } from '../../controller/election/embedded-election.ts'
import { LeaderLifecycle, RESTART_BACKOFF_MS } from '../../controller/election/leader-lifecycle.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { startable } from '../../lib/lifecycle.ts'

/** An election driven by the test: gain(epoch) and lose() emit what an etcd election would. */
class ScriptedElection implements Election {
  #state: LeaderState = { leader: false, epoch: 0 }
  readonly #handlers = new Set<(s: LeaderState) => void>()
  async start(): Promise<void> {}
  async stop(): Promise<void> {
    if (this.#state.leader) this.lose()
  }
  isLeader(): boolean {
    return this.#state.leader
  }
  epoch(): number {
    return this.#state.epoch
  }
  onChange(handler: (s: LeaderState) => void): () => void {
    this.#handlers.add(handler)
    return () => this.#handlers.delete(handler)
  }
  gain(epoch: number): void {
    this.#emit({ leader: true, epoch })
  }
  lose(): void {
    this.#emit({ leader: false, epoch: this.#state.epoch })
  }
  #emit(s: LeaderState): void {
    this.#state = s
    for (const h of this.#handlers) h(s)
  }
}

function recorder(leader: LeaderLifecycle, seen: string[], names: string[]): void {
  for (const n of names) {
    leader.add(
      startable(
        n,
        () => void seen.push(`start ${n}@${leader.term()?.epoch}`),
        () => void seen.push(`stop ${n}`),
      ),
    )
  }
}

describe('LeaderLifecycle', () => {
  it('starts the leader-only components on gaining leadership and stops them in reverse on losing it', async () => {
    const election = new ScriptedElection()
    const leader = new LeaderLifecycle({ election })
    const seen: string[] = []
    recorder(leader, seen, ['orchestrator', 'directory'])
    await leader.start()
    assert.deepEqual(seen, [], 'a follower runs nothing')
    election.gain(3)
    await leader.settled()
    assert.equal(leader.term()?.epoch, 3)
    const signal = leader.term()!.signal
    election.lose()
    await leader.settled()
    assert.equal(signal.aborted, true, 'the term signal aborts when the term ends')
    assert.equal(leader.term(), undefined)
    election.gain(5)
    await leader.settled()
    assert.deepEqual(seen, [
      'start orchestrator@3',
      'start directory@3',
      'stop directory',
      'stop orchestrator',
      'start orchestrator@5',
      'start directory@5',
    ])
    await leader.stop()
    assert.deepEqual(seen.slice(6), ['stop directory', 'stop orchestrator'])
    election.gain(6)
    await leader.settled()
    assert.equal(seen.length, 8, 'after stop() the election no longer drives the components')
  })

  it('ends on the newest term when lost and gained follow each other quickly', async () => {
    const election = new ScriptedElection()
    const leader = new LeaderLifecycle({ election })
    const seen: string[] = []
    recorder(leader, seen, ['a'])
    await leader.start()
    election.gain(1)
    election.lose()
    election.gain(2)
    election.lose()
    election.gain(4)
    await leader.settled()
    assert.equal(leader.term()?.epoch, 4)
    assert.equal(seen.filter((s) => s.startsWith('start')).length - seen.filter((s) => s.startsWith('stop')).length, 1)
    assert.equal(seen.at(-1), 'start a@4')
  })

  it('rethrows a failed start when already leading at start(), and retries on the next term', async () => {
    const election = new ScriptedElection()
    election.gain(1)
    const leader = new LeaderLifecycle({ election })
    const seen: string[] = []
    let fail = true
    recorder(leader, seen, ['a'])
    leader.add(
      startable('flaky', () => {
        if (fail) throw new Error('port taken')
      }),
    )
    await assert.rejects(leader.start(), /port taken/)
    assert.deepEqual(seen, ['start a@1', 'stop a'])
    assert.equal(leader.term(), undefined)
    fail = false
    election.lose()
    election.gain(2)
    await leader.settled()
    assert.equal(leader.term()?.epoch, 2)
  })

  it('tries a failed start again while it goes on leading, with a doubling backoff, and not after stop()', async () => {
    // A new leader whose start failed on a store call (an etcd member's machine gone) used to orchestrate nothing
    // until its next term, which never came while it kept its lease.
    const clock = new ManualClock()
    const election = new ScriptedElection()
    const leader = new LeaderLifecycle({ election, clock })
    const seen: string[] = []
    let failuresLeft = 2
    recorder(leader, seen, ['a'])
    leader.add(
      startable('watches', () => {
        if (failuresLeft-- > 0) throw new Error('etcd did not answer')
      }),
    )
    await leader.start()
    election.gain(7)
    await leader.settled()
    assert.equal(leader.term(), undefined)
    clock.advance(RESTART_BACKOFF_MS.first - 1)
    await leader.settled()
    assert.deepEqual(seen, ['start a@7', 'stop a'], 'not retried before the backoff')
    clock.advance(1)
    await leader.settled()
    assert.equal(leader.term(), undefined, 'the second try failed too')
    clock.advance(RESTART_BACKOFF_MS.first * 2 - 1)
    await leader.settled()
    assert.equal(seen.length, 4, 'the backoff doubled')
    clock.advance(1)
    await leader.settled()
    assert.equal(leader.term()?.epoch, 7, 'the third try starts the term')
    assert.deepEqual(seen, ['start a@7', 'stop a', 'start a@7', 'stop a', 'start a@7'])
    // A failure after stop() is not retried.
    failuresLeft = 1
    election.lose()
    election.gain(8)
    await leader.settled()
    await leader.stop()
    clock.advance(RESTART_BACKOFF_MS.max * 2)
    await leader.settled()
    assert.equal(leader.term(), undefined)
    assert.equal(seen.at(-1), 'stop a')
  })

  it('follows the embedded election: it leads once started, and a restart is a new term', async () => {
    const store = new MemoryStore()
    const election = new EmbeddedElection({ store })
    const leader = new LeaderLifecycle({ election })
    const seen: string[] = []
    recorder(leader, seen, ['a'])
    await leader.start()
    await election.start()
    await leader.settled()
    await election.stop()
    await leader.settled()
    await election.start()
    await leader.settled()
    assert.deepEqual(seen, ['start a@1', 'stop a', 'start a@2'])
  })
})
