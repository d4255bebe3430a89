import { connect } from 'node:net'

/** A command HAProxy answered with an error (its message), e.g. a server that still has connections. */
export class RuntimeCommandError extends Error {
  override readonly name = 'RuntimeCommandError'
  readonly code = 'ROUTER_RUNTIME_COMMAND'
  readonly command: string
  readonly reply: string
  constructor(command: string, reply: string) {
    super(`Cannot apply router change: HAProxy refused "${command}": ${reply.trim().split('\n')[0] ?? ''}`)
    this.command = command
    this.reply = reply
  }
}

// Replies that mean the command failed; HAProxy's successful replies are empty or informational.
const FAILURE =
  /^(?:Unknown command|No such|Require |Can't|Cannot|Unable|Invalid|Missing|Server is|Server still|Bad |Failed|Error|'[^']*' (?:is|not)|Backend not|Unknown )/im

/**
 * HAProxy's runtime API on its admin socket: one connection per call, commands separated by `;` (HAProxy runs
 * them in order and answers each), the connection closes after the last answer.
 */
export class HaproxyRuntime {
  readonly #socket: string
  readonly #timeoutMs: number

  constructor(socket: string, timeoutMs = 5000) {
    this.#socket = socket
    this.#timeoutMs = timeoutMs
  }

  /** Sends one command and returns HAProxy's reply as is. */
  raw(command: string, signal?: AbortSignal): Promise<string> {
    if (/[\n;]/.test(command)) throw new RuntimeCommandError(command, 'a command cannot contain ";" or a newline')
    return this.#send(`${command}\n`, signal)
  }

  /** Sends one command and throws RuntimeCommandError when HAProxy's reply says it failed. */
  async run(command: string, signal?: AbortSignal): Promise<string> {
    const reply = await this.raw(command, signal)
    if (FAILURE.test(reply)) throw new RuntimeCommandError(command, reply)
    return reply
  }

  /** Sends a payload command (`set ssl cert <name> <<\n…`), whose body follows on the next lines. */
  payload(command: string, body: string, signal?: AbortSignal): Promise<string> {
    return this.#send(`${command} <<\n${body.replace(/\n+$/, '')}\n\n`, signal).then((reply) => {
      if (FAILURE.test(reply)) throw new RuntimeCommandError(command, reply)
      return reply
    })
  }

  /** True when HAProxy answers on the socket. */
  async alive(signal?: AbortSignal): Promise<boolean> {
    try {
      return (await this.raw('show info', signal)).includes('Pid:')
    } catch {
      return false
    }
  }

  #send(text: string, signal?: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      const socket = connect(this.#socket)
      const fail = (err: Error) => {
        socket.destroy()
        reject(err)
      }
      const onAbort = () => fail(new Error('aborted'))
      signal?.addEventListener('abort', onAbort, { once: true })
      socket.setTimeout(this.#timeoutMs, () => fail(new Error(`HAProxy did not answer within ${this.#timeoutMs} ms`)))
      socket.on('connect', () => socket.end(text))
      socket.on('data', (c: Buffer) => chunks.push(c))
      socket.on('error', fail)
      socket.on('close', () => {
        signal?.removeEventListener('abort', onAbort)
        resolve(Buffer.concat(chunks).toString('utf8'))
      })
    })
  }
}

export interface StatRow {
  backend: string
  server: string
  /** Requests waiting in the queue. */
  qcur: number
  /** Current sessions. */
  scur: number
  status: string
}

/** Parses `show stat` (CSV with a `# ` header line). */
export function parseStat(csv: string): StatRow[] {
  const lines = csv.split('\n').filter((l) => l !== '')
  const header = lines[0]?.replace(/^# /, '').split(',') ?? []
  const col = (name: string) => header.indexOf(name)
  const [pxname, svname, qcur, scur, status] = ['pxname', 'svname', 'qcur', 'scur', 'status'].map(col)
  const out: StatRow[] = []
  for (const line of lines.slice(1)) {
    const f = line.split(',')
    out.push({
      backend: f[pxname!] ?? '',
      server: f[svname!] ?? '',
      qcur: Number(f[qcur!]) || 0,
      scur: Number(f[scur!]) || 0,
      status: f[status!] ?? '',
    })
  }
  return out
}

/** Parses `show map <file>` lines (`0x… key value`). */
export function parseMap(reply: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of reply.split('\n')) {
    const m = /^0x[0-9a-f]+ (\S+) (.*)$/.exec(line)
    if (m !== null) out.set(m[1]!, m[2]!)
  }
  return out
}

export interface ServerState {
  backend: string
  name: string
  address: string
  port: number
  /** srv_admin_state bit 0x01/0x20: forced maintenance; 0x08: drain. */
  admin: number
  weight: number
}

/** Parses `show servers state` (format version 1). */
export function parseServersState(reply: string): ServerState[] {
  const out: ServerState[] = []
  for (const line of reply.split('\n')) {
    if (line === '' || line.startsWith('#') || /^\d+$/.test(line)) continue
    const f = line.split(' ')
    if (f.length < 19) continue
    out.push({
      backend: f[1]!,
      name: f[3]!,
      address: f[4]!,
      admin: Number(f[6]),
      weight: Number(f[7]),
      port: Number(f[18]),
    })
  }
  return out
}
