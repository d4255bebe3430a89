import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import {
  parseDeb822Sources,
  parseOneLineSources,
  pickDebianMirror,
  readHostAptSources,
  stackSourcesList,
} from '../../agent/stack/apt-sources.ts'
import { ShoalError } from '../../proto/errors.ts'

describe('apt sources', () => {
  it('parses the one-line format with options, comments and deb-src lines', () => {
    const text = [
      '# the main mirror',
      'deb [arch=amd64 signed-by=/usr/share/keyrings/debian.gpg] http://mirror.example/debian bookworm main contrib',
      'deb-src http://mirror.example/debian bookworm main',
      'deb http://security.example/debian-security bookworm-security main # trailing comment',
      'not a source line',
      '',
    ].join('\n')
    assert.deepEqual(parseOneLineSources(text), [
      { type: 'deb', uri: 'http://mirror.example/debian', suite: 'bookworm', components: ['main', 'contrib'] },
      { type: 'deb-src', uri: 'http://mirror.example/debian', suite: 'bookworm', components: ['main'] },
      { type: 'deb', uri: 'http://security.example/debian-security', suite: 'bookworm-security', components: ['main'] },
    ])
  })

  it('parses deb822 stanzas: several suites and URIs, continuation lines, Enabled: no', () => {
    const text = [
      'Types: deb deb-src',
      '# a comment inside a stanza',
      'URIs: http://a.example/debian',
      '  http://b.example/debian',
      'Suites: bookworm bookworm-updates',
      'Components: main',
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
      '',
      'Types: deb',
      'URIs: http://disabled.example/debian',
      'Suites: bookworm',
      'Components: main',
      'Enabled: no',
      '',
    ].join('\n')
    const sources = parseDeb822Sources(text)
    assert.equal(sources.length, 8)
    assert.deepEqual(sources[0], {
      type: 'deb',
      uri: 'http://a.example/debian',
      suite: 'bookworm',
      components: ['main'],
    })
    assert.ok(sources.some((s) => s.uri === 'http://b.example/debian' && s.suite === 'bookworm-updates'))
    assert.ok(!sources.some((s) => s.uri.includes('disabled')))
  })

  it('picks the mirror of the exact suite with main, not -updates or -security or deb-src', () => {
    const sources = [
      { type: 'deb-src' as const, uri: 'http://src.example/debian', suite: 'bookworm', components: ['main'] },
      { type: 'deb' as const, uri: 'http://upd.example/debian', suite: 'bookworm-updates', components: ['main'] },
      { type: 'deb' as const, uri: 'cdrom:[Debian]/', suite: 'bookworm', components: ['main'] },
      { type: 'deb' as const, uri: 'http://contrib.example/debian', suite: 'bookworm', components: ['contrib'] },
      { type: 'deb' as const, uri: 'http://main.example/debian', suite: 'bookworm', components: ['main'] },
    ]
    assert.equal(pickDebianMirror(sources, 'bookworm'), 'http://main.example/debian')
  })

  it('refuses when no source serves the suite', () => {
    const sources = [{ type: 'deb' as const, uri: 'http://x.example/ubuntu', suite: 'jammy', components: ['main'] }]
    assert.throws(
      () => pickDebianMirror(sources, 'bookworm'),
      (err: unknown) => err instanceof ShoalError && err.code === 'UNAVAILABLE' && /bookworm/.test(err.message),
    )
  })

  it('writes the stack sources for the suite and its -updates/-security suites only, once each', () => {
    const sources = [
      ...parseOneLineSources('deb http://m.example/debian bookworm main\ndeb http://m.example/debian bookworm main'),
      ...parseOneLineSources('deb http://m.example/debian-security bookworm-security main'),
      ...parseOneLineSources('deb https://other.example/apt cloud-sdk-bookworm main'),
      ...parseOneLineSources('deb-src http://m.example/debian bookworm main'),
    ]
    assert.equal(
      stackSourcesList(sources, 'bookworm'),
      'deb http://m.example/debian bookworm main\ndeb http://m.example/debian-security bookworm-security main\n',
    )
  })

  it('reads sources.list and only the .list/.sources files of sources.list.d, as apt does', async () => {
    const root = await mkdtemp(join(tmpdir(), 'shoal-apt-'))
    try {
      await mkdir(join(root, 'etc/apt/sources.list.d'), { recursive: true })
      await writeFile(join(root, 'etc/apt/sources.list'), '# empty but for this comment\n')
      await writeFile(
        join(root, 'etc/apt/sources.list.d/debian.sources'),
        'Types: deb\nURIs: http://deb.example/debian\nSuites: bookworm\nComponents: main\n',
      )
      await writeFile(
        join(root, 'etc/apt/sources.list.d/extra.list'),
        'deb http://extra.example/debian bookworm main\n',
      )
      await writeFile(
        join(root, 'etc/apt/sources.list.d/old.list.disabled'),
        'deb http://ignored.example/debian bookworm main\n',
      )
      const sources = await readHostAptSources(root)
      assert.deepEqual(
        sources.map((s) => s.uri),
        ['http://deb.example/debian', 'http://extra.example/debian'],
      )
      assert.equal(pickDebianMirror(sources, 'bookworm'), 'http://deb.example/debian')
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})
