import type { GossipSub, Message } from '@libp2p/gossipsub'
import { Counter, type Registry } from 'prom-client'
import type { Logger } from '../lib/logger.ts'
import type { Codec } from '../proto/codec.ts'

export interface BusMessage<T> {
  message: T
  /** The signer's peer id (gossipsub StrictSign): who published it, whoever relayed it. */
  from: string
}

/** A handler rejects a message it will not act on by returning false (counted as dropped, reason "rejected"). */
export type BusHandler<T> = (event: BusMessage<T>) => boolean | undefined | Promise<boolean | undefined>

interface Subscription {
  codec: Codec<unknown>
  handlers: Set<BusHandler<unknown>>
}

export interface BusMetrics {
  received: Counter<'topic'>
  sent: Counter<'topic'>
  dropped: Counter<'topic' | 'reason'>
}

export function busMetrics(registry: Registry): BusMetrics {
  return {
    received: new Counter({
      name: 'shoal_gossip_messages_received_total',
      help: 'Gossip messages received and decoded',
      labelNames: ['topic'],
      registers: [registry],
    }),
    sent: new Counter({
      name: 'shoal_gossip_messages_sent_total',
      help: 'Gossip messages published',
      labelNames: ['topic'],
      registers: [registry],
    }),
    dropped: new Counter({
      name: 'shoal_gossip_messages_dropped_total',
      help: 'Gossip messages dropped: unknown topic, undecodable, unsigned, rejected by the handler or a handler error',
      labelNames: ['topic', 'reason'],
      registers: [registry],
    }),
  }
}

/**
 * Typed pub/sub over gossipsub: one protobuf type per topic. Malformed messages are counted and dropped; a handler
 * that throws is logged and counted, never crashes the node.
 */
export class Bus {
  readonly #pubsub: GossipSub
  readonly #log: Logger
  readonly #metrics: BusMetrics | undefined
  readonly #topics = new Map<string, Subscription>()
  readonly #onMessage = (evt: CustomEvent<Message>): void => {
    void this.#deliver(evt.detail)
  }

  constructor(pubsub: GossipSub, options: { logger: Logger; metrics?: BusMetrics }) {
    this.#pubsub = pubsub
    this.#log = options.logger
    this.#metrics = options.metrics
    this.#pubsub.addEventListener('message', this.#onMessage)
  }

  subscribe<T>(topic: string, codec: Codec<T>, handler: BusHandler<T>): () => void {
    let sub = this.#topics.get(topic)
    if (sub === undefined) {
      sub = { codec: codec as Codec<unknown>, handlers: new Set() }
      this.#topics.set(topic, sub)
      this.#pubsub.subscribe(topic)
    } else if (sub.codec !== (codec as Codec<unknown>)) {
      throw new Error(`Cannot subscribe to ${topic}: it already carries ${sub.codec.name}, not ${codec.name}`)
    }
    const h = handler as BusHandler<unknown>
    sub.handlers.add(h)
    return () => {
      const s = this.#topics.get(topic)
      if (s === undefined) return
      s.handlers.delete(h)
      if (s.handlers.size === 0) {
        this.#topics.delete(topic)
        this.#pubsub.unsubscribe(topic)
      }
    }
  }

  async publish<T>(topic: string, codec: Codec<T>, message: T): Promise<void> {
    await this.#pubsub.publish(topic, codec.encode(message))
    this.#metrics?.sent.inc({ topic })
  }

  /** Publishes raw bytes; only for tests that prove garbage is dropped by receivers. */
  async publishRaw(topic: string, bytes: Uint8Array): Promise<void> {
    await this.#pubsub.publish(topic, bytes)
  }

  close(): void {
    this.#pubsub.removeEventListener('message', this.#onMessage)
    for (const topic of this.#topics.keys()) this.#pubsub.unsubscribe(topic)
    this.#topics.clear()
  }

  async #deliver(msg: Message): Promise<void> {
    const topic = msg.topic
    const sub = this.#topics.get(topic)
    if (sub === undefined) return
    if (msg.type !== 'signed') {
      this.#drop(topic, 'unsigned')
      return
    }
    let decoded: unknown
    try {
      decoded = sub.codec.decode(msg.data)
    } catch (err) {
      this.#drop(topic, 'decode')
      this.#log.debug({ topic, from: msg.from.toString(), err: String(err) }, 'dropped undecodable gossip message')
      return
    }
    this.#metrics?.received.inc({ topic })
    const event = { message: decoded, from: msg.from.toString() }
    for (const handler of sub.handlers) {
      try {
        if ((await handler(event)) === false) this.#drop(topic, 'rejected')
      } catch (err) {
        this.#drop(topic, 'handler')
        this.#log.warn({ topic, err }, 'gossip handler failed')
      }
    }
  }

  #drop(topic: string, reason: string): void {
    this.#metrics?.dropped.inc({ topic, reason })
  }
}
