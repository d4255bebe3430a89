import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { mergeBundles, npmrcRegistry, pemBlocks, readHostTrust } from '../../agent/stack/host-trust.ts'
import { ShoalError } from '../../proto/errors.ts'

const pem = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`
const ROOT_A = pem('AAAA')
const ROOT_B = pem('BBBB')
const PROXY = pem('PROXY')

describe('host CA trust', () => {
  let root: string
  let home: string
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'shoal-trust-'))
    home = join(root, 'home')
    await mkdir(join(root, 'etc/ssl/certs'), { recursive: true })
    await mkdir(join(root, 'usr/local/share/ca-certificates/corp'), { recursive: true })
    await mkdir(home, { recursive: true })
    await writeFile(join(root, 'etc/ssl/certs/ca-certificates.crt'), `${ROOT_A}\n${ROOT_B}\n`)
    await writeFile(join(root, 'usr/local/share/ca-certificates/corp/proxy.crt'), `${PROXY}\n`)
    await writeFile(join(root, 'usr/local/share/ca-certificates/README'), 'not a certificate')
    await writeFile(join(root, 'extra.pem'), `${ROOT_B}\n${PROXY}\n`)
  })
  after(() => rm(root, { recursive: true, force: true }))

  it('splits and merges PEM bundles without duplicates', () => {
    assert.deepEqual(pemBlocks(`junk\n${ROOT_A}\nmore\n${ROOT_B}`), [ROOT_A, ROOT_B])
    assert.equal(mergeBundles(`${ROOT_A}\n`, `${ROOT_A.replace(/\n/g, '\r\n')}\n`), `${ROOT_A}\n`)
    assert.equal(mergeBundles(ROOT_A, `${ROOT_B}\n`), `${ROOT_A}\n${ROOT_B}\n`)
  })

  it('reads the bundle, the local CAs and NODE_EXTRA_CA_CERTS', async () => {
    const trust = await readHostTrust({ root, env: { HOME: home, NODE_EXTRA_CA_CERTS: '/extra.pem' } })
    assert.deepEqual(pemBlocks(trust.bundle), [ROOT_A, ROOT_B, PROXY])
    assert.deepEqual(
      trust.localCerts.map((c) => c.path),
      ['corp/proxy.crt'],
    )
    assert.equal(trust.npmRegistry, null)
    assert.match(trust.digest, /^[0-9a-f]{64}$/)
  })

  it("takes the npm registry from the environment, then the user's npmrc, then the global one", async () => {
    await writeFile(join(root, 'etc/npmrc'), 'registry=https://global.example/npm\n')
    try {
      const fromGlobal = await readHostTrust({ root, env: { HOME: home } })
      assert.equal(fromGlobal.npmRegistry, 'https://global.example/npm/')
      await writeFile(join(home, '.npmrc'), '; comment\nregistry = "https://user.example/"\n')
      assert.equal((await readHostTrust({ root, env: { HOME: home } })).npmRegistry, 'https://user.example/')
      const fromEnv = await readHostTrust({ root, env: { HOME: home, npm_config_registry: 'https://env.example' } })
      assert.equal(fromEnv.npmRegistry, 'https://env.example/')
      const publicOne = await readHostTrust({
        root,
        env: { HOME: home, npm_config_registry: 'https://registry.npmjs.org' },
      })
      assert.equal(publicOne.npmRegistry, null, 'the public default needs no setting')
      assert.notEqual(fromEnv.digest, publicOne.digest)
    } finally {
      await rm(join(root, 'etc/npmrc'), { force: true })
      await rm(join(home, '.npmrc'), { force: true })
    }
  })

  it('changes its digest when a local CA changes', async () => {
    const before = await readHostTrust({ root, env: { HOME: home } })
    await writeFile(join(root, 'usr/local/share/ca-certificates/corp/proxy.crt'), `${pem('ROTATED')}\n`)
    const after = await readHostTrust({ root, env: { HOME: home } })
    assert.notEqual(after.digest, before.digest)
  })

  it('refuses a host without a CA bundle', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'shoal-trust-empty-'))
    try {
      await assert.rejects(
        readHostTrust({ root: empty, env: {} }),
        (err: unknown) =>
          err instanceof ShoalError && err.code === 'UNAVAILABLE' && /ca-certificates/.test(err.message),
      )
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('reads registry lines as npm does: last one wins, comments skipped', () => {
    assert.equal(npmrcRegistry('registry=https://a/\n#registry=https://b/\nregistry=https://c/'), 'https://c/')
    assert.equal(npmrcRegistry('cafile=/x\n'), null)
  })
})
