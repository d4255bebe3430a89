import { Readable } from 'node:stream'
import { selfSignedCertificate } from '../../controller/tls/self-signed.ts'
import { fingerprintOf, pinnedRequest } from '../../lib/pinned-tls.ts'

/**
 * fetch() for the controller's API in tests: the API serves a self-signed certificate, so requests go through the
 * same pinned TLS connection the CLI uses (fetch() itself cannot pin). Answers are real Responses.
 */
export function apiFetcher(fingerprint: string): (url: string | URL, init?: RequestInit) => Promise<Response> {
  return async (url, init = {}) => {
    const headers: Record<string, string> = {}
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v
    })
    const body = init.body
    const res = await pinnedRequest(url, fingerprint, {
      method: init.method ?? 'GET',
      headers,
      ...(body === undefined || body === null
        ? {}
        : { body: typeof body === 'string' ? body : Buffer.from(body as Uint8Array) }),
    })
    const status = res.statusCode ?? 0
    const out = new Headers()
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v)
    }
    const empty = status === 204 || status === 304 || init.method === 'HEAD'
    if (empty) res.resume()
    return new Response(empty ? null : (Readable.toWeb(res) as ReadableStream), { status, headers: out })
  }
}

let testCert: { certPem: string; keyPem: string; fingerprint: string } | undefined

/** One self-signed certificate per test process, for API servers started by unit tests. */
export function testApiCertificate(): { certPem: string; keyPem: string; fingerprint: string } {
  if (testCert === undefined) {
    const pair = selfSignedCertificate('shoal-test-api', ['localhost', '127.0.0.1'], 2)
    testCert = { ...pair, fingerprint: fingerprintOf(pair.certPem) }
  }
  return testCert
}
