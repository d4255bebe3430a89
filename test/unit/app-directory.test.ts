// The app directory publisher: a new leader publishes at once (the routers take a web dyno only once a directory
// lists it, and its predecessor may have died before publishing the last ones it assigned), then every 3 s.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AppService } from '../../controller/apps/app-service.ts'
import { appDirectoryPublisher } from '../../controller/orchestrator/app-directory.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import type { Bus } from '../../mesh/bus.ts'
import type { AppDirectory } from '../../proto/codec.ts'
import { settle } from '../helpers/dyno-fake-docker.ts'

describe('app directory publisher', () => {
  it('publishes when it starts and a second later, every 3 s after, and not once stopped', async () => {
    const sent: AppDirectory[] = []
    const bus = {
      publish: async (_topic: string, _codec: unknown, message: AppDirectory) => {
        sent.push(message)
      },
    } as unknown as Bus
    const apps = { listApps: async () => [{ name: 'a' }] } as unknown as AppService
    const clock = new ManualClock(0)
    const directory = appDirectoryPublisher({
      bus,
      apps,
      domain: 'shoal.test',
      epoch: () => 7,
      crashedApps: () => new Set(),
      clock,
      logger: silentLogger,
    })
    await directory.start(new AbortController().signal)
    await settle()
    assert.deepEqual(
      sent.map((d) => [d.epoch, d.apps?.map((a) => a.name)]),
      [[7, ['a']]],
    )
    clock.advance(1000) // once more, in case the mesh had no peer yet
    await settle()
    assert.equal(sent.length, 2)
    clock.advance(2000)
    await settle()
    assert.equal(sent.length, 3)
    await directory.stop()
    clock.advance(9000)
    await settle()
    assert.equal(sent.length, 3)
  })
})
