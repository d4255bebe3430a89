import { Counter, Histogram, type Registry } from 'prom-client'

/** What an operator watches on the etcd backend: request latency and failures, and how often watches restart. */
export interface EtcdStoreMetrics {
  observe(op: string, seconds: number, failed: boolean): void
  watchRestart(reason: 'dropped' | 'compacted'): void
}

export const noEtcdMetrics: EtcdStoreMetrics = { observe: () => {}, watchRestart: () => {} }

export function etcdStoreMetrics(registry: Registry): EtcdStoreMetrics {
  const latency = new Histogram({
    name: 'shoal_store_request_seconds',
    help: 'Latency of store requests to etcd, by operation',
    labelNames: ['op'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const errors = new Counter({
    name: 'shoal_store_request_errors_total',
    help: 'Store requests to etcd that failed (unreachable, no quorum, refused), by operation',
    labelNames: ['op'],
    registers: [registry],
  })
  const restarts = new Counter({
    name: 'shoal_store_watch_restarts_total',
    help: 'Store watches re-established: after a dropped stream (resumed at the last revision) or a compaction (re-listed)',
    labelNames: ['reason'],
    registers: [registry],
  })
  return {
    observe: (op, seconds, failed) => {
      latency.observe({ op }, seconds)
      if (failed) errors.inc({ op })
    },
    watchRestart: (reason) => restarts.inc({ reason }),
  }
}
