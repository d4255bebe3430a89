// The ps commands' pure parts: Heroku's ps:scale and ps:type arguments, and `heroku ps` / ps:scale / ps:type output.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  actionLine,
  formatDynos,
  formatFormationLine,
  formatFormationTable,
  formatScaled,
  parseScaleArgs,
  parseTypeArgs,
} from '../../cli/commands/ps-commands.ts'
import { dynoSizeLabel } from '../../controller/formation/dyno-size-label.ts'
import type { DynoView, FormationView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'

const NOW = Date.parse('2026-11-26T15:03:00Z')

function dyno(name: string, fields: Partial<DynoView> = {}): DynoView {
  const type = name.split('.')[0] as string
  return {
    id: `demo.${name}`,
    name,
    type,
    size: 'standard-1x',
    state: 'up',
    since: '2026-11-26T15:00:00.000Z',
    command: type === 'web' ? 'npm start' : 'node worker.js',
    release: 3,
    host: 'h1',
    ...fields,
  }
}

const formation: FormationView[] = [
  { type: 'worker', quantity: 1, size: 'standard-1x', command: 'node worker.js' },
  { type: 'web', quantity: 3, size: 'standard-2x', command: 'npm start' },
]

const invalid = (err: unknown) => err instanceof ShoalError && err.code === 'INVALID_INPUT'

describe('ps:scale arguments', () => {
  it("parses Heroku's forms: set, add, remove, with a size in any case", () => {
    assert.deepEqual(
      parseScaleArgs(['web=2', 'worker+1', 'clock-2', 'web=3:standard-2x', 'my-worker=0:Performance-L']),
      [
        { type: 'web', quantity: 2 },
        { type: 'worker', delta: 1 },
        { type: 'clock', delta: -2 },
        { type: 'web', quantity: 3, size: 'standard-2x' },
        { type: 'my-worker', quantity: 0, size: 'Performance-L' },
      ],
    )
    assert.deepEqual(parseScaleArgs([]), [])
  })

  it('refuses anything else instead of ignoring it', () => {
    for (const arg of ['web', 'web:2', 'web=', 'web=two', '=2', 'web=2:', 'web=2:x:y', 'web*2']) {
      assert.throws(() => parseScaleArgs([arg]), invalid, arg)
    }
  })
})

describe('ps:type arguments', () => {
  it('takes TYPE=SIZE pairs of known types, or one size for every type', () => {
    assert.deepEqual(parseTypeArgs(['web=standard-2x'], formation), [{ type: 'web', size: 'standard-2x' }])
    assert.deepEqual(parseTypeArgs(['performance-m'], formation), [
      { type: 'worker', size: 'performance-m' },
      { type: 'web', size: 'performance-m' },
    ])
    assert.deepEqual(parseTypeArgs([], formation), [])
    assert.throws(() => parseTypeArgs(['clock=standard-2x'], formation), /no process type "clock".*types: worker, web/)
    assert.throws(() => parseTypeArgs(['web=standard-2x', 'worker'], formation), invalid)
    assert.throws(() => parseTypeArgs(['standard-1x', 'standard-2x'], formation), invalid)
  })
})

describe('ps output', () => {
  it('groups formation dynos by type, size and command, then one-offs, like heroku ps', () => {
    const out = formatDynos(
      'demo',
      [
        dyno('web.10', { since: '2026-11-26T15:02:50.000Z' }),
        dyno('worker.1', { size: 'standard-2x' }),
        dyno('web.2', { state: 'crashed', since: '2026-11-26T15:02:50.000Z', reason: 'Process exited with status 1' }),
        dyno('web.1'),
        dyno('web.3', {
          state: 'unplaceable',
          since: null,
          host: null,
          reason: 'no alive host has 1.0GB of free memory for standard-2x',
        }),
        dyno('run.4520', { command: 'bash', since: '2026-11-26T15:02:00.000Z' }),
        dyno('web.4', { state: 'pending', since: null, host: null }),
      ],
      NOW,
    )
    assert.equal(
      out,
      [
        '=== run: one-off processes (1)',
        '',
        'run.4520 (Standard-1X): up 2026/11/26 15:02:00 +0000 (~ 1m ago): bash',
        '',
        '=== web (Standard-1X): npm start (5)',
        '',
        'web.1: up 2026/11/26 15:00:00 +0000 (~ 3m ago)',
        'web.2: crashed 2026/11/26 15:02:50 +0000 (~ 10s ago)',
        'web.3: unplaceable (no alive host has 1.0GB of free memory for standard-2x)',
        'web.4: pending',
        'web.10: up 2026/11/26 15:02:50 +0000 (~ 10s ago)',
        '',
        '=== worker (Standard-2X): node worker.js (1)',
        '',
        'worker.1: up 2026/11/26 15:00:00 +0000 (~ 3m ago)',
      ].join('\n'),
    )
  })

  it('says when there are no dynos', () => {
    assert.equal(formatDynos('demo', [], NOW), 'No dynos on ⬢ demo')
  })

  it('prints the scale result and the formation like heroku ps:scale', () => {
    assert.equal(
      formatScaled(formation, [
        { type: 'web', quantity: 3, size: 'standard-2x' },
        { type: 'worker', delta: 1 },
      ]),
      'Scaling dynos... done, now running worker at 1:Standard-1X, web at 3:Standard-2X.',
    )
    assert.equal(
      formatScaled(formation, [{ type: 'web', quantity: 3 }]),
      'Scaling dynos... done, now running web at 3:Standard-2X.',
    )
    assert.equal(formatFormationLine(formation), 'web=3:Standard-2X worker=1:Standard-1X')
  })

  it('prints ps:type tables of types and totals per size', () => {
    assert.equal(
      formatFormationTable([...formation, { type: 'clock', quantity: 2, size: 'standard-1x', command: 'c' }]),
      [
        '=== Process Types',
        '',
        'type    size         qty',
        '──────  ───────────  ───',
        'clock   Standard-1X  2',
        'web     Standard-2X  3',
        'worker  Standard-1X  1',
        '',
        '=== Dyno Totals',
        '',
        'type         total',
        '───────────  ─────',
        'Standard-1X  3',
        'Standard-2X  3',
      ].join('\n'),
    )
  })

  it("words restarts and stops as heroku's CLI does", () => {
    assert.equal(actionLine('Restarting', 'demo'), 'Restarting all dynos on ⬢ demo... done')
    assert.equal(
      actionLine('Restarting', 'demo', { kind: 'type', name: 'web' }),
      'Restarting all web dynos on ⬢ demo... done',
    )
    assert.equal(
      actionLine('Stopping', 'demo', { kind: 'dyno', name: 'web.1' }),
      'Stopping dyno web.1 on ⬢ demo... done',
    )
  })

  it('labels sizes as Heroku writes them', () => {
    assert.deepEqual(
      ['standard-1x', 'standard-2x', 'performance-m', 'performance-l', 'Standard-2X'].map(dynoSizeLabel),
      ['Standard-1X', 'Standard-2X', 'Performance-M', 'Performance-L', 'Standard-2X'],
    )
  })
})
