// How `shoal config` prints values: aligned `KEY: value` lines and shell-safe `KEY=value` lines.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { shellQuote, styledVars } from '../../cli/commands/config-commands.ts'

describe('config output', () => {
  it('aligns values after sorted keys', () => {
    assert.deepEqual(styledVars({ LONG_NAME: 'x', A: 'multi word' }), ['A:         multi word', 'LONG_NAME: x'])
    assert.deepEqual(styledVars({}), [])
  })

  it('quotes only what a shell would misread, and round-trips through sh', () => {
    assert.equal(shellQuote('plain-value_1.2:3/4@5%+,='), 'plain-value_1.2:3/4@5%+,=')
    assert.equal(shellQuote(''), "''")
    for (const value of ["it's", 'a b', '$HOME `id`', 'line1\nline2', 'x;y|z&', '"q"', "'"]) {
      const out = execFileSync('sh', ['-c', `V=${shellQuote(value)}; printf %s "$V"`], { encoding: 'utf8' })
      assert.equal(out, value)
    }
  })
})
