import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ErrorCodes, isErrorCode, ShoalError } from '../../proto/errors.ts'
import { ROOT } from '../helpers/processes.ts'

describe('error codes', () => {
  it('documents every code in docs/ERRORS.md with its status', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'ERRORS.md'), 'utf8')
    for (const [code, { status }] of Object.entries(ErrorCodes)) {
      assert.match(doc, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `${code} is not documented`)
    }
  })

  it('carries a stable code and its HTTP status', () => {
    const err = new ShoalError('INVALID_NAME', 'Cannot create app: name "X" is invalid')
    assert.equal(err.code, 'INVALID_NAME')
    assert.equal(err.status, 422)
    assert.equal(isErrorCode('INVALID_NAME'), true)
    assert.equal(isErrorCode('toString'), false)
  })
})
