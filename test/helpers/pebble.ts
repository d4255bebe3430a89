// Debian's pebble (Let's Encrypt's test ACME server) on loopback for a test, with pebble-challtestsrv as its DNS
// server answering every name with 127.0.0.1, so HTTP-01 validation reaches `httpPort` on this machine.

import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { selfSignedCertificate } from '../../controller/tls/self-signed.ts'
import { eventually } from './mesh.ts'
import { freePort, tempDir } from './processes.ts'

export interface Pebble {
  directoryUrl: string
  /** PEM file of the certificate pebble's own HTTPS endpoints use (what the ACME client must trust). */
  caFile: string
  /** PEM of the root that signs the certificates pebble issues (its management endpoint /roots/0). */
  issuingRoot(): Promise<string>
  output(): string
  stop(): Promise<void>
}

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, timeout: 5000 }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.once('timeout', () => req.destroy(new Error('timeout')))
    req.once('error', reject)
    req.end()
  })
}

export async function startPebble(httpPort: number): Promise<Pebble> {
  const dir = tempDir('pebble')
  const tls = selfSignedCertificate('pebble', ['localhost', '127.0.0.1'], 2)
  const caFile = `${dir.path}/pebble-cert.pem`
  writeFileSync(caFile, tls.certPem)
  writeFileSync(`${dir.path}/pebble-key.pem`, tls.keyPem)
  const [acme, mgmt, tlsPort, dns, dnsMgmt] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ]
  writeFileSync(
    `${dir.path}/pebble.json`,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acme}`,
        managementListenAddress: `127.0.0.1:${mgmt}`,
        certificate: caFile,
        privateKey: `${dir.path}/pebble-key.pem`,
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  )
  let out = ''
  const children: ChildProcess[] = []
  const run = (cmd: string, args: string[]): ChildProcess => {
    const child = spawn(cmd, args, {
      env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const keep = (b: Buffer): void => {
      out = (out + b.toString()).slice(-64 * 1024)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    children.push(child)
    return child
  }
  run('pebble-challtestsrv', [
    ...['-dns01', `127.0.0.1:${dns}`, '-management', `127.0.0.1:${dnsMgmt}`],
    ...['-http01', '', '-https01', '', '-tlsalpn01', '', '-defaultIPv4', '127.0.0.1', '-defaultIPv6', ''],
  ])
  run('pebble', ['-config', `${dir.path}/pebble.json`, '-dnsserver', `127.0.0.1:${dns}`])
  const directoryUrl = `https://127.0.0.1:${acme}/dir`
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve()
            c.once('exit', () => resolve())
            c.kill('SIGTERM')
          }),
      ),
    )
    dir.remove()
  }
  try {
    await eventually(
      async () => (await get(directoryUrl, tls.certPem).catch(() => ({ status: 0 }))).status === 200,
      20_000,
      'pebble',
    )
  } catch (err) {
    await stop()
    throw new Error(`pebble did not start:\n${out}`, { cause: err })
  }
  return {
    directoryUrl,
    caFile,
    async issuingRoot() {
      const res = await get(`https://127.0.0.1:${mgmt}/roots/0`, tls.certPem)
      if (res.status !== 200) throw new Error(`pebble /roots/0 answered ${res.status}`)
      return res.body
    },
    output: () => out,
    stop,
  }
}
