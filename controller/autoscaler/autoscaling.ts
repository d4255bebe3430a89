// The controller's autoscaling part in one place, so the composition root adds it with a few lines: router reports
// into windows, the leader's Autoscaler, the settings service and its routes, the wake protocol, and the idle rows
// of sleeping types for `shoal ps`.

import type { Registry } from 'prom-client'
import type { Clock } from '../../lib/clock.ts'
import { type Startable, startable } from '../../lib/lifecycle.ts'
import type { Logger } from '../../lib/logger.ts'
import type { Bus } from '../../mesh/bus.ts'
import type { MeshLibp2p } from '../../mesh/mesh-node.ts'
import type { RpcMetrics } from '../../mesh/rpc.ts'
import type { DynoView } from '../../proto/api.ts'
import { RouterReportCodec } from '../../proto/codec.ts'
import { ShoalError } from '../../proto/errors.ts'
import { TOPIC_ROUTER_REPORT } from '../../proto/topics.ts'
import type { FormationService } from '../formation/formation-service.ts'
import type { Store } from '../store/store.ts'
import { AutoscaleService } from './autoscale-service.ts'
import { Autoscaler } from './autoscaler.ts'
import { MetricWindows } from './metric-windows.ts'
import { serveWake } from './wake-service.ts'

export interface AutoscalingDeps {
  store: Store
  bus: Bus
  node: MeshLibp2p
  formations: FormationService
  /** The store and formation service as leader-only writers see them: fenced by the leader's term (HA on etcd). */
  leaderStore?: Store | undefined
  leaderFormations?: FormationService | undefined
  isAdmitted: (peer: string) => boolean
  /** The app's dynos as `shoal ps` lists them (the orchestrator's view). */
  dynos: (app: string) => Promise<DynoView[]>
  /** Asks the scheduler for a round now. */
  schedule: () => void
  appLog: (app: string, message: string) => void
  clock: Clock
  logger: Logger
  registry: Registry
  rpcMetrics?: RpcMetrics | undefined
}

export interface Autoscaling {
  autoscaler: Autoscaler
  service: AutoscaleService
  /** `dynos` plus one idle row per sleeping type. */
  dynos(app: string): Promise<DynoView[]>
  /** Router reports into the windows and the wake protocol; on every controller (a follower refuses wakes). */
  mesh: Startable & { name: string }
}

/** Builds the parts; the root registers the routes on `service`, adds `mesh` to its lifecycle and `autoscaler` to the leader's. */
export function createAutoscaling(d: AutoscalingDeps): Autoscaling {
  const windows = new MetricWindows()
  const types = async (app: string): Promise<string[]> => (await d.formations.list(app)).map((f) => f.type)
  const leaderFormations = d.leaderFormations ?? d.formations
  const autoscaler = new Autoscaler({
    store: d.leaderStore ?? d.store,
    windows,
    clock: d.clock,
    logger: d.logger,
    registry: d.registry,
    appLog: d.appLog,
    quantity: async (app, type) => {
      const list = await d.formations.list(app).catch(() => [])
      return list.find((f) => f.type === type)?.quantity
    },
    unplaceable: async (app, type) =>
      (await d.dynos(app)).filter((x) => x.type === type && x.state === 'unplaceable').length,
    // The formation service ps:scale uses, on the fenced leader store: one transaction with the decision state.
    scale: async (app, type, quantity, also) => {
      await leaderFormations.scale(app, [{ type, quantity }], { user: 'autoscaler', also })
      d.schedule()
    },
  })
  const service = new AutoscaleService({
    store: d.store,
    clock: d.clock,
    types,
    autoscaler: () => autoscaler,
    appLog: d.appLog,
  })
  let unsubscribe: (() => void) | undefined
  const mesh = startable(
    'autoscaling-mesh',
    async () => {
      unsubscribe = d.bus.subscribe(TOPIC_ROUTER_REPORT, RouterReportCodec, ({ message, from }) => {
        if (!d.isAdmitted(from)) return false
        windows.ingest(message, from, d.clock.now())
        return true
      })
      await serveWake({
        node: d.node,
        isAdmitted: d.isAdmitted,
        wake: async (app, type) => {
          if (!autoscaler.running)
            throw new ShoalError('NOT_LEADER', `Cannot wake ${type} of app "${app}": this controller is not the leader`)
          await autoscaler.wake(app, type)
        },
        logger: d.logger,
        metrics: d.rpcMetrics,
      })
    },
    () => unsubscribe?.(),
  )
  return {
    autoscaler,
    service,
    mesh,
    async dynos(app) {
      const dynos = await d.dynos(app)
      const sleeping = await service.sleeping(app)
      if (sleeping.length === 0) return dynos
      const formation = await d.formations.list(app)
      for (const { type, since } of sleeping) {
        // One idle dyno, as Heroku lists a sleeping eco dyno.
        const f = formation.find((x) => x.type === type)
        dynos.push({
          id: '',
          name: `${type}.1`,
          type,
          size: f?.size ?? 'standard-1x',
          state: 'idle',
          since: since > 0 ? new Date(since).toISOString() : null,
          command: f?.command ?? '',
          release: 0,
          host: null,
        })
      }
      return dynos
    },
  }
}
