import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isProcessType, parseProcfile } from '../../lib/procfile.ts'
import { ShoalError } from '../../proto/errors.ts'

const entries = (text: string): [string, string][] => [...parseProcfile(text).entries()]

function rejects(text: string, message: RegExp): void {
  assert.throws(
    () => parseProcfile(text),
    (err: unknown) => err instanceof ShoalError && err.code === 'INVALID_INPUT' && message.test(err.message),
  )
}

describe('parseProcfile', () => {
  it('reads types and commands in file order', () => {
    assert.deepEqual(entries('web: npm start\nworker: node worker.js --queue=default\n'), [
      ['web', 'npm start'],
      ['worker', 'node worker.js --queue=default'],
    ])
  })

  it('skips blank lines and comments, including indented ones', () => {
    const text = '# processes\n\n   \nweb: bin/web\n  # worker: off\n\trelease: bin/migrate\n'
    assert.deepEqual(entries(text), [
      ['web', 'bin/web'],
      ['release', 'bin/migrate'],
    ])
  })

  it('follows Heroku in making the colon optional and allowing leading whitespace', () => {
    assert.deepEqual(entries('web npm start\n   clock:   node clock.js'), [
      ['web', 'npm start'],
      ['clock', 'node clock.js'],
    ])
  })

  it('keeps colons, quotes and # inside commands, and trims trailing whitespace and CR', () => {
    assert.deepEqual(entries('web: node -e "console.log(\'a: b # c\')"   \r\nurls: echo http://x:80/#top\r\n'), [
      ['web', 'node -e "console.log(\'a: b # c\')"'],
      ['urls', 'echo http://x:80/#top'],
    ])
  })

  it('accepts dashes, underscores and digits in type names', () => {
    assert.deepEqual(entries('web-2_b: run\nA9: go'), [
      ['web-2_b', 'run'],
      ['A9', 'go'],
    ])
  })

  it('keeps the first position and the last command of a repeated type, as Heroku keeps the last', () => {
    assert.deepEqual(entries('web: one\nworker: w\nweb: two'), [
      ['web', 'two'],
      ['worker', 'w'],
    ])
  })

  it('returns an empty map for an empty or comment-only file', () => {
    assert.equal(parseProcfile('').size, 0)
    assert.equal(parseProcfile('# nothing\n\n').size, 0)
  })

  it('refuses a line without a command, naming the line', () => {
    rejects('web: ok\nworker:\n', /line 2: process type "worker" has no command/)
    rejects('web:    \n', /line 1: process type "web" has no command/)
    rejects('web\n', /line 1: process type "web" has no command/)
  })

  it("refuses a command glued to the colon, as Heroku's regex wants whitespace there", () => {
    rejects('web:npm start', /line 1: expected "type: command"/)
  })

  it('refuses a type with characters outside the rule', () => {
    rejects('\n\nweb.1: run', /line 3: expected "type: command", got "web\.1: run"/)
    rejects('wéb: run', /line 1/)
  })

  it('refuses a type longer than 128 characters', () => {
    rejects(`${'a'.repeat(129)}: run`, /longer than 128 characters/)
    assert.equal(parseProcfile(`${'a'.repeat(128)}: run`).size, 1)
  })

  it('shortens a long offending line in the message', () => {
    assert.throws(
      () => parseProcfile(`!${'x'.repeat(500)}`),
      (err: unknown) => err instanceof ShoalError && err.message.length < 200 && err.message.endsWith('..."'),
    )
  })
})

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
