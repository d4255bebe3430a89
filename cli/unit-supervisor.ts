import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { ShoalError } from '../proto/errors.ts'

/** What `shoal supervise` takes from a systemd unit: exactly what systemd would run, and how it restarts. */
export interface UnitService {
  execStart: string[]
  environmentFiles: Array<{ path: string; optional: boolean }>
  restartSec: number
  restart: 'always' | 'on-failure' | 'no'
}

/** Splits an ExecStart line like systemd: whitespace-separated words, "double" or 'single' quotes group. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = []
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g
  for (let m = re.exec(line); m !== null; m = re.exec(line))
    words.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3] ?? '')
  return words
}

export function parseUnit(text: string, file: string): UnitService {
  let section = ''
  const service: UnitService = { execStart: [], environmentFiles: [], restartSec: 0.1, restart: 'no' }
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const header = /^\[(.+)\]$/.exec(line)
    if (header !== null) {
      section = header[1] as string
      continue
    }
    if (section !== 'Service') continue
    const eq = line.indexOf('=')
    if (eq === -1) continue
    const key = line.slice(0, eq).trim()
    const value = line.slice(eq + 1).trim()
    if (key === 'ExecStart') service.execStart = splitCommandLine(value.replace(/^[-@:+!]+/, ''))
    else if (key === 'EnvironmentFile')
      service.environmentFiles.push({ path: value.replace(/^-/, ''), optional: value.startsWith('-') })
    else if (key === 'RestartSec') service.restartSec = Number.parseFloat(value) || 0.1
    else if (key === 'Restart')
      service.restart = value === 'always' ? 'always' : value === 'on-failure' ? 'on-failure' : 'no'
  }
  if (service.execStart.length === 0) throw new ShoalError('INVALID_INPUT', `Cannot supervise ${file}: no ExecStart`)
  return service
}

/** KEY=VALUE lines as systemd reads them (comments, blank lines, optional quotes). */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line)
    if (m === null) continue
    const v = m[2] as string
    env[m[1] as string] = /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v
  }
  return env
}

/**
 * Runs a unit's ExecStart with its EnvironmentFiles until SIGTERM/SIGINT, restarting it RestartSec after it exits
 * (Restart=always). Used where systemd is not PID 1 (containers, the lab): the installer then starts the very same
 * command line systemd would. Resolves with the last exit code once stopped.
 */
export async function superviseUnit(
  file: string,
  pidFile: string | undefined,
  log: (line: string) => void,
): Promise<number> {
  const unit = parseUnit(readFileSync(file, 'utf8'), file)
  if (pidFile !== undefined) writeFileSync(pidFile, `${process.pid}\n`)
  let child: ChildProcess | undefined
  let stopping = false
  let lastCode = 0
  const stop = (): void => {
    stopping = true
    child?.kill('SIGTERM')
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  try {
    while (!stopping) {
      const env: NodeJS.ProcessEnv = { ...process.env }
      for (const f of unit.environmentFiles) {
        try {
          Object.assign(env, parseEnvironmentFile(readFileSync(f.path, 'utf8')))
        } catch (err) {
          if (!f.optional) throw err
        }
      }
      const [cmd, ...args] = unit.execStart as [string, ...string[]]
      log(`supervise: starting ${unit.execStart.join(' ')}`)
      const running = spawn(cmd, args, { env, stdio: 'inherit' })
      child = running
      lastCode = await new Promise<number>((resolve) => {
        running.once('error', (err) => {
          log(`supervise: cannot start ${cmd}: ${err.message}`)
          resolve(127)
        })
        running.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)))
      })
      child = undefined
      if (stopping) break
      log(`supervise: ${cmd} exited with ${lastCode}`)
      if (unit.restart === 'no' || (unit.restart === 'on-failure' && lastCode === 0)) break
      await new Promise((r) => setTimeout(r, unit.restartSec * 1000))
    }
  } finally {
    process.off('SIGTERM', stop)
    process.off('SIGINT', stop)
    if (pidFile !== undefined) rmSync(pidFile, { force: true })
  }
  return lastCode
}
