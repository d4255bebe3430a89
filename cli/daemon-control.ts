import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const SHOAL = resolve(import.meta.dirname, '..', 'bin', 'shoal')

/** A daemon `shoal up` keeps running in the background, tracked by DIR/NAME.pid with its log in DIR/NAME.log. */
export interface Background {
  name: string
  pid: number
  log: string
}

export function runningPid(dir: string, name: string): number | undefined {
  const file = join(dir, `${name}.pid`)
  if (!existsSync(file)) return undefined
  const pid = Number(readFileSync(file, 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    rmSync(file, { force: true })
    return undefined
  }
}

/** Starts `shoal ARGS` detached unless DIR/NAME.pid names a live process; returns the process either way. */
export function ensureBackground(dir: string, name: string, args: string[], env: NodeJS.ProcessEnv = {}): Background {
  mkdirSync(dir, { recursive: true })
  const log = join(dir, `${name}.log`)
  const existing = runningPid(dir, name)
  if (existing !== undefined) return { name, pid: existing, log }
  const fd = openSync(log, 'a')
  const child = spawn(SHOAL, args, { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...env } })
  closeSync(fd)
  child.unref()
  if (child.pid === undefined) throw new Error(`Cannot start ${name}: spawn failed`)
  writeFileSync(join(dir, `${name}.pid`), `${child.pid}\n`)
  return { name, pid: child.pid, log }
}

/** Sends SIGTERM to the daemon named by DIR/NAME.pid and waits (bounded) for it to exit. */
export async function stopBackground(dir: string, name: string, waitMs = 40_000): Promise<boolean> {
  const pid = runningPid(dir, name)
  if (pid === undefined) return false
  process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + waitMs
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0)
    } catch {
      break
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  if (runningPid(dir, name) !== undefined) process.kill(pid, 'SIGKILL')
  rmSync(join(dir, `${name}.pid`), { force: true })
  return true
}
