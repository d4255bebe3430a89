// Every API route that reads a body, fed random and mutated JSON (and broken JSON text): each answer is a 2xx, or
// a 4xx whose body is `{ "error": { "code", "message" } }` with a documented code; never a 5xx, never a hang.
// Seeded: a failure prints SHOAL_FUZZ_SEED to rerun it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApiServer } from '../../controller/api/api-server.ts'
import { registerAppsRoutes } from '../../controller/api/apps-routes.ts'
import { registerClusterRoutes } from '../../controller/api/cluster-routes.ts'
import { registerFormationRoutes } from '../../controller/api/formation-routes.ts'
import { AppService } from '../../controller/apps/app-service.ts'
import { FormationService } from '../../controller/formation/formation-service.ts'
import { HostRegistry } from '../../controller/host-registry.ts'
import { MemoryStore } from '../../controller/store/memory-store.ts'
import { ManualClock } from '../../lib/clock.ts'
import { silentLogger } from '../../lib/logger.ts'
import { ErrorCodes } from '../../proto/errors.ts'
import { brokenJsonText, fuzzSeed, mutateJson, randomJson, rng } from '../helpers/fuzz.ts'

const TOKEN = 'fuzz-token'
const PER_ROUTE = 400

test('every API body is answered 2xx or 4xx with an error code, never 5xx', { timeout: 180_000 }, async () => {
  const seed = fuzzSeed()
  const r = rng(seed)
  const store = new MemoryStore()
  const clock = new ManualClock(Date.parse('2026-12-07T00:00:00Z'))
  const api = createApiServer({ token: TOKEN, logger: silentLogger })
  const apps = new AppService({ store, clock, logger: silentLogger })
  registerAppsRoutes(api, { apps })
  registerFormationRoutes(api, {
    apps,
    formations: new FormationService({ store, apps, clock }),
    dynos: async () => [],
    restart: async () => 0,
  })
  const hosts = new HostRegistry({ store, clock, logger: silentLogger })
  await hosts.admit({ id: 'host-a', hostname: 'a', role: 'agent', addresses: [] })
  registerClusterRoutes(api, { hosts, joinToken: () => 'x', cluster: () => ({}) as never, changed: () => {} })
  await api.ready()
  await apps.createApp({ name: 'demo' })
  await apps.createRelease('demo', {
    slug: { sha256: 'a'.repeat(64), size: 1, processTypes: { web: 'npm start', worker: 'node w.js' } },
    description: 'Deploy a',
  })

  const routes: Array<{ method: 'POST' | 'PATCH'; url: string; valid: unknown }> = [
    { method: 'POST', url: '/v1/apps', valid: { name: 'fuzzed-app' } },
    { method: 'PATCH', url: '/v1/apps/demo/config-vars', valid: { FOO: 'bar', OLD: null } },
    { method: 'POST', url: '/v1/apps/demo/releases', valid: { rollback: 1 } },
    {
      method: 'PATCH',
      url: '/v1/apps/demo/formation',
      valid: { updates: [{ type: 'web', quantity: 2, size: 'standard-2x' }] },
    },
    { method: 'PATCH', url: '/v1/hosts/host-a/labels', valid: { labels: { zone: 'a', old: null } } },
  ]
  const codes = new Set<string>(Object.keys(ErrorCodes))
  const tally = { ok: 0, refused: 0 }
  for (const route of routes) {
    for (let i = 0; i < PER_ROUTE; i++) {
      const kind = r.int(10)
      const payload =
        kind === 0 ? brokenJsonText(r) : JSON.stringify(kind < 4 ? randomJson(r) : mutateJson(r, route.valid))
      const res = await api.inject({
        method: route.method,
        url: route.url,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        payload,
      })
      const where = `${route.method} ${route.url} with ${payload.slice(0, 300)}\nrerun with SHOAL_FUZZ_SEED=${seed}`
      assert.ok(res.statusCode < 500, `${res.statusCode} ${res.body.slice(0, 300)} for ${where}`)
      if (res.statusCode >= 400) {
        const body = JSON.parse(res.body) as { error?: { code?: string; message?: string } }
        assert.ok(codes.has(body.error?.code ?? ''), `undocumented error ${res.body.slice(0, 200)} for ${where}`)
        assert.equal(typeof body.error?.message, 'string')
        tally.refused++
      } else tally.ok++
    }
  }
  await api.close()
  assert.ok(tally.ok > 50 && tally.refused > 500, `ok ${tally.ok}, refused ${tally.refused} (seed ${seed})`)
})
