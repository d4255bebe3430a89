// A binary min-heap of hosts keyed by (free memory, host rank): its top is the best-fit host. Entries are never
// updated in place; a changed host is pushed again with a new version and its old entries are skipped when popped
// (lazy deletion), which keeps every update O(log n) without a position index.

export class HostHeap {
  readonly #host: number[] = []
  readonly #mem: number[] = []
  readonly #ver: number[] = []
  /** Fields of the entry the last pop() returned. */
  poppedMem = 0
  poppedVer = 0

  get size(): number {
    return this.#host.length
  }

  /** Appends without ordering; call heapify() once after a batch of add()s. */
  add(host: number, mem: number, ver: number): void {
    this.#host.push(host)
    this.#mem.push(mem)
    this.#ver.push(ver)
  }

  heapify(): void {
    for (let i = (this.#host.length >> 1) - 1; i >= 0; i--) this.#down(i)
  }

  push(host: number, mem: number, ver: number): void {
    this.add(host, mem, ver)
    this.#up(this.#host.length - 1)
  }

  /** The host of the smallest entry, or -1 when empty; its memory key and version land in poppedMem/poppedVer. */
  pop(): number {
    const n = this.#host.length
    if (n === 0) return -1
    const host = this.#host[0]!
    this.poppedMem = this.#mem[0]!
    this.poppedVer = this.#ver[0]!
    const lastHost = this.#host.pop()!
    const lastMem = this.#mem.pop()!
    const lastVer = this.#ver.pop()!
    if (n > 1) {
      this.#host[0] = lastHost
      this.#mem[0] = lastMem
      this.#ver[0] = lastVer
      this.#down(0)
    }
    return host
  }

  #less(i: number, j: number): boolean {
    const a = this.#mem[i]!
    const b = this.#mem[j]!
    return a < b || (a === b && this.#host[i]! < this.#host[j]!)
  }

  #swap(i: number, j: number): void {
    const h = this.#host[i]!
    this.#host[i] = this.#host[j]!
    this.#host[j] = h
    const m = this.#mem[i]!
    this.#mem[i] = this.#mem[j]!
    this.#mem[j] = m
    const v = this.#ver[i]!
    this.#ver[i] = this.#ver[j]!
    this.#ver[j] = v
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.#less(i, parent)) return
      this.#swap(i, parent)
      i = parent
    }
  }

  #down(i: number): void {
    const n = this.#host.length
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) return
      const r = l + 1
      const child = r < n && this.#less(r, l) ? r : l
      if (!this.#less(child, i)) return
      this.#swap(i, child)
      i = child
    }
  }
}
