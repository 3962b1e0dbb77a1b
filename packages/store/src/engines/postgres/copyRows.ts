/** The column types a COPY row can hold (as the staging tables and the real tables declare them). */
export type CopyType = 'bigint' | 'integer' | 'text' | 'boolean';

// COPY's binary format: the 11-byte signature, a flags word and an empty header extension.
const HEADER = Buffer.from([
  ...Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
  ...[0, 0, 0, 0],
  ...[0, 0, 0, 0],
]);
// The file trailer: a field count of -1.
const TRAILER = 0xffff;
const TWO_32 = 4_294_967_296;
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

/**
 * Rows for one `COPY table (columns) FROM STDIN (FORMAT binary)`, written straight into a growing
 * byte buffer. Binary rather than text: the ingest's rows are almost all integers, which the server
 * then takes as they are instead of parsing decimal digits (and the client writes four or eight bytes
 * instead of each digit); text needs no escaping at all. A row allocates nothing.
 * Each value must match its column's declared type exactly (the server reads the bytes as that type).
 */
export class CopyRows {
  // The stream being written: the header, then the rows so far (the trailer is added by take).
  private bytes = CopyRows.stream(1 << 20);
  private view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  private at = HEADER.length;
  private field = 0;
  /** Rows finished so far. */
  rows = 0;

  constructor(private readonly types: readonly CopyType[]) {}

  /** An integer column (bigint or integer); null or NaN (the numeric buffers' "no value") for SQL NULL. */
  int(value: number | null): this {
    const type = this.start(12);
    if (value === null || Number.isNaN(value)) return this.nul();
    if (type === 'bigint') {
      if (!Number.isSafeInteger(value)) throw new Error(`Not an integer for COPY: ${value}`);
      const high = Math.floor(value / TWO_32);
      this.view.setInt32(this.at, 8);
      this.view.setInt32(this.at + 4, high);
      this.view.setUint32(this.at + 8, value - high * TWO_32);
      this.at += 12;
    } else if (type === 'integer') {
      if (!Number.isInteger(value) || value < INT_MIN || value > INT_MAX)
        throw new Error(`Not a 32-bit integer for COPY: ${value}`);
      this.view.setInt32(this.at, 4);
      this.view.setInt32(this.at + 4, value);
      this.at += 8;
    } else throw new Error(`An integer for a ${type} column.`);
    return this.next();
  }

  /**
   * A text column; null for SQL NULL. NUL cannot be stored in a PostgreSQL text value at all, so it
   * is refused here rather than by the server mid-COPY.
   */
  str(value: string | null): this {
    if (value === null) {
      this.start(4);
      return this.nul();
    }
    if (value.includes('\u0000')) throw new Error('A text value for PostgreSQL cannot contain NUL (U+0000).');
    const type = this.start(4 + value.length * 3);
    if (type !== 'text') throw new Error(`A text value for a ${type} column.`);
    const length = this.bytes.write(value, this.at + 4, 'utf8');
    this.view.setInt32(this.at, length);
    this.at += 4 + length;
    return this.next();
  }

  /** A boolean column. */
  bool(value: boolean): this {
    const type = this.start(5);
    if (type !== 'boolean') throw new Error(`A boolean for a ${type} column.`);
    this.view.setInt32(this.at, 1);
    this.bytes[this.at + 4] = value ? 1 : 0;
    this.at += 5;
    return this.next();
  }

  /** Takes the rows written so far, as a whole COPY stream (header and trailer), and starts empty. */
  take(): Buffer {
    if (this.field !== 0)
      throw new Error(`A COPY row is unfinished (${this.field} of ${this.types.length} fields).`);
    let out: Buffer = Buffer.alloc(0);
    if (this.rows > 0) {
      this.room(2);
      this.view.setUint16(this.at, TRAILER);
      // The stream is handed over as it is (no copy): the next rows go into a new one.
      out = this.bytes.subarray(0, this.at + 2);
      this.replace(CopyRows.stream(this.bytes.length));
    }
    this.at = HEADER.length;
    this.rows = 0;
    return out;
  }

  /** A buffer of `size` bytes that starts with the header. */
  private static stream(size: number): Buffer {
    const bytes = Buffer.allocUnsafe(size);
    HEADER.copy(bytes);
    return bytes;
  }

  private replace(bytes: Buffer): void {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Makes room for a field of up to `n` bytes (and a row's field count), and returns its column's type. */
  private start(n: number): CopyType {
    this.room(n + 2);
    if (this.field === 0) {
      this.view.setInt16(this.at, this.types.length);
      this.at += 2;
    }
    return this.types[this.field]!;
  }

  /** Makes room for `n` more bytes. */
  private room(n: number): void {
    if (this.at + n < this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + n + 1));
    this.bytes.copy(bigger, 0, 0, this.at);
    this.replace(bigger);
  }

  private nul(): this {
    this.view.setInt32(this.at, -1);
    this.at += 4;
    return this.next();
  }

  private next(): this {
    if (++this.field === this.types.length) {
      this.field = 0;
      this.rows++;
    }
    return this;
  }
}
