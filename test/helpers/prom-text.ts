// A strict reader of the Prometheus text exposition format (version 0.0.4), used to prove /metrics is valid.

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped'])
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/
const LABEL = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\["\\n])*)"\s*(,|$)/

export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** Parses the exposition; throws with the line number at the first violation. */
export function parseExposition(text: string): Sample[] {
  const types = new Map<string, string>()
  const samples: Sample[] = []
  const lines = text.split('\n')
  if (lines.at(-1) !== '') throw new Error('exposition must end with a newline')
  lines.forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`
    if (line === '') return
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line)
      if (m === null) return // a plain comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string]
      if (!NAME.test(name)) throw new Error(`bad metric name in ${where}`)
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`bad type in ${where}`)
        if (types.has(name)) throw new Error(`second TYPE for ${name} in ${where}`)
        types.set(name, rest)
      }
      return
    }
    const m = SAMPLE.exec(line)
    if (m === null) throw new Error(`bad sample in ${where}`)
    const name = m[1] as string
    const value = m[4] as string
    if (!/^([-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+)|[-+]?Inf|NaN|Nan)$/.test(value))
      throw new Error(`bad value in ${where}`)
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count|total|created)$/, '')
    if (!types.has(family) && !types.has(name)) throw new Error(`sample without TYPE in ${where}`)
    const labels: Record<string, string> = {}
    let rest = m[3] ?? ''
    while (rest.trim() !== '') {
      const l = LABEL.exec(rest)
      if (l === null) throw new Error(`bad labels in ${where}`)
      labels[l[1] as string] = l[2] as string
      rest = rest.slice(l[0].length)
    }
    // prom-client prints NaN as "Nan" (Number.toString then capitalised); both mean NaN.
    samples.push({ name, labels, value: /^nan$/i.test(value) ? Number.NaN : Number(value.replace('Inf', 'Infinity')) })
  })
  return samples
}

export function sum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0)
}
