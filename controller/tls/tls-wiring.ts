// Composition of the controller's HTTPS features: custom domains and maintenance, certificates sealed at rest, the
// TLS state served to routers over PROTOCOL_TLS and, on the leader, automatic certificates over ACME.

import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../../lib/clock.ts'
import { type Startable, startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import type { Keyring } from '../../lib/secret-box.ts'
import type { MeshNode } from '../../mesh/mesh-node.ts'
import type { RpcMetrics } from '../../mesh/rpc.ts'
import { ShoalError } from '../../proto/errors.ts'
import { registerCertsRoutes } from '../api/certs-routes.ts'
import { registerDomainsRoutes } from '../api/domains-routes.ts'
import type { AppService } from '../apps/app-service.ts'
import { DomainService } from '../domains/domain-service.ts'
import type { HostRegistry } from '../host-registry.ts'
import type { Store } from '../store/store.ts'
import { acmeClientIssuer, LETS_ENCRYPT_DIRECTORY } from './acme-issuer.ts'
import { ACME_STATUS_PREFIX, AcmeManager, type AcmePolicy } from './acme-manager.ts'
import { CertStore } from './cert-store.ts'
import { TlsStateService } from './tls-state-service.ts'

export interface TlsWiringDeps {
  store: Store
  apps: AppService
  node: MeshNode
  hosts: HostRegistry
  clock: Clock
  logger: Logger
  rpc: RpcMetrics
  clusterDomain: string
  keyring: Keyring
  epoch: () => number
  onEvent: (app: string, message: string) => void
  acmeDirectory?: string | undefined
  acmeCaFile?: string | undefined
  acmePolicy?: Partial<AcmePolicy> | undefined
}

export interface TlsParts {
  domains: DomainService
  tls: TlsStateService
  certs: CertStore
  /** Loads domains and certificates, keeps them current, serves PROTOCOL_TLS (every controller). */
  services: Startable & { name: string }
  /** Orders and renews certificates (leader-only); undefined when ACME is off. */
  acme: (Startable & { name: string }) | undefined
  registerRoutes(api: FastifyInstance): void
  onChange(listener: () => void): void
  forget(app: string): Promise<void>
}

export function createTls(deps: TlsWiringDeps): TlsParts {
  const { store, clock, logger } = deps
  const domains = new DomainService({
    store,
    apps: deps.apps,
    clusterDomain: deps.clusterDomain,
    clock,
    logger,
    onEvent: deps.onEvent,
  })
  const certs = new CertStore(store, deps.keyring, clock)
  const routers = (): Set<string> =>
    new Set(
      deps.hosts
        .records()
        .filter((r) => r.role === 'router')
        .map((r) => r.id),
    )
  const tls = new TlsStateService({
    store,
    certs,
    clock,
    logger,
    epoch: deps.epoch,
    isRouter: (peer) => routers().has(peer),
    connectedRouters: () => {
      const connected = new Set(deps.node.libp2p.getConnections().map((c) => c.remotePeer.toString()))
      return [...routers()].filter((id) => connected.has(id))
    },
  })
  const directory = deps.acmeDirectory ?? LETS_ENCRYPT_DIRECTORY
  let manager: AcmeManager | undefined
  if (directory !== 'off') {
    let caPem: string | undefined
    if (deps.acmeCaFile !== undefined) {
      try {
        caPem = readFileSync(deps.acmeCaFile, 'utf8')
      } catch (err) {
        throw new ShoalError('INVALID_INPUT', `Cannot start controller: --acme-ca ${deps.acmeCaFile}: ${err}`)
      }
    }
    manager = new AcmeManager({
      store,
      domains,
      certs,
      tls,
      clock,
      logger,
      onEvent: deps.onEvent,
      policy: deps.acmePolicy,
      issuer: acmeClientIssuer({ directoryUrl: directory, caPem, store, keyring: deps.keyring, logger }),
    })
  }
  const acme = manager
  return {
    domains,
    tls,
    certs,
    services: startable('tls', async (signal) => {
      await domains.start(signal)
      await tls.start(signal)
      await tls.serve(deps.node.libp2p, deps.rpc)
      logger.info({ acme: directory }, 'TLS state served')
    }),
    acme:
      acme === undefined
        ? undefined
        : startable(
            'acme',
            () => acme.start(),
            () => acme.stop(),
          ),
    registerRoutes(api) {
      registerDomainsRoutes(api, { store, domains, certs, tls, clock })
      registerCertsRoutes(api, {
        store,
        domains,
        certs,
        tls,
        clock,
        acmeConfigured: acme !== undefined,
        acmeChanged: () => acme?.schedule(),
        onEvent: deps.onEvent,
      })
    },
    onChange(listener) {
      domains.onChange(listener)
      tls.onChange(listener)
    },
    async forget(app) {
      await domains.forget(app)
      await certs.forget(app)
      for (const e of await store.list(`${ACME_STATUS_PREFIX}${app}/`)) await store.delete(e.key)
    },
  }
}
