/** One CSV cell: text, a number, or empty (null / undefined). */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * CSV text (RFC 4180: commas, quotes doubled, CRLF rows). A text cell starting with = + - @ gets a
 * leading apostrophe so a spreadsheet never runs it as a formula; numbers are written as numbers.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const cell = (v: CsvCell): string => {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'string') return String(v);
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return [header, ...rows]
    .map((r) => r.map(cell).join(','))
    .join('\r\n')
    .concat('\r\n');
}
