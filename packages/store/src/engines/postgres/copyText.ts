// Characters COPY's text format gives a meaning to inside a value (the delimiter, line ends, the escape).
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const TAB = 9;
const NEWLINE = 10;
const MINUS = 45;
const ZERO = 48;
const BACKSLASH = 92;
const N = 78;

/**
 * A text value as one field of COPY's text format: backslash, tab, newline and carriage return
 * escaped; everything else (quotes, commas, any Unicode) goes through as it is. NUL cannot be
 * stored in a PostgreSQL text value at all, so it is refused here rather than by the server mid-COPY.
 */
export function copyTextField(value: string): string {
  if (value.includes('\u0000')) throw new Error('A text value for PostgreSQL cannot contain NUL (U+0000).');
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

/**
 * Rows for one `COPY table (columns) FROM STDIN` in text format, written straight into a growing
 * byte buffer: the ingest's rows are mostly integers, written digit by digit, so a row allocates
 * nothing (appending to strings made millions of small strings for the garbage collector; measured).
 * `null` (and NaN, the numeric buffers' "no value") is written as `\N`.
 */
export class CopyText {
  private bytes = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  private field = 0;
  /** Rows finished so far. */
  rows = 0;

  constructor(private readonly width: number) {}

  /** An integer column (bigint or integer); null or NaN for SQL NULL. */
  int(value: number | null): this {
    this.room(24);
    this.sep();
    if (value === null || Number.isNaN(value)) this.nul();
    else {
      if (!Number.isSafeInteger(value)) throw new Error(`Not an integer for COPY: ${value}`);
      let v = value;
      if (v < 0) {
        this.bytes[this.at++] = MINUS;
        v = -v;
      }
      if (v < 2_147_483_648) this.digits(v);
      else {
        // Epoch milliseconds and other large values: the high part, then nine digits (int32 arithmetic).
        const high = Math.floor(v / 1e9);
        this.digits(high);
        this.nineDigits(v - high * 1e9);
      }
    }
    return this.next();
  }

  /** A text column; null for SQL NULL. */
  str(value: string | null): this {
    if (value === null) {
      this.room(4);
      this.sep();
      this.nul();
      return this.next();
    }
    const text = copyTextField(value);
    this.room(Buffer.byteLength(text, 'utf8') + 2);
    this.sep();
    this.at += this.bytes.write(text, this.at, 'utf8');
    return this.next();
  }

  /** Takes the rows written so far and starts empty. */
  take(): Buffer {
    if (this.field !== 0)
      throw new Error(`A COPY row is unfinished (${this.field} of ${this.width} fields).`);
    const out = Buffer.from(this.bytes.subarray(0, this.at));
    this.at = 0;
    this.rows = 0;
    return out;
  }

  /** A non-negative int32 in decimal. */
  private digits(v: number): void {
    let n = 1;
    for (let p = 10; n < 10 && v >= p; p *= 10) n++;
    const b = this.bytes;
    let at = this.at + n;
    this.at = at;
    do {
      const q = (v / 10) | 0;
      b[--at] = ZERO + v - q * 10;
      v = q;
    } while (v > 0);
  }

  /** 0 <= v < 1e9 as exactly nine digits (leading zeros). */
  private nineDigits(v: number): void {
    const b = this.bytes;
    let at = this.at + 9;
    this.at = at;
    for (let i = 0; i < 9; i++) {
      const q = (v / 10) | 0;
      b[--at] = ZERO + v - q * 10;
      v = q;
    }
  }

  private nul(): void {
    this.bytes[this.at++] = BACKSLASH;
    this.bytes[this.at++] = N;
  }

  private room(n: number): void {
    if (this.at + n < this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + n + 1));
    this.bytes.copy(bigger, 0, 0, this.at);
    this.bytes = bigger;
  }

  private sep(): void {
    if (this.field > 0) this.bytes[this.at++] = TAB;
  }

  private next(): this {
    if (++this.field === this.width) {
      this.bytes[this.at++] = NEWLINE;
      this.field = 0;
      this.rows++;
    }
    return this;
  }
}
