// What a dyno prints reaches operators' terminals through `shoal logs`; a dyno must not be able to move the cursor,
// erase the line, retitle the window or reorder text there, e.g. `\r` + ESC[2K to print a fake `shoal[router]`
// line over its own prefix. Control characters (C0 but tab, DEL, C1) and bidirectional overrides are shown as
// visible escapes instead. Drains get the raw bytes; only what is shown on a terminal is escaped.

const NAMED: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\x1b': '\\e', '\b': '\\b', '\f': '\\f', '\v': '\\v' }

/** C0 except tab, DEL, C1, and the bidi marks, embeddings, overrides and isolates. */
function unsafe(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  )
}

export function terminalSafe(text: string): string {
  let out = ''
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (!unsafe(code)) continue
    const c = text[i] as string
    out +=
      text.slice(from, i) +
      (NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`))
    from = i + 1
  }
  return from === 0 ? text : out + text.slice(from)
}
