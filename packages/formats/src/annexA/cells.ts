import type { CellValue } from 'exceljs';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Spreadsheet error markers and placeholders that mean "no value". */
const JUNK = new Set([
  '#n/a',
  '#ref!',
  '#value!',
  '#div/0!',
  '#name?',
  '#null!',
  '#num!',
  'n/a',
  'null',
  '-',
]);

/** The text of a cell, whatever exceljs made of it (rich text, formula result, hyperlink, error). */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('error' in value) return '';
    if ('result' in value) return cellText(value.result as CellValue);
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in value) return cellText(value.text as CellValue);
    return '';
  }
  const text = String(value).trim();
  return JUNK.has(text.toLowerCase()) ? '' : text;
}

/**
 * A cell as a calendar date (YYYY-MM-DD, UTC): Excel dates, Excel serial numbers, DD/MM/YYYY text
 * (the English convention Annex A uses) and ISO text. Returns undefined when empty, `null` when
 * present but not a date.
 */
export function cellDate(value: CellValue | undefined): string | null | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoDate(value.getTime());
  if (value !== null && typeof value === 'object' && 'result' in value) {
    return cellDate(value.result as CellValue);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1 || value > 2_958_465) return null;
    return isoDate(EXCEL_EPOCH_MS + Math.floor(value) * DAY_MS);
  }
  const text = cellText(value);
  if (text === '') return undefined;
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (uk) return checked(Number(uk[3]), Number(uk[2]), Number(uk[1]));
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  if (iso) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  if (/^\d+(\.\d+)?$/.test(text)) return cellDate(Number(text));
  return null;
}

/** Strips Annex A's list-position prefix, e.g. `b) Female` -> `Female`, `q) 6: Police` -> `6: Police`. */
export function stripPrefix(text: string): string {
  return text.replace(/^[a-z]{1,2}\)\s*/i, '').trim();
}

/**
 * The code of a coded cell: `N1 - Abuse or Neglect` -> `N1`, `f) U6: Foster placement` -> `U6`,
 * `RC8 ...` -> `RC8`; text without a code becomes lower snake case (`Physical abuse` -> `physical_abuse`).
 */
export function cellCode(value: CellValue | undefined): string {
  const text = stripPrefix(cellText(value));
  if (text === '') return '';
  const coded = /^([A-Z]{0,3}\d{1,3}[A-Z]?)\s*(?:[:\-–]|\s|$)/.exec(text);
  if (coded) return coded[1]!;
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A yes/no cell: `Yes`, `Y`, `a) Yes`, `true` -> true; `No`, `N` -> false; otherwise undefined. */
export function cellYesNo(value: CellValue | undefined): boolean | undefined {
  const text = stripPrefix(cellText(value)).toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(text)) return true;
  if (['no', 'n', 'false', '0'].includes(text)) return false;
  return undefined;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function checked(y: number, m: number, d: number): string | null {
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return isoDate(ms);
}
