import { spawn } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { ShoalError } from '../proto/errors.ts'

/** ssh://user@server[:port] as hosts:add takes it. */
export interface SshTarget {
  user: string
  host: string
  port: number | undefined
}

export function parseSshTarget(text: string, command: string): SshTarget {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ShoalError('INVALID_INPUT', `Cannot run ${command}: "${text}" is not ssh://user@server[:port]`)
  }
  if (url.protocol !== 'ssh:' || url.hostname === '' || url.pathname !== '' || url.password !== '')
    throw new ShoalError('INVALID_INPUT', `Cannot run ${command}: "${text}" is not ssh://user@server[:port]`)
  return {
    user: decodeURIComponent(url.username || 'root'),
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? undefined : Number(url.port),
  }
}

/** One word for sh: single-quoted, with embedded quotes escaped. */
export function shQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}

/**
 * The command run on the server: it reads the join token from its stdin (never argv: `ps` on either machine
 * does not show it), fetches the controller's installer and runs it as root (sudo for another user).
 */
export function remoteInstallCommand(controllerUrl: string, pin: string, installArgs: string[], user: string): string {
  const inner = [
    'IFS= read -r SHOAL_JOIN_TOKEN',
    'export SHOAL_JOIN_TOKEN',
    `curl -fsSLk --pinnedpubkey ${shQuote(pin)} ${shQuote(`${controllerUrl}/install`)} | sh -s -- ${installArgs.map(shQuote).join(' ')}`,
  ].join('; ')
  return user === 'root' ? `sh -c ${shQuote(inner)}` : `sudo -n sh -c ${shQuote(inner)}`
}

/** The remote command that stops and removes shoal's units and binaries (data kept). */
export function remoteUninstallCommand(user: string): string {
  const inner =
    'i="$SHOAL_PREFIX/opt/shoal/current/install.sh"; if [ -f "$i" ]; then sh "$i" --uninstall; else echo "shoal is not installed"; fi'
  return user === 'root' ? `sh -c ${shQuote(inner)}` : `sudo -n sh -c ${shQuote(inner)}`
}

/** The system ssh client, host-key checking on, no password prompts. */
export function sshArgs(target: SshTarget, remote: string, extra: string[] = []): string[] {
  return [
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    ...(target.port === undefined ? [] : ['-p', String(target.port)]),
    ...extra,
    `${target.user}@${target.host}`,
    remote,
  ]
}

/** Runs ssh with INPUT on stdin, output streamed to ours; resolves with the exit code. */
export function runSsh(args: string[], input: string, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env['SHOAL_SSH'] ?? 'ssh', args, {
      stdio: ['pipe', 'inherit', 'inherit'],
      ...(signal === undefined ? {} : { signal }),
    })
    child.once('error', (err) =>
      reject(new ShoalError('UNAVAILABLE', `Cannot run ssh: ${err.message} (is openssh-client installed?)`)),
    )
    child.once('exit', (code) => resolve(code ?? 255))
    child.stdin.end(input)
  })
}

/**
 * The remote command of cluster:upgrade: the package arrives on stdin, the installed installer runs with --upgrade
 * (keeps the server's roles and config, restarts its daemons on the new version, waits until they are admitted).
 */
export function remoteUpgradeCommand(user: string): string {
  const inner =
    'f=$(mktemp); cat >"$f"; sh "$SHOAL_PREFIX/opt/shoal/current/install.sh" --upgrade --package "$f"; rc=$?; rm -f "$f"; exit $rc'
  return user === 'root' ? `sh -c ${shQuote(inner)}` : `sudo -n sh -c ${shQuote(inner)}`
}

/** Runs ssh with FILE streamed to its stdin; resolves with the exit code. */
export function runSshWithFile(args: string[], file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env['SHOAL_SSH'] ?? 'ssh', args, { stdio: ['pipe', 'inherit', 'inherit'] })
    child.once('error', (err) => reject(new ShoalError('UNAVAILABLE', `Cannot run ssh: ${err.message}`)))
    child.once('exit', (code) => resolve(code ?? 255))
    const input = createReadStream(file)
    input.once('error', (err) => child.stdin.destroy(err))
    child.stdin.once('error', () => {})
    input.pipe(child.stdin)
  })
}
