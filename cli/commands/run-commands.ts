import { WebSocket } from 'ws'
import { dynoSizeLabel } from '../../controller/formation/dyno-size-label.ts'
import { PinnedAgent } from '../../lib/pinned-tls.ts'
import {
  type CreateDynoRequest,
  type DynoView,
  RUN_STDERR,
  RUN_STDOUT,
  type RunClientMessage,
  type RunServerMessage,
} from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient, apiConnectError, refusal } from '../api-client.ts'
import { type FlagSpec, list, type Parsed, str } from '../args.ts'
import type { CliConfig } from '../cli-config.ts'
import { appFlag, type Command } from '../command.ts'
import { appPath, HEX, requireApp } from './apps-commands.ts'

// Heroku's `run` and `run:detached`. Put `--` before a command that has flags of its own: shoal run -a app -- ls -la

const SAFE_ARG = /^[A-Za-z0-9_@%+=:,./-]+$/
// Stdin the socket may buffer before the terminal's input is paused.
const HIGH_WATER = 1024 * 1024

const runFlags: Record<string, FlagSpec> = {
  app: appFlag,
  size: {
    short: 's',
    type: 'string',
    description: 'dyno size (standard-1x, standard-2x, performance-m, performance-l)',
  },
  env: {
    short: 'e',
    type: 'string',
    multiple: true,
    description: 'environment for the dyno: "FOO=bar;BAZ=qux" (repeatable), on top of config vars',
  },
  ttl: { type: 'string', description: 'seconds until the dyno is stopped, 1 to 86400 (default 3600)' },
}

/** One argument goes as it is (`shoal run "rake db:migrate"`); several are joined, quoted where a shell needs it. */
export function buildCommand(args: readonly string[]): string {
  if (args.length === 1) return args[0] as string
  return args.map((a) => (SAFE_ARG.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ')
}

/** `-e "FOO=bar;BAZ=qux" -e X=1` → { FOO: 'bar', BAZ: 'qux', X: '1' } (Heroku's --env syntax). */
export function parseEnvFlags(values: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {}
  for (const value of values) {
    for (const pair of value.split(';')) {
      if (pair.trim() === '') continue
      const eq = pair.indexOf('=')
      if (eq <= 0) throw new ShoalError('INVALID_INPUT', `Cannot run: --env "${pair}" is not NAME=VALUE`)
      env[pair.slice(0, eq).trim()] = pair.slice(eq + 1)
    }
  }
  return env
}

function ttlOf(args: Parsed): number | undefined {
  const ttl = str(args, 'ttl')
  if (ttl === undefined) return undefined
  if (!/^\d{1,6}$/.test(ttl))
    throw new ShoalError('INVALID_INPUT', 'Cannot run: --ttl must be a whole number of seconds')
  return Number(ttl)
}

function commandOf(args: Parsed, name: string): string {
  if (args.positionals.length === 0) {
    throw new ShoalError('INVALID_INPUT', `Cannot run ${name}: no command given (shoal ${name} -a APP -- COMMAND)`)
  }
  return buildCommand(args.positionals)
}

export const run: Command = {
  name: 'run',
  summary: 'run a one-off dyno attached to this terminal (stdin, output and exit code pass through)',
  usage: '-a APP [-s SIZE] [-e K=V] [--ttl S] -- COMMAND...',
  flags: runFlags,
  async run(args) {
    const app = requireApp(args, 'run')
    const command = commandOf(args, 'run')
    const client = new ApiClient()
    const q = new URLSearchParams({ command })
    const size = str(args, 'size')
    if (size !== undefined) q.set('size', size)
    for (const [k, v] of Object.entries(parseEnvFlags(list(args, 'env')))) q.append('env', `${k}=${v}`)
    const ttl = ttlOf(args)
    if (ttl !== undefined) q.set('ttl', String(ttl))
    process.stderr.write(`Running \`${command}\` on ${HEX} ${app}... `)
    // One-offs are placed and attached by the leader (followers answer NOT_LEADER).
    return attach(
      { ...client.config, apiUrl: await client.leaderBase(`run on ${app}`) },
      `${appPath(app)}/dynos/run?${q}`,
    )
  },
}

export const runDetached: Command = {
  name: 'run:detached',
  summary: 'run a one-off dyno in the background; its output goes to the logs',
  usage: '-a APP [-s SIZE] [-e K=V] [--ttl S] -- COMMAND...',
  flags: runFlags,
  async run(args) {
    const app = requireApp(args, 'run:detached')
    const command = commandOf(args, 'run:detached')
    const body: CreateDynoRequest = { command, attach: false, env: parseEnvFlags(list(args, 'env')) }
    const size = str(args, 'size')
    if (size !== undefined) body.size = size
    const ttl = ttlOf(args)
    if (ttl !== undefined) body.time_to_live = ttl
    process.stderr.write(`Running \`${command}\` on ${HEX} ${app}... `)
    let dyno: DynoView
    try {
      dyno = await new ApiClient().request<DynoView>('POST', `${appPath(app)}/dynos`, body, `run ${command}`)
    } catch (err) {
      process.stderr.write('!\n')
      throw err
    }
    process.stderr.write(`done, ${dyno.name} (${dynoSizeLabel(dyno.size)})\n`)
    process.stdout.write(`Run shoal logs -a ${app} -d ${dyno.name} to view the output.\n`)
    return 0
  },
}

export const runCommands: Command[] = [run, runDetached]

/** Bridges the terminal and the dyno over the websocket; resolves to the dyno's exit code. */
async function attach(config: CliConfig, path: string): Promise<number> {
  const url = new URL(path, config.apiUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${config.token}` },
      perMessageDeflate: false,
      agent: new PinnedAgent(config.fingerprint),
    })
    let dyno: DynoView | undefined
    let up = false
    let exit: number | undefined
    let failure: ShoalError | undefined
    let interrupted = false
    let finished = false
    const stdin = process.stdin
    const onStdin = (chunk: Buffer): void => {
      if (ws.readyState !== WebSocket.OPEN) return
      ws.send(chunk, () => {
        if (stdin.isPaused() && ws.bufferedAmount < HIGH_WATER / 2) stdin.resume()
      })
      if (ws.bufferedAmount >= HIGH_WATER) stdin.pause()
    }
    const onStdinEnd = (): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'eof' } satisfies RunClientMessage))
    }
    const stopStdin = (): void => {
      stdin.off('data', onStdin)
      stdin.off('end', onStdinEnd)
      stdin.pause()
      // A terminal left open would keep this process alive after the dyno is gone.
      if (stdin.isTTY) stdin.destroy()
    }
    const onSignal = (): void => {
      interrupted = true
      ws.close(1000)
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    const finish = (): void => {
      if (finished) return
      finished = true
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      stopStdin()
      if (!up && exit === undefined) process.stderr.write('!\n')
      if (failure !== undefined) reject(failure)
      else if (exit !== undefined) resolve(exit)
      else if (interrupted) resolve(130)
      else reject(new ShoalError('UNAVAILABLE', 'Cannot follow the dyno: the connection to the API was lost'))
    }
    const write = (out: NodeJS.WriteStream, bytes: Buffer): void => {
      if (!out.write(bytes)) {
        ws.pause()
        out.once('drain', () => ws.resume())
      }
    }
    ws.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      if (isBinary) {
        const kind = bytes[0]
        if (kind === RUN_STDOUT) write(process.stdout, bytes.subarray(1))
        else if (kind === RUN_STDERR) write(process.stderr, bytes.subarray(1))
        return
      }
      const m = JSON.parse(bytes.toString('utf8')) as RunServerMessage
      if (m.type === 'starting') {
        dyno = m.dyno
        // Input read before the dyno is up waits in the socket; the dyno gets all of it once it starts.
        stdin.on('data', onStdin)
        stdin.once('end', onStdinEnd)
      } else if (m.type === 'up') {
        up = true
        process.stderr.write(`up, ${dyno?.name ?? 'run'} (${dynoSizeLabel(dyno?.size ?? 'standard-1x')})\n`)
      } else if (m.type === 'exit') {
        exit = m.code
      } else if (m.type === 'error') {
        failure = new ShoalError(m.code, m.message)
      }
    })
    ws.on('unexpected-response', (_req, res) => {
      void refusal(res, 'Cannot run the dyno').then((err) => {
        failure = err
        ws.terminate()
        finish()
      })
    })
    ws.on('error', (err) => {
      if (failure !== undefined) return
      failure = apiConnectError(err, 'run the dyno', url.origin)
    })
    ws.on('close', finish)
  })
}
