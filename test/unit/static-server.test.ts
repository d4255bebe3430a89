// The static buildpack's compile and the server it installs, on a real socket (port 0) on loopback.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const COMPILE = join(REPO, 'buildpacks/static/bin/compile')
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? '/usr/bin:/bin'}` }

let scratch: string

function compile(app: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [COMPILE, app, join(scratch, 'cache'), join(scratch, 'env')], { env })
    let output = ''
    child.stdout.on('data', (d: Buffer) => {
      output += d
    })
    child.stderr.on('data', (d: Buffer) => {
      output += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

async function app(tree: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(scratch, 'app-'))
  for (const [path, content] of Object.entries(tree)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return dir
}

/** Starts `.static/server.js` of a compiled app on an ephemeral port. */
async function serve(dir: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(dir, '.static/server.js')], { env: { ...env, PORT: '0' } })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d
      const m = /listening on port (\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  return { port, child }
}

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

// node:http rather than fetch: fetch would normalize the `..` paths this test sends on purpose.
function get(port: number, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        body += d
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'shoal-static-'))
})

after(async () => {
  await rm(scratch, { recursive: true, force: true })
})

describe('static buildpack server', () => {
  let port = 0
  let child: ChildProcess | undefined

  before(async () => {
    const dir = await mkdtemp(join(scratch, 'site-'))
    await cp(join(REPO, 'examples/static-site'), dir, { recursive: true })
    await writeFile(join(dir, '.env'), 'SECRET=1')
    const res = await compile(dir)
    assert.equal(res.code, 0, res.output)
    ;({ port, child } = await serve(dir))
  })

  after(() => {
    child?.kill('SIGTERM')
  })

  it('serves index.html at / with its content type and length', async () => {
    const res = await get(port, '/')
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8')
    assert.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body))
    assert.match(res.body, /Hello from a static site on shoal/)
  })

  it('serves other files by extension', async () => {
    const res = await get(port, '/style.css')
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-type'], 'text/css; charset=utf-8')
  })

  it('redirects a directory to its trailing slash, then serves its index.html', async () => {
    const redirect = await get(port, '/about?x=1')
    assert.equal(redirect.status, 301)
    assert.equal(redirect.headers['location'], '/about/?x=1')
    assert.equal((await get(port, '/about/')).status, 200)
  })

  it("answers 404 with the site's 404.html for missing files", async () => {
    const res = await get(port, '/nope.html')
    assert.equal(res.status, 404)
    assert.match(res.body, /No such page on this static site/)
  })

  it('never serves outside the root, nor dotfiles such as .env or .static', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/.env', '/.static/server.js', '/a/../.env']) {
      const res = await get(port, path)
      assert.equal(res.status, 404, path)
      assert.doesNotMatch(res.body, /SECRET|createServer/, path)
    }
  })

  it('does not redirect to another host for a path starting with //', async () => {
    const res = await get(port, '//about')
    assert.equal(res.status, 301)
    assert.equal(res.headers['location'], '/about/')
  })

  it('answers HEAD without a body, conditional GET with 304, other methods with 405', async () => {
    const head = await get(port, '/', 'HEAD')
    assert.equal(head.status, 200)
    assert.equal(head.body, '')
    const lastModified = String(head.headers['last-modified'])
    assert.equal((await get(port, '/', 'GET', { 'If-Modified-Since': lastModified })).status, 304)
    const post = await get(port, '/', 'POST')
    assert.equal(post.status, 405)
    assert.equal(post.headers['allow'], 'GET, HEAD')
  })

  it('answers 400 for a malformed escape', async () => {
    assert.equal((await get(port, '/%E0%A4%A')).status, 400)
  })
})

describe('static.json', () => {
  it('serves public/ when there is no root index.html, with clean URLs and a custom error page', async () => {
    const dir = await app({
      'static.json': JSON.stringify({ clean_urls: true, error_page: 'missing.html' }),
      'public/index.html': 'home',
      'public/about.html': 'about page',
      'public/missing.html': 'custom missing',
      'secret.txt': 'outside the root',
    })
    const res = await compile(dir)
    assert.equal(res.code, 0, res.output)
    assert.match(res.output, /serving public\//)
    const { port, child } = await serve(dir)
    try {
      assert.equal((await get(port, '/about')).body, 'about page')
      assert.equal((await get(port, '/')).body, 'home')
      const missing = await get(port, '/secret.txt')
      assert.equal(missing.status, 404)
      assert.equal(missing.body, 'custom missing')
    } finally {
      child.kill('SIGTERM')
    }
  })

  it('fails the build for invalid JSON, a root outside the app or a missing root', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'static.json': '{ nope' }, /Cannot read static\.json/],
      [{ 'static.json': '[]' }, /must hold a JSON object/],
      [{ 'static.json': '{"root":"../.."}' }, /root "\.\.\/\.\.": it is outside the app/],
      [{ 'static.json': '{"root":"dist"}' }, /root "dist": no such directory/],
      [{ 'static.json': '{"clean_urls":"yes"}' }, /"clean_urls" must be true or false/],
    ]
    for (const [tree, message] of cases) {
      const res = await compile(await app(tree))
      assert.notEqual(res.code, 0, JSON.stringify(tree))
      assert.match(res.output, message)
    }
  })
})
