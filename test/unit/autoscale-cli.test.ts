// The autoscaling CLI: flags to the enable request (Heroku's --p95, the default queue time, durations), and the
// human view of ps:autoscale.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { enableRequest, formatAutoscale, parseDuration } from '../../cli/commands/autoscale-commands.ts'
import type { AutoscaleStatus } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'

const parsed = (flags: Record<string, string | boolean>) => ({ flags, positionals: ['web'] })

describe('autoscale CLI', () => {
  it('turns flags into the enable request', () => {
    assert.deepEqual(enableRequest(parsed({ min: '1', max: '10' })), { max: 10, min: 1 })
    assert.deepEqual(enableRequest(parsed({ max: '4', p95: '500', notifications: true })), {
      max: 4,
      metric: 'p95',
      target: 500,
      notifications: true,
    })
    assert.deepEqual(
      enableRequest(parsed({ max: '4', 'queue-time': '50', window: '4s', stabilization: '5m', idle: '1h' })),
      {
        max: 4,
        metric: 'queue-time',
        target: 50,
        windowMs: 4000,
        stabilizationMs: 300_000,
        idleMs: 3_600_000,
      },
    )
    const bad = (e: unknown) => e instanceof ShoalError && e.code === 'INVALID_INPUT'
    assert.throws(() => enableRequest(parsed({ min: '1' })), bad)
    assert.throws(() => enableRequest(parsed({ max: '3', p95: '5', concurrency: '2' })), bad)
    assert.throws(() => enableRequest(parsed({ max: 'x' })), bad)
    assert.equal(parseDuration('90', 'idle', 'x'), 90_000)
    assert.throws(() => parseDuration('5 min', 'idle', 'x'), bad)
  })

  it('shows settings, figures and decisions', () => {
    const status: AutoscaleStatus = {
      type: 'web',
      enabled: true,
      settings: {
        min: 1,
        max: 10,
        metric: 'queue-time',
        target: 50,
        windowMs: 10_000,
        stabilizationMs: 300_000,
        idleMs: 1_800_000,
        notifications: false,
      },
      quantity: 5,
      sleeping: false,
      panic: true,
      current: {
        short: {
          windowMs: 10_000,
          arrivalsPerS: 120,
          queueP95Ms: 240,
          responseP95Ms: 35,
          inFlight: 12,
          queueLength: 30,
          dynosRoutable: 2,
          metric: 240,
        },
        stable: null,
      },
      decisions: [
        {
          at: '2026-12-07T01:00:00.000Z',
          kind: 'up',
          from: 2,
          to: 5,
          reason: 'queue time p95 240 ms > target 50 ms over 10 s',
        },
      ],
    }
    const text = formatAutoscale('shop', [status])
    assert.match(text, /^=== web autoscaling: enabled$/m)
    assert.match(text, /^Dynos: +1–10, now 5 \(panic\)$/m)
    assert.match(text, /^Target: +queue time p95 50 ms$/m)
    assert.match(text, /^Windows: +10 s up, 5 min stabilization down$/m)
    assert.match(text, /120 req\/s, queue p95 240 ms, response p95 35 ms, in flight 12, queued 30, routable dynos 2/)
    assert.match(text, /up {6}2 → 5 {2}queue time p95 240 ms > target 50 ms over 10 s/)
    assert.equal(formatAutoscale('shop', []), 'No autoscaled process types on ⬢ shop')
  })
})
