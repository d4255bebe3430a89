// How `shoal releases` prints: heroku's header, aligned columns, newest first, release-phase notes.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatReleases } from '../../cli/commands/releases-commands.ts'
import type { ReleaseView } from '../../proto/api.ts'

const NOW = Date.parse('2026-11-26T15:05:00Z')

function release(version: number, description: string, extra: Partial<ReleaseView> = {}): ReleaseView {
  return {
    version,
    description,
    status: 'succeeded',
    current: false,
    createdAt: '2026-11-26T15:00:00.000Z',
    user: 'admin',
    slug: null,
    ...extra,
  }
}

describe('releases output', () => {
  it('prints the current version in the header and aligns every column', () => {
    const text = formatReleases(
      'myapp',
      [
        release(12, 'Deploy 1a2b3c4', { status: 'pending', createdAt: '2026-11-26T15:04:58.000Z' }),
        release(11, 'Set FOO config vars', { current: true }),
        release(10, 'Deploy 0f0f0f0', { status: 'failed', createdAt: '2026-11-25T15:00:00.000Z' }),
        release(9, 'Initial release', { status: 'expired', createdAt: '2026-11-26T12:00:00.000Z' }),
      ],
      NOW,
    )
    assert.equal(
      text,
      [
        '=== myapp Releases - Current: v11',
        '',
        'v12  Deploy 1a2b3c4 release command executing  admin  2026/11/26 15:04:58 +0000 (~ 2s ago)',
        'v11  Set FOO config vars                       admin  2026/11/26 15:00:00 +0000 (~ 5m ago)',
        'v10  Deploy 0f0f0f0 release command failed     admin  2026/11/25 15:00:00 +0000 (~ 1d ago)',
        'v9   Initial release release expired           admin  2026/11/26 12:00:00 +0000 (~ 3h ago)',
      ].join('\n'),
    )
  })

  it('leaves the current version out of the header when it is not among those shown', () => {
    assert.equal(formatReleases('myapp', [release(3, 'Rollback to v1')], NOW).split('\n')[0], '=== myapp Releases')
  })
})
