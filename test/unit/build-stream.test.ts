// The deploy stream's liveness: the controller names its heartbeat interval in the build response, and the CLI's idle
// timeout follows it (BUILD_MISSED_HEARTBEATS of them), so the interval can shrink on the controller alone; a
// response that names none (a controller of an older version) keeps the old fixed minute.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  BUILD_HEARTBEAT_HEADER,
  BUILD_HEARTBEAT_MS,
  BUILD_IDLE_TIMEOUT_MS,
  BUILD_MISSED_HEARTBEATS,
  buildIdleTimeoutMs,
} from '../../proto/api.ts'

describe('build stream idle timeout', () => {
  it('is a number of heartbeats of the interval the controller names', () => {
    assert.equal(
      buildIdleTimeoutMs({ [BUILD_HEARTBEAT_HEADER]: String(BUILD_HEARTBEAT_MS) }),
      Math.min(BUILD_IDLE_TIMEOUT_MS, BUILD_MISSED_HEARTBEATS * BUILD_HEARTBEAT_MS),
    )
    assert.equal(buildIdleTimeoutMs({ [BUILD_HEARTBEAT_HEADER]: '3000' }), 3000 * BUILD_MISSED_HEARTBEATS)
    assert.equal(buildIdleTimeoutMs({ [BUILD_HEARTBEAT_HEADER]: '2000' }), 2000 * BUILD_MISSED_HEARTBEATS)
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
