import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseCertificate } from '../../controller/tls/certificates.ts'
import { makeCert } from '../helpers/certs.ts'

const DAY = 86_400_000
const a = makeCert(['www.example.com', 'example.com', '*.api.example.com'], 30)
const b = makeCert(['other.example.org'], 30)

test('parses names, expiry, issuer and the chain; the id is the leaf fingerprint', () => {
  const c = parseCertificate(a.certPem, a.keyPem, Date.now(), 'add')
  assert.deepEqual(c.domains, ['www.example.com', 'example.com', '*.api.example.com'])
  assert.equal(c.commonName, 'www.example.com')
  assert.equal(c.issuer, 'Test CA')
  assert.equal(c.selfSigned, false)
  assert.match(c.id, /^[0-9a-f]{64}$/)
  assert.ok(Math.abs(c.notAfterMs - (Date.now() + 30 * DAY)) < 2 * DAY)
  assert.equal((c.certPem.match(/BEGIN CERTIFICATE/g) ?? []).length, 2)
  assert.match(c.keyPem, /BEGIN PRIVATE KEY/)
})

test('refuses a key that does not match the certificate', () => {
  assert.throws(() => parseCertificate(a.certPem, b.keyPem, Date.now(), 'add'), {
    code: 'INVALID_CERTIFICATE',
    message: /does not match/,
  })
})

test('refuses an expired certificate (time injected)', () => {
  assert.throws(() => parseCertificate(a.certPem, a.keyPem, Date.now() + 31 * DAY, 'add'), {
    code: 'INVALID_CERTIFICATE',
    message: /expired/,
  })
})

test('refuses garbage, a missing certificate and an unreadable key', () => {
  assert.throws(() => parseCertificate('hello', a.keyPem, Date.now(), 'add'), { code: 'INVALID_CERTIFICATE' })
  assert.throws(() => parseCertificate(a.certPem, 'nope', Date.now(), 'add'), { code: 'INVALID_CERTIFICATE' })
  assert.throws(() => parseCertificate(undefined, undefined, Date.now(), 'add'), { code: 'INVALID_CERTIFICATE' })
  const broken = a.certPem.replace(/(BEGIN CERTIFICATE-----\n)(.{10})/, '$1AAAAAAAAAA')
  assert.throws(() => parseCertificate(broken, a.keyPem, Date.now(), 'add'), { code: 'INVALID_CERTIFICATE' })
})
