import { Registry } from 'prom-client'
import { silentLogger } from '../../lib/logger.ts'
import { Bus, busMetrics } from '../../mesh/bus.ts'
import type { FloodGuard } from '../../mesh/flood-guard.ts'
import { loadIdentity, newIdentity } from '../../mesh/identity.ts'
import { MeshNode } from '../../mesh/mesh-node.ts'
import { waitFor } from './wait-for.ts'

export interface TestPeer {
  node: MeshNode
  bus: Bus
  registry: Registry
  stop(): Promise<void>
}

export async function testPeer(
  swarmKey: Uint8Array,
  options: { guard?: (node: MeshNode) => FloodGuard } = {},
): Promise<TestPeer> {
  const registry = new Registry()
  const node = await MeshNode.create({
    privateKey: loadIdentity(await newIdentity()),
    swarmKey,
    listen: ['/ip4/127.0.0.1/tcp/0'],
    logger: silentLogger,
    registry,
    redialMs: 200,
  })
  await node.start()
  const bus = new Bus(node.libp2p.services.pubsub, {
    logger: silentLogger,
    metrics: busMetrics(registry),
    ...(options.guard === undefined ? {} : { guard: options.guard(node) }),
  })
  return {
    node,
    bus,
    registry,
    stop: async () => {
      bus.close()
      await node.stop()
    },
  }
}

/** Polls until check() is truthy (test/helpers/wait-for.ts, in the argument order older tests use). */
export function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<Exclude<T, undefined | null | false>> {
  return waitFor(what, check, { timeoutMs })
}

export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get()
  let total = 0
  for (const v of m?.values ?? []) {
    if (Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want)) total += v.value
  }
  return total
}
