import type { CopyRows } from './copyRows.ts';

const TWO_32 = 4_294_967_296;
// Sort keys pack (case id, row number) into one double: exact while both fit.
const ROW_BITS = 2 ** 21;

/**
 * A batch's events or stays, held as numbers (NaN for NULL; at most one text column, kept apart)
 * and encoded for COPY ordered by case id (the first column), one case's rows in the order added.
 * The server then inserts a batch's index entries of one case together: about 8% less server CPU
 * per ingest (measured). Sorting numbers before encoding costs the client next to nothing, where
 * reordering encoded rows cost it more than the server saved (measured).
 */
export class CaseOrderedRows {
  /** The values, `width` per row; a row's are set by the caller at the offset `next` returns. */
  values = new Float64Array(1 << 16);
  /** Rows so far. */
  rows = 0;
  private readonly texts = new Map<number, string>();

  constructor(
    private readonly width: number,
    private readonly textColumn = -1,
  ) {}

  /** Takes the next row; returns the index of its first value (read `values` after: it may have grown). */
  next(): number {
    const at = this.rows++ * this.width;
    if (at + this.width > this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    return at;
  }

  /** Sets the text column of the row just taken. */
  text(value: string): void {
    this.texts.set(this.rows - 1, value);
  }

  /** Encodes every row into `out` in case order, and starts empty. */
  drainInto(out: CopyRows): void {
    const { width, values, texts } = this;
    const order = this.order();
    for (let j = 0; j < order.length; j++) {
      const i = order[j]!;
      const at = i * width;
      for (let c = 0; c < width; c++) {
        if (c === this.textColumn) out.str(texts.get(i) ?? null);
        else out.int(values[at + c]!);
      }
    }
    this.rows = 0;
    texts.clear();
  }

  /** Row numbers by case id, stable. */
  private order(): ArrayLike<number> {
    const { rows, width, values } = this;
    const key = (i: number) => values[i * width]!;
    let exact = rows < ROW_BITS;
    for (let i = 0; exact && i < rows; i++)
      exact = Number.isInteger(key(i)) && key(i) >= 0 && key(i) < TWO_32;
    if (!exact) {
      const rank = (i: number) => (Number.isNaN(key(i)) ? -Infinity : key(i));
      return Array.from({ length: rows }, (_, i) => i).sort((a, b) => rank(a) - rank(b) || a - b);
    }
    // Packed keys sort as plain doubles (a typed array's native numeric sort).
    const packed = new Float64Array(rows);
    for (let i = 0; i < rows; i++) packed[i] = key(i) * ROW_BITS + i;
    packed.sort();
    return packed.map((k) => k % ROW_BITS);
  }
}
