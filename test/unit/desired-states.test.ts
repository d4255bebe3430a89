// The push stage's DynoSpecs: the releases the pushed hosts run are read once each, at most READ_CONCURRENCY at a
// time but not one after the other, before any spec is built; an unreadable or slugless release leaves its dynos out
// and marks the host's state partial.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { dynoSpecs, type HostWork, readReleases } from '../../controller/orchestrator/desired-states.ts'
import type { Assignment } from '../../controller/scheduler/snapshot.ts'

const assignment = (hostId: string, app: string, release: number, index: number): Assignment => ({
  dynoId: `${app}-${release}-${hostId}-${index}`,
  app,
  processType: 'web',
  index,
  hostId,
  release,
  size: 'standard-1x',
  createdAt: 0,
})

describe('readReleases and dynoSpecs', () => {
  it('reads each release once, concurrently, and builds every host from them', async () => {
    const works: HostWork[] = Array.from({ length: 50 }, (_, h) => ({
      hostId: `h${h}`,
      assignments: Array.from({ length: 10 }, (_, i) => assignment(`h${h}`, `app${(h + i) % 20}`, 1 + (i % 2), i)),
      oneOffs: [],
    }))
    const reads: string[] = []
    let inFlight = 0
    let most = 0
    let open = (): void => {}
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    const lookup = readReleases(async (app, version) => {
      reads.push(`${app}/${version}`)
      inFlight++
      most = Math.max(most, inFlight)
      // Every read waits until all 40 have started: reads made one after the other would never get here.
      if (reads.length === 40) open()
      await gate
      inFlight--
      return { slug: { sha256: `${app}`, processTypes: { web: `run ${app}` } }, config: { V: String(version) } }
    }, works)
    const release = await lookup
    assert.equal(reads.length, 40, 'each (app, release) once')
    assert.equal(new Set(reads).size, 40)
    assert.equal(most, 40)
    const { dynos, complete } = dynoSpecs(works[3]!, release)
    assert.equal(complete, true)
    assert.equal(dynos.length, 10)
    const first = dynos[0]!
    assert.equal(first.slugSha256, 'app3')
    assert.equal(first.command, 'run app3')
    assert.deepEqual(first.env, { V: '1' })
    assert.equal(first.name, 'web.0')
  })

  it('leaves out the dynos of a release it cannot read or that has no slug, and says the state is partial', async () => {
    const work: HostWork = {
      hostId: 'h',
      assignments: [assignment('h', 'ok', 1, 1), assignment('h', 'gone', 1, 1), assignment('h', 'noslug', 1, 1)],
      oneOffs: [],
    }
    const release = await readReleases(
      async (app) => {
        if (app === 'gone') throw new Error('Cannot find app "gone"')
        return { slug: app === 'noslug' ? null : { sha256: 's', processTypes: { web: 'w' } }, config: {} }
      },
      [work],
    )
    const { dynos, complete } = dynoSpecs(work, release)
    assert.equal(complete, false)
    assert.deepEqual(
      dynos.map((d) => d.app),
      ['ok'],
    )
  })
})
