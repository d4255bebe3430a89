import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { resolve } from 'node:path'
import { PassThrough, type Readable, type Writable } from 'node:stream'
import { walkFiles } from '../../lib/ignore-rules.ts'
import { fetchPinnedCertificate, publicKeyPin, readBody } from '../../lib/pinned-tls.ts'
import { BUILD_IDLE_TIMEOUT_MS, type BuildEventLine, buildIdleTimeoutMs } from '../../proto/api.ts'
import { isErrorCode, ShoalError } from '../../proto/errors.ts'
import { ApiClient, apiConnectError, sendTo } from '../api-client.ts'
import { apiUrls, readConfig } from '../cli-config.ts'
import type { Command } from '../command.ts'
import { appFlag } from '../command.ts'
import { appPath, positionals, requireApp } from './apps-commands.ts'

/** A tar.gz of DIR's files that git would keep (.gitignore honoured, .git left out), streamed from `tar`. */
export async function sourceArchive(dir: string): Promise<Readable> {
  const files = await walkFiles(dir)
  if (files.length === 0) throw new ShoalError('INVALID_INPUT', `Cannot deploy ${dir}: it has no files to deploy`)
  const tar = spawn('tar', ['-czf', '-', '--null', '--no-recursion', '-C', dir, '-T', '-'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  tar.stdin.end(files.map((f) => `${f}\0`).join(''))
  return childOutput(tar, `deploy ${dir}`)
}

/**
 * A child's stdout, taken up at once: Node drains (and drops) the output of an exited child whose stdout nobody
 * listens to, so a small app's archive was lost whenever tar finished before the upload began (an HA deploy first
 * asks which controller leads) and the build got an empty source. A child that fails errors the stream instead of
 * ending it, so a cut archive is never sent as a whole one.
 */
export function childOutput(child: ChildProcessByStdio<Writable | null, Readable, null>, what: string): Readable {
  const out = new PassThrough()
  child.stdout.pipe(out, { end: false })
  child.once('close', (code, signal) => {
    if (code === 0) out.end()
    else out.destroy(new ShoalError('INTERNAL', `Cannot ${what}: ${child.spawnfile} exited ${code ?? signal}`))
  })
  child.once('error', (err) => out.destroy(new ShoalError('INTERNAL', `Cannot ${what}: ${err.message}`)))
  // Destroyed before the child finished (nobody wants the rest): the child goes too, or it would block on a full pipe.
  out.once('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill()
  })
  return out
}

/** Streams a build's NDJSON events to the terminal; resolves to the result. */
export async function followBuild(
  res: AsyncIterable<unknown>,
  print: (line: string) => void,
): Promise<NonNullable<BuildEventLine['result']>> {
  let buffer = ''
  const decoder = new TextDecoder()
  for await (const chunk of res) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true })
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      const text = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      if (text === '') continue
      const event = JSON.parse(text) as BuildEventLine
      if (event.line !== undefined) print(event.line)
      else if (event.result !== undefined) return event.result
    }
  }
  throw new ShoalError('UNAVAILABLE', 'Cannot deploy: the build stream ended without a result')
}

export const deploy: Command = {
  name: 'deploy',
  summary: "build DIR (default .) with buildpacks and release it; .gitignore'd files are not sent",
  usage: '[DIR] -a APP',
  flags: { app: appFlag },
  async run(args) {
    const app = requireApp(args, 'deploy')
    const dir = resolve(positionals(args, 'deploy', 1)[0] ?? '.')
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new ShoalError('INVALID_INPUT', `Cannot deploy ${dir}: it is not a directory`)
    }
    const client = new ApiClient()
    await client.get(appPath(app), `deploy to ${app}`)
    // Builds are coordinated by the leader (followers answer NOT_LEADER). Asked before tar starts, so a failure here
    // leaves no archiver behind.
    const base = await client.leaderBase(`deploy to ${app}`)
    const body = await sourceArchive(dir)
    console.log(`-----> Uploading ${dir} to ⬢ ${app}...`)
    // An idle timeout, not a build time limit: the controller sends an empty line every few seconds and names the
    // interval in the response; from then on silence for 5 of them ends the deploy (buildIdleTimeoutMs).
    const res = await sendTo(client.config, base, 'POST', `${appPath(app)}/builds`, `deploy ${app}`, {
      body,
      contentType: 'application/gzip',
      timeoutMs: BUILD_IDLE_TIMEOUT_MS,
    }).catch((err: unknown) => {
      body.destroy()
      throw err
    })
    try {
      return await followDeploy(app, base, res)
    } finally {
      // An answer before the whole archive went (the upload refused as too large): stop sending it, end tar.
      body.destroy()
      res.destroy()
    }
  },
}

async function followDeploy(app: string, base: string, res: IncomingMessage): Promise<number> {
  res.socket?.setTimeout(buildIdleTimeoutMs(res.headers))
  const status = res.statusCode ?? 0
  if (status < 200 || status >= 300) {
    let e: { code?: string; message?: string } | undefined
    try {
      e = (JSON.parse(await readBody(res)) as { error?: { code?: string; message?: string } }).error
    } catch {}
    throw new ShoalError(
      isErrorCode(e?.code) ? e.code : 'INTERNAL',
      e?.message ?? `Cannot deploy ${app}: HTTP ${status}`,
    )
  }
  const result = await followBuild(res, (line) => console.log(line)).catch((err: unknown) => {
    if (err instanceof ShoalError) throw err
    throw new ShoalError(
      'UNAVAILABLE',
      `Cannot deploy ${app}: the controller at ${base} stopped answering mid-build ` +
        `(${err instanceof Error ? err.message : String(err)}); see \`shoal releases -a ${app}\` for whether it was released`,
    )
  })
  if (!result.ok) throw new ShoalError(result.code, result.message)
  return 0
}

export const gitRemote: Command = {
  name: 'git:remote',
  summary: 'add a git remote (default name shoal) for the app, so `git push shoal main` deploys it',
  usage: '-a APP [-r REMOTE]',
  flags: { app: appFlag, remote: { short: 'r', type: 'string', description: 'remote name (default shoal)' } },
  async run(args) {
    const app = requireApp(args, 'git:remote')
    const remote = (args.flags['remote'] as string | undefined) ?? 'shoal'
    const config = readConfig()
    const client = new ApiClient(config)
    await client.get(appPath(app), `add a git remote for ${app}`)
    // HA: the remote names a controller that answers now, the leader (which takes pushes; a follower would redirect
    // to it). After a failover, run git:remote again to point it at the new leader.
    const base = await client.leaderBase(`add a git remote for ${app}`)
    const url = new URL(`/${app}.git`, base).toString()
    const git = (gitArgs: string[]): Promise<number> =>
      new Promise((res) => spawn('git', gitArgs, { stdio: 'inherit' }).once('exit', (code) => res(code ?? 1)))
    if ((await git(['remote', 'get-url', remote]).catch(() => 1)) === 0) await git(['remote', 'remove', remote])
    if ((await git(['remote', 'add', remote, url])) !== 0) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot add git remote ${remote}: git remote add failed (is this a git repository?)`,
      )
    }
    // The API's certificate is self-signed (one for every controller of the cluster): git (curl) skips CA
    // verification for the controllers' origins only and pins the certificate's public key instead, so a push never
    // hands the token to anyone but a controller.
    let cert: Buffer
    try {
      cert = await fetchPinnedCertificate(base, config.fingerprint)
    } catch (err) {
      throw apiConnectError(err, `add git remote ${remote}`, base)
    }
    // The token stays in the CLI's config: git asks `shoal git:credentials` for it on every push. Every controller's
    // origin is configured, so a redirect from a follower to the leader works too.
    const shoal = resolve(import.meta.dirname, '..', '..', 'bin', 'shoal')
    for (const origin of new Set([base, ...apiUrls(config)].map((u) => new URL(u).origin))) {
      await git(['config', '--replace-all', `credential.${origin}.helper`, `!'${shoal}' git:credentials`])
      await git(['config', '--replace-all', `http.${origin}/.sslVerify`, 'false'])
      await git(['config', '--replace-all', `http.${origin}/.pinnedPubkey`, publicKeyPin(cert)])
    }
    console.log(`set git remote ${remote} to ${url}`)
    return 0
  },
}

export const gitCredentials: Command = {
  name: 'git:credentials',
  summary: "git credential helper: answers git's `get` with the CLI's API token",
  usage: 'get|store|erase',
  flags: {},
  async run(args) {
    if (args.positionals[0] !== 'get') return 0
    const config = readConfig()
    process.stdout.write(`username=shoal\npassword=${config.token}\n`)
    return 0
  },
}

export const deployCommands: Command[] = [deploy, gitRemote, gitCredentials]
