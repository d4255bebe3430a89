import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LineSplitter, MAX_LINE_BYTES, utf8Boundary } from '../../agent/dynos/output-lines.ts'

function split(chunks: Array<string | Buffer>, end = true): string[] {
  const out: string[] = []
  const s = new LineSplitter((l) => out.push(l))
  for (const c of chunks) s.push(typeof c === 'string' ? Buffer.from(c) : c)
  if (end) s.end()
  return out
}

test('lines are split on newlines across chunks; CRLF loses its CR; a trailing partial line waits for the end', () => {
  assert.deepEqual(split(['a\nb', 'c\r\n', '\nd'], false), ['a', 'bc', ''])
  assert.deepEqual(split(['a\nb', 'c\r\n', '\nd']), ['a', 'bc', '', 'd'])
})

test('a line over 10000 bytes becomes several messages of at most 10000 bytes', () => {
  const long = 'x'.repeat(MAX_LINE_BYTES * 2 + 5)
  const out = split([long.slice(0, 7000), long.slice(7000), '\nnext\n'])
  assert.deepEqual(
    out.map((l) => l.length),
    [10000, 10000, 5, 4],
  )
  assert.deepEqual(split(['y'.repeat(MAX_LINE_BYTES), '\n']), ['y'.repeat(MAX_LINE_BYTES)])
})

test('splitting never cuts a UTF-8 character in two', () => {
  const line = `${'a'.repeat(9999)}é${'b'.repeat(3)}`
  const out = split([line, '\n'])
  assert.deepEqual(out, ['a'.repeat(9999), `é${'bbb'}`])
  assert.equal(utf8Boundary(Buffer.from('ab'), 5), 2)
})
