import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Election, LeaderState } from '../../controller/election/election.ts'
import { EmbeddedElection } from '../../controller/election/embedded-election.ts'
import { LeaderLifecycle } from '../../controller/election/leader-lifecycle.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
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
