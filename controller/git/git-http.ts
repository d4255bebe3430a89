import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Logger } from '../../lib/logger.ts'
import { ShoalError } from '../../proto/errors.ts'

export interface GitHttpDeps {
  /** Where bare repositories live: DIR/<app>.git */
  root: string
  logger: Logger
  /** Resolves when the app exists; throws NOT_FOUND otherwise. */
  requireApp(app: string): Promise<void>
  /** What the pre-receive hook needs to call the build API back. */
  hookEnv(): { apiUrl: string; token: string; fingerprint: string }
  /** HA: brings the repository up to the cluster's recorded state before serving, records it after a push. */
  sync?: { catchUp(app: string, dir: string): Promise<void>; record(app: string, dir: string): Promise<void> }
}

// pre-receive.ts in a checkout, pre-receive.js in a release package (precompiled).
const HOOK = resolve(import.meta.dirname, `pre-receive${extname(import.meta.filename)}`)

/**
 * Git smart HTTP for `APP.git`, served by git's own `git http-backend` (CGI): shoal never speaks the protocol
 * itself. Auth is the API token as the Basic password (checked by the API server's hook). A push runs the
 * repository's pre-receive hook, which builds the pushed commit and streams the build log back as `remote:` lines;
 * a failed build declines the push.
 */
export function registerGitRoutes(app: FastifyInstance, deps: GitHttpDeps): void {
  app.register(async (scope) => {
    // git's request bodies are streamed to the backend untouched (possibly gzip-encoded).
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload))
    const handler = async (request: FastifyRequest<{ Params: { repo: string; '*': string } }>, reply: FastifyReply) => {
      const m = /^([a-z][a-z0-9-]{1,28}[a-z0-9])\.git$/.exec(request.params.repo)
      if (m === null) throw new ShoalError('NOT_FOUND', `Cannot find repository "${request.params.repo}"`)
      const appName = m[1] as string
      await deps.requireApp(appName)
      const dir = await ensureRepo(deps.root, appName)
      await deps.sync?.catchUp(appName, dir)
      // After a push (accepted or declined: a declined one changed no ref) the repository is recorded before the
      // response ends, so a push the client saw succeed is already visible to the other controllers.
      const push = request.method === 'POST' && request.params['*'] === 'git-receive-pack'
      const sync = deps.sync
      const after =
        push && sync !== undefined
          ? () =>
              sync.record(appName, dir).catch((err: unknown) => {
                deps.logger.error({ app: appName, err: String(err) }, 'cannot record the pushed git repository')
              })
          : undefined
      return runBackend(request, reply, deps, appName, after)
    }
    scope.get('/:repo/*', handler)
    scope.post('/:repo/*', handler)
  })
}

export async function ensureRepo(root: string, app: string): Promise<string> {
  const dir = join(root, `${app}.git`)
  if (!existsSync(join(dir, 'HEAD'))) {
    await mkdir(dir, { recursive: true })
    await run('git', ['init', '--bare', '--quiet', '--initial-branch=main', dir])
    await run('git', ['-C', dir, 'config', 'http.receivepack', 'true'])
  }
  // Rewritten every time so a moved checkout or a new node binary keeps working.
  const hook = join(dir, 'hooks', 'pre-receive')
  await writeFile(hook, `#!/bin/sh\nexec '${process.execPath}' --disable-warning=ExperimentalWarning '${HOOK}'\n`)
  await chmod(hook, 0o755)
  return dir
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString()
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${cmd} ${args[0]} failed: ${err.trim()}`)),
    )
  })
}

function runBackend(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: GitHttpDeps,
  app: string,
  beforeEnd?: () => Promise<void>,
): Promise<void> {
  const url = new URL(request.url, 'http://x')
  const hook = deps.hookEnv()
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: deps.root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: request.method,
    CONTENT_TYPE: request.headers['content-type'] ?? '',
    REMOTE_USER: 'admin',
    REMOTE_ADDR: request.ip,
    SHOAL_APP: app,
    SHOAL_API_URL: hook.apiUrl,
    SHOAL_API_FINGERPRINT: hook.fingerprint,
    SHOAL_API_TOKEN: hook.token,
  }
  const encoding = request.headers['content-encoding']
  if (typeof encoding === 'string') env['HTTP_CONTENT_ENCODING'] = encoding
  const protocol = request.headers['git-protocol']
  if (typeof protocol === 'string') env['GIT_PROTOCOL'] = protocol
  const length = request.headers['content-length']
  if (typeof length === 'string') env['CONTENT_LENGTH'] = length

  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  child.stderr.on('data', (b: Buffer) => deps.logger.debug({ app, stderr: b.toString().trim() }, 'git http-backend'))
  const body = request.body as NodeJS.ReadableStream | undefined
  if (body !== undefined && typeof body.pipe === 'function') body.pipe(child.stdin)
  else child.stdin.end()

  return new Promise((resolvePromise, reject) => {
    let head = Buffer.alloc(0)
    let headersDone = false
    child.once('error', reject)
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        reply.raw.write(chunk)
        return
      }
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) return
      headersDone = true
      let status = 200
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const i = line.indexOf(':')
        if (i === -1) continue
        const name = line.slice(0, i).trim()
        const value = line.slice(i + 1).trim()
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500
        else reply.raw.setHeader(name, value)
      }
      reply.hijack()
      reply.raw.writeHead(status)
      reply.raw.write(head.subarray(end + 4))
    })
    child.stdout.once('end', () => {
      if (!headersDone) {
        reject(new ShoalError('INTERNAL', `Cannot serve ${app}.git: git http-backend gave no response`))
        return
      }
      void (beforeEnd ?? (async () => {}))().then(() => {
        reply.raw.end()
        resolvePromise()
      })
    })
  })
}
