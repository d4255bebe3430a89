// The deploy stream's liveness: the controller names its heartbeat interval in the build response, and the CLI's idle
// timeout follows it (5 missed heartbeats), so a deploy cut by a leader whose machine died ends in seconds; a
// response that names none (a controller of an older version) keeps the old fixed minute.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  BUILD_HEARTBEAT_HEADER,
  BUILD_HEARTBEAT_MS,
  BUILD_IDLE_TIMEOUT_MS,
  buildIdleTimeoutMs,
} from '../../proto/api.ts'

describe('build stream idle timeout', () => {
  it('is 5 heartbeats of the interval the controller names', () => {
    assert.equal(buildIdleTimeoutMs({ [BUILD_HEARTBEAT_HEADER]: String(BUILD_HEARTBEAT_MS) }), 5 * BUILD_HEARTBEAT_MS)
    assert.equal(buildIdleTimeoutMs({ [BUILD_HEARTBEAT_HEADER]: '3000' }), 15_000)
    assert.ok(5 * BUILD_HEARTBEAT_MS <= 15_000, 'a dead leader ends a deploy within 15 s')
  })

  it('keeps the fixed minute when the controller names no interval, or nonsense', () => {
    assert.equal(buildIdleTimeoutMs({}), BUILD_IDLE_TIMEOUT_MS)
    assert.equal(buildIdleTimeoutMs({ [BUILD_HEARTBEAT_HEADER]: 'soon' }), BUILD_IDLE_TIMEOUT_MS)
    assert.equal(buildIdleTimeoutMs({ [BUILD_HEARTBEAT_HEADER]: '0' }), BUILD_IDLE_TIMEOUT_MS)
  })

  it('is bounded: never under 5 s (a busy machine), never over the minute', () => {
    assert.equal(buildIdleTimeoutMs({ [BUILD_HEARTBEAT_HEADER]: '10' }), 5_000)
    assert.equal(buildIdleTimeoutMs({ [BUILD_HEARTBEAT_HEADER]: '3600000' }), BUILD_IDLE_TIMEOUT_MS)
  })
})
