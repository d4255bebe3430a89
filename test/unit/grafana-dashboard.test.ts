// The Grafana dashboard in contrib/ is importable JSON whose queries name metrics shoal really exports (or, for the
// router's request metrics, the names agreed with the router in docs/ARCHITECTURE.md).
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT } from '../helpers/processes.ts'

const AGREED_ROUTER_METRICS = new Set([
  'shoal_router_requests_total',
  'shoal_router_queue_seconds',
  'shoal_router_connect_seconds',
  'shoal_router_service_seconds',
])

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return ['gen', 'static'].includes(name) ? [] : sources(path)
    return name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : []
  })
}

describe('Grafana dashboard', () => {
  it('is valid JSON with panels whose metrics exist', () => {
    const dash = JSON.parse(readFileSync(join(ROOT, 'contrib', 'grafana', 'shoal-dashboard.json'), 'utf8')) as {
      uid: string
      panels: Array<{ type: string; targets?: Array<{ expr: string }> }>
    }
    assert.equal(dash.uid, 'shoal-overview')
    const code = ['lib', 'controller', 'agent', 'router', 'mesh'].flatMap((d) => sources(join(ROOT, d))).join('\n')
    const exprs = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr))
    assert.ok(exprs.length >= 10)
    for (const expr of exprs) {
      for (const [metric] of expr.matchAll(/shoal_[a-z0-9_]+/g)) {
        const base = metric.replace(/_(bucket|count|sum)$/, '')
        if (AGREED_ROUTER_METRICS.has(base)) continue
        // shoal_process_* are prom-client's default metrics under the registry's prefix.
        assert.ok(
          code.includes(`'${base}'`) || base.startsWith('shoal_process_'),
          `${metric} (in ${expr}) is not a metric shoal exports`,
        )
      }
    }
  })
})
