// Prometheus metrics of the autoscaler and of the merged router windows it reads.

import { Counter, Gauge, type Registry } from 'prom-client'
import { AUTOSCALE_PREFIX, splitKey } from './autoscale-records.ts'
import type { Autoscaler } from './autoscaler.ts'

export interface AutoscalerMetrics {
  decisions: Counter<'app' | 'process_type' | 'kind'>
  wakes: Counter<'app' | 'process_type'>
  notifications: Counter<'app' | 'process_type'>
}

const WINDOW_MS = 10_000

export function autoscalerMetrics(registry: Registry, autoscaler: Autoscaler): AutoscalerMetrics {
  const labelNames = ['app', 'process_type'] as const
  new Gauge({
    name: 'shoal_autoscaler_dynos',
    help: 'Dynos of each autoscaled process type after the last decision',
    labelNames,
    registers: [registry],
    collect() {
      this.reset()
      for (const [key, last] of autoscaler.lastAll()) {
        const at = splitKey(AUTOSCALE_PREFIX, key)
        if (at !== undefined) this.set({ app: at[0], process_type: at[1] }, last.decision.to)
      }
    },
  })
  new Gauge({
    name: 'shoal_autoscaler_observed',
    help: 'The autoscaling metric over the short window (ms for queue-time and p95, requests per dyno for concurrency)',
    labelNames,
    registers: [registry],
    collect() {
      this.reset()
      for (const [key, last] of autoscaler.lastAll()) {
        const at = splitKey(AUTOSCALE_PREFIX, key)
        if (at !== undefined && last.decision.observed !== null) {
          this.set({ app: at[0], process_type: at[1] }, last.decision.observed)
        }
      }
    },
  })
  const figures = (
    name: string,
    help: string,
    pick: (f: ReturnType<Autoscaler['windows']['figures']>) => number | null,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset()
        const w = autoscaler.windows
        const now = autoscaler.now()
        for (const { app, type } of w.types()) {
          const v = pick(w.figures(app, type, WINDOW_MS, now))
          if (v !== null) this.set({ app, process_type: type }, v)
        }
      },
    })
  figures('shoal_app_queue_p95_seconds', 'Router queue time p95 over the last 10 s, merged over routers', (f) =>
    f.queueP95Ms === null ? null : f.queueP95Ms / 1000,
  )
  figures('shoal_app_response_p95_seconds', 'Response time p95 over the last 10 s, merged over routers', (f) =>
    f.serviceP95Ms === null ? null : f.serviceP95Ms / 1000,
  )
  figures(
    'shoal_app_arrival_rate',
    'Requests per second arriving over the last 10 s, all routers',
    (f) => f.arrivals / (WINDOW_MS / 1000),
  )
  figures(
    'shoal_app_queue_length',
    'Requests waiting for a dyno slot in all routers at their last report',
    (f) => f.queueLast,
  )
  return {
    decisions: new Counter({
      name: 'shoal_autoscaler_decisions_total',
      help: 'Autoscaler decisions by kind (up, down, sleep, wake, bounds, blocked, manual)',
      labelNames: ['app', 'process_type', 'kind'],
      registers: [registry],
    }),
    wakes: new Counter({
      name: 'shoal_autoscaler_wake_requests_total',
      help: 'WakeRequests from routers holding a request for a sleeping process type',
      labelNames,
      registers: [registry],
    }),
    notifications: new Counter({
      name: 'shoal_autoscaler_notifications_total',
      help: 'Decisions of types with --notifications',
      labelNames,
      registers: [registry],
    }),
  }
}
