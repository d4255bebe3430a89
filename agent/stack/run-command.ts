// Runs a host tool (debootstrap, chroot, tar…) as its own process group, so an abort ends it and every child it
// started (debootstrap runs dpkg, apt runs http fetchers), and failures carry the tool's last words.

import { spawn } from 'node:child_process'
import { ShoalError } from '../../proto/errors.ts'

export interface RunOptions {
  /** Says what the command is for, in error messages: `Cannot ${what}: …` */
  what: string
  signal?: AbortSignal
  env?: NodeJS.ProcessEnv
  cwd?: string
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
}

export interface RunResult {
  stdout: string
}

const KEEP_STDOUT = 1 << 20
const KEEP_ERROR_LINES = 15

export function runCommand(cmd: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new ShoalError('TIMEOUT', `Cannot ${opts.what}: aborted`))
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, see killGroup
    })
    let stdout = ''
    const tail: string[] = []
    const pending = { stdout: '', stderr: '' }
    const take = (stream: 'stdout' | 'stderr', chunk: string, flush: boolean) => {
      const text = pending[stream] + chunk
      const lines = text.split('\n')
      pending[stream] = flush ? '' : (lines.pop() ?? '')
      for (const line of lines) {
        if (line === '' && flush) continue
        opts.onLine?.(line, stream)
        tail.push(line)
        if (tail.length > KEEP_ERROR_LINES) tail.shift()
      }
    }
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < KEEP_STDOUT) stdout += chunk
      take('stdout', chunk, false)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => take('stderr', chunk, false))

    const killGroup = () => {
      if (child.pid === undefined) return
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // the group is already gone
      }
    }
    opts.signal?.addEventListener('abort', killGroup, { once: true })

    child.on('error', (err: NodeJS.ErrnoException) => {
      opts.signal?.removeEventListener('abort', killGroup)
      if (err.code === 'ENOENT') {
        reject(new ShoalError('UNAVAILABLE', `Cannot ${opts.what}: ${cmd} is not installed (run scripts/setup.sh)`))
      } else {
        reject(new ShoalError('INTERNAL', `Cannot ${opts.what}: ${cmd} did not start (${err.message})`, { cause: err }))
      }
    })
    child.on('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', killGroup)
      take('stdout', '', true)
      take('stderr', '', true)
      if (opts.signal?.aborted) return reject(new ShoalError('TIMEOUT', `Cannot ${opts.what}: aborted`))
      if (code === 0) return resolve({ stdout })
      const how = sig !== null ? `was killed by ${sig}` : `exited with status ${code}`
      const last = tail.filter((l) => l.trim() !== '').join('\n')
      reject(new ShoalError('INTERNAL', `Cannot ${opts.what}: ${cmd} ${how}${last === '' ? '' : `:\n${last}`}`))
    })
  })
}
