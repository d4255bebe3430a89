import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseArgs } from '../../cli/args.ts'
import { parseBytes } from '../../cli/commands/cluster-commands.ts'
import { ShoalError } from '../../proto/errors.ts'

const specs = {
  app: { short: 'a', type: 'string', description: '' },
  json: { type: 'boolean', description: '' },
  label: { type: 'string', multiple: true, description: '' },
} as const

describe('CLI argument parsing', () => {
  it('reads long, short, = and repeated flags, and keeps positionals in order', () => {
    const p = parseArgs(
      ['web=2', '-a', 'shop', '--json', '--label=a=1', '--label', 'b=2', 'worker+1'],
      specs,
      'ps:scale',
    )
    assert.deepEqual(p.positionals, ['web=2', 'worker+1'])
    assert.equal(p.flags['app'], 'shop')
    assert.equal(p.flags['json'], true)
    assert.deepEqual(p.flags['label'], ['a=1', 'b=2'])
  })

  it('passes everything after -- through, flags included', () => {
    const p = parseArgs(['-a', 'shop', '--', 'ls', '-la', '--json'], specs, 'run')
    assert.deepEqual(p.positionals, ['ls', '-la', '--json'])
    assert.equal(p.flags['json'], undefined)
  })

  it('refuses unknown flags, a missing value and a value for a boolean, with INVALID_INPUT', () => {
    for (const argv of [['--nope'], ['-x'], ['--app'], ['--json=yes']]) {
      assert.throws(
        () => parseArgs(argv, specs, 'apps'),
        (e: unknown) =>
          e instanceof ShoalError && e.code === 'INVALID_INPUT' && e.message.startsWith('Cannot run apps: '),
      )
    }
  })
})

describe('parseBytes', () => {
  it('reads sizes with units', () => {
    assert.equal(parseBytes('512MB', 'agent'), 512 * 1024 ** 2)
    assert.equal(parseBytes('2gb', 'agent'), 2 * 1024 ** 3)
    assert.equal(parseBytes('1.5GiB', 'agent'), 1.5 * 1024 ** 3)
    assert.equal(parseBytes('4096', 'agent'), 4096)
    assert.throws(
      () => parseBytes('lots', 'agent'),
      (e: unknown) => e instanceof ShoalError && e.code === 'INVALID_INPUT',
    )
  })
})
