/**
 * A growable FIFO of waiting cases (entered-at and serial, in parallel typed arrays): the queue in
 * front of a full stage. Capacity is a power of two, so wrapping is a mask. Every case gets an
 * absolute position when it joins, so a case that gives up can be found and removed where it is
 * (lazily: its serial becomes -1 and the entry is skipped when it reaches the front).
 */
export class RingQueue {
  private enteredAt = new Float64Array(16);
  private serials = new Int32Array(16);
  private head = 0;
  /** Absolute position of the entry at `head`. */
  private base = 0;
  /** Entries held, including removed ones not yet skipped. */
  length = 0;

  /** Appends a case at the back and returns its position (to find it again if it gives up). */
  push(enteredAt: number, serial: number): number {
    if (this.length === this.serials.length) this.grow();
    const at = (this.head + this.length) & (this.serials.length - 1);
    this.enteredAt[at] = enteredAt;
    this.serials[at] = serial;
    this.length++;
    return this.base + this.length - 1;
  }

  /** Drops removed entries from the front, so the front is a waiting case (if any). */
  skipGone(): void {
    const mask = this.serials.length - 1;
    while (this.length > 0 && this.serials[this.head] === -1) {
      this.head = (this.head + 1) & mask;
      this.base++;
      this.length--;
    }
  }

  /** When the case at the front entered (the caller checks length and skips removed entries first). */
  frontEnteredAt(): number {
    return this.enteredAt[this.head]!;
  }

  /** Removes the case at the front and returns its serial (the caller skips removed entries first). */
  shift(): number {
    const serial = this.serials[this.head]!;
    this.head = (this.head + 1) & (this.serials.length - 1);
    this.base++;
    this.length--;
    return serial;
  }

  /** True while the case that joined at `pos` is still waiting (not served, not removed). */
  isWaiting(pos: number): boolean {
    const i = pos - this.base;
    return i >= 0 && i < this.length && this.serials[this.index(i)] !== -1;
  }

  /** When the case at `pos` entered (the caller checks `isWaiting`). */
  enteredAtOf(pos: number): number {
    return this.enteredAt[this.index(pos - this.base)]!;
  }

  /** Removes the waiting case at `pos` and returns its serial (the caller checks `isWaiting`). */
  remove(pos: number): number {
    const at = this.index(pos - this.base);
    const serial = this.serials[at]!;
    this.serials[at] = -1;
    return serial;
  }

  /** Forgets every entry (when no case is waiting any more: only removed ones are left). */
  clear(): void {
    this.base += this.length;
    this.length = 0;
    this.head = 0;
  }

  /** How many waiting cases have waited more than `limit` days at time t (overdue at the end). */
  countWaitingOver(t: number, limit: number): number {
    let count = 0;
    for (let i = 0; i < this.length; i++) {
      const at = this.index(i);
      if (this.serials[at] !== -1 && t - this.enteredAt[at]! > limit) count++;
    }
    return count;
  }

  private index(i: number): number {
    return (this.head + i) & (this.serials.length - 1);
  }

  private grow(): void {
    const size = this.serials.length * 2;
    const enteredAt = new Float64Array(size);
    const serials = new Int32Array(size);
    for (let i = 0; i < this.length; i++) {
      const from = this.index(i);
      enteredAt[i] = this.enteredAt[from]!;
      serials[i] = this.serials[from]!;
    }
    this.enteredAt = enteredAt;
    this.serials = serials;
    this.head = 0;
  }
}
