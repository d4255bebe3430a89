import type { Clock, Timer } from '../../lib/clock.ts'
import { type Startable, startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import type { Bus } from '../../mesh/bus.ts'
import { AppDirectoryCodec } from '../../proto/codec.ts'
import { TOPIC_APPS } from '../../proto/topics.ts'
import type { AppService } from '../apps/app-service.ts'

export interface AppDirectoryDeps {
  bus: Bus
  apps: AppService
  domain: string
  epoch: () => number
  crashedApps: () => Set<string>
  clock: Clock
  logger: Logger
  /** Custom domains per app (domains:add), when that exists. */
  domains?: (app: string) => string[]
}

/** Publishes which apps exist (and which are crashed) for the routers, every 3 s while started (leader-only). */
export function appDirectoryPublisher(deps: AppDirectoryDeps): Startable & { name: string } {
  let timer: Timer | undefined
  const publish = async (): Promise<void> => {
    const crashed = deps.crashedApps()
    const apps = (await deps.apps.listApps()).map((a) => ({
      name: a.name,
      domains: deps.domains?.(a.name) ?? [],
      crashed: crashed.has(a.name),
      maintenance: false,
    }))
    await deps.bus.publish(TOPIC_APPS, AppDirectoryCodec, {
      apps,
      domain: deps.domain,
      epoch: deps.epoch(),
      sentAtMs: deps.clock.now(),
    })
  }
  return startable(
    'app-directory',
    () => {
      timer = deps.clock.setInterval(() => {
        publish().catch((err: unknown) => deps.logger.debug({ err: String(err) }, 'app directory publish failed'))
      }, 3000)
    },
    () => timer?.cancel(),
  )
}
