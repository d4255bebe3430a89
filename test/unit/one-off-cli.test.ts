// `shoal run` arguments (command joining, Heroku's --env syntax) and the run API's decoding of them.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildCommand, parseEnvFlags } from '../../cli/commands/run-commands.ts'
import { decodeCreateDyno, parseRunQuery } from '../../controller/api/run-routes.ts'
import { ShoalError } from '../../proto/errors.ts'

const invalid = (err: unknown) => err instanceof ShoalError && err.code === 'INVALID_INPUT'

describe('shoal run arguments', () => {
  it('keeps one argument as it is and quotes joined arguments where a shell needs it', () => {
    assert.equal(buildCommand(['rake db:migrate']), 'rake db:migrate')
    assert.equal(buildCommand(['echo', 'hi']), 'echo hi')
    assert.equal(buildCommand(['sh', '-c', 'exit 7']), "sh -c 'exit 7'")
    assert.equal(buildCommand(['echo', "it's"]), `echo 'it'\\''s'`)
    assert.equal(buildCommand(['ls', '-la', '/app/x.y']), 'ls -la /app/x.y')
  })

  it("reads Heroku's --env: pairs split by semicolons, repeatable, values may hold =", () => {
    assert.deepEqual(parseEnvFlags(['FOO=bar;BAZ=qux', 'URL=a=b', '']), { FOO: 'bar', BAZ: 'qux', URL: 'a=b' })
    assert.throws(() => parseEnvFlags(['NOPE']), invalid)
  })
})

describe('run API input', () => {
  it('reads the websocket query: command, size, repeated env, ttl', () => {
    const q = new URLSearchParams([
      ['command', 'bash'],
      ['size', 'standard-2x'],
      ['env', 'A=1'],
      ['env', 'B=x=y'],
      ['ttl', '120'],
    ])
    assert.deepEqual(parseRunQuery('app', q), {
      app: 'app',
      command: 'bash',
      attach: true,
      size: 'standard-2x',
      env: { A: '1', B: 'x=y' },
      ttlS: 120,
    })
    assert.throws(() => parseRunQuery('app', new URLSearchParams('command=a&command=b')), invalid)
    assert.throws(() => parseRunQuery('app', new URLSearchParams('command=a&ttl=1h')), invalid)
    assert.throws(() => parseRunQuery('app', new URLSearchParams('command=a&env=novalue')), invalid)
  })

  it("reads Heroku's dyno create body for detached runs and sends attached ones to the websocket", () => {
    assert.deepEqual(decodeCreateDyno('app', { command: 'ls', size: 'standard-1x', time_to_live: 60 }), {
      app: 'app',
      command: 'ls',
      attach: false,
      size: 'standard-1x',
      env: undefined,
      ttlS: 60,
    })
    assert.throws(() => decodeCreateDyno('app', { command: 'ls', attach: true }), /websocket/)
    assert.throws(() => decodeCreateDyno('app', []), invalid)
    assert.throws(() => decodeCreateDyno('app', { command: 3 }), invalid)
    assert.throws(() => decodeCreateDyno('app', { command: 'ls', time_to_live: '60' }), invalid)
  })
})
