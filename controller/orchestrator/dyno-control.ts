// What operators see and do with running dynos, outside the round: the `ps` view (assignments with their reported
// statuses, the dynos that fit nowhere, one-offs), restart and stop, and which apps have all their web dynos crashed
// (routers answer H10 for them). The round itself stays in orchestrator.ts.

import type { DynoView } from '../../proto/api.ts'
import type { HostRegistry } from '../host-registry.ts'
import type { Assignment, ProcessFormation } from '../scheduler/snapshot.ts'
import { listJson, type Store } from '../store/store.ts'
import { type DynoPhase, phaseOf } from './dyno-statuses.ts'
import type { OneOffs } from './one-offs.ts'
import { ASSIGNMENTS_PREFIX, type Orchestrator } from './orchestrator.ts'

export interface DynoControlDeps {
  store: Store
  hosts: Pick<HostRegistry, 'views'>
  orchestrator: Pick<Orchestrator, 'statuses' | 'unplaceable' | 'assignments' | 'removeAssignments'>
  formations: () => Promise<ProcessFormation[]>
  oneOffs: OneOffs
}

export class DynoControl {
  readonly #d: DynoControlDeps

  constructor(deps: DynoControlDeps) {
    this.#d = deps
  }

  /** What `shoal ps` shows: every assignment with its reported status, the unplaceable dynos, the one-offs. */
  async list(app: string): Promise<DynoView[]> {
    const statuses = this.#d.orchestrator.statuses
    const entries = await listJson<Assignment>(this.#d.store, `${ASSIGNMENTS_PREFIX}${app}/`)
    const hostnames = new Map(this.#d.hosts.views().map((h) => [h.id, h.hostname]))
    const formations = new Map((await this.#d.formations()).filter((f) => f.app === app).map((f) => [f.processType, f]))
    const views: DynoView[] = entries.map(({ value: a }) => {
      const s = statuses.get(a.dynoId)
      const phase: DynoPhase = s === undefined ? 'pending' : phaseOf(s)
      return {
        id: a.dynoId,
        name: `${a.processType}.${a.index}`,
        type: a.processType,
        size: a.size,
        state: phase,
        since: s?.sinceMs ? new Date(Number(s.sinceMs)).toISOString() : null,
        command: formations.get(a.processType)?.command ?? '',
        release: a.release,
        host: hostnames.get(a.hostId) ?? a.hostId,
        hostId: a.hostId,
        ...(s?.message ? { reason: s.message } : {}),
      }
    })
    for (const u of this.#d.orchestrator.unplaceable(app)) {
      const f = formations.get(u.processType)
      views.push({
        id: '',
        name: `${u.processType}.${u.index}`,
        type: u.processType,
        size: f?.size ?? 'standard-1x',
        state: 'unplaceable',
        since: null,
        command: f?.command ?? '',
        release: f?.release ?? 0,
        host: null,
        reason: u.reason,
      })
    }
    views.push(...(await this.#d.oneOffs.views(app, (id) => statuses.get(id), hostnames)))
    return views.sort(
      (a, b) => a.type.localeCompare(b.type) || Number(a.name.split('.')[1]) - Number(b.name.split('.')[1]),
    )
  }

  /**
   * Restarts 'web' (a type), 'web.1' (a dyno) or, with no target, every dyno: formation dynos are replaced (the next
   * plan places fresh ones, new ids, new containers); a one-off is never restarted, so run.N (or `run`) stops it.
   */
  async restart(app: string, target?: string): Promise<number> {
    const oneOffs = target === undefined ? 0 : await this.#d.oneOffs.stop(app, target)
    const formation = await this.#d.orchestrator.removeAssignments(app, (a) =>
      target === undefined
        ? true
        : target.includes('.')
          ? `${a.processType}.${a.index}` === target
          : a.processType === target,
    )
    return oneOffs + formation
  }

  /** Apps whose web dynos all crashed (routers answer H10 for them rather than H14). */
  crashedApps(): Set<string> {
    const statuses = this.#d.orchestrator.statuses
    const web = new Map<string, boolean>()
    for (const a of this.#d.orchestrator.assignments()) {
      if (a.processType !== 'web') continue
      const s = statuses.get(a.dynoId)
      const crashed = s !== undefined && phaseOf(s) === 'crashed'
      web.set(a.app, (web.get(a.app) ?? true) && crashed)
    }
    return new Set([...web].filter(([, c]) => c).map(([app]) => app))
  }
}
