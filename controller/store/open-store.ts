// The controller's store from its config: the embedded level store in DATA/store (one controller), or etcd when
// cluster.json (or --store) names an etcd:// URL (an HA cluster).

import { join } from 'node:path'
import type { Registry } from 'prom-client'
import type { Logger } from '../../lib/logger.ts'
import { isEtcdUrl, parseEtcdUrl, redact } from './etcd-connection.ts'
import { etcdStoreMetrics } from './etcd-metrics.ts'
import { EtcdStore } from './etcd-store.ts'
import { LevelStore } from './level-store.ts'

export type OpenedStore = { kind: 'level'; store: LevelStore } | { kind: 'etcd'; store: EtcdStore; url: string }

export async function openStore(
  dataDir: string,
  spec: string | undefined,
  options: { logger: Logger; registry?: Registry | undefined },
): Promise<OpenedStore> {
  if (spec !== undefined && isEtcdUrl(spec)) {
    const store = await EtcdStore.open(parseEtcdUrl(spec), {
      logger: options.logger,
      metrics: options.registry === undefined ? undefined : etcdStoreMetrics(options.registry),
    })
    options.logger.info({ store: redact(spec) }, 'desired state in etcd')
    return { kind: 'etcd', store, url: redact(spec) }
  }
  return { kind: 'level', store: await LevelStore.open(spec ?? join(dataDir, 'store')) }
}
