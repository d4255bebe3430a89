/** A fixed-capacity ring: push is O(1) and evicts the oldest item once full. */
export class LogRing<T> {
  readonly capacity: number
  readonly #items: Array<T | undefined>
  #next = 0
  #size = 0

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LogRing capacity must be ≥ 1: ${capacity}`)
    this.capacity = capacity
    this.#items = new Array<T | undefined>(capacity)
  }

  get size(): number {
    return this.#size
  }

  push(item: T): void {
    this.#items[this.#next] = item
    this.#next = (this.#next + 1) % this.capacity
    if (this.#size < this.capacity) this.#size++
  }

  /** The newest `num` items that pass `keep`, oldest first; walks back from the newest and stops once it has num. */
  newest(num: number, keep: (item: T) => boolean = () => true): T[] {
    const out: T[] = []
    for (let i = 1; i <= this.#size && out.length < num; i++) {
      const item = this.#items[(this.#next - i + this.capacity) % this.capacity] as T
      if (keep(item)) out.push(item)
    }
    return out.reverse()
  }
}
