/** One cell of a report table: text, a number (non-finite numbers become empty), or empty. */
export type ReportCell = string | number | boolean | null;

/** A table of a result, for the callers to write as CSV with the one CSV writer (formats' csvLine). */
export interface ReportTable {
  header: string[];
  rows: ReportCell[][];
}

/** A report table; NaN and infinities (an undefined mean, a ratio over zero) become empty cells. */
export function reportTable(
  header: string[],
  rows: (string | number | boolean | null | undefined)[][],
): ReportTable {
  return {
    header,
    rows: rows.map((r) =>
      r.map((v) => (v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v)),
    ),
  };
}
