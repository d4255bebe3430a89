/** Renders rows as a left-aligned table with a header and a rule, like the heroku CLI's tables. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n')
}

export function bytes(n: number): string {
  if (n <= 0) return '0'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  let v = n
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)}${units[i]}`
}

/** "~ 3m ago"-style relative time, as heroku prints it. */
export function ago(iso: string | null, now = Date.now()): string {
  if (iso === null) return 'never'
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  if (s < 60) return `${s}s ago`
  if (s < 3600) return `~ ${Math.round(s / 60)}m ago`
  if (s < 86400) return `~ ${Math.round(s / 3600)}h ago`
  return `~ ${Math.round(s / 86400)}d ago`
}
