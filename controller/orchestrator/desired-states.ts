// What a host should run: its assignments and one-offs as DynoSpecs on their releases' slugs and config. Built only
// for the hosts whose work changed (the round compares AssignmentBook versions and one-off ids to find them): an
// assignment's id names one placement of one release, and releases never change, so the ids are enough.

import type { DynoSpec } from '../../proto/codec.ts'
import type { Assignment } from '../scheduler/snapshot.ts'
import { type OneOffRecord, oneOffSpec } from './one-offs.ts'

export interface HostWork {
  hostId: string
  assignments: readonly Assignment[]
  oneOffs: readonly OneOffRecord[]
}

export interface ReleaseSpec {
  slug: string
  command: Record<string, string>
  env: Record<string, string>
}

/** The release a dyno runs, or null when it has no slug or could not be read (the dyno is left out this round). */
export type ReleaseLookup = (app: string, version: number) => ReleaseSpec | null

/** Reads a release (AppService.getRelease). */
export type ReleaseReader = (
  app: string,
  version: number,
) => Promise<{
  slug: { sha256: string; processTypes: Record<string, string> } | null
  config: Record<string, string>
}>

/** At most this many release reads at once (a new leader's first round reads every app's). */
const READ_CONCURRENCY = 64

/**
 * Reads every (app, release) the hosts' work names, once each and up to READ_CONCURRENCY at a time, before any
 * DynoSpec is built: a new leader's first round needs every app's release, and reading them one after the other
 * inside the loop over hosts was most of its push stage.
 */
export async function readReleases(get: ReleaseReader, works: Iterable<HostWork>): Promise<ReleaseLookup> {
  const specs = new Map<string, ReleaseSpec | null>()
  const wanted: { key: string; app: string; version: number }[] = []
  const want = (app: string, version: number): void => {
    const key = `${app}/${version}`
    if (specs.has(key)) return
    specs.set(key, null)
    wanted.push({ key, app, version })
  }
  for (const w of works) {
    for (const a of w.assignments) want(a.app, a.release)
    for (const o of w.oneOffs) want(o.app, o.release)
  }
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < wanted.length; i = next++) {
      const { key, app, version } = wanted[i]!
      const rel = await get(app, version).catch(() => null)
      if (rel?.slug != null) specs.set(key, { slug: rel.slug.sha256, command: rel.slug.processTypes, env: rel.config })
    }
  }
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, wanted.length) }, worker))
  return (app, version) => specs.get(`${app}/${version}`) ?? null
}

/** The host's DynoSpecs; `complete` is false when a dyno was left out because its release could not be read. */
export function dynoSpecs(work: HostWork, release: ReleaseLookup): { dynos: DynoSpec[]; complete: boolean } {
  const dynos: DynoSpec[] = []
  let complete = true
  for (const a of work.assignments) {
    const rel = release(a.app, a.release)
    if (rel === null) {
      complete = false
      continue
    }
    dynos.push({
      id: a.dynoId,
      app: a.app,
      processType: a.processType,
      name: `${a.processType}.${a.index}`,
      release: a.release,
      slugSha256: rel.slug,
      command: rel.command[a.processType] ?? '',
      env: rel.env,
      size: a.size,
      port: 0,
      stack: '',
      oneOff: false,
    })
  }
  for (const o of work.oneOffs) {
    const rel = release(o.app, o.release)
    if (rel !== null) dynos.push(oneOffSpec(o, { slug: rel.slug, env: rel.env }))
    else complete = false
  }
  return { dynos, complete }
}
