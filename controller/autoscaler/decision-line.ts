// The app log line of one decision, as `shoal[autoscaler]: …` shows it.

import type { Decision } from './decide.ts'

export function describeLine(type: string, d: Decision): string {
  switch (d.kind) {
    case 'up':
    case 'down':
    case 'bounds':
      return `Scaled ${type} from ${d.from} to ${d.to}: ${d.reason}`
    case 'sleep':
      return `Scaled ${type} from ${d.from} to 0 (sleeping): ${d.reason}`
    case 'wake':
      return `Scaled ${type} from 0 to ${d.to} (waking): ${d.reason}`
    case 'blocked':
      return `Cannot scale ${type} above ${d.from}: ${d.reason}`
    case 'manual':
      return `Autoscaling of ${type} disabled: ${d.reason} from ${d.from} to ${d.to} (ps:autoscale:enable turns it back on)`
    default:
      return `${type}: ${d.reason}`
  }
}
