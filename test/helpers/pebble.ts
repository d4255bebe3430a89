// Debian's pebble (Let's Encrypt's test ACME server) for a test, with pebble-challtestsrv as its DNS server
// answering every name with one address, so HTTP-01 validation reaches `httpPort` there: on loopback (startPebble),
// or inside a lab namespace (preparePebble's command lines, started there by the lab test).

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

export interface PebbleSetup {
  dir: { path: string; remove(): void }
  directoryUrl: string
  managementUrl: string
  caFile: string
  caPem: string
  /** pebble-challtestsrv (DNS answering every name with `answerIp`), then pebble itself */
  commands(answerIp: string): Array<{ cmd: string; args: string[] }>
  env: NodeJS.ProcessEnv
}

/**
 * Pebble's files and command lines: its HTTPS endpoints on `ip` (a certificate of their own in `caFile`), HTTP-01
 * validation to port `httpPort` of whatever address pebble-challtestsrv answers every name with (`answerIp`).
 */
export function preparePebble(options: {
  ip: string
  httpPort: number
  ports: { acme: number; management: number; tls: number; dns: number; dnsManagement: number }
}): PebbleSetup {
  const { ip, ports } = options
  const dir = tempDir('pebble')
  const tls = selfSignedCertificate('pebble', ['localhost', ip], 2)
  const caFile = `${dir.path}/pebble-cert.pem`
  writeFileSync(caFile, tls.certPem)
  writeFileSync(`${dir.path}/pebble-key.pem`, tls.keyPem)
  writeFileSync(
    `${dir.path}/pebble.json`,
    JSON.stringify({
      pebble: {
        listenAddress: `${ip}:${ports.acme}`,
        managementListenAddress: `${ip}:${ports.management}`,
        certificate: caFile,
        privateKey: `${dir.path}/pebble-key.pem`,
        httpPort: options.httpPort,
        tlsPort: ports.tls,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  )
  const dns = `${ip}:${ports.dns}`
  return {
    dir,
    directoryUrl: `https://${ip}:${ports.acme}/dir`,
    managementUrl: `https://${ip}:${ports.management}`,
    caFile,
    caPem: tls.certPem,
    commands: (answerIp) => [
      {
        cmd: 'pebble-challtestsrv',
        args: [
          ...['-dns01', dns, '-management', `${ip}:${ports.dnsManagement}`],
          ...['-http01', '', '-https01', '', '-tlsalpn01', '', '-defaultIPv4', answerIp, '-defaultIPv6', ''],
        ],
      },
      { cmd: 'pebble', args: ['-config', `${dir.path}/pebble.json`, '-dnsserver', dns] },
    ],
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' },
  }
}

export async function startPebble(httpPort: number): Promise<Pebble> {
  const setup = preparePebble({
    ip: '127.0.0.1',
    httpPort,
    ports: {
      acme: await freePort(),
      management: await freePort(),
      tls: await freePort(),
      dns: await freePort(),
      dnsManagement: await freePort(),
    },
  })
  const { dir, caFile, directoryUrl } = setup
  let out = ''
  const children: ChildProcess[] = []
  const run = (cmd: string, args: string[]): ChildProcess => {
    const child = spawn(cmd, args, { env: setup.env, stdio: ['ignore', 'pipe', 'pipe'] })
    const keep = (b: Buffer): void => {
      out = (out + b.toString()).slice(-64 * 1024)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    children.push(child)
    return child
  }
  for (const c of setup.commands('127.0.0.1')) run(c.cmd, c.args)
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
      async () => (await get(directoryUrl, setup.caPem).catch(() => ({ status: 0 }))).status === 200,
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
      const res = await get(`${setup.managementUrl}/roots/0`, setup.caPem)
      if (res.status !== 200) throw new Error(`pebble /roots/0 answered ${res.status}`)
      return res.body
    },
    output: () => out,
    stop,
  }
}
