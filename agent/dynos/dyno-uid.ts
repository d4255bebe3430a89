// Dynos run as the stack's user, whose uid and gid come from a reserved range (stack/recipe.json, 61000+) so that no
// user of the host shares them: a host user with the dyno's uid could read every dyno's environment (its config
// vars) through /proc and signal its processes. The agent checks the host's account databases at start.

import { readFile } from 'node:fs/promises'
import { ShoalError } from '../../proto/errors.ts'

/** Names of entries in an /etc/passwd or /etc/group text whose id (third field) is `id`. */
export function holdersOf(text: string, id: number): string[] {
  const names: string[] = []
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue
    const [name, , field] = line.split(':')
    if (field !== undefined && /^\d+$/.test(field) && Number(field) === id) names.push(name ?? '?')
  }
  return names
}

/** Throws CONFLICT when a host user has `uid` or a host group has `gid`. */
export function checkDynoIds(passwd: string, group: string, uid: number, gid = uid): void {
  const users = holdersOf(passwd, uid)
  const groups = holdersOf(group, gid)
  if (users.length === 0 && groups.length === 0) return
  const who = [...users.map((u) => `user "${u}"`), ...groups.map((g) => `group "${g}"`)].join(', ')
  throw new ShoalError(
    'CONFLICT',
    `Cannot run dynos as uid ${uid}: ${who} on this host has that id, and could read dynos' config vars; ` +
      'change that account or the stack user (stack/recipe.json)',
  )
}

export async function checkHostDynoIds(uid: number, files = { passwd: '/etc/passwd', group: '/etc/group' }) {
  const read = (f: string) => readFile(f, 'utf8').catch(() => '')
  checkDynoIds(await read(files.passwd), await read(files.group), uid)
}
