/** One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF; formula-leading text is guarded. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Spreadsheet formula injection: a cell starting with = + - @ is prefixed so Excel shows it as text.
  if (typeof value === 'string' && /^[=+\-@]/.test(text) && !/^-?\d/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF-terminated, as RFC 4180 writes it). */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Streams a CSV table: the header line, then one line per row, reading `columns` from each row in
 * order; a chunk is yielded every `chunkRows` rows so an HTTP response can flow.
 */
export async function* writeCsv<Row extends Record<string, unknown>>(
  columns: readonly string[],
  rows: AsyncIterable<Row> | Iterable<Row>,
  chunkRows = 1000,
): AsyncGenerator<string> {
  let chunk = csvLine(columns);
  let n = 0;
  for await (const row of rows) {
    chunk += csvLine(columns.map((c) => row[c]));
    if (++n % chunkRows === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** A whole table (a header and its rows) as CSV text, for tables built in memory (simulation results). */
export function csvTableText(table: {
  header: readonly string[];
  rows: readonly (readonly unknown[])[];
}): string {
  return csvLine(table.header) + table.rows.map(csvLine).join('');
}
