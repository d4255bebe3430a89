// The static buildpack's web process. It uses node's builtins only, so a static site needs no npm install.
//   node server.js                        serves the app: APP_DIR is the parent of this file's folder (/app/.static)
//   node server.js --configure APP_DIR    at build time: validates static.json, writes APP_DIR/.static/config.json
// static.json keys understood (Heroku's static buildpack names): root, clean_urls, error_page.
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.webmanifest': 'application/manifest+json',
}

/** Reads APP_DIR/static.json (optional) into the server's settings; throws with a message fit for the build log. */
export function configure(appDir) {
  const app = resolve(appDir)
  let settings = {}
  const file = join(app, 'static.json')
  if (existsSync(file)) {
    try {
      settings = JSON.parse(readFileSync(file, 'utf8'))
    } catch (err) {
      throw new Error(`Cannot read static.json: ${err.message}`)
    }
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      throw new Error('Cannot read static.json: it must hold a JSON object')
    }
  }
  let root = '.'
  if (settings.root !== undefined) {
    if (typeof settings.root !== 'string') throw new Error('Cannot read static.json: "root" must be a string')
    root = settings.root
  } else if (
    !existsSync(join(app, 'index.html')) &&
    statSync(join(app, 'public'), { throwIfNoEntry: false })?.isDirectory()
  ) {
    root = 'public'
  }
  const rootDir = resolve(app, root)
  if (rootDir !== app && !rootDir.startsWith(app + sep)) {
    throw new Error(`Cannot use static.json root "${root}": it is outside the app`)
  }
  if (!statSync(rootDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`Cannot use static.json root "${root}": no such directory`)
  }
  if (settings.clean_urls !== undefined && typeof settings.clean_urls !== 'boolean') {
    throw new Error('Cannot read static.json: "clean_urls" must be true or false')
  }
  if (settings.error_page !== undefined && typeof settings.error_page !== 'string') {
    throw new Error('Cannot read static.json: "error_page" must be a string')
  }
  return {
    root: relative(app, rootDir) || '.',
    cleanUrls: settings.clean_urls === true,
    errorPage: settings.error_page ?? '404.html',
  }
}

/** Returns the request handler serving `rootDir` with `config` (as made by configure). */
export function staticHandler(rootDir, config) {
  return (req, res) => {
    handle(req, res, rootDir, config).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('Internal Server Error\n')
    })
  }
}

async function handle(req, res, rootDir, config) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Method Not Allowed\n')
    return
  }
  // Origin-form targets are appended to a base rather than resolved against it, so `//x` stays a path, not a host.
  const target = req.url ?? '/'
  let url
  let path
  try {
    url = new URL(target.startsWith('/') ? `http://static.invalid${target}` : target)
    path = decodeURIComponent(url.pathname)
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Bad Request\n')
    return
  }
  const segments = path.split('/').filter((s) => s !== '')
  // Dot segments would climb out of the root; dotfiles (.static, .profile.d, .env) are not the site's to serve.
  if (path.includes('\0') || segments.some((s) => s.startsWith('.'))) return notFound(req, res, rootDir, config)

  const file = join(rootDir, ...segments)
  const found = await stat(file).catch(() => undefined)
  if (found?.isDirectory()) {
    if (!url.pathname.endsWith('/')) {
      // One leading slash only: `//host` would be a redirect to another site.
      const location = `/${url.pathname.replace(/^\/+/, '')}/${url.search}`
      res.writeHead(301, { Location: location, 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('Moved Permanently\n')
      return
    }
    const index = join(file, 'index.html')
    const st = await stat(index).catch(() => undefined)
    if (st?.isFile()) return sendFile(req, res, index, st, 200)
    return notFound(req, res, rootDir, config)
  }
  if (found?.isFile()) return sendFile(req, res, file, found, 200)
  if (config.cleanUrls && segments.length > 0 && extname(file) === '') {
    const html = `${file}.html`
    const st = await stat(html).catch(() => undefined)
    if (st?.isFile()) return sendFile(req, res, html, st, 200)
  }
  return notFound(req, res, rootDir, config)
}

async function notFound(req, res, rootDir, config) {
  const page = join(rootDir, config.errorPage)
  const st = await stat(page).catch(() => undefined)
  if (st?.isFile() && page.startsWith(rootDir + sep)) return sendFile(req, res, page, st, 404)
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(req.method === 'HEAD' ? undefined : 'Not Found\n')
}

async function sendFile(req, res, file, st, status) {
  const modified = new Date(Math.floor(st.mtimeMs / 1000) * 1000)
  const since = Date.parse(req.headers['if-modified-since'] ?? '')
  if (status === 200 && !Number.isNaN(since) && modified.getTime() <= since) {
    res.writeHead(304, { 'Last-Modified': modified.toUTCString() })
    res.end()
    return
  }
  res.writeHead(status, {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': st.size,
    'Last-Modified': modified.toUTCString(),
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  await pipeline(createReadStream(file), res)
}

function main(argv) {
  if (argv[0] === '--configure') {
    const appDir = resolve(argv[1] ?? '.')
    const config = configure(appDir)
    writeFileSync(join(appDir, '.static', 'config.json'), `${JSON.stringify(config, null, 2)}\n`)
    process.stdout.write(`serving ${config.root === '.' ? 'the app root' : `${config.root}/`}\n`)
    return
  }
  const here = dirname(fileURLToPath(import.meta.url))
  const appDir = dirname(here)
  const configFile = join(here, 'config.json')
  const config = existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : configure(appDir)
  const server = createServer(staticHandler(resolve(appDir, config.root), config))
  server.listen(Number(process.env.PORT ?? 5000), () => {
    process.stdout.write(`static: listening on port ${server.address().port}\n`)
  })
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0))
    server.closeIdleConnections()
  })
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2))
  } catch (err) {
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  }
}
