// How Heroku writes dyno sizes for people: 'standard-1x' → 'Standard-1X', 'performance-m' → 'Performance-M'. The store,
// the API and the scheduler keep the lowercase canonical names; only output meant for reading uses these labels.

/** The first word capitalized, every later word in capitals (the size suffix: 1X, 2X, M, L). */
export function dynoSizeLabel(size: string): string {
  const [first = '', ...rest] = size.toLowerCase().split('-')
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest.map((w) => w.toUpperCase())].join('-')
}
