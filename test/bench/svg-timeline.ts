// A small, dependency-free SVG of an autoscaling run: three stacked panels sharing the time axis — dynos (the
// formation and the routable ones), arrival rate, queue time p95 with its target — plus markers for decisions.
// Written by `npm run bench:autoscale` so a person can open the run in a browser.

export interface TimelinePoint {
  /** Seconds since the start of the run. */
  t: number
  dynos: number
  routable: number
  arrivalsPerS: number
  queueP95Ms: number | null
}

export interface TimelineMarker {
  t: number
  label: string
}

export interface TimelineOptions {
  title: string
  targetMs?: number | undefined
  markers?: TimelineMarker[] | undefined
}

const W = 960
const PANEL_H = 170
const GAP = 34
const LEFT = 64
const RIGHT = 20
const TOP = 44

function esc(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string)
}

function niceMax(v: number): number {
  if (v <= 0) return 1
  const p = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p
  return 10 * p
}

export function timelineSvg(points: readonly TimelinePoint[], options: TimelineOptions): string {
  const tMax = Math.max(1, ...points.map((p) => p.t))
  const x = (t: number) => LEFT + ((W - LEFT - RIGHT) * t) / tMax
  const out: string[] = []
  const panels = [
    {
      name: 'dynos',
      max: niceMax(Math.max(1, ...points.map((p) => Math.max(p.dynos, p.routable)))),
      series: [
        { color: '#1f77b4', step: true, values: points.map((p) => p.dynos as number | null), label: 'formation' },
        { color: '#2ca02c', step: true, values: points.map((p) => p.routable as number | null), label: 'routable' },
      ],
    },
    {
      name: 'arrivals / s',
      max: niceMax(Math.max(1, ...points.map((p) => p.arrivalsPerS))),
      series: [
        {
          color: '#ff7f0e',
          step: false,
          values: points.map((p) => p.arrivalsPerS as number | null),
          label: 'arrival rate',
        },
      ],
    },
    {
      name: 'queue p95 (ms)',
      max: niceMax(Math.max(options.targetMs ?? 1, ...points.map((p) => p.queueP95Ms ?? 0))),
      series: [{ color: '#d62728', step: false, values: points.map((p) => p.queueP95Ms), label: 'queue time p95' }],
    },
  ]
  const height = TOP + panels.length * (PANEL_H + GAP) + 20
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(options.title)}</title>`,
    `<rect width="${W}" height="${height}" fill="#fff"/>`,
    `<text x="${LEFT}" y="24" font-size="16">${esc(options.title)}</text>`,
  )
  panels.forEach((panel, i) => {
    const top = TOP + i * (PANEL_H + GAP)
    const y = (v: number) => top + PANEL_H - (PANEL_H * v) / panel.max
    out.push(`<rect x="${LEFT}" y="${top}" width="${W - LEFT - RIGHT}" height="${PANEL_H}" fill="none" stroke="#999"/>`)
    out.push(`<text x="6" y="${top + 12}">${esc(panel.name)}</text>`)
    for (const frac of [0, 0.5, 1]) {
      const v = panel.max * frac
      out.push(`<text x="${LEFT - 6}" y="${y(v) + 4}" text-anchor="end">${Number(v.toFixed(1))}</text>`)
      out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`)
    }
    if (panel.name.startsWith('queue') && options.targetMs !== undefined) {
      const ty = y(options.targetMs)
      out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${ty}" y2="${ty}" stroke="#d62728" stroke-dasharray="4 4"/>`)
      out.push(
        `<text x="${W - RIGHT - 4}" y="${ty - 4}" text-anchor="end" fill="#d62728">target ${options.targetMs} ms</text>`,
      )
    }
    panel.series.forEach((s, k) => {
      let d = ''
      let prev: { px: number; py: number } | undefined
      points.forEach((p, j) => {
        const v = s.values[j]
        if (v === null || v === undefined) {
          prev = undefined
          return
        }
        const px = x(p.t)
        const py = y(Math.min(v, panel.max))
        if (prev === undefined) d += `M${px.toFixed(1)},${py.toFixed(1)}`
        else if (s.step) d += `H${px.toFixed(1)}V${py.toFixed(1)}`
        else d += `L${px.toFixed(1)},${py.toFixed(1)}`
        prev = { px, py }
      })
      if (d !== '') out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`)
      out.push(`<text x="${LEFT + 8 + k * 110}" y="${top - 6}" fill="${s.color}">${esc(s.label)}</text>`)
    })
  })
  const bottom = TOP + panels.length * (PANEL_H + GAP) - GAP
  for (const m of options.markers ?? []) {
    const mx = x(m.t)
    out.push(`<line x1="${mx}" x2="${mx}" y1="${TOP}" y2="${bottom}" stroke="#777" stroke-dasharray="2 3"/>`)
    out.push(`<text x="${mx + 3}" y="${bottom + 14}" fill="#555" font-size="10">${esc(m.label)}</text>`)
  }
  const ticks = niceMax(tMax) / 10
  for (let t = 0; t <= tMax; t += ticks) {
    out.push(`<text x="${x(t)}" y="${height - 6}" text-anchor="middle">${Number(t.toFixed(1))} s</text>`)
  }
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
