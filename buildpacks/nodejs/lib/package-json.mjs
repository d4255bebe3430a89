// Reads package.json for the nodejs buildpack's bash scripts, which have no JSON parser of their own.
//   node package-json.mjs FILE summary            `key<TAB>value` lines, all bin/compile needs in one node start:
//       engines.node, scripts (which of SCRIPTS are present, space-separated), devDependencies (how many)
//   node package-json.mjs FILE has-script NAME    exit 0 when scripts[NAME] is a non-empty string, else 1
// Exit 2 with a message when the file is not valid JSON: the build should stop there with a clear reason.
import { readFileSync } from 'node:fs'

const SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'build', 'heroku-postbuild', 'start']

const [file, command, arg] = process.argv.slice(2)
let pkg
try {
  pkg = JSON.parse(readFileSync(file, 'utf8'))
} catch (err) {
  process.stderr.write(`Cannot read ${file}: ${err.message}\n`)
  process.exit(2)
}
if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) {
  process.stderr.write(`Cannot read ${file}: it must hold a JSON object\n`)
  process.exit(2)
}

const hasScript = (name) => typeof pkg.scripts?.[name] === 'string' && pkg.scripts[name].trim() !== ''
const oneLine = (value) => String(value).replace(/[\t\r\n]+/g, ' ')

if (command === 'summary') {
  const engines = pkg.engines?.node
  const dev = pkg.devDependencies && typeof pkg.devDependencies === 'object' ? Object.keys(pkg.devDependencies) : []
  const lines = [
    `engines.node\t${typeof engines === 'string' ? oneLine(engines) : ''}`,
    `scripts\t${SCRIPTS.filter(hasScript).join(' ')}`,
    `devDependencies\t${dev.length}`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
} else if (command === 'has-script') {
  process.exit(hasScript(arg) ? 0 : 1)
} else {
  process.stderr.write(`package-json.mjs: unknown command ${command}\n`)
  process.exit(2)
}
