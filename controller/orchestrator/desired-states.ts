// What a host should run: its assignments and one-offs as DynoSpecs on their releases' slugs and config. Built only
// for the hosts whose work changed (the round compares AssignmentBook versions and one-off ids to find them): an
// assignment's id names one placement of one release, and releases never change, so the ids are enough.

import type { DynoSpec } from '../../proto/codec.ts'
import type { Assignment } from '../scheduler/snapshot.ts'
import { type OneOffRecord, oneOffSpec } from './one-offs.ts'

export interface HostWork {
  hostId: string
  assignments: Iterable<Assignment>
  oneOffs: readonly OneOffRecord[]
}

export interface ReleaseSpec {
  slug: string
  command: Record<string, string>
  env: Record<string, string>
}

/** The release a dyno runs, or null when it has no slug or cannot be read (the dyno is left out this round). */
export type ReleaseLookup = (app: string, version: number) => Promise<ReleaseSpec | null>

/** The host's DynoSpecs; `complete` is false when a dyno was left out because its release could not be read. */
export async function dynoSpecs(
  work: HostWork,
  release: ReleaseLookup,
): Promise<{ dynos: DynoSpec[]; complete: boolean }> {
  const dynos: DynoSpec[] = []
  let complete = true
  for (const a of work.assignments) {
    const rel = await release(a.app, a.release)
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
    const rel = await release(o.app, o.release)
    if (rel !== null) dynos.push(oneOffSpec(o, { slug: rel.slug, env: rel.env }))
    else complete = false
  }
  return { dynos, complete }
}

/** Reads each (app, release) once per round, however many dynos run it. */
export function releaseLookup(
  get: (
    app: string,
    version: number,
  ) => Promise<{
    slug: { sha256: string; processTypes: Record<string, string> } | null
    config: Record<string, string>
  }>,
): ReleaseLookup {
  const cache = new Map<string, Promise<ReleaseSpec | null>>()
  return (app, version) => {
    const k = `${app}/${version}`
    let r = cache.get(k)
    if (r === undefined) {
      r = get(app, version).then(
        (rel) =>
          rel.slug === null ? null : { slug: rel.slug.sha256, command: rel.slug.processTypes, env: rel.config },
        () => null,
      )
      cache.set(k, r)
    }
    return r
  }
}
