import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppService } from '../../controller/apps/app-service.ts'
import { DomainService } from '../../controller/domains/domain-service.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import type { AcmeIssuer } from '../../controller/tls/acme-issuer.ts'
import {
  AcmeManager,
  acmeDecision,
  DEFAULT_ACME_POLICY,
  renewAt,
  retryDelay,
} from '../../controller/tls/acme-manager.ts'
import { CertStore } from '../../controller/tls/cert-store.ts'
import { TlsStateService } from '../../controller/tls/tls-state-service.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { keyringFrom, newSecretKey } from '../../lib/secret-box.ts'
import { makeCert } from '../helpers/certs.ts'

const DAY = 86_400_000

async function setup() {
  const clock = new ManualClock(Date.now())
  const store = new MemoryStore()
  const apps = new AppService({ store, clock })
  await apps.createApp({ name: 'web-app' })
  const k = newSecretKey()
  const keyring = keyringFrom(k.id, { [k.id]: k.key.toString('base64') })
  const domains = new DomainService({ store, apps, clusterDomain: 'shoal.test', clock })
  const certs = new CertStore(store, keyring, clock)
  const tls = new TlsStateService({
    store,
    certs,
    clock,
    logger: silentLogger,
    epoch: () => 1,
    isRouter: () => true,
    connectedRouters: () => [],
  })
  const calls: string[] = []
  const events: string[] = []
  let fail: string | undefined
  const challengesSeen: string[] = []
  // Issues certificates valid for 90 days from the *injected* now, like a CA would at that time.
  const issuer: AcmeIssuer = {
    async issue(domain, hooks) {
      calls.push(domain)
      await hooks.add(`tok-${calls.length}`, `tok-${calls.length}.thumb`, domain)
      challengesSeen.push(...tls.challenges().map((c) => `${c.domain}:${c.token}`))
      await hooks.remove(`tok-${calls.length}`)
      if (fail !== undefined) throw new Error(fail)
      const days = Math.ceil((clock.now() - Date.now()) / DAY) + 90
      return makeCert([domain], days)
    },
  }
  const manager = new AcmeManager({
    store,
    domains,
    certs,
    tls,
    issuer,
    clock,
    logger: silentLogger,
    onEvent: (_app, m) => events.push(m),
  })
  await domains.add('web-app', 'www.example.com')
  await domains.updateSettings('web-app', { acme: true })
  await domains.refresh()
  return { clock, store, certs, tls, manager, calls, events, challengesSeen, setFail: (f?: string) => (fail = f) }
}

describe('automatic certificates', () => {
  it('orders a missing certificate, leaves a fresh one alone and renews one that is about to expire', async () => {
    const t = await setup()
    await t.manager.round()
    assert.deepEqual(t.calls, ['www.example.com'])
    assert.deepEqual(t.challengesSeen, ['www.example.com:tok-1'])
    assert.equal(t.tls.challenges().length, 0, 'the challenge is withdrawn after the order')
    const [first] = await t.certs.list('web-app')
    assert.ok(first !== undefined && first.source === 'acme')
    assert.match(t.events.join('\n'), /ACM issued certificate for www\.example\.com/)

    t.clock.advance(1 * DAY)
    await t.manager.round()
    assert.equal(t.calls.length, 1, 'a fresh certificate is not renewed')

    // 62 days in, 28 days are left: less than the 30-day renewal window.
    t.clock.advance(61 * DAY)
    assert.ok(t.clock.now() >= renewAt(first))
    await t.manager.round()
    assert.equal(t.calls.length, 2, 'an expiring certificate is renewed')
    const after = await t.certs.list('web-app')
    assert.equal(after.length, 1, 'the renewed certificate replaces the old one')
    assert.notEqual(after[0]?.id, first.id)
    assert.ok((after[0]?.notAfterMs ?? 0) > first.notAfterMs)
    assert.match(t.events.join('\n'), /ACM renewed certificate/)
    assert.ok(
      t.tls.certificates().some((c) => c.id === after[0]?.id),
      'the TLS state holds the new certificate',
    )
  })

  it('reports a failure and retries it with back-off', async () => {
    const t = await setup()
    t.setFail('urn:ietf:params:acme:error:connection: connection refused')
    await t.manager.round()
    assert.equal(t.calls.length, 1)
    assert.match(
      t.events.join('\n'),
      /ACM failed for www\.example\.com: .*connection refused \(attempt 1, retry in 60s\)/,
    )
    await t.manager.round()
    assert.equal(t.calls.length, 1, 'no retry before the back-off ends')
    t.clock.advance(61_000)
    await t.manager.round()
    assert.equal(t.calls.length, 2)
    t.clock.advance(61_000)
    await t.manager.round()
    assert.equal(t.calls.length, 2, 'the second back-off is twice as long')
    t.setFail(undefined)
    t.clock.advance(60_000)
    await t.manager.round()
    assert.equal(t.calls.length, 3)
    assert.equal((await t.certs.list('web-app')).length, 1)
  })

  it('keeps certificate keys sealed in the store', async () => {
    const t = await setup()
    await t.manager.round()
    const [entry] = await t.store.list('certs/')
    const raw = Buffer.from(entry?.value ?? []).toString('utf8')
    assert.match(raw, /"sealedKey":"sbx1:/)
    assert.doesNotMatch(raw, /PRIVATE KEY/)
    const open = t.tls.certificates()[0]
    assert.match(open?.keyPem ?? '', /BEGIN PRIVATE KEY/)
  })
})

describe('acmeDecision', () => {
  const cert = (notBeforeMs: number, notAfterMs: number) => ({
    id: 'x',
    app: 'a',
    source: 'acme' as const,
    commonName: 'w.example.com',
    domains: ['w.example.com'],
    issuer: 'CA',
    selfSigned: false,
    notBeforeMs,
    notAfterMs,
    certPem: '',
    sealedKey: '',
    createdAt: '',
  })
  it('renews at 30 days before expiry, or a third of a short lifetime', () => {
    assert.equal(renewAt(cert(0, 90 * DAY)), 60 * DAY)
    assert.equal(renewAt(cert(0, 6 * DAY)), 4 * DAY)
    assert.equal(acmeDecision('w.example.com', [cert(0, 90 * DAY)], undefined, 59 * DAY).order, false)
    assert.equal(acmeDecision('w.example.com', [cert(0, 90 * DAY)], undefined, 60 * DAY).order, true)
  })
  it('does not order wildcards (HTTP-01 cannot prove them)', () => {
    assert.deepEqual(acmeDecision('*.example.com', [], undefined, 0), {
      status: 'wildcard unsupported',
      order: false,
      current: undefined,
    })
  })
  it('backs off exponentially up to a cap', () => {
    assert.equal(retryDelay(1, DEFAULT_ACME_POLICY), 60_000)
    assert.equal(retryDelay(3, DEFAULT_ACME_POLICY), 240_000)
    assert.equal(retryDelay(30, DEFAULT_ACME_POLICY), DEFAULT_ACME_POLICY.retryMaxMs)
  })
})
