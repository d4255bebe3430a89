// Generates proto/gen/shoal.{js,d.ts} from proto/shoal.proto with protobufjs-cli. `--check` fails when the committed
// files differ from what the generator produces, so npm test catches a stale checkout.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const check = process.argv.includes('--check')
const bin = (name: string): string => join(root, 'node_modules', '.bin', name)

const tmp = mkdtempSync(join(tmpdir(), 'shoal-proto-'))
try {
  const js = join(tmp, 'shoal.js')
  const dts = join(tmp, 'shoal.d.ts')
  execFileSync(
    bin('pbjs'),
    [
      '-t',
      'static-module',
      '-w',
      'es6',
      '--es6',
      '--force-number',
      '--no-verify',
      '--no-delimited',
      '-o',
      js,
      'proto/shoal.proto',
    ],
    { cwd: root, stdio: 'inherit' },
  )
  // protobufjs' es6 wrapper imports "protobufjs/minimal"; Node's ESM resolution needs the .js file name.
  writeFileSync(js, readFileSync(js, 'utf8').replace('"protobufjs/minimal"', '"protobufjs/minimal.js"'))
  execFileSync(bin('pbts'), ['--no-comments', '-o', dts, js], { cwd: root, stdio: 'inherit' })
  // 64-bit fields are forced to number, so the Long import pbts always writes is unused (and is CommonJS syntax).
  writeFileSync(dts, readFileSync(dts, 'utf8').replace('import Long = require("long");\n', ''))
  let stale = false
  for (const [from, to] of [
    [js, 'proto/gen/shoal.js'],
    [dts, 'proto/gen/shoal.d.ts'],
  ] as const) {
    const fresh = readFileSync(from, 'utf8')
    const target = join(root, to)
    let current = ''
    try {
      current = readFileSync(target, 'utf8')
    } catch {}
    if (fresh === current) continue
    if (check) {
      console.error(`${to} is stale: run npm run proto`)
      stale = true
    } else {
      writeFileSync(target, fresh)
      console.log(`wrote ${to}`)
    }
  }
  if (stale) process.exitCode = 1
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
