// What the store keeps about apps and releases, the keys it keeps them under, and their API views. Release records
// are immutable except for `status`, which leaves 'pending' once; the app record carries the release counter and the
// current/pending pointers, so one compare-and-swap on it orders every change to an app's releases.

import { isProcessType } from '../../lib/process-type.ts'
import type { AppView, ReleaseStatus, ReleaseView, SlugView } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'

/** There is one admin API token for now; every change is made by this user. */
export const ADMIN_USER = 'admin'

/** Heroku's release-phase limit: a release pending longer than this is expired and stops blocking new releases. */
export const RELEASE_PHASE_TIMEOUT_MS = 60 * 60 * 1000

export type Slug = SlugView

export interface AppRecord {
  id: string
  name: string
  createdAt: string
  /** Custom buildpack URLs or paths in order; empty means detect automatically. */
  buildpacks: string[]
  /** The highest release version handed out; the next release is lastVersion + 1. */
  lastVersion: number
  /** The version whose slug and config are live. */
  current: number
  /** A release still in its release phase; at most one at a time. */
  pending?: number | undefined
  /** Set by the first step of a destroy: the app is gone for every reader while its keys are deleted. */
  destroying?: boolean | undefined
}

export interface ReleaseRecord {
  version: number
  description: string
  slug: Slug | null
  config: Record<string, string>
  status: ReleaseStatus
  createdAt: string
  createdBy: string
  /** For a rollback: the version whose slug and config it copied. */
  rollbackTo?: number | undefined
}

export const APPS_PREFIX = 'apps/'

export function appKey(name: string): string {
  return `${APPS_PREFIX}${name}`
}

export function releasesPrefix(app: string): string {
  return `releases/${app}/`
}

/** Zero-padded so that the store's key order is version order. */
export function releaseKey(app: string, version: number): string {
  return `${releasesPrefix(app)}${String(version).padStart(10, '0')}`
}

/** Reserved for formations (another component); destroyed with the app. */
export function formationPrefix(app: string): string {
  return `formation/${app}/`
}

/** Parses `3` or `v3` (as users and URLs write versions); throws INVALID_INPUT otherwise. */
export function parseVersion(input: unknown, action: string): number {
  const text = typeof input === 'number' ? String(input) : input
  const m = typeof text === 'string' ? /^v?([1-9][0-9]{0,9})$/.exec(text) : null
  if (m === null) {
    throw new ShoalError('INVALID_INPUT', `Cannot ${action}: ${JSON.stringify(input)} is not a release version like v3`)
  }
  return Number(m[1])
}

const SHA256 = /^[0-9a-f]{64}$/

/** Checks a slug handed in by the build pipeline, and copies only the fields a release keeps. */
export function checkSlug(slug: unknown, action: string): Slug {
  const bad = (why: string): ShoalError => new ShoalError('INVALID_INPUT', `Cannot ${action}: the slug ${why}`)
  if (slug === null || typeof slug !== 'object') throw bad('is missing')
  const s = slug as Record<string, unknown>
  if (typeof s['sha256'] !== 'string' || !SHA256.test(s['sha256'])) throw bad('sha256 is not 64 lowercase hex digits')
  if (!Number.isSafeInteger(s['size']) || (s['size'] as number) < 0) throw bad('size is not a byte count')
  const types = s['processTypes']
  if (types === null || typeof types !== 'object' || Array.isArray(types)) throw bad('processTypes is not an object')
  const processTypes: Record<string, string> = {}
  for (const [type, command] of Object.entries(types)) {
    if (!isProcessType(type)) throw bad(`process type "${type.slice(0, 40)}" is not a valid name`)
    if (typeof command !== 'string' || command.trim() === '') throw bad(`process type "${type}" has no command`)
    processTypes[type] = command
  }
  const out: Slug = { sha256: s['sha256'], size: s['size'] as number, processTypes }
  if (s['commit'] !== undefined) {
    if (typeof s['commit'] !== 'string' || !/^[0-9a-f]{4,64}$/.test(s['commit'])) throw bad('commit is not a hex id')
    out.commit = s['commit']
  }
  return out
}

export function toAppView(app: AppRecord, current: ReleaseRecord | undefined): AppView {
  return {
    id: app.id,
    name: app.name,
    createdAt: app.createdAt,
    buildpacks: [...app.buildpacks],
    currentRelease: app.current,
    releasedAt: current?.createdAt ?? app.createdAt,
    slugSize: current?.slug?.size ?? null,
  }
}

/** Never includes the config vars: a release list must not spill secrets. */
export function toReleaseView(app: AppRecord, release: ReleaseRecord): ReleaseView {
  const view: ReleaseView = {
    version: release.version,
    description: release.description,
    status: release.status,
    current: release.version === app.current,
    createdAt: release.createdAt,
    user: release.createdBy,
    slug: release.slug === null ? null : { ...release.slug, processTypes: { ...release.slug.processTypes } },
  }
  if (release.rollbackTo !== undefined) view.rollbackTo = release.rollbackTo
  return view
}
