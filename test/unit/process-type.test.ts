import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isProcessType } from '../../lib/process-type.ts'

describe('isProcessType', () => {
  it('accepts 1 to 128 word characters and dashes', () => {
    for (const name of ['web', 'w', 'web-1', 'worker_2', 'A', 'a'.repeat(128)]) assert.ok(isProcessType(name), name)
  })

  it('refuses empty, too long, dotted, spaced and non-ASCII names', () => {
    for (const name of ['', 'a'.repeat(129), 'web.1', 'web 1', 'wéb', 'web:', 'web\n']) {
      assert.ok(!isProcessType(name), JSON.stringify(name))
    }
  })
})
