// Config var rules and Heroku's release descriptions for config changes. Values are secrets: no message here ever
// quotes one, only the keys.

import type { ConfigVars, ConfigVarsPatch } from '../../proto/api.ts'
import { ShoalError } from '../../proto/errors.ts'

const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/
export const MAX_CONFIG_VALUE_BYTES = 32 * 1024
/** All keys and values of one app together; keeps a release record (and a dyno's environment) bounded. */
export const MAX_CONFIG_BYTES = 64 * 1024
const MAX_KEY_LENGTH = 256

export function isConfigKey(key: string): boolean {
  // __proto__ fits the pattern but would reach Object.prototype's setter instead of becoming a var.
  return key.length <= MAX_KEY_LENGTH && CONFIG_KEY.test(key) && key !== '__proto__'
}

/** Decodes an untrusted patch: keys by the rule, each value a string (set) or null (remove). */
export function checkConfigPatch(patch: unknown, action = 'set config vars'): ConfigVarsPatch {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new ShoalError('INVALID_INPUT', `Cannot ${action}: the body must be an object of KEY: "value" or null`)
  }
  const out: ConfigVarsPatch = {}
  for (const [key, value] of Object.entries(patch)) {
    if (!isConfigKey(key)) {
      const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 37)}...` : key)
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot ${action}: key ${shown} must start with a letter or underscore and contain only letters, digits and underscores (at most ${MAX_KEY_LENGTH})`,
      )
    }
    if (value === null) {
      out[key] = null
      continue
    }
    if (typeof value !== 'string') {
      throw new ShoalError('INVALID_INPUT', `Cannot ${action}: the value of ${key} must be a string or null`)
    }
    if (Buffer.byteLength(value) > MAX_CONFIG_VALUE_BYTES) {
      throw new ShoalError(
        'INVALID_INPUT',
        `Cannot ${action}: the value of ${key} is over ${MAX_CONFIG_VALUE_BYTES / 1024} KB`,
      )
    }
    // A process environment cannot carry a NUL byte; refusing it here beats a dyno that fails to start later.
    if (value.includes('\0'))
      throw new ShoalError('INVALID_INPUT', `Cannot ${action}: the value of ${key} has a NUL byte`)
    out[key] = value
  }
  if (Object.keys(out).length === 0)
    throw new ShoalError('INVALID_INPUT', `Cannot ${action}: no config vars were given`)
  return out
}

export interface ConfigChange {
  config: ConfigVars
  /** Keys added or given a different value, in patch order. */
  set: string[]
  /** Keys that existed and were removed, in patch order. */
  removed: string[]
}

/** The config after the patch and what really changed; setting a var to its current value changes nothing. */
export function applyConfigPatch(current: ConfigVars, patch: ConfigVarsPatch, app: string): ConfigChange {
  const config: ConfigVars = { ...current }
  const set: string[] = []
  const removed: string[] = []
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      if (Object.hasOwn(config, key)) {
        delete config[key]
        removed.push(key)
      }
    } else if (config[key] !== value) {
      config[key] = value
      set.push(key)
    }
  }
  const total = Object.entries(config).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0)
  if (total > MAX_CONFIG_BYTES) {
    throw new ShoalError(
      'INVALID_INPUT',
      `Cannot set config vars of app "${app}": all keys and values together would be over ${MAX_CONFIG_BYTES / 1024} KB`,
    )
  }
  return { config, set, removed }
}

/** Heroku's wording: "Set FOO, BAR config vars", "Remove OLD config vars", both: "Set FOO and remove OLD config vars". */
export function describeConfigChange(set: readonly string[], removed: readonly string[]): string {
  if (set.length > 0 && removed.length > 0) return `Set ${set.join(', ')} and remove ${removed.join(', ')} config vars`
  if (removed.length > 0) return `Remove ${removed.join(', ')} config vars`
  return `Set ${set.join(', ')} config vars`
}
