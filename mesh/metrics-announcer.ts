import { hostname } from 'node:os'
import type { Clock, Timer } from '../lib/clock.ts'
import type { Logger } from '../lib/logger.ts'
import { MetricsEndpointCodec } from '../proto/codec.ts'
import { METRICS_ANNOUNCE_INTERVAL_MS, TOPIC_METRICS } from '../proto/topics.ts'
import type { Bus } from './bus.ts'

export interface MetricsAnnouncerOptions {
  bus: Bus
  clock: Clock
  log: Logger
  peerId: string
  daemon: 'controller' | 'agent' | 'router'
  version: string
  /** The /metrics URL others can reach (the host's cluster address, never 0.0.0.0). */
  url: string
}

/** Publishes where this daemon's metrics listen, now and every 10 s, for the controller's Prometheus discovery. */
export function announceMetrics(o: MetricsAnnouncerOptions): Timer {
  const publish = (): void => {
    o.bus
      .publish(TOPIC_METRICS, MetricsEndpointCodec, {
        peerId: o.peerId,
        daemon: o.daemon,
        hostname: hostname(),
        version: o.version,
        url: o.url,
        sentAtMs: o.clock.now(),
      })
      .catch((err: unknown) => o.log.debug({ err: String(err) }, 'metrics endpoint announcement failed'))
  }
  publish()
  return o.clock.setInterval(publish, METRICS_ANNOUNCE_INTERVAL_MS)
}
