// Turns a dyno's output bytes into log lines the way Logplex does: one message per line, and a line longer than
// 10000 bytes becomes several messages. A partial line is held until its newline (or until it is itself that long),
// so memory per stream stays bounded whatever the app writes.

export const MAX_LINE_BYTES = 10_000

export class LineSplitter {
  readonly #emit: (line: string) => void
  readonly #max: number
  #pending: Buffer[] = []
  #pendingBytes = 0

  constructor(emit: (line: string) => void, maxBytes: number = MAX_LINE_BYTES) {
    this.#emit = emit
    this.#max = maxBytes
  }

  push(chunk: Buffer): void {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(0x0a, start)
      if (nl === -1) break
      this.#add(chunk.subarray(start, nl))
      this.#flushLine()
      start = nl + 1
    }
    if (start < chunk.length) this.#add(chunk.subarray(start))
  }

  /** Emits what is left without a newline (the stream ended). */
  end(): void {
    if (this.#pendingBytes > 0) this.#flushLine()
  }

  #add(part: Buffer): void {
    this.#pending.push(part)
    this.#pendingBytes += part.length
    while (this.#pendingBytes > this.#max) {
      const all = Buffer.concat(this.#pending)
      const cut = utf8Boundary(all, this.#max)
      this.#emit(all.subarray(0, cut).toString('utf8'))
      const rest = all.subarray(cut)
      this.#pending = [rest]
      this.#pendingBytes = rest.length
    }
  }

  #flushLine(): void {
    let line = Buffer.concat(this.#pending)
    this.#pending = []
    this.#pendingBytes = 0
    if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1)
    this.#emit(line.toString('utf8'))
  }
}

/** The largest cut ≤ max that does not split a UTF-8 sequence (falls back to max for invalid input). */
export function utf8Boundary(buf: Buffer, max: number): number {
  if (buf.length <= max) return buf.length
  let cut = max
  // Step back over continuation bytes (10xxxxxx) to the lead byte, at most 3.
  while (cut > max - 4 && cut > 0 && ((buf[cut] ?? 0) & 0xc0) === 0x80) cut--
  return cut > 0 && cut > max - 4 ? cut : max
}
