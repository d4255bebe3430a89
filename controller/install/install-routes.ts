import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { PackageList, PackageView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'

export interface InstallRoutesDeps {
  /** Folder holding shoal-<version>-linux-x64.tar.gz files (the installer keeps the one it installed there). */
  packagesDir: string
  /** This controller's version: the package the installer fetches unless told otherwise. */
  version: string
  /** curl's --pinnedpubkey of the API certificate (`sha256//…`): the installer pins the controller with it. */
  pin: string
}

/** URLs that need no API token: the installer runs on a server that holds only a join token. */
export function isPublicInstallPath(url: string): boolean {
  return url === '/install' || url === '/v1/package' || url.startsWith('/v1/package/')
}

const PACKAGE = /^shoal-(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)-linux-x64\.tar\.gz$/

/** install.sh from a release package's root, or packaging/ in a checkout. */
function installScript(): string {
  const root = resolve(import.meta.dirname, '..', '..')
  for (const p of [join(root, 'install.sh'), join(root, 'packaging', 'install.sh')]) if (existsSync(p)) return p
  throw new ShoalError('NOT_FOUND', 'Cannot serve the installer: install.sh is not in this build')
}

/**
 * GET /install (the installer, with this controller's URL and version filled in), GET /v1/package (the packages
 * this controller can hand out, with sha256) and GET /v1/package/FILE. None of them carries a secret: the join
 * token reaches the new server through the environment of the command `shoal join-token --install` prints.
 */
export function registerInstallRoutes(app: FastifyInstance, deps: InstallRoutesDeps): void {
  const hashes = new Map<string, { key: string; sha256: string }>()
  const list = (): PackageView[] => {
    if (!existsSync(deps.packagesDir)) return []
    return readdirSync(deps.packagesDir)
      .flatMap((file) => {
        const m = PACKAGE.exec(file)
        if (m === null) return []
        const path = join(deps.packagesDir, file)
        const st = statSync(path)
        const key = `${st.size}:${st.mtimeMs}`
        let cached = hashes.get(file)
        if (cached?.key !== key) {
          cached = { key, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') }
          hashes.set(file, cached)
        }
        return [{ file, version: m[1] as string, size: st.size, sha256: cached.sha256 }]
      })
      .sort((a, b) => a.file.localeCompare(b.file))
  }

  app.get('/v1/package', async (): Promise<PackageList> => ({ version: deps.version, pin: deps.pin, packages: list() }))
  app.get<{ Params: { file: string } }>('/v1/package/:file', async (req, reply) => {
    const sum = req.params.file.endsWith('.sha256')
    const wanted = sum ? req.params.file.slice(0, -'.sha256'.length) : req.params.file
    const found = list().find((p) => p.file === wanted)
    if (found === undefined)
      throw new ShoalError('NOT_FOUND', `Cannot send package ${wanted}: this controller does not have it`)
    // sha256sum's format, which the installer checks the download against.
    if (sum) return reply.type('text/plain; charset=utf-8').send(`${found.sha256}  ${found.file}\n`)
    reply.header('content-type', 'application/gzip').header('x-shoal-sha256', found.sha256)
    reply.header('content-length', String(found.size))
    return reply.send(createReadStream(join(deps.packagesDir, found.file)))
  })
  app.get('/install', async (req, reply) => {
    const host = req.headers.host ?? ''
    if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host))
      throw new ShoalError('INVALID_INPUT', 'Cannot serve the installer: the Host header is not HOST[:PORT]')
    const url = `${req.protocol}://${host}`
    const script = readFileSync(installScript(), 'utf8')
    // The installer reads these defaults; the caller's environment still wins.
    const preset =
      `SHOAL_URL="\${SHOAL_URL:-${url}}"\nSHOAL_VERSION="\${SHOAL_VERSION:-${deps.version}}"\n` +
      // The API's certificate is self-signed: curl checks its public key against the pin instead of a CA.
      `SHOAL_CURL_OPTS="\${SHOAL_CURL_OPTS:--k --pinnedpubkey ${deps.pin}}"\n`
    reply.header('content-type', 'text/x-shellscript; charset=utf-8')
    return script.replace(/^# @@PRESET@@$/m, preset)
  })
}
