// Test certificates made with openssl: a private CA and leaf certificates it signs, with chosen names and lifetime.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestCert {
  certPem: string
  keyPem: string
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

/** A leaf for `names` (first is the CN), valid `days` from now, signed by a fresh CA (chain: leaf + CA). */
export function makeCert(names: string[], days = 90): TestCert & { caPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'shoal-test-cert-'))
  try {
    const p = (f: string): string => join(dir, f)
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
    openssl([
      'req',
      '-x509',
      ...ec,
      '-keyout',
      p('ca.key'),
      '-out',
      p('ca.pem'),
      '-days',
      '3650',
      '-subj',
      '/CN=Test CA',
    ])
    openssl(['req', ...ec, '-keyout', p('leaf.key'), '-out', p('leaf.csr'), '-subj', `/CN=${names[0]}`])
    writeFileSync(p('ext'), `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\n`)
    openssl([
      ...['x509', '-req', '-in', p('leaf.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial'],
      ...['-out', p('leaf.pem'), '-days', String(days), '-extfile', p('ext')],
    ])
    const caPem = readFileSync(p('ca.pem'), 'utf8')
    return { certPem: readFileSync(p('leaf.pem'), 'utf8') + caPem, keyPem: readFileSync(p('leaf.key'), 'utf8'), caPem }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
