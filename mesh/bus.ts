import { type GossipSub, type Message, TopicValidatorResult } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'
import { Counter, type Registry } from 'prom-client'
import type { Logger } from '../lib/logger.ts'
import type { Codec } from '../proto/codec.ts'
import type { FloodGuard } from './flood-guard.ts'

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
      help: 'Gossip messages dropped: undecodable, unsigned, flood (a banned or flooding signer), rejected by the handler or a handler error',
      labelNames: ['topic', 'reason'],
      registers: [registry],
    }),
  }
}

/**
 * Typed pub/sub over gossipsub: one protobuf type per topic. Malformed messages are counted and dropped before
 * gossipsub relays them (a topic validator rejects them, which also lowers the sender's gossipsub score); with a
 * FloodGuard, a peer that relays many of them or signs messages at flood rate is cut off. A handler that throws is
 * logged and counted, never crashes the node.
 */
export class Bus {
  readonly #pubsub: GossipSub
  readonly #log: Logger
  readonly #metrics: BusMetrics | undefined
  readonly #topics = new Map<string, Subscription>()
  readonly #guard: FloodGuard | undefined
  /** What the validator decoded, for delivery (gossipsub hands the same Message object to both). */
  readonly #decoded = new WeakMap<Message, unknown>()
  readonly #onMessage = (evt: CustomEvent<Message>): void => {
    void this.#deliver(evt.detail)
  }
  readonly #validate = (source: PeerId, msg: Message): TopicValidatorResult => {
    const sub = this.#topics.get(msg.topic)
    if (sub === undefined) return TopicValidatorResult.Ignore
    if (msg.type !== 'signed') {
      this.#drop(msg.topic, 'unsigned')
      this.#guard?.invalid(source.toString())
      return TopicValidatorResult.Reject
    }
    try {
      this.#decoded.set(msg, sub.codec.decode(msg.data))
    } catch (err) {
      this.#drop(msg.topic, 'decode')
      this.#guard?.invalid(source.toString())
      this.#log.debug({ topic: msg.topic, from: msg.from.toString(), err: String(err) }, 'dropped undecodable message')
      return TopicValidatorResult.Reject
    }
    if (this.#guard !== undefined && !this.#guard.signed(msg.from.toString())) {
      this.#drop(msg.topic, 'flood')
      return TopicValidatorResult.Reject
    }
    return TopicValidatorResult.Accept
  }

  constructor(pubsub: GossipSub, options: { logger: Logger; metrics?: BusMetrics; guard?: FloodGuard }) {
    this.#pubsub = pubsub
    this.#log = options.logger
    this.#metrics = options.metrics
    this.#guard = options.guard
    this.#pubsub.addEventListener('message', this.#onMessage)
  }

  subscribe<T>(topic: string, codec: Codec<T>, handler: BusHandler<T>): () => void {
    let sub = this.#topics.get(topic)
    if (sub === undefined) {
      sub = { codec: codec as Codec<unknown>, handlers: new Set() }
      this.#topics.set(topic, sub)
      this.#pubsub.topicValidators.set(topic, this.#validate)
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
        this.#pubsub.topicValidators.delete(topic)
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
    for (const topic of this.#topics.keys()) {
      this.#pubsub.topicValidators.delete(topic)
      this.#pubsub.unsubscribe(topic)
    }
    this.#topics.clear()
  }

  async #deliver(msg: Message): Promise<void> {
    const topic = msg.topic
    const sub = this.#topics.get(topic)
    if (sub === undefined) return
    if (msg.type !== 'signed') return // the validator counted it
    let decoded: unknown
    if (this.#decoded.has(msg)) decoded = this.#decoded.get(msg)
    else {
      // Subscribed after the validator ran: decode here.
      try {
        decoded = sub.codec.decode(msg.data)
      } catch {
        this.#drop(topic, 'decode')
        return
      }
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
