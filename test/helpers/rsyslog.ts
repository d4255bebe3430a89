// A real Debian rsyslogd for drain tests: foreground (-n), its own config, work directory and pid file in a temp
// dir, plain TCP and TLS (gtls) inputs on ports the caller picked, every message written as its parsed RFC 5424
// fields, so a test sees exactly what rsyslog understood of the framing.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'

export interface TestCerts {
  caFile: string
  certFile: string
  keyFile: string
  ca: string
  cert: string
  key: string
}

/** A throwaway CA and a server certificate for 127.0.0.1 / localhost it signed (openssl, P-256). */
export function makeCerts(dir: string, name = 'ca'): TestCerts {
  const p = (f: string): string => join(dir, `${name}-${f}`)
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' })
  }
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  run([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.pem'),
    '-days',
    '2',
    '-subj',
    `/CN=shoal test ${name}`,
  ])
  run(['req', ...ec, '-keyout', p('key.pem'), '-out', p('req.csr'), '-subj', '/CN=127.0.0.1'])
  writeFileSync(p('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n')
  run([
    'x509',
    '-req',
    ...['-in', p('req.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial'],
    ...['-out', p('cert.pem'), '-days', '2', '-extfile', p('ext.cnf')],
  ])
  return {
    caFile: p('ca.pem'),
    certFile: p('cert.pem'),
    keyFile: p('key.pem'),
    ca: readFileSync(p('ca.pem'), 'utf8'),
    cert: readFileSync(p('cert.pem'), 'utf8'),
    key: readFileSync(p('key.pem'), 'utf8'),
  }
}

export interface SyslogRecord {
  input: 'plain' | 'tls'
  pri: number
  timestamp: string
  hostname: string
  appName: string
  procId: string
  msgId: string
  structuredData: string
  msg: string
}

export interface Rsyslog {
  records(): SyslogRecord[]
  stop(): Promise<void>
  output(): string
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

export async function startRsyslog(
  dir: string,
  ports: { plain: number; tls: number },
  certs: TestCerts,
): Promise<Rsyslog> {
  const out = join(dir, 'rsyslog-received.log')
  const conf = join(dir, 'rsyslog.conf')
  writeFileSync(
    conf,
    [
      `global(workDirectory="${dir}" DefaultNetstreamDriverCAFile="${certs.caFile}"`,
      `  DefaultNetstreamDriverCertFile="${certs.certFile}" DefaultNetstreamDriverKeyFile="${certs.keyFile}")`,
      'module(load="imtcp" MaxSessions="200")',
      // One record per message, fields split by |; the message comes last, so it may hold | itself.
      'template(name="fields" type="string" string="%inputname%|%pri%|%timereported:::date-rfc3339%|%hostname%|%app-name%|%procid%|%msgid%|%structured-data%|%msg%\\n")',
      `ruleset(name="drain") { action(type="omfile" file="${out}" template="fields" flushInterval="0" asyncWriting="off") }`,
      `input(type="imtcp" port="${ports.plain}" name="plain" ruleset="drain")`,
      `input(type="imtcp" port="${ports.tls}" name="tls" ruleset="drain" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")`,
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn('rsyslogd', ['-n', '-f', conf, '-i', join(dir, 'rsyslogd.pid')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout?.on('data', (b: Buffer) => {
    log += b.toString()
  })
  child.stderr?.on('data', (b: Buffer) => {
    log += b.toString()
  })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const deadline = Date.now() + 15_000
  while (!((await accepts(ports.plain)) && (await accepts(ports.tls)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`rsyslogd did not start:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    output: () => log,
    records: () => {
      if (!existsSync(out)) return []
      return readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => {
          const parts = l.split('|')
          const [input, pri, timestamp, hostname, appName, procId, msgId, structuredData] = parts
          const msg = parts.slice(8).join('|')
          return {
            input: input as 'plain' | 'tls',
            pri: Number(pri),
            timestamp: timestamp ?? '',
            hostname: hostname ?? '',
            appName: appName ?? '',
            procId: procId ?? '',
            msgId: msgId ?? '',
            structuredData: structuredData ?? '',
            msg: msg ?? '',
          }
        })
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(t)
    },
  }
}
