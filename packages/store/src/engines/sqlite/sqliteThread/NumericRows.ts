import type { BatchInsert } from './protocol.ts';
import type { SqliteThread } from './SqliteThread.ts';

/**
 * One multi-row INSERT's rows filled in place as numbers (null as NaN, one optional text column),
 * then moved to the SQLite thread without copying: no array of boxed values per batch to clone.
 */
export class NumericRows {
  values: Float64Array<ArrayBuffer>;
  count = 0;
  private texts: (string | null)[] | undefined;

  constructor(
    private readonly insert: BatchInsert,
    private readonly textColumn = -1,
  ) {
    this.values = new Float64Array(insert.width * insert.rowsPerFull);
  }

  /** Takes the next row; returns the index of its first value. */
  next(): number {
    return this.count++ * this.insert.width;
  }

  /** Sets the text column of the row just taken. */
  text(value: string): void {
    this.texts ??= new Array<string | null>(this.insert.rowsPerFull).fill(null);
    this.texts[this.count - 1] = value;
  }

  /** True when the batch holds a full statement's rows. */
  get full(): boolean {
    return this.count === this.insert.rowsPerFull;
  }

  /** Hands the rows to the thread (the buffer moves there) and starts an empty batch. */
  send(thread: SqliteThread): void {
    if (this.count === 0) return;
    const { values, count, texts, textColumn } = this;
    thread.insertRows({ ...this.insert, count, values, textColumn, texts });
    this.values = new Float64Array(this.insert.width * this.insert.rowsPerFull);
    this.count = 0;
    this.texts = undefined;
  }
}
