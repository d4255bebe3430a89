// Orders one certificate from an ACME server (Let's Encrypt by default; pebble in tests) with HTTP-01 through the
// well-kept `acme-client`. The account key is made once and kept sealed in the store. Challenges are handed to the
// routers through the TLS state; the order proceeds only once every connected router holds them.

import { Agent } from 'node:https'
import { rootCertificates } from 'node:tls'
import * as acme from 'acme-client'
import type { Logger } from '../../lib/logger.ts'
import type { Keyring } from '../../lib/secret-box.ts'
import { open, seal } from '../../lib/secret-box.ts'
import { ShoalError } from '../../proto/errors.ts'
import { getJson, putJson, type Store } from '../store/store.ts'

export const LETS_ENCRYPT_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory'
const ACCOUNT_KEY = 'acme/account'

/** Where the challenge for one order goes while the ACME server validates it. */
export interface ChallengeHooks {
  add(token: string, keyAuthorization: string, domain: string): Promise<void>
  remove(token: string): Promise<void>
}

/** Narrow on purpose: the ACME manager sees only this, so its tests inject an issuer. */
export interface AcmeIssuer {
  issue(domain: string, challenges: ChallengeHooks): Promise<{ certPem: string; keyPem: string }>
}

export interface AcmeClientIssuerOptions {
  directoryUrl: string
  /** PEM of extra CA certificates to trust for the ACME server itself (pebble's, a private CA's). */
  caPem?: string | undefined
  email?: string | undefined
  store: Store
  keyring: Keyring
  logger: Logger
}

export function acmeClientIssuer(options: AcmeClientIssuerOptions): AcmeIssuer {
  if (options.caPem !== undefined) {
    // acme-client talks through its axios instance; trust the given CA in addition to the public roots.
    acme.axios.defaults.httpsAgent = new Agent({ ca: [...rootCertificates, options.caPem] })
  }
  let client: acme.Client | undefined
  const account = async (): Promise<acme.Client> => {
    if (client !== undefined) return client
    const stored = await getJson<{ sealedKey: string }>(options.store, ACCOUNT_KEY)
    let keyPem: string
    if (stored === undefined) {
      keyPem = (await acme.crypto.createPrivateEcdsaKey('P-256')).toString()
      await putJson(options.store, ACCOUNT_KEY, { sealedKey: seal(options.keyring, keyPem, ACCOUNT_KEY) })
    } else keyPem = open(options.keyring, stored.value.sealedKey, ACCOUNT_KEY)
    client = new acme.Client({ directoryUrl: options.directoryUrl, accountKey: keyPem })
    return client
  }
  return {
    async issue(domain, challenges) {
      const c = await account()
      const [key, csr] = await acme.crypto.createCsr({ commonName: domain, altNames: [domain] })
      try {
        const certPem = await c.auto({
          csr,
          ...(options.email === undefined ? {} : { email: options.email }),
          termsOfServiceAgreed: true,
          challengePriority: ['http-01'],
          // The controller need not reach the domain itself; the ACME server's validation is the test.
          skipChallengeVerification: true,
          challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
            if (challenge.type !== 'http-01') throw new Error(`challenge type ${challenge.type} is not supported`)
            await challenges.add(challenge.token, keyAuthorization, domain)
          },
          challengeRemoveFn: async (_authz, challenge) => {
            await challenges.remove(challenge.token)
          },
        })
        return { certPem, keyPem: key.toString() }
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err)
        options.logger.warn({ domain, err: detail }, 'ACME order failed')
        throw new ShoalError('ACME_FAILED', `Cannot get a certificate for ${domain}: ${detail}`, { cause: err })
      }
    },
  }
}
