import { WebSocket } from 'ws'
import { PinnedAgent } from '../../lib/pinned-tls.ts'
import { terminalSafe } from '../../lib/terminal-safe.ts'
import type { LogsResponse } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'
import { ApiClient, apiConnectError, refusal } from '../api-client.ts'
import { bool, type Parsed, str } from '../args.ts'
import { apiUrls, type CliConfig } from '../cli-config.ts'
import { appFlag, type Command } from '../command.ts'
import { appPath, positionals, requireApp } from './apps-commands.ts'

const MAX_NUM = 1500
// The controller pings every 30 s; two missed pings mean the connection is gone even if TCP has not noticed.
const SILENCE_MS = 75_000
const RECONNECT_DELAY_MS = 1000
const RECONNECT_WINDOW_MS = 30_000

export const logs: Command = {
  name: 'logs',
  summary: "display an app's recent log lines; with --tail, keep streaming new ones",
  flags: {
    app: appFlag,
    num: { short: 'n', type: 'string', description: 'number of lines to display (default 100, max 1500)' },
    tail: { short: 't', type: 'boolean', description: 'continually stream logs until Ctrl-C' },
    source: { short: 's', type: 'string', description: 'only lines from this source: app or shoal' },
    'dyno-name': { short: 'd', type: 'string', description: 'only lines from this dyno (web.1, router, api)' },
    dyno: { type: 'string', description: 'same as --dyno-name' },
    'process-type': { short: 'p', type: 'string', description: 'only lines from this process type (web, worker)' },
  },
  async run(args) {
    const app = requireApp(args, 'logs')
    positionals(args, 'logs', 0)
    const query = logsQuery(args)
    const client = new ApiClient()
    const path = `${appPath(app)}/logs`
    if (!bool(args, 'tail')) {
      const res = await client.get<LogsResponse>(`${path}?${query}`, `show logs of ${app}`)
      for (const line of res.lines) process.stdout.write(`${terminalSafe(line)}\n`)
      return 0
    }
    // Every controller holds every app's log ring and serves its tail (controller/logs/log-replication.ts): the
    // stream comes from whichever controller answers, follower or leader, with no detour through the leader.
    return tail(client.config, `${path}/stream`, query, app, apiUrls(client.config))
  },
}

/** Turns the flags into the API's query (num, source, dyno, ps), checking them first so mistakes fail fast. */
export function logsQuery(args: Parsed): URLSearchParams {
  const q = new URLSearchParams()
  const num = str(args, 'num')
  if (num !== undefined) {
    if (!/^\d+$/.test(num) || Number(num) > MAX_NUM) {
      throw new ShoalError('INVALID_INPUT', `Cannot show logs: --num must be a whole number from 0 to ${MAX_NUM}`)
    }
    q.set('num', String(Number(num)))
  }
  const source = str(args, 'source')
  if (source !== undefined) {
    // Heroku's name for platform lines is accepted out of habit.
    const s = source === 'heroku' ? 'shoal' : source
    if (s !== 'app' && s !== 'shoal') {
      throw new ShoalError('INVALID_INPUT', `Cannot show logs: --source must be app or shoal, not "${source}"`)
    }
    q.set('source', s)
  }
  const dyno = str(args, 'dyno-name') ?? str(args, 'dyno')
  if (dyno !== undefined) q.set('dyno', dyno)
  const ps = str(args, 'process-type')
  if (ps !== undefined) q.set('ps', ps)
  return q
}

/**
 * Streams lines over the websocket until Ctrl-C or until the controller ends the stream. The first connection tries
 * each controller in `bases` once while they are unreachable. A dropped connection (the controller restarting or
 * gone, say) is reopened once, on the next controller, retrying round them for up to 30 s while none is reachable;
 * lines the new connection replays that were already printed are skipped.
 */
async function tail(
  config: CliConfig,
  path: string,
  query: URLSearchParams,
  app: string,
  /** The controllers' API URLs, the one to try first first (one for a single-controller cluster). */
  bases: string[] = [config.apiUrl],
): Promise<number> {
  let at = 0
  let tried = 0
  const url = (q: URLSearchParams): URL => {
    const u = new URL(`${path}?${q}`, bases[at % bases.length] ?? config.apiUrl)
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:'
    return u
  }
  const printed = new RecentLines(MAX_NUM)
  // An object, not a let: the open handler moves it on, which narrowing in this loop would not see.
  const state: { phase: 'first' | 'reconnecting' | 'reconnected' } = { phase: 'first' }
  let giveUpAt = 0
  let delay = RECONNECT_DELAY_MS
  let interrupted = false
  let current: WebSocket | undefined
  let wake: (() => void) | undefined
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(t)
        resolve()
      }
    })
  const onSignal = (): void => {
    interrupted = true
    current?.close(1000)
    wake?.()
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    for (;;) {
      const q = new URLSearchParams(query)
      if (state.phase !== 'first' && printed.last !== undefined) q.set('num', String(MAX_NUM))
      let outcome: 'ended' | 'dropped'
      try {
        outcome = await stream(url(q), config, app, printed, state.phase !== 'first', (ws) => {
          current = ws
          ws.once('open', () => {
            if (state.phase === 'reconnecting') state.phase = 'reconnected'
          })
        })
      } catch (err) {
        if (interrupted) return 0
        // Only an unreachable API is worth waiting for, and only while reconnecting: refusals and first tries fail fast.
        const unreachable = err instanceof ShoalError && err.code === 'UNAVAILABLE'
        if (state.phase === 'first' && unreachable && ++tried < bases.length) {
          at++
          continue
        }
        if (state.phase !== 'reconnecting' || !unreachable || Date.now() >= giveUpAt) throw err
        at++
        await pause(delay)
        delay = Math.min(delay * 2, 5000)
        if (interrupted) return 0
        continue
      }
      if (interrupted || outcome === 'ended') return 0
      if (state.phase === 'reconnected') {
        throw new ShoalError('UNAVAILABLE', `Cannot stream logs of ${app}: the connection to the API was lost again`)
      }
      state.phase = 'reconnecting'
      // The controller that dropped the stream may be gone: the next one has the same lines.
      at++
      giveUpAt = Date.now() + RECONNECT_WINDOW_MS
      process.stderr.write('Connection to the log stream lost; reconnecting...\n')
      await pause(delay)
      if (interrupted) return 0
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** One websocket session: 'ended' when the server closed it normally (or we did), 'dropped' when it broke. */
function stream(
  url: URL,
  config: CliConfig,
  app: string,
  printed: RecentLines,
  replaying: boolean,
  opened: (ws: WebSocket) => void,
): Promise<'ended' | 'dropped'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${config.token}` },
      perMessageDeflate: false,
      agent: new PinnedAgent(config.fingerprint),
    })
    opened(ws)
    let connected = false
    let skipping = replaying
    let silence: NodeJS.Timeout | undefined
    const watch = (): void => {
      clearTimeout(silence)
      silence = setTimeout(() => ws.terminate(), SILENCE_MS)
    }
    ws.on('open', () => {
      connected = true
      watch()
    })
    ws.on('ping', watch)
    ws.on('message', (data) => {
      watch()
      const line = String(data)
      if (skipping && printed.alreadyShown(line)) return
      skipping = false
      printed.add(line)
      process.stdout.write(`${terminalSafe(line)}\n`)
    })
    ws.on('unexpected-response', (_req, res) => {
      void refusal(res, `Cannot stream logs of ${app}`).then((err) => {
        reject(err)
        ws.terminate()
      })
    })
    ws.on('error', (err) => {
      if (connected) return // 'close' follows and decides
      clearTimeout(silence)
      reject(apiConnectError(err, `stream logs of ${app}`, url.origin))
    })
    ws.on('close', (code) => {
      clearTimeout(silence)
      if (!connected) return
      resolve(code === 1000 ? 'ended' : 'dropped')
    })
  })
}

/** The last printed lines, to recognise what a reconnected stream replays; timestamps lead and sort as text. */
class RecentLines {
  readonly #max: number
  readonly #order: string[] = []
  readonly #set = new Set<string>()
  last: string | undefined

  constructor(max: number) {
    this.#max = max
  }

  add(line: string): void {
    this.last = line
    this.#order.push(line)
    this.#set.add(line)
    if (this.#order.length > this.#max) this.#set.delete(this.#order.shift() as string)
  }

  /** True for a line printed before, or one older than the last printed line (so it was shown or scrolled past). */
  alreadyShown(line: string): boolean {
    if (this.#set.has(line)) return true
    return this.last !== undefined && line.slice(0, 32) < this.last.slice(0, 32)
  }
}
