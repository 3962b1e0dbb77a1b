// Characters COPY's text format gives a meaning to inside a value (the delimiter, line ends, the escape).
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

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
 * Rows for one `COPY table (columns) FROM STDIN` in text format, built as one string: the ingest's
 * rows are mostly integers, which need no escaping, so a row is a few appends. `null` (and NaN, for
 * the numeric buffers' "no value") is written as `\N`.
 */
export class CopyText {
  private text = '';
  private field = 0;
  /** Rows finished so far. */
  rows = 0;

  constructor(private readonly width: number) {}

  /** An integer column (bigint or integer); null or NaN for SQL NULL. */
  int(value: number | null): this {
    this.sep();
    this.text += value === null || Number.isNaN(value) ? '\\N' : String(value);
    return this.next();
  }

  /** A text column; null for SQL NULL. */
  str(value: string | null): this {
    this.sep();
    this.text += value === null ? '\\N' : copyTextField(value);
    return this.next();
  }

  /** Takes the rows written so far (UTF-8) and starts empty. */
  take(): Buffer {
    if (this.field !== 0)
      throw new Error(`A COPY row is unfinished (${this.field} of ${this.width} fields).`);
    const out = Buffer.from(this.text, 'utf8');
    this.text = '';
    this.rows = 0;
    return out;
  }

  private sep(): void {
    if (this.field > 0) this.text += '\t';
  }

  private next(): this {
    if (++this.field === this.width) {
      this.text += '\n';
      this.field = 0;
      this.rows++;
    }
    return this;
  }
}
