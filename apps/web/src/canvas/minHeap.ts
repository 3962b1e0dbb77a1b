/** A binary min-heap of (item, priority) pairs: the edge router's queue of grid states. */
export class MinHeap {
  private items: number[] = [];
  private priorities: number[] = [];

  /** How many entries are queued. */
  get size(): number {
    return this.items.length;
  }

  /** Queues an item with a priority. */
  push(item: number, priority: number): void {
    const items = this.items;
    const pr = this.priorities;
    let i = items.length;
    items.push(item);
    pr.push(priority);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (pr[parent]! <= priority) break;
      items[i] = items[parent]!;
      pr[i] = pr[parent]!;
      i = parent;
    }
    items[i] = item;
    pr[i] = priority;
  }

  /** Removes and returns the entry with the lowest priority (the heap must not be empty). */
  pop(): [number, number] {
    const items = this.items;
    const pr = this.priorities;
    const top: [number, number] = [items[0]!, pr[0]!];
    const lastItem = items.pop()!;
    const lastPr = pr.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && pr[r]! < pr[l]! ? r : l;
        if (pr[c]! >= lastPr) break;
        items[i] = items[c]!;
        pr[i] = pr[c]!;
        i = c;
      }
      items[i] = lastItem;
      pr[i] = lastPr;
    }
    return top;
  }
}
