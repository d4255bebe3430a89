// The built-in buildpacks and the build driver, run with bash on the host (no Docker): the driver's paths come from
// SHOAL_* variables. Nothing here reaches the network; the Node.js app uses file: dependencies.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { access, chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const BUILDPACKS = join(REPO, 'buildpacks')
const DRIVER = join(BUILDPACKS, 'shoal-build')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

let scratch: string
const baseEnv: Record<string, string> = {}

function run(command: string, args: string[], env: Record<string, string> = {}, cwd = scratch): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

async function tempDir(name: string): Promise<string> {
  return mkdtemp(join(scratch, `${name}-`))
}

async function files(root: string, tree: Record<string, string>): Promise<string> {
  for (const [path, content] of Object.entries(tree)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
  return root
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  )

interface Build extends Run {
  dirs: { build: string; cache: string; env: string; out: string }
  result:
    | { stack: string; buildpacks: { url: string; name: string }[]; processTypes: Record<string, string> }
    | undefined
  slug: string[]
}

/** Runs the driver on a copy of `source`; `cache` reuses a cache dir across builds. */
async function build(
  source: string,
  options: { args?: string[]; env?: Record<string, string>; config?: Record<string, string>; cache?: string } = {},
): Promise<Build> {
  const root = await tempDir('build')
  const dirs = {
    build: join(root, 'build'),
    cache: options.cache ?? join(root, 'cache'),
    env: join(root, 'env'),
    out: join(root, 'out'),
  }
  await cp(source, dirs.build, { recursive: true, verbatimSymlinks: true })
  await mkdir(dirs.env)
  for (const [name, value] of Object.entries(options.config ?? {})) await writeFile(join(dirs.env, name), value)
  const res = await run('bash', [DRIVER, ...(options.args ?? [])], {
    SHOAL_BUILD_DIR: dirs.build,
    SHOAL_CACHE_DIR: dirs.cache,
    SHOAL_ENV_DIR: dirs.env,
    SHOAL_OUT_DIR: dirs.out,
    SHOAL_BUILD_USER: '',
    ...options.env,
  })
  const resultFile = join(dirs.out, 'result.json')
  const result = (await exists(resultFile)) ? JSON.parse(await readFile(resultFile, 'utf8')) : undefined
  let slug: string[] = []
  if (await exists(join(dirs.out, 'slug.tgz'))) {
    const listing = await run('tar', ['-tzf', join(dirs.out, 'slug.tgz')])
    assert.equal(listing.code, 0, listing.stderr)
    slug = listing.stdout
      .split('\n')
      .filter((line) => line !== '' && line !== './' && !line.endsWith('/'))
      .map((line) => line.replace(/^\.\//, ''))
      .sort()
  }
  return { ...res, dirs, result, slug }
}

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'shoal-buildpacks-'))
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('NODE_TEST') && !key.startsWith('SHOAL_')) baseEnv[key] = value
  }
  // The stack's node: this test's own Node.js, first on PATH for the scripts.
  baseEnv['PATH'] = `${dirname(process.execPath)}:${process.env['PATH'] ?? '/usr/bin:/bin'}`
  baseEnv['HOME'] = await mkdtemp(join(scratch, 'home-'))
})

after(async () => {
  await rm(scratch, { recursive: true, force: true })
})

describe('bin/detect', () => {
  const detect = async (pack: string, tree: Record<string, string>) => {
    const dir = await files(await tempDir('app'), tree)
    return run('bash', [join(BUILDPACKS, pack, 'bin/detect'), dir])
  }

  it('nodejs detects a package.json', async () => {
    assert.deepEqual(await detect('nodejs', { 'package.json': '{}' }), { code: 0, stdout: 'Node.js\n', stderr: '' })
    assert.equal((await detect('nodejs', { 'index.js': '' })).code, 1)
  })

  it('static detects static.json, or an index.html (root or public/) without package.json', async () => {
    assert.deepEqual(await detect('static', { 'index.html': '' }), { code: 0, stdout: 'Static HTML\n', stderr: '' })
    assert.equal((await detect('static', { 'public/index.html': '' })).code, 0)
    assert.equal((await detect('static', { 'static.json': '{}', 'package.json': '{}' })).code, 0)
    assert.equal((await detect('static', { 'index.html': '', 'package.json': '{}' })).code, 1)
    assert.equal((await detect('static', { 'about.html': '' })).code, 1)
  })

  it('procfile detects a Procfile', async () => {
    assert.deepEqual(await detect('procfile', { Procfile: 'web: x' }), { code: 0, stdout: 'Procfile\n', stderr: '' })
    assert.equal((await detect('procfile', { 'main.sh': '' })).code, 1)
  })
})

describe('bin/release', () => {
  const release = async (pack: string, tree: Record<string, string>) => {
    const dir = await files(await tempDir('app'), tree)
    const res = await run('bash', [join(BUILDPACKS, pack, 'bin/release'), dir])
    assert.equal(res.code, 0, res.stderr)
    return res.stdout
  }

  it('nodejs defaults web to npm start when there is a start script or a server.js', async () => {
    const web = '---\ndefault_process_types:\n  web: npm start\n'
    assert.equal(await release('nodejs', { 'package.json': '{"scripts":{"start":"node a.js"}}' }), web)
    assert.equal(await release('nodejs', { 'package.json': '{}', 'server.js': '' }), web)
    assert.equal(
      await release('nodejs', { 'package.json': '{"scripts":{"build":"x"}}' }),
      '---\ndefault_process_types: {}\n',
    )
  })

  it('static serves with the installed server', async () => {
    assert.equal(await release('static', {}), '---\ndefault_process_types:\n  web: node /app/.static/server.js\n')
  })

  it('procfile declares nothing by default', async () => {
    assert.equal(await release('procfile', {}), '---\ndefault_process_types: {}\n')
  })
})

describe('nodejs engines check (lib/satisfies.mjs)', () => {
  const cases: [string, string, number][] = [
    ['>=22', '24.21.0', 0],
    ['>= 22 <25', '24.21.0', 0],
    ['24.x', '24.1.0', 0],
    ['^24.1.0', '24.21.0', 0],
    ['~24.21', '24.22.0', 1],
    ['20 || 22 || 24', 'v24.0.0', 0],
    ['18 - 22', '24.0.0', 1],
    ['18 - 24', '24.9.9', 0],
    ['^0.10.2', '0.11.0', 1],
    ['<=24.1', '24.1.9', 0],
    ['>24', '24.9.0', 1],
    ['*', '24.0.0', 0],
    ['lts/*', '24.0.0', 2],
    ['node 24', '24.0.0', 2],
  ]
  for (const [range, version, code] of cases) {
    it(`"${range}" against ${version} → ${code}`, async () => {
      const res = await run(process.execPath, [join(BUILDPACKS, 'nodejs/lib/satisfies.mjs'), range, version])
      assert.equal(res.code, code)
    })
  }
})

describe('shoal-build', () => {
  it('builds the static-site example: static buildpack, .slugignore applied, server installed', async () => {
    const res = await build(join(REPO, 'examples/static-site'))
    assert.equal(res.code, 0, res.stdout + res.stderr)
    assert.match(res.stdout, /^-----> Static HTML app detected$/m)
    assert.match(res.stdout, /^-----> Compressing\.\.\.\n {7}Done: [\d.]+[KM]?B?$/m)
    assert.deepEqual(res.result?.buildpacks, [{ url: 'shoal/static', name: 'Static HTML' }])
    assert.deepEqual(res.result?.processTypes, { web: 'node /app/.static/server.js' })
    assert.deepEqual(res.slug, [
      '.slugignore',
      '.static/config.json',
      '.static/package.json',
      '.static/server.js',
      '404.html',
      'about/index.html',
      'index.html',
      'style.css',
    ])
  })

  it('builds the shell-app example from its Procfile alone', async () => {
    const res = await build(join(REPO, 'examples/shell-app'))
    assert.equal(res.code, 0, res.stdout + res.stderr)
    assert.match(res.stdout, /Procfile declares types {5}-> web, worker/)
    assert.equal(res.result?.stack, 'shoal-bookworm')
    assert.deepEqual(res.result?.buildpacks, [{ url: 'shoal/procfile', name: 'Procfile' }])
    assert.deepEqual(Object.keys(res.result?.processTypes ?? {}), ['web', 'worker'])
    assert.match(res.result?.processTypes['web'] ?? '', /^node -e "require\('http'\)\.createServer/)
    assert.deepEqual(res.slug, ['Procfile'])
  })

  it('fails with a clear message and status 3 when no buildpack detects the app', async () => {
    const app = await files(await tempDir('app'), { 'main.go': 'package main' })
    const res = await build(app)
    assert.equal(res.code, 3)
    assert.match(res.stderr, /No default language could be detected for this app\./)
    assert.equal(res.result, undefined)
    assert.deepEqual(res.slug, [])
  })

  it('refuses an invalid Procfile with its line number, status 8', async () => {
    const app = await files(await tempDir('app'), { Procfile: '# ok\nweb: run\nworker:run\n' })
    const res = await build(app)
    assert.equal(res.code, 8)
    assert.match(res.stderr, /Procfile line 3 is not "type: command": worker:run/)
  })

  it('runs given buildpacks in order: export file, config vars, STACK, merged process types, git URLs', async () => {
    const alpha = await files(await tempDir('bp-alpha'), {
      'bin/detect': '#!/usr/bin/env bash\necho Alpha\n',
      'bin/compile': [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        'echo "greeting=$(cat "$3/GREETING") stack=$STACK" >"$1/alpha.txt"',
        'echo "export FROM_ALPHA=\'hello from alpha\'" >"$(dirname "$0")/../export"',
        '',
      ].join('\n'),
      'bin/release': `#!/usr/bin/env bash
cat <<'YAML'
---
default_process_types:
  web: "alpha web"
  worker: alpha-worker
  console: 'it''s alpha'
YAML
`,
    })
    await run('git', ['init', '-q', alpha])
    await run('git', ['-C', alpha, 'add', '.'])
    const commit = await run('git', ['-C', alpha, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'bp'])
    assert.equal(commit.code, 0, commit.stderr)
    const beta = await files(await tempDir('bp-beta'), {
      'bin/compile': '#!/usr/bin/env bash\nset -euo pipefail\necho "$FROM_ALPHA" >"$1/beta.txt"\n',
      'bin/release':
        "#!/usr/bin/env bash\nprintf -- '---\\ndefault_process_types:\\n  web: beta web\\n  clock: beta-clock\\n'\n",
    })
    const app = await files(await tempDir('app'), { Procfile: 'worker: from the procfile\n' })
    const res = await build(app, {
      args: [`file://${alpha}`, beta],
      config: { GREETING: 'hi there' },
      env: { STACK: 'test-stack' },
    })
    assert.equal(res.code, 0, res.stdout + res.stderr)
    assert.equal(await readFile(join(res.dirs.build, 'alpha.txt'), 'utf8'), 'greeting=hi there stack=test-stack\n')
    assert.equal(await readFile(join(res.dirs.build, 'beta.txt'), 'utf8'), 'hello from alpha\n')
    assert.deepEqual(res.result, {
      stack: 'test-stack',
      buildpacks: [
        { url: `file://${alpha}`, name: 'Alpha' },
        { url: beta, name: basename(beta) },
      ],
      processTypes: { worker: 'from the procfile', web: 'beta web', console: "it's alpha", clock: 'beta-clock' },
      slugBytes: (await readFile(join(res.dirs.out, 'slug.tgz'))).length,
    })
    assert.ok(!(await exists(join(alpha, 'export'))), 'the export file is written in a copy, not the original')
    assert.deepEqual(res.slug, ['Procfile', 'alpha.txt', 'beta.txt'])
  })

  it('fails with status 4 when a given buildpack does not detect the app', async () => {
    const res = await build(join(REPO, 'examples/shell-app'), { args: ['shoal/nodejs'] })
    assert.equal(res.code, 4)
    assert.match(res.stderr, /App not compatible with buildpack: shoal\/nodejs/)
  })

  it('fails with status 6 when a compile fails, and 5 when a buildpack cannot be found', async () => {
    const broken = await files(await tempDir('bp-broken'), { 'bin/compile': 'echo compiling; exit 3\n' })
    const app = await files(await tempDir('app'), { Procfile: 'web: x\n' })
    const failed = await build(app, { args: [broken] })
    assert.equal(failed.code, 6)
    assert.match(failed.stdout, /compiling/)
    assert.match(failed.stderr, /exited with status 3/)
    const missing = await build(app, { args: [join(scratch, 'no-such-buildpack')] })
    assert.equal(missing.code, 5)
    assert.match(missing.stderr, /Cannot fetch buildpack/)
  })

  it('removes exactly what .slugignore matches (gitignore patterns, no negation)', async () => {
    const slugignore = [
      '# comment',
      '*.log',
      '!keep.log',
      '/docs',
      'tmp/',
      'assets/**/*.map',
      'src/?.bak',
      '[ab]*.tmp',
      '**/cache',
      'vendor/**',
      'spa ce.txt',
      'trailing.txt   ',
      '',
    ].join('\n')
    const tree: Record<string, string> = { '.slugignore': slugignore, Procfile: 'web: true\n' }
    for (const path of [
      'a.log',
      'sub/b.log',
      'keep.log',
      '.hidden/q.log',
      'docs/x.md',
      'sub/docs/y.md',
      'tmp/t',
      'sub/tmp/u',
      'x/tmp',
      'tmpfile',
      'assets/app.js.map',
      'assets/js/app.js.map',
      'assets/js/app.js',
      'src/a.bak',
      'src/ab.bak',
      'a1.tmp',
      'c1.tmp',
      'cache/w',
      'deep/er/cache/z',
      'cachet',
      'vendor/lib/v.js',
      'vendor2/v.js',
      'spa ce.txt',
      'space.txt',
      'trailing.txt',
      'keep/me.txt',
    ]) {
      tree[path] = path
    }
    const app = await files(await tempDir('app'), tree)
    // Worked out by hand from gitignore's rules: `/docs` only at the root, `tmp/` only directories, `**/cache` at any
    // depth, `[ab]*.tmp` a class, `?` one character, trailing spaces dropped, and `!keep.log` refused (no negation).
    const expected = [
      '.slugignore',
      'Procfile',
      'assets/js/app.js',
      'c1.tmp',
      'cachet',
      'keep/me.txt',
      'space.txt',
      'src/ab.bak',
      'sub/docs/y.md',
      'tmpfile',
      'vendor2/v.js',
      'x/tmp',
    ]

    const res = await build(app, { args: ['procfile'] })
    assert.equal(res.code, 0, res.stdout + res.stderr)
    assert.match(res.stdout, /\.slugignore line 3: negation \(!\) is not supported/)
    assert.deepEqual(res.slug, expected)
  })

  it('builds a Node.js app offline, reuses the cached node_modules, prunes devDependencies', async () => {
    const app = await files(await tempDir('node-app'), {
      'package.json': JSON.stringify({
        name: 'offline-app',
        version: '1.0.0',
        engines: { node: '<20' },
        scripts: { build: 'dev-tool', start: 'node index.js' },
        dependencies: { 'local-dep': 'file:./local-dep' },
        devDependencies: { 'dev-dep': 'file:./dev-dep' },
      }),
      'package-lock.json': JSON.stringify({
        name: 'offline-app',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': {
            name: 'offline-app',
            version: '1.0.0',
            dependencies: { 'local-dep': 'file:./local-dep' },
            devDependencies: { 'dev-dep': 'file:./dev-dep' },
            engines: { node: '<20' },
          },
          'dev-dep': { version: '1.0.0', dev: true, bin: { 'dev-tool': 'cli.js' } },
          'local-dep': { version: '1.0.0' },
          'node_modules/dev-dep': { resolved: 'dev-dep', link: true },
          'node_modules/local-dep': { resolved: 'local-dep', link: true },
        },
      }),
      'index.js': 'console.log(require("local-dep"))\n',
      'local-dep/package.json': '{"name":"local-dep","version":"1.0.0"}',
      'local-dep/index.js': 'module.exports = "local"\n',
      'dev-dep/package.json': '{"name":"dev-dep","version":"1.0.0","bin":{"dev-tool":"cli.js"}}',
      'dev-dep/cli.js': '#!/usr/bin/env node\nrequire("fs").writeFileSync("built.txt", process.env.NODE_ENV + "\\n")\n',
    })
    await chmod(join(app, 'dev-dep/cli.js'), 0o755)
    const cache = await tempDir('cache')

    const first = await build(app, { cache })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.match(first.stdout, /^-----> Node\.js app detected$/m)
    assert.match(first.stdout, /engines\.node "<20" is not satisfied by the Node\.js of the stack/)
    assert.match(first.stdout, /Installing dependencies with npm [\d.]+ \(package-lock\.json\)/)
    assert.match(first.stdout, /Pruning devDependencies/)
    assert.equal(await readFile(join(first.dirs.build, 'built.txt'), 'utf8'), 'production\n')
    assert.deepEqual(first.result?.processTypes, { web: 'npm start' })
    for (const path of ['.profile.d/nodejs.sh', 'built.txt', 'node_modules/local-dep', 'index.js']) {
      assert.ok(first.slug.includes(path), `${path} in the slug`)
    }
    assert.ok(!first.slug.some((p) => p.startsWith('node_modules/dev-dep')), 'devDependencies pruned')
    // A file: dependency is a relative symlink, dangling inside the cache until restored next to its target.
    assert.ok(await lstat(join(cache, 'nodejs/node_modules/dev-dep')), 'the cache keeps devDependencies for builds')

    const second = await build(app, { cache })
    assert.equal(second.code, 0, second.stdout + second.stderr)
    assert.match(second.stdout, /unchanged since the last build: restoring node_modules from the cache/)
    assert.deepEqual(second.slug, first.slug)
  })

  it('fails a Node.js build on an unreadable package.json with the reason', async () => {
    const app = await files(await tempDir('app'), { 'package.json': '{ "name": ' })
    const res = await build(app)
    assert.equal(res.code, 6)
    assert.match(res.stderr, /Cannot read .*package\.json: .*JSON/)
    assert.match(res.stderr, /package\.json is not valid JSON/)
  })

  it('builds as the build user when started as root (or as itself when not root)', async () => {
    const before = new Set(await readdir(tmpdir()))
    const root = process.getuid?.() === 0
    const user = root ? 'nobody' : ''
    const app = await files(await tempDir('app'), { Procfile: 'web: x\n', 'index.html': '<p>hi</p>' })
    const parent = await tempDir('as-user')
    await chmod(parent, 0o755)
    await chmod(scratch, 0o755)
    const dirs = { build: join(parent, 'build'), cache: join(parent, 'cache'), out: join(parent, 'out') }
    await cp(app, dirs.build, { recursive: true })
    const res = await run('bash', [DRIVER], {
      SHOAL_BUILD_DIR: dirs.build,
      SHOAL_CACHE_DIR: dirs.cache,
      SHOAL_ENV_DIR: join(parent, 'no-env'),
      SHOAL_OUT_DIR: dirs.out,
      SHOAL_BUILD_USER: user,
    })
    assert.equal(res.code, 0, res.stdout + res.stderr)
    const listing = await run('tar', ['--numeric-owner', '-tvzf', join(dirs.out, 'slug.tgz')])
    const owners = new Set(
      listing.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/\s+/)[1]),
    )
    const expected = root ? '65534/65534' : `${process.getuid?.()}/${process.getgid?.()}`
    assert.deepEqual([...owners], [expected])

    // A build dir the build user cannot enter (the 0700 scratch of another test) fails cleanly, work dir removed.
    const hidden = await mkdtemp(join(parent, 'hidden-'))
    await chmod(hidden, 0o700)
    await mkdir(join(hidden, 'build'))
    const refused = await run('bash', [DRIVER], {
      SHOAL_BUILD_DIR: root ? join(hidden, 'build') : join(hidden, 'no-such-build'),
      SHOAL_CACHE_DIR: dirs.cache,
      SHOAL_OUT_DIR: dirs.out,
      SHOAL_BUILD_USER: user,
    })
    assert.equal(refused.code, 2)
    assert.match(refused.stderr, /Cannot build: the app source directory .* does not exist or user \S+ cannot enter it/)
    const leftovers = (await readdir(tmpdir())).filter((name) => name.startsWith('shoal-build.') && !before.has(name))
    assert.deepEqual(leftovers, [], 'the driver removes its work dir')
  })
})
