// What the store keeps for autoscaling, so a new leader continues where the old one stopped:
//   autoscale/<app>/<type>    settings, enabled flag, decision state, the last decisions
//   concurrency/<app>/<type>  requests one dyno takes at once (ps:concurrency), published as AppEntry.concurrency
// Both prefixes are owned by the app (destroyed with it).

import type { AutoscaleSettings } from './autoscale-settings.ts'
import type { DecisionKind, DecisionState } from './decide.ts'

export const AUTOSCALE_PREFIX = 'autoscale/'
export const CONCURRENCY_PREFIX = 'concurrency/'
/** Decisions kept per type for `ps:autoscale`. */
export const KEPT_DECISIONS = 20

export interface DecisionEntry {
  at: string
  kind: DecisionKind
  from: number
  to: number
  reason: string
}

export interface AutoscaleRecord {
  app: string
  type: string
  enabled: boolean
  /** Why it was disabled: "ps:autoscale:disable", "scaled by hand from 2 to 7" (Heroku: a manual scale disables). */
  disabledReason?: string | undefined
  settings: AutoscaleSettings
  /** null until the first decision after enabling. */
  state: DecisionState | null
  decisions: DecisionEntry[]
  updatedAt: string
}

export interface ConcurrencyRecord {
  type: string
  concurrency: number
  updatedAt: string
}

export function autoscaleKey(app: string, type: string): string {
  return `${AUTOSCALE_PREFIX}${app}/${type}`
}

export function concurrencyKey(app: string, type: string): string {
  return `${CONCURRENCY_PREFIX}${app}/${type}`
}

/** [app, type] of a key under one of the prefixes above. */
export function splitKey(prefix: string, key: string): [string, string] | undefined {
  const rest = key.slice(prefix.length).split('/')
  return rest.length === 2 && rest[0] !== '' && rest[1] !== '' ? [rest[0] as string, rest[1] as string] : undefined
}

/** Sleeping: autoscaled with min 0 and put to zero by the autoscaler (routers hold requests and wake it). */
export function isSleeping(r: AutoscaleRecord): boolean {
  return r.enabled && r.settings.min === 0 && r.state !== null && r.state.quantity === 0
}
