import type { Clock, Timer } from '../../lib/clock.ts'
import { type Startable, startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import type { Bus } from '../../mesh/bus.ts'
import { LeaderAnnouncementCodec } from '../../proto/codec.ts'
import { HOST_REPORT_INTERVAL_MS, TOPIC_LEADER } from '../../proto/topics.ts'

export interface LeaderAnnouncerDeps {
  bus: Bus
  clock: Clock
  logger: Logger
  announcement: () => { peerId: string; epoch: number; addresses: string[] }
}

/** Leader-only: tells agents and routers, every report interval, which controller leads and under which epoch. */
export function leaderAnnouncer(deps: LeaderAnnouncerDeps): Startable & { name: string } {
  let timer: Timer | undefined
  const announce = (): void => {
    deps.bus
      .publish(TOPIC_LEADER, LeaderAnnouncementCodec, { ...deps.announcement(), sentAtMs: deps.clock.now() })
      .catch((err: unknown) => deps.logger.debug({ err: String(err) }, 'leader announcement failed'))
  }
  return startable(
    'leader-announcer',
    () => {
      timer = deps.clock.setInterval(announce, HOST_REPORT_INTERVAL_MS)
    },
    () => timer?.cancel(),
  )
}
