import type { Assignment, Plan } from './snapshot.ts'

/** The assignments after a plan: removals dropped, additions appended. What the applier persists. */
export function assignmentsAfter(assignments: readonly Assignment[], plan: Plan): Assignment[] {
  const gone = new Set(plan.remove.map((r) => r.dynoId))
  return [...assignments.filter((a) => !gone.has(a.dynoId)), ...plan.add]
}
