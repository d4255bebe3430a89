import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_TIMEOUTS, haproxyPaths, renderConfig } from '../../router/haproxy-config.ts'
import { writePages } from '../../router/pages.ts'
import { TlsSync } from '../../router/tls-sync.ts'

// The rendered configuration is checked by HAProxy itself (`haproxy -c`), with and without TLS and servers.

describe('HAProxy configuration', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoal-hacfg-'))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  const check = (file: string) =>
    new Promise<string>((resolve, reject) =>
      execFile('haproxy', ['-c', '-f', file], (err, stdout, stderr) =>
        err === null ? resolve(stdout + stderr) : reject(new Error(stderr)),
      ),
    )

  it('renders a configuration HAProxy accepts, servers in every state and HTTPS included', async () => {
    const paths = haproxyPaths(dir)
    await mkdir(paths.dir, { recursive: true })
    await writePages(paths.pages)
    await TlsSync.ensureDefaultCert(paths)
    for (const f of [paths.hostsMap, paths.backendsMap, paths.stateMap, paths.queueMap, paths.acmeMap, paths.crtList]) {
      await writeFile(f, '')
    }
    const text = renderConfig({
      paths,
      http: { host: '127.0.0.1', port: 18080 },
      https: { host: '::1', port: 18443, defaultCert: join(paths.certs, 'default.pem') },
      backends: [
        {
          name: 'b1',
          servers: [
            { name: 'da', address: '10.0.0.1', port: 20001, maxconn: 0, state: 'ready' },
            { name: 'db', address: 'fd00::1', port: 20002, maxconn: 5, state: 'drain' },
            { name: 'dc', address: '10.0.0.3', port: 20003, maxconn: 1, state: 'maint' },
          ],
        },
        { name: 'b2', servers: [] },
      ],
      timeouts: DEFAULT_TIMEOUTS,
      maxConnections: 1000,
      threads: 1,
    })
    await writeFile(paths.config, text)
    assert.match(await check(paths.config), /Configuration file is valid/)
    assert.match(text, /log ring@shoal-requests .*\nring shoal-requests\n/s)
    assert.match(text, /bind \[::1\]:18443 ssl crt .* alpn h2,http\/1\.1/)
    assert.match(text, /server db \[fd00::1\]:20002 maxconn 5 .* weight 0/)
    assert.match(text, /server dc 10\.0\.0\.3:20003 maxconn 1 .* disabled/)
    assert.match(text, /timeout server 30000ms/)
  })
})
