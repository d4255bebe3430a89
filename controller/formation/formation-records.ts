// What the store keeps about formations: one record per app and process type, under `formation/<app>/<type>`, which
// AppService.destroyApp already deletes with the app. A type without a record runs no dynos at the default size.

import type { FormationView } from '../../proto/api.ts'
import type { DynoSizeName } from '../../proto/dyno-sizes.ts'
import { formationPrefix } from '../apps/app-records.ts'

export interface FormationRecord {
  type: string
  quantity: number
  /** Lowercase canonical size name ('standard-1x'). */
  size: DynoSizeName
  updatedAt: string
}

/** Heroku's size for a process type nobody has resized. */
export const DEFAULT_SIZE: DynoSizeName = 'standard-1x'

/** Heroku's default limit: at most 100 dynos per app, counted over all its process types. */
export const MAX_DYNOS_PER_APP = 100

/** The Procfile's release-phase command: it runs once per deploy in a one-off dyno, never as a formation. */
export const RELEASE_TYPE = 'release'

export function formationKey(app: string, type: string): string {
  return `${formationPrefix(app)}${type}`
}

/** The process types of a slug that can have dynos, in Procfile order. */
export function scalableTypes(processTypes: Record<string, string>): string[] {
  return Object.keys(processTypes).filter((t) => t !== RELEASE_TYPE)
}

export function toFormationView(
  type: string,
  command: string,
  record: Pick<FormationRecord, 'quantity' | 'size'> | undefined,
): FormationView {
  return { type, quantity: record?.quantity ?? 0, size: record?.size ?? DEFAULT_SIZE, command }
}
