/**
 * A growable FIFO of waiting cases (entered-at and serial, in parallel typed arrays): the queue in
 * front of a full stage. Capacity is a power of two, so wrapping is a mask.
 */
export class RingQueue {
  private enteredAt = new Float64Array(16);
  private serials = new Int32Array(16);
  private head = 0;
  length = 0;

  /** Appends a case at the back. */
  push(enteredAt: number, serial: number): void {
    if (this.length === this.serials.length) this.grow();
    const at = (this.head + this.length) & (this.serials.length - 1);
    this.enteredAt[at] = enteredAt;
    this.serials[at] = serial;
    this.length++;
  }

  /** When the case at the front entered (the caller checks length first). */
  frontEnteredAt(): number {
    return this.enteredAt[this.head]!;
  }

  /** Removes the case at the front and returns its serial (the caller checks length first). */
  shift(): number {
    const serial = this.serials[this.head]!;
    this.head = (this.head + 1) & (this.serials.length - 1);
    this.length--;
    return serial;
  }

  /** How many waiting cases have waited more than `limit` days at time t (overdue at the end). */
  countWaitingOver(t: number, limit: number): number {
    let count = 0;
    for (let i = 0; i < this.length; i++)
      if (t - this.enteredAt[(this.head + i) & (this.serials.length - 1)]! > limit) count++;
    return count;
  }

  private grow(): void {
    const size = this.serials.length * 2;
    const enteredAt = new Float64Array(size);
    const serials = new Int32Array(size);
    for (let i = 0; i < this.length; i++) {
      const from = (this.head + i) & (this.serials.length - 1);
      enteredAt[i] = this.enteredAt[from]!;
      serials[i] = this.serials[from]!;
    }
    this.enteredAt = enteredAt;
    this.serials = serials;
    this.head = 0;
  }
}
