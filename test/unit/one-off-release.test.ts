// The release phase: the release command runs as a release.N one-off on the pending release; exit 0 makes the release
// current, anything else marks it failed and keeps the previous one — with the real AppService and OneOffs on a
// MemoryStore, and an attach dialer the test scripts.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppService } from '../../controller/apps/app-service.ts'
import type { AttachDialer } from '../../controller/orchestrator/attach-client.ts'
import { ClusterBookings } from '../../controller/orchestrator/cluster-bookings.ts'
import { OneOffs } from '../../controller/orchestrator/one-offs.ts'
import { oneOffReservation } from '../../controller/orchestrator/orchestrator.ts'
import { LineBuffer, runReleasePhase } from '../../controller/orchestrator/release-phase.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import type { HostView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { hostSnapshotOf } from '../helpers/host-views.ts'

const GiB = 1024 ** 3
const HOST: HostView = {
  id: 'h1',
  hostname: 'box',
  address: '10.0.0.1',
  state: 'alive',
  cpu: { cores: 2, allocatable: 2, percent: 0 },
  memory: { total: 4 * GiB, allocatable: 3 * GiB, used: GiB },
  load: 0,
  dynos: 0,
  labels: {},
  draining: false,
  version: '0.1.0',
  admittedAt: '2026-11-26T15:00:00.000Z',
  lastSeen: null,
}

/** The dialer plays a dyno: it prints `output` in the given chunks, then exits with `code`. */
function scripted(chunks: string[], code: number, seen: { dynos: string[] }): AttachDialer {
  return (_host, dynoId, handlers) => {
    seen.dynos.push(dynoId)
    const done = (async () => {
      await Promise.resolve()
      handlers.onAttached()
      for (const c of chunks) handlers.onStdout(Buffer.from(c))
      return code
    })()
    return { write: async () => {}, end: async () => {}, pause: () => {}, resume: () => {}, done, close: () => {} }
  }
}

async function setup(release: string, hosts: HostView[] = [HOST]) {
  const store = new MemoryStore()
  const clock = new ManualClock(Date.parse('2026-11-26T15:00:00Z'))
  const apps = new AppService({ store, clock })
  await apps.createApp({ name: 'app' })
  await apps.createRelease('app', {
    slug: { sha256: 'a'.repeat(64), size: 1, processTypes: { web: 'node server.js' } },
    description: 'Deploy a',
  })
  const pending = await apps.createRelease('app', {
    slug: { sha256: 'b'.repeat(64), size: 1, processTypes: { web: 'node server.js', release } },
    description: 'Deploy b',
  })
  assert.equal(pending.status, 'pending')
  const bookings = new ClusterBookings({
    hosts: () => hosts.map(hostSnapshotOf),
    assignments: () => [],
    oneOffs: () => oneOffs.live().map(oneOffReservation),
    cpuSharesPerCore: 8,
  })
  const oneOffs: OneOffs = new OneOffs({
    store,
    hosts: () => hosts,
    place: (request, what) => bookings.place(request, what),
    apps,
    clock,
    logger: silentLogger,
  })
  return { store, clock, apps, oneOffs, version: pending.version }
}

describe('release phase', () => {
  it('runs the release command on the pending release, prints its lines and makes the release current', async () => {
    const { apps, oneOffs, clock, store, version } = await setup('./migrate')
    const seen = { dynos: [] as string[] }
    const lines: string[] = []
    const attach = scripted(['Migrating', '...\r\ndone\n', 'no newline'], 0, seen)
    await runReleasePhase({ apps, oneOffs, attach, clock, logger: silentLogger }, 'app', version, (l) => lines.push(l))
    assert.deepEqual(lines, ['Migrating...', 'done', 'no newline'])
    assert.equal((await apps.currentRelease('app')).version, version)
    assert.equal((await apps.getRelease('app', version)).status, 'succeeded')
    assert.equal(seen.dynos.length, 1)
    // The one-off is gone once the phase ended.
    assert.equal((await store.list('oneoff')).length, 0)
  })

  it('marks the release failed when the command exits non-zero, and the previous release stays current', async () => {
    const { apps, oneOffs, clock, version } = await setup('exit 1')
    const attach = scripted([], 1, { dynos: [] })
    await assert.rejects(
      runReleasePhase({ apps, oneOffs, attach, clock, logger: silentLogger }, 'app', version, () => {}),
      (err: unknown) =>
        err instanceof ShoalError &&
        err.code === 'RELEASE_FAILED' &&
        /Release v3 failed: its release command `exit 1` exited with status 1; v2 is still the current release/.test(
          err.message,
        ),
    )
    assert.equal((await apps.getRelease('app', version)).status, 'failed')
    assert.equal((await apps.currentRelease('app')).version, 2)
  })

  it('marks the release failed when its dyno cannot even be placed', async () => {
    const { apps, oneOffs, clock, version } = await setup('./migrate', [{ ...HOST, state: 'dead' }])
    await assert.rejects(
      runReleasePhase(
        { apps, oneOffs, attach: scripted([], 0, { dynos: [] }), clock, logger: silentLogger },
        'app',
        version,
        () => {},
      ),
      /could not start \(.*no alive host/,
    )
    assert.equal((await apps.getRelease('app', version)).status, 'failed')
  })

  it('splits output into lines across chunk and UTF-8 boundaries', () => {
    const out: string[] = []
    const b = new LineBuffer((l) => out.push(l))
    const snow = Buffer.from('❄ ok\n')
    b.push(snow.subarray(0, 1))
    b.push(snow.subarray(1))
    b.push(Buffer.from('a\nb'))
    b.end()
    assert.deepEqual(out, ['❄ ok', 'a', 'b'])
  })
})
