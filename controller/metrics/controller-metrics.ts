// The controller's own metrics beyond hosts and logs: dynos by app, process type and state; scheduler rounds and
// placements; builds by outcome; store operation latency. Label values are app names, process types, a fixed set
// of states and outcomes, and store operation names: bounded by what the cluster runs, never by request traffic.

import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { Store } from '../store/store.ts'

/** Dyno counts per app and process type (desired from the formation; the rest from reported statuses). */
export interface DynoCount {
  app: string
  processType: string
  state: 'desired' | 'running' | 'starting' | 'crashed' | 'stopping' | 'down' | 'pending' | 'unplaceable'
  count: number
}

export interface RoundReport {
  seconds: number
  added: number
  removed: number
  unplaceable: number
}

export interface ControllerMetrics {
  round(report: RoundReport): void
  build(outcome: 'succeeded' | 'failed', seconds: number): void
}

export function registerControllerMetrics(
  registry: Registry,
  dynoCounts: () => DynoCount[] | Promise<DynoCount[]>,
): ControllerMetrics {
  new Gauge({
    name: 'shoal_dynos',
    help: 'Dynos by app, process type and state: desired (formation quantity), running, starting, crashed, unplaceable …',
    labelNames: ['app', 'process_type', 'state'],
    registers: [registry],
    async collect() {
      this.reset()
      for (const c of await dynoCounts()) {
        this.inc({ app: c.app, process_type: c.processType, state: c.state }, c.count)
      }
    },
  })
  const rounds = new Counter({
    name: 'shoal_scheduler_rounds_total',
    help: 'Scheduling rounds run by the leader',
    registers: [registry],
  })
  const roundSeconds = new Histogram({
    name: 'shoal_scheduler_round_seconds',
    help: 'Time of one scheduling round: snapshot, plan, persist, push',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const placements = new Counter({
    name: 'shoal_scheduler_placements_total',
    help: 'Dyno assignments the scheduler added (placed) and removed',
    labelNames: ['kind'],
    registers: [registry],
  })
  const unplaceable = new Gauge({
    name: 'shoal_scheduler_unplaceable_dynos',
    help: 'Dynos the last round could not place on any host',
    registers: [registry],
  })
  const builds = new Histogram({
    name: 'shoal_build_duration_seconds',
    help: 'Build time from upload to slug, by outcome',
    labelNames: ['outcome'],
    buckets: [1, 5, 10, 30, 60, 120, 300, 600, 900],
    registers: [registry],
  })
  return {
    round(r) {
      rounds.inc()
      roundSeconds.observe(r.seconds)
      placements.inc({ kind: 'added' }, r.added)
      placements.inc({ kind: 'removed' }, r.removed)
      unplaceable.set(r.unplaceable)
    },
    build(outcome, seconds) {
      builds.observe({ outcome }, seconds)
    },
  }
}

type TimedOp = 'get' | 'put' | 'delete' | 'list' | 'txn'

/** The same store, timing every operation into shoal_store_operation_seconds{op,outcome}. */
export function instrumentStore<S extends Store>(store: S, registry: Registry): Store {
  const seconds = new Histogram({
    name: 'shoal_store_operation_seconds',
    help: 'Store operation latency by operation and outcome (ok, error)',
    labelNames: ['op', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  })
  const timed =
    <A extends unknown[], R>(op: TimedOp, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const end = seconds.startTimer({ op })
      try {
        const r = await fn(...args)
        end({ outcome: 'ok' })
        return r
      } catch (err) {
        end({ outcome: 'error' })
        throw err
      }
    }
  return {
    get: timed('get', store.get.bind(store)),
    put: timed('put', store.put.bind(store)),
    delete: timed('delete', store.delete.bind(store)),
    list: timed('list', store.list.bind(store)),
    txn: timed('txn', store.txn.bind(store)),
    watch: store.watch.bind(store),
    close: store.close.bind(store),
  }
}
