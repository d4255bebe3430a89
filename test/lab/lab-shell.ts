// Running commands for the lab: plain ones (ip, umount), ones inside a lab namespace, and daemons started there.
// Namespaces are entered with `nsenter --net=/run/netns/NAME`, not `ip netns exec`: the latter remounts /sys,
// which hides the cgroup hierarchies dockerd and runc need. nsenter execs the command, so the pid we get is the
// daemon's own pid.

import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { waitFor as poll } from '../helpers/wait-for.ts'

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  input?: string
  timeoutMs?: number
  /** sees stdout and stderr as they come (the result still holds all of both) */
  onOutput?: (chunk: string) => void
}

/** Environment for everything the lab starts: no proxy settings, so nothing is tempted to leave the lab. */
export function labEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(env)) {
    if (/^(https?|no|all)_proxy$/i.test(key) || key === 'NODE_USE_ENV_PROXY') delete env[key]
  }
  return { ...env, ...extra }
}

export function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      {
        env: options.env ?? labEnv(),
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1
        resolve({ code, stdout, stderr: err !== null && stderr === '' ? String(err.message) : stderr })
      },
    )
    if (options.onOutput !== undefined) {
      const see = options.onOutput
      child.stdout?.on('data', (c: Buffer | string) => see(String(c)))
      child.stderr?.on('data', (c: Buffer | string) => see(String(c)))
    }
    if (options.input !== undefined) child.stdin?.end(options.input)
    else child.stdin?.end()
  })
}

/** Runs a command and throws (with its stderr) unless it exits 0. */
export async function must(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const res = await run(cmd, args, options)
  if (res.code !== 0) {
    throw new Error(`Cannot run ${cmd} ${args.join(' ')}: exit ${res.code}: ${res.stderr.trim()}`)
  }
  return res.stdout
}

export function nsPath(ns: string): string {
  return `/run/netns/${ns}`
}

/** argv that runs `argv` inside network namespace `ns`. */
export function inNs(ns: string, argv: readonly string[]): string[] {
  return ['nsenter', `--net=${nsPath(ns)}`, '--', ...argv]
}

export function runInNs(ns: string, argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [cmd, ...args] = inNs(ns, argv)
  return run(cmd as string, args, options)
}

/** A daemon the lab started; its output goes to a log file so it outlives a crashed test and can be read. */
export interface LabProcess {
  name: string
  pid: number
  log: string
  child: ChildProcess
  /** Resolves when the process has exited (for any reason). */
  exited: Promise<void>
  alive(): boolean
}

/**
 * argv that runs `script` (sh -c, with `args` as $0, $1, …) in a mount namespace of its own with slave
 * propagation: the root's later mounts still show up inside; nothing the script mounts leaks out.
 */
export function inPrivateMounts(script: string, args: readonly string[]): string[] {
  return ['unshare', '--mount', '--propagation', 'slave', '--', 'sh', '-c', script, ...args]
}

export function spawnInNs(
  ns: string,
  name: string,
  argv: readonly string[],
  log: string,
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): LabProcess {
  mkdirSync(dirname(log), { recursive: true })
  const fd = openSync(log, 'a')
  const [cmd, ...args] = inNs(ns, argv)
  // Detached: a Ctrl-C on the terminal reaches the lab's owner, which tears down in order, not every daemon at once.
  const child = spawn(cmd as string, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: options.env ?? labEnv(),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  })
  closeSync(fd)
  // Unreferenced: a test that forgets to destroy its lab still ends; the next lab cleans up after it.
  child.unref()
  if (child.pid === undefined) throw new Error(`Cannot start ${name} in ${ns}: spawn failed`)
  let exited = false
  const done = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true
      resolve()
    })
    child.once('error', () => {
      exited = true
      resolve()
    })
  })
  return { name, pid: child.pid, log, child, exited: done, alive: () => !exited }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Thrown from a waitFor check to stop waiting at once (the thing waited for can no longer happen). */
export class WaitAborted extends Error {
  override name = 'WaitAborted'
}

/**
 * Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. A check that
 * throws counts as "not yet", except WaitAborted, which ends the wait.
 */
export function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  return poll(what, check, {
    timeoutMs,
    intervalMs,
    accept: 'defined',
    fatal: (err) => err instanceof WaitAborted,
  }) as Promise<T>
}
