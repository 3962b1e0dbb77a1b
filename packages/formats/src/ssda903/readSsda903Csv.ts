import { parse } from 'csv-parse/sync';
import { unreadableCsv } from '../csv/unreadableCsv.ts';

/** One row of an SSDA903 CSV table: its fields by column, its line, and why it cannot be read, if so. */
export interface Ssda903CsvRow {
  values: Record<string, string>;
  /** The line the row starts on (the header is line 1). */
  line: number;
  /** Set when the row's fields do not line up with the header's columns. */
  misfit?: string;
}

/** An SSDA903 CSV table as read: its columns and rows, or why the whole table cannot be read. */
export type Ssda903Csv = { problem: string } | { columns: string[]; rows: Ssda903CsvRow[] };

interface RecordInfo {
  lines: number;
  error?: { code?: string; record?: string[] };
}

/**
 * Reads one SSDA903 table (column names trimmed and upper-cased). A row is placed by the line it
 * starts on, whatever blank lines or line breaks inside quoted fields came before it. A row with
 * more or fewer fields than the header has is told apart (`misfit`) rather than read: with a
 * comma too many or too few every later field is in the wrong column, so its dates and codes
 * would be read from the wrong place; fields past the header's that are all blank (trailing
 * commas) are not a misfit. A header naming a column twice refuses the table, as every row would
 * keep only the later value.
 */
export function readSsda903Csv(csv: string): Ssda903Csv {
  let header: string[] = [];
  let parsed: { record: Record<string, string>; info: RecordInfo }[];
  try {
    parsed = parse(csv, {
      columns: (h: string[]) => {
        header = h.map((c) => c.trim().toUpperCase());
        return header;
      },
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    });
  } catch (error) {
    return { problem: unreadableCsv(error, csv) };
  }
  const twice = repeatedColumn(header);
  if (twice) return { problem: `the header names one column twice (columns ${twice[0]} and ${twice[1]})` };
  const rows = parsed.map(({ record, info }): Ssda903CsvRow => {
    const fields = info.error?.record ?? Object.values(record);
    // info.lines is the line the record ends on: less the line breaks inside its fields.
    const breaks = fields.reduce((n, f) => n + newlines(f), 0);
    const row: Ssda903CsvRow = { values: record, line: info.lines - breaks };
    if (info.error?.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' && !blankBeyond(fields, header.length))
      row.misfit = `the row has ${fields.length} fields; the header has ${header.length} columns`;
    return row;
  });
  return { columns: header, rows };
}

/** The 1-based positions of the first column named a second time, if any. */
function repeatedColumn(header: readonly string[]): [number, number] | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < header.length; i++) {
    const earlier = seen.get(header[i]!);
    if (earlier !== undefined) return [earlier + 1, i + 1];
    seen.set(header[i]!, i);
  }
  return undefined;
}

/** True when the row has at least `n` fields and every one past them is blank. */
function blankBeyond(fields: readonly string[], n: number): boolean {
  return fields.length >= n && fields.slice(n).every((f) => f.trim() === '');
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
