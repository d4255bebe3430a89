import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { compileIgnore, walkFiles } from '../../lib/ignore-rules.ts'

const git = (text: string) => compileIgnore(text, { negation: true })
const slug = (text: string) => compileIgnore(text, { negation: false })

function check(text: string, cases: Record<string, boolean>, isDir = false): void {
  const ignored = git(text)
  for (const [path, expected] of Object.entries(cases)) {
    assert.equal(ignored(path, isDir), expected, `${JSON.stringify(text)} on ${path} (dir: ${isDir})`)
  }
}

describe('compileIgnore', () => {
  it('matches a name without a slash at any depth', () => {
    check('*.log', { 'a.log': true, 'deep/er/b.log': true, 'a.log.txt': false, log: false })
    check('tmp', { tmp: true, 'src/tmp': true, 'tmp/file': true, tmpfile: false })
  })

  it("anchors a pattern with a leading or middle slash to the rules' directory", () => {
    check('/build', { build: true, 'build/out.js': true, 'src/build': false })
    check('docs/*.md', { 'docs/a.md': true, 'docs/sub/a.md': false, 'x/docs/a.md': false })
  })

  it('makes a trailing slash match directories only', () => {
    const ignored = git('cache/')
    assert.equal(ignored('cache', true), true)
    assert.equal(ignored('cache', false), false)
    assert.equal(ignored('a/cache', true), true)
    assert.equal(ignored('cache/file', false), true, 'inside an ignored directory')
  })

  it('keeps * and ? within one path segment', () => {
    check('a*z', { az: true, abcz: true, 'a/z': false })
    check('src/?.js', { 'src/a.js': true, 'src/ab.js': false, 'src//.js': false })
    check('/*.txt', { 'a.txt': true, 'd/a.txt': false })
  })

  it('understands ** at the start, at the end and in the middle', () => {
    check('**/logs', { logs: true, 'a/logs': true, 'a/b/logs/x': true, alogs: false })
    check('vendor/**', { vendor: false, 'vendor/a': true, 'vendor/a/b.c': true, 'x/vendor/a': false })
    check('a/**/z', { 'a/z': true, 'a/b/z': true, 'a/b/c/z': true, 'a/bz': false, 'b/a/z': false })
    check('**', { anything: true, 'deep/path': true })
    check('a**b', { ab: true, axxb: true, 'a/b': false })
  })

  it('understands character classes, negated classes, POSIX classes and an unterminated [', () => {
    check('file[0-9].txt', { 'file1.txt': true, 'filex.txt': false })
    check('[!a]*.js', { 'b.js': true, 'a.js': false })
    check('[^a]*.js', { 'b.js': true, 'a.js': false })
    check('v[[:digit:]][[:alpha:]]', { v1a: true, vaa: false, v11: false })
    check('[]x]', { ']': true, x: true, y: false })
    check('[abc', { '[abc': true, a: false })
    check('x[-]y', { 'x-y': true, xay: false })
  })

  it('treats regex metacharacters literally', () => {
    check('a.b+(c)|{d}$^', { 'a.b+(c)|{d}$^': true, 'axb+(c)|{d}$^': false })
  })

  it('skips comments and blank lines, honours escapes and trailing-space rules', () => {
    check('# comment\n\n\\#hash\n\\!bang\nspace\\ \ntrail   ', {
      '# comment': false,
      '#hash': true,
      '!bang': true,
      'space ': true,
      trail: true,
      'trail   ': false,
    })
  })

  it('lets the last matching rule win, and ! re-include', () => {
    check('*.log\n!keep.log', { 'a.log': true, 'keep.log': false, 'x/keep.log': false })
    check('!keep.log\n*.log', { 'keep.log': true })
  })

  it('cannot re-include a file inside an excluded directory, like git', () => {
    check('build/\n!build/keep.txt', { 'build/keep.txt': true })
    check('build/*\n!build/keep.txt', { 'build/keep.txt': false, 'build/other.txt': true })
  })

  it('skips ! lines when negation is off (.slugignore)', () => {
    const ignored = slug('*.psd\n!keep.psd')
    assert.equal(ignored('keep.psd', false), true)
    const only = slug('!keep.psd')
    assert.equal(only('keep.psd', false), false)
    assert.equal(only('!keep.psd', false), false, 'the line is skipped, not read as a literal name')
  })

  it('normalizes ./ prefixes, leading and trailing slashes, and CRLF rule files', () => {
    const ignored = git('/out\r\n*.tmp\r\n')
    assert.equal(ignored('./out/a', false), true)
    assert.equal(ignored('/out/', true), true)
    assert.equal(ignored('x.tmp', false), true)
  })
})

describe('walkFiles', () => {
  let root: string

  async function put(path: string, content = 'x'): Promise<void> {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'shoal-walk-'))
    await put('.git/HEAD')
    await put('.git/objects/ab/cdef')
    await put('.gitignore', 'node_modules/\n*.log\n/dist\n.env\n')
    await put('.env', 'SECRET=1')
    await put('package.json')
    await put('server.js')
    await put('error.log')
    await put('node_modules/ms/index.js')
    await put('dist/bundle.js')
    await put('src/dist/keep.js')
    await put('src/app.js')
    await put('src/debug.log')
    await put('logs/.gitignore', '*\n!.gitignore\n!important.log\n')
    await put('logs/a.txt')
    await put('logs/important.log')
    await put('sub/.gitignore', '/local.txt\n!*.log\n')
    await put('sub/local.txt')
    await put('sub/deeper/local.txt')
    await put('sub/kept.log')
    await put('sub/.git', 'gitdir: ../.git/modules/sub')
    await put('weird name [1].txt')
    await mkdir(join(root, 'empty/inner'), { recursive: true })
    await symlink('server.js', join(root, 'link.js'))
    await symlink('src', join(root, 'src-link'))
  })

  after(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('lists what git would add: nested .gitignore files, deeper overriding shallower, .git left out', async () => {
    assert.deepEqual(await walkFiles(root), [
      '.gitignore',
      'link.js',
      'logs/.gitignore',
      'logs/important.log',
      'package.json',
      'server.js',
      'src-link',
      'src/app.js',
      'src/dist/keep.js',
      'sub/.gitignore',
      'sub/deeper/local.txt',
      'sub/kept.log',
      'weird name [1].txt',
    ])
  })

  it('applies extra rules below the .gitignore files', async () => {
    const files = await walkFiles(root, '*.txt\n!sub/deeper/local.txt\nsrc/\n')
    assert.ok(!files.includes('weird name [1].txt'))
    assert.ok(files.includes('sub/deeper/local.txt'))
    assert.ok(!files.some((f) => f.startsWith('src/')))
    assert.ok(files.includes('src-link'), 'a symlink is a file to git, so src/ does not match it')
  })
})
