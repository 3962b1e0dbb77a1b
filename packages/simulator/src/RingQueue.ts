/** A growable FIFO of case slots over an Int32Array: the queue in front of a full stage. */
export class RingQueue {
  private items = new Int32Array(16);
  private head = 0;
  length = 0;

  /** Appends a case at the back. */
  push(id: number): void {
    if (this.length === this.items.length) {
      const next = new Int32Array(this.items.length * 2);
      for (let i = 0; i < this.length; i++) next[i] = this.items[(this.head + i) % this.items.length]!;
      this.items = next;
      this.head = 0;
    }
    this.items[(this.head + this.length) % this.items.length] = id;
    this.length++;
  }

  /** Removes and returns the case at the front (the caller checks length first). */
  shift(): number {
    const id = this.items[this.head]!;
    this.head = (this.head + 1) % this.items.length;
    this.length--;
    return id;
  }
}
