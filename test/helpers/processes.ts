import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..', '..')
export const SHOAL = join(ROOT, 'bin', 'shoal')

/** A daemon started by a test; kept in a list so teardown can end every one, even after a failure. */
export interface Daemon {
  child: ChildProcess
  output: () => string
  kill(signal?: NodeJS.Signals): Promise<void>
}

const started = new Set<Daemon>()

export function spawnShoal(args: string[], env: NodeJS.ProcessEnv = {}): Daemon {
  const child = spawn(SHOAL, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const keep = (b: Buffer): void => {
    out = (out + b.toString()).slice(-200_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const daemon: Daemon = {
    child,
    output: () => out,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
      started.delete(daemon)
    },
  }
  started.add(daemon)
  return daemon
}

export async function killAll(): Promise<void> {
  await Promise.all([...started].map((d) => d.kill('SIGKILL')))
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export function runShoal(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      SHOAL,
      args,
      {
        env: { ...process.env, ...env },
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1
        resolvePromise({ code, stdout, stderr })
      },
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `shoal-${prefix}-`))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0
      srv.close(() => resolvePromise(port))
    })
  })
}

/**
 * Ends the HAProxy a router left behind (it outlives `shoal router` on purpose, so a killed router's traffic goes
 * on): a test that killed or stopped a router calls this so nothing of it survives the test.
 */
export function killHaproxyOf(routerDataDir: string): void {
  let pid = 0
  try {
    pid = Number(readFileSync(join(routerDataDir, 'haproxy', 'haproxy.pid'), 'utf8').trim())
  } catch {
    return
  }
  if (!Number.isInteger(pid) || pid <= 0) return
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    if (cmdline.includes('haproxy') && cmdline.includes(routerDataDir)) process.kill(pid, 'SIGKILL')
  } catch {
    // gone already
  }
}
