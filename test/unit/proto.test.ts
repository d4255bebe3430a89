import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DesiredStateCodec,
  DynoState,
  DynoStatusCodec,
  HostReportCodec,
  LeaderAnnouncementCodec,
  LogLineCodec,
  RouteAnnouncementCodec,
  RouterReportCodec,
} from '../../proto/codec.ts'

describe('proto round-trips', () => {
  it('keeps every HostReport field, 64-bit values as plain numbers', () => {
    const report = {
      hostId: '12D3KooWabc',
      hostname: 'web-1',
      addresses: ['/ip4/10.0.0.1/tcp/7946'],
      labels: { zone: 'a', disk: 'ssd' },
      capacity: { cpuCores: 16, memoryBytes: 64 * 2 ** 30 },
      allocatable: { cpuCores: 15, memoryBytes: 63 * 2 ** 30 },
      usage: { cpuPercent: 12.5, memoryUsedBytes: 5 * 2 ** 30, load1: 0.75 },
      dynoCount: 7,
      agentVersion: '0.1.0',
      seq: 42,
      sentAtMs: 1_795_000_000_123,
      ip: '10.0.0.1',
      appliedGeneration: 9,
      appliedEpoch: 3,
      draining: true,
      stackVersion: 'bookworm-697c23ed',
      restartGraceMs: 60_000,
      stackSha256: 'ab'.repeat(32),
    }
    const back = HostReportCodec.decode(HostReportCodec.encode(report))
    assert.deepEqual(JSON.parse(JSON.stringify(back)), report)
    assert.equal(typeof back.sentAtMs, 'number')
  })

  it('round-trips desired state, statuses, routes, router reports, logs and leader announcements', () => {
    const desired = {
      epoch: 4,
      generation: 17,
      hostId: 'h1',
      draining: false,
      dynos: [
        {
          id: 'd1',
          app: 'shop',
          processType: 'web',
          name: 'web.1',
          release: 3,
          slugSha256: 'ab'.repeat(32),
          command: 'npm start',
          env: { FOO: 'bar' },
          size: 'standard-1x',
          port: 5000,
          stack: 'shoal/stack:bookworm-1',
          oneOff: false,
          attach: false,
        },
      ],
    }
    assert.deepEqual(JSON.parse(JSON.stringify(DesiredStateCodec.decode(DesiredStateCodec.encode(desired)))), desired)
    const status = DynoStatusCodec.decode(
      DynoStatusCodec.encode({ id: 'd1', state: DynoState.DYNO_STATE_CRASHED, exitCode: -1 }),
    )
    assert.equal(status.state, DynoState.DYNO_STATE_CRASHED)
    assert.equal(status.exitCode, -1)
    const routes = {
      hostId: 'h1',
      seq: 2,
      snapshot: true,
      up: [{ dynoId: 'd1', app: 'shop', address: '10.0.0.1:5000' }],
      withdrawn: ['d0'],
    }
    assert.deepEqual(RouteAnnouncementCodec.decode(RouteAnnouncementCodec.encode(routes)).withdrawn, ['d0'])
    const rr = RouterReportCodec.decode(
      RouterReportCodec.encode({ hostId: 'h1', stats: [{ app: 'shop', queueP95Ms: 12.5 }] }),
    )
    assert.equal(rr.stats?.[0]?.queueP95Ms, 12.5)
    const line = LogLineCodec.decode(LogLineCodec.encode({ app: 'shop', atUs: 1_795_000_000_123_456, message: 'hi ✓' }))
    assert.equal(line.atUs, 1_795_000_000_123_456)
    assert.equal(line.message, 'hi ✓')
    assert.equal(LeaderAnnouncementCodec.decode(LeaderAnnouncementCodec.encode({ epoch: 2 ** 40 })).epoch, 2 ** 40)
  })

  it('throws on truncated input', () => {
    const bytes = HostReportCodec.encode({ hostId: 'x'.repeat(50) })
    assert.throws(() => HostReportCodec.decode(bytes.subarray(0, 10)))
  })
})
