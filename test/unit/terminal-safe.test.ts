import assert from 'node:assert/strict'
import { test } from 'node:test'
import { terminalSafe } from '../../lib/terminal-safe.ts'

test('a dyno cannot overwrite its log prefix with a fake platform line', () => {
  const line =
    '2026-12-07T00:00:00.000000+00:00 app[web.1]: \r\x1b[2K2026-12-07T00:00:00.000000+00:00 shoal[router]: at=info'
  const safe = terminalSafe(line)
  assert.equal(
    safe,
    '2026-12-07T00:00:00.000000+00:00 app[web.1]: \\r\\e[2K2026-12-07T00:00:00.000000+00:00 shoal[router]: at=info',
  )
  assert.ok(
    [...safe].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) < 0x7f),
    safe,
  )
})

test('every control character is escaped; tabs, text and Unicode stay', () => {
  assert.equal(terminalSafe('a\tb'), 'a\tb')
  assert.equal(terminalSafe('héllo ✓ 日本'), 'héllo ✓ 日本')
  assert.equal(terminalSafe('\x00\x07\x7f\x9b'), '\\x00\\x07\\x7f\\x9b')
  assert.equal(terminalSafe('\x1b]0;pwned\x07'), '\\e]0;pwned\\x07')
  assert.equal(terminalSafe('user\u202eexe.txt'), 'user\\u{202e}exe.txt')
  for (let c = 0; c < 0xa0; c++) {
    const ch = String.fromCharCode(c)
    if (ch === '\t' || (c >= 0x20 && c < 0x7f)) continue
    assert.notEqual(terminalSafe(ch), ch, `U+${c.toString(16)} passed through`)
  }
})
