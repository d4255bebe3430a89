// What each host should run: its assignments and one-offs as DynoSpecs on their releases' slugs and config. A host's
// desired state is a function of the dyno ids it holds (an id names one placement of one release; a one-off's id is
// its record), so the ids, sorted, are its fingerprint: comparing them tells whether a host needs a push without
// reading a release or serializing a spec. Specs are built only for the hosts that need one.

import type { DynoSpec } from '../../proto/codec.ts'
import type { Assignment, HostSnapshot } from '../scheduler/snapshot.ts'
import { type OneOffRecord, oneOffSpec } from './one-offs.ts'

export interface HostWork {
  hostId: string
  assignments: Assignment[]
  oneOffs: OneOffRecord[]
}

export interface ReleaseSpec {
  slug: string
  command: Record<string, string>
  env: Record<string, string>
}

/** The release a dyno runs, or null when it has no slug or cannot be read (the dyno is left out this round). */
export type ReleaseLookup = (app: string, version: number) => Promise<ReleaseSpec | null>

/** Every host that is not dead, with its work; dead hosts get nothing (they cannot be reached). One pass each. */
export function workByHost(
  hosts: readonly HostSnapshot[],
  assignments: Iterable<Assignment>,
  oneOffs: readonly OneOffRecord[],
): Map<string, HostWork> {
  const out = new Map<string, HostWork>()
  for (const h of hosts) if (h.state !== 'dead') out.set(h.id, { hostId: h.id, assignments: [], oneOffs: [] })
  for (const a of assignments) out.get(a.hostId)?.assignments.push(a)
  for (const o of oneOffs) out.get(o.hostId)?.oneOffs.push(o)
  return out
}

export function fingerprintOf(ids: string[]): string {
  return ids.sort().join(' ')
}

/** The host's work by id, before any release is read. */
export function workFingerprint(work: HostWork): string {
  return fingerprintOf([...work.assignments.map((a) => a.dynoId), ...work.oneOffs.map((o) => o.id)])
}

/** The host's DynoSpecs, and the fingerprint of what they really hold (a dyno whose release is unreadable is out). */
export async function dynoSpecs(
  work: HostWork,
  release: ReleaseLookup,
): Promise<{ dynos: DynoSpec[]; fingerprint: string }> {
  const dynos: DynoSpec[] = []
  for (const a of work.assignments) {
    const rel = await release(a.app, a.release)
    if (rel === null) continue
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
  }
  return { dynos, fingerprint: fingerprintOf(dynos.map((d) => d.id ?? '')) }
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
