import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'
import { commandTable } from '../../cli/command-table.ts'

const ROOT = resolve(import.meta.dirname, '..', '..')
const TRACE = join(ROOT, 'test', 'fixtures', 'trace-imports.ts')
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
const dir = mkdtempSync(join(tmpdir(), 'shoal-cli-main-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function traced(argv: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; out: string; pkgs: string[] } {
  const r = spawnSync(process.execPath, [TRACE, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, SHOAL_CONFIG: join(dir, 'config.json'), ...env },
  })
  const m = /PACKAGES (\[.*\])/.exec(r.stderr)
  assert.ok(m, `no trace in ${r.stderr}`)
  return { status: r.status, out: r.stdout + r.stderr, pkgs: JSON.parse(m[1] as string) as string[] }
}

const HEAVY = ['libp2p', 'fastify', 'dockerode', 'classic-level', '@libp2p/tcp', 'systeminformation']

describe('shoal CLI entry point', () => {
  it('names in the command table are exactly the commands each module defines', async () => {
    const seen = new Set<string>()
    for (const entry of commandTable) {
      const names = (await entry.load()).map((c) => c.name)
      assert.deepEqual([...names].sort(), [...entry.names].sort())
      for (const n of names) {
        assert.ok(!seen.has(n), `${n} defined twice`)
        seen.add(n)
      }
    }
  })

  it('--version prints the package.json version and loads no dependency at all', () => {
    const r = traced(['--version'])
    assert.equal(r.status, 0)
    assert.equal(r.out.split('\n')[0], version)
    assert.deepEqual(r.pkgs, [])
  })

  it('API commands load neither the daemons nor their libraries (apps, ps, hosts, version)', () => {
    // A config pointing at a closed port: the command runs to the API call and fails UNAVAILABLE.
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ apiUrl: 'https://127.0.0.1:9', token: 't', fingerprint: Array(32).fill('AA').join(':') }),
    )
    for (const argv of [['apps'], ['ps', '-a', 'shop'], ['hosts'], ['version']]) {
      const r = traced(argv)
      for (const heavy of HEAVY) assert.ok(!r.pkgs.includes(heavy), `shoal ${argv.join(' ')} loaded ${heavy}`)
      if (argv[0] === 'version') assert.match(r.out, new RegExp(`cli: +${version.replaceAll('.', '\\.')}`))
      else assert.match(r.out, /\[UNAVAILABLE\]/)
    }
  })

  it('an unknown command or flag is INVALID_INPUT without loading the daemons', () => {
    const r = traced(['nope'])
    assert.equal(r.status, 1)
    assert.match(r.out, /Cannot run nope: no such command .*\[INVALID_INPUT\]/)
    const f = traced(['apps', '--nope'])
    assert.match(f.out, /Cannot run apps: unknown flag --nope .*\[INVALID_INPUT\]/)
    for (const heavy of HEAVY) assert.ok(!f.pkgs.includes(heavy))
  })
})
