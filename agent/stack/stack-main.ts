// `node agent/stack/stack-main.ts build [--force] [--verbose] [--work-dir DIR] [--docker-socket PATH]`
// `node agent/stack/stack-main.ts version` prints the tag this host's stack has (without building).
// The CLI's `shoal stack build` calls runStackCommand with its own argv and output streams.

import { parseArgs } from 'node:util'
import { createLogger, silentLogger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'
import { createDockerClient, DEFAULT_DOCKER_SOCKET } from '../docker/docker-client.ts'
import { buildStack, resolveStack } from './stack-builder.ts'

export const DEFAULT_STACK_DIR = '/var/lib/shoal/stack'

export interface StackCommandIo {
  out: (text: string) => void
  err: (text: string) => void
  signal?: AbortSignal
}

const USAGE = `Usage: stack build [--force] [--verbose] [--work-dir DIR] [--docker-socket PATH]
       stack version
`

/** Returns the process exit code. */
export async function runStackCommand(argv: string[], io: StackCommandIo): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  const command = positionals[0]
  const workDir = values['work-dir'] ?? process.env['SHOAL_STACK_DIR'] ?? DEFAULT_STACK_DIR
  try {
    if (command === 'version') {
      io.out(`${(await resolveStack()).tag}\n`)
      return 0
    }
    if (command !== 'build' || positionals.length > 1) {
      io.err(USAGE)
      return 2
    }
    const docker = createDockerClient(values['docker-socket'] ?? DEFAULT_DOCKER_SOCKET)
    await docker.ping()
    const started = performance.now()
    const result = await buildStack({
      docker,
      workDir,
      logger: process.env['SHOAL_LOG_LEVEL'] !== undefined ? createLogger('stack') : silentLogger,
      force: values.force === true,
      onLog: (line, kind) => {
        if (kind === 'step' || values.verbose === true) io.out(`${kind === 'step' ? line : `       ${line}`}\n`)
      },
      ...(io.signal !== undefined ? { signal: io.signal } : {}),
    })
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const steps = Object.entries(result.timings)
      .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}s`)
      .join(', ')
    io.out(`       ${result.tag} ${result.outcome} in ${seconds}s${steps === '' ? '' : ` (${steps})`}\n`)
    return 0
  } catch (err) {
    const message = err instanceof ShoalError ? err.message : String((err as Error).stack ?? err)
    io.err(` !     ${message}\n`)
    return 1
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      force: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      'work-dir': { type: 'string' },
      'docker-socket': { type: 'string' },
    },
  })
}

if (import.meta.main) {
  const controller = new AbortController()
  // Ctrl-C ends debootstrap/apt and removes the half-built tree instead of leaving /proc mounted in it.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort())
  const code = await runStackCommand(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    signal: controller.signal,
  })
  process.exitCode = code
}
