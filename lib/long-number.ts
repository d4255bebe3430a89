// protobufjs may hand a uint64 as a number, a bigint or a Long object (when the `long` package is present); the
// places that read such fields from messages they did not decode themselves accept all three.

/** The value as a number; 0 for anything that is not one of the three forms. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'object' && value !== null && 'toNumber' in value && typeof value.toNumber === 'function') {
    const n: unknown = value.toNumber()
    return typeof n === 'number' ? n : 0
  }
  return 0
}
