import { hostname } from 'node:os'
import type { Registry } from 'prom-client'
import type { Clock, Timer } from '../lib/clock.ts'
import type { Startable } from '../lib/lifecycle.ts'
import type { Logger } from '../lib/logger.ts'
import { type MetricsServer, serveMetrics } from '../lib/metrics.ts'
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

export interface MetricsEndpointOptions extends Omit<MetricsAnnouncerOptions, 'url'> {
  registry: Registry
  /** HOST:PORT to serve /metrics on (lib/metrics.ts metricsListen). */
  listen: string
}

/** A daemon's /metrics: served on its listen address and announced on the mesh while started. */
export class MetricsEndpoint implements Startable {
  readonly name = 'metrics'
  readonly #options: MetricsEndpointOptions
  #server: MetricsServer | undefined
  #announced: Timer | undefined

  constructor(options: MetricsEndpointOptions) {
    this.#options = options
  }

  /** The served URL; empty until started. */
  get url(): string {
    return this.#server?.url ?? ''
  }

  async start(): Promise<void> {
    const { registry, listen, ...announce } = this.#options
    this.#server = await serveMetrics(registry, listen)
    this.#announced = announceMetrics({ ...announce, url: this.#server.url })
  }

  async stop(): Promise<void> {
    this.#announced?.cancel()
    await this.#server?.close()
  }
}
