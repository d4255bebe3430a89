import type { Clock, Timer } from '../../lib/clock.ts'
import { type Startable, startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import type { Bus } from '../../mesh/bus.ts'
import { AppDirectoryCodec } from '../../proto/codec.ts'
import { TOPIC_APPS } from '../../proto/topics.ts'
import type { AppService } from '../apps/app-service.ts'
import type { DirectoryTrust } from './directory-trust.ts'

export interface AppDirectoryDeps {
  bus: Bus
  apps: AppService
  domain: string
  epoch: () => number
  crashedApps: () => Set<string>
  clock: Clock
  logger: Logger
  /** Custom domains per app (domains:add). */
  domains?: (app: string) => string[]
  /** maintenance:on (the routers answer H80). */
  maintenance?: (app: string) => boolean
  /** labs features enabled per app (labs:enable): agents act on log-runtime-metrics. */
  features?: (app: string) => string[]
  /** Version of the leader's TlsState; a router whose copy differs fetches it over PROTOCOL_TLS. */
  tlsVersion?: () => number
  /** Per app: concurrency limits and sleeping process types (the autoscaler's). */
  extras?: () => Promise<Map<string, { concurrency: Record<string, number>; sleeping: Record<string, number> }>>
  /** The admitted hosts and web dyno assignments (directory-trust.ts): routers trust only what this lists. */
  trust?: () => Promise<DirectoryTrust>
}

/** Publishes which apps exist (and which are crashed) for the routers: at start, every 3 s while started
 * (leader-only), and at once through publishNow() after a plan or a change of domains, maintenance or TLS state. */
export function appDirectoryPublisher(deps: AppDirectoryDeps): Startable & { name: string; publishNow(): void } {
  let timer: Timer | undefined
  let again: Timer | undefined
  const publish = async (): Promise<void> => {
    // Stamped before the store is read: a router that took this directory knows every dyno persisted before it.
    const sentAtMs = deps.clock.now()
    const crashed = deps.crashedApps()
    const extras = (await deps.extras?.()) ?? new Map()
    const trust = await deps.trust?.()
    const apps = (await deps.apps.listApps()).map((a) => ({
      name: a.name,
      domains: deps.domains?.(a.name) ?? [],
      crashed: crashed.has(a.name),
      maintenance: deps.maintenance?.(a.name) ?? false,
      features: deps.features?.(a.name) ?? [],
      concurrency: extras.get(a.name)?.concurrency ?? {},
      sleeping: extras.get(a.name)?.sleeping ?? {},
      webDynos: trust?.webDynos.get(a.name) ?? {},
    }))
    await deps.bus.publish(TOPIC_APPS, AppDirectoryCodec, {
      apps,
      ...(trust === undefined
        ? {}
        : { admitted: trust.admitted, revoked: trust.revoked, stackHashes: trust.stackHashes, trust: true }),
      domain: deps.domain,
      epoch: deps.epoch(),
      sentAtMs,
      tlsVersion: deps.tlsVersion?.() ?? 0,
    })
  }
  const run = (): void => {
    if (timer === undefined) return // not the leader (or stopped)
    publish().catch((err: unknown) => deps.logger.debug({ err: String(err) }, 'app directory publish failed'))
  }
  return {
    ...startable(
      'app-directory',
      () => {
        timer = deps.clock.setInterval(run, 3000)
        // A new leader speaks at once: the routers' copy may lack the web dynos its predecessor assigned last. Its
        // mesh may have no peer yet (gossip then drops the message), so once more a second later, before its
        // first plan can remove the dynos those replace.
        run()
        again = deps.clock.setTimeout(run, 1000)
      },
      () => {
        again?.cancel()
        timer?.cancel()
        timer = undefined
      },
    ),
    publishNow: run,
  }
}
